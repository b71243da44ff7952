"""Plan van aanpak: buyers, contracts, plans, their lines, frozen versions and decisions.

Drafts may be incomplete, so almost every field a contractor types is nullable or blank;
``sroi.plans.services.plan_check_complete`` decides what a submission needs. Every change
goes through ``sroi.plans.services``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sroi.core.validators import no_bsn
from sroi.plans.constants import (
    PLAN_ACTIVE_STATUSES,
    PLAN_EDITABLE_STATUSES,
    CommentSection,
    ContractLight,
    ContractStatus,
    PlanAction,
    PlanStatus,
    PsoLevel,
    TargetGroup,
)
from sroi.rules.engine.limits import (
    AMOUNT_EUR,
    CODE_MAX_LENGTH,
    HOURS,
    HOURS_PER_WEEK,
    LINE_DESCRIPTION_MAX_LENGTH,
    NAME_MAX_LENGTH,
    PERCENTAGE,
)


class Buyer(models.Model):
    """An opdrachtgever (municipality, WerkSaam, ...) on the coordinator's list."""

    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH, unique=True, validators=[no_bsn])
    # The buyer as an organisation of the region: its users (role "buyer", this organisation)
    # read the buyer's contracts.
    organisation = models.OneToOneField(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="buyer",
        null=True,
        blank=True,
    )
    # Multiplies a shortfall in the final assessment's settlement note (issue 8).
    settlement_factor = models.DecimalField(
        _("settlement factor"),
        max_digits=PERCENTAGE.max_digits,
        decimal_places=PERCENTAGE.decimal_places,
        default=1,
    )
    active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_(
            "Inactive buyers stay on existing contracts but cannot be chosen for new ones."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("buyer")
        verbose_name_plural = _("buyers")
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class Contract(models.Model):
    """The contract that carries the Social Return obligation (section 2 of the form).

    ``ruleset_version`` is the rule-set version valid on the start date when the plan is first
    submitted (None before); it then stays fixed for the life of the contract, even if the
    start date is corrected later (services set it, nothing else does).
    """

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    name = models.CharField(
        _("contract name"), max_length=NAME_MAX_LENGTH, blank=True, validators=[no_bsn]
    )
    buyer = models.ForeignKey(
        Buyer,
        verbose_name=_("buyer"),
        on_delete=models.PROTECT,
        related_name="contracts",
        null=True,
        blank=True,
    )
    value_eur = models.DecimalField(
        _("(estimated) contract value"),
        max_digits=AMOUNT_EUR.max_digits,
        decimal_places=AMOUNT_EUR.decimal_places,
        null=True,
        blank=True,
    )
    start_date = models.DateField(_("contract start date"), null=True, blank=True)
    end_date = models.DateField(_("contract end date"), null=True, blank=True)
    extension_notes = models.TextField(_("extension options"), blank=True, validators=[no_bsn])
    extension_count = models.PositiveSmallIntegerField(
        _("number of extensions"), null=True, blank=True
    )
    extension_months = models.PositiveSmallIntegerField(
        _("length of each extension (months)"), null=True, blank=True
    )
    sroi_percentage = models.DecimalField(
        _("Social Return (SROI) %"),
        max_digits=PERCENTAGE.max_digits,
        decimal_places=PERCENTAGE.decimal_places,
        null=True,
        blank=True,
    )
    ruleset_version = models.ForeignKey(
        "rules.RuleSetVersion",
        verbose_name=_("rule set version"),
        on_delete=models.PROTECT,
        related_name="contracts",
        null=True,
        blank=True,
    )
    # The buyer's own reference (kenmerk) and lot, and the award date.
    reference = models.CharField(
        _("buyer's reference"), max_length=100, blank=True, validators=[no_bsn]
    )
    lot = models.CharField(_("lot"), max_length=100, blank=True, validators=[no_bsn])
    award_date = models.DateField(_("award date"), null=True, blank=True)
    # The contractor's contact person for Social Return on this contract (pre-filled from the
    # organisation, editable per contract).
    contact_name = models.CharField(
        _("contact person Social Return"), max_length=200, blank=True, validators=[no_bsn]
    )
    contact_function = models.CharField(
        _("function"), max_length=200, blank=True, validators=[no_bsn]
    )
    contact_email = models.EmailField(_("e-mail"), blank=True, validators=[no_bsn])
    contact_phone = models.CharField(
        _("telephone number"), max_length=20, blank=True, validators=[no_bsn]
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ContractStatus.choices,
        default=ContractStatus.PLAN_REQUESTED,
        db_index=True,
    )
    # A contract of record: registered by a coordinator, or made one by approving its plan.
    # Its contract fields are locked in the contractor's plan form.
    of_record = models.BooleanField(_("contract of record"), default=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The invitation a coordinator sent with the registration, asking the contractor to fill
    # in the plan.
    invitation = models.ForeignKey(
        "accounts.Invitation",
        verbose_name=_("invitation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contracts",
    )
    # Stored when they change (services), so lists sort and total them in SQL.
    obligation_eur = models.DecimalField(
        _("obligation"),
        max_digits=AMOUNT_EUR.max_digits,
        decimal_places=AMOUNT_EUR.decimal_places,
        null=True,
        blank=True,
    )
    planned_eur = models.DecimalField(
        _("planned value"),
        max_digits=AMOUNT_EUR.max_digits,
        decimal_places=AMOUNT_EUR.decimal_places,
        null=True,
        blank=True,
    )
    agreed_eur = models.DecimalField(
        _("agreed value"),
        max_digits=AMOUNT_EUR.max_digits,
        decimal_places=AMOUNT_EUR.decimal_places,
        null=True,
        blank=True,
    )
    # Monitoring (issue 8, sroi.monitoring): the reporting period in months, the figures the
    # monitoring services store on every verification (approved, awaiting verification, and
    # the forecast at the contract's end), and when the final assessment closed the contract.
    reporting_interval_months = models.PositiveSmallIntegerField(
        _("reporting period (months)"), default=3
    )
    realised_eur = models.DecimalField(
        _("realised value"),
        max_digits=AMOUNT_EUR.max_digits,
        decimal_places=AMOUNT_EUR.decimal_places,
        null=True,
        blank=True,
    )
    pending_eur = models.DecimalField(
        _("value awaiting verification"),
        max_digits=AMOUNT_EUR.max_digits,
        decimal_places=AMOUNT_EUR.decimal_places,
        null=True,
        blank=True,
    )
    forecast_eur = models.DecimalField(
        _("forecast value at the end"),
        max_digits=AMOUNT_EUR.max_digits,
        decimal_places=AMOUNT_EUR.decimal_places,
        null=True,
        blank=True,
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # The portfolio (issue 9): the forecast at the contract's end INCLUDING what the agreements
    # in force still promise (the contract page's forecast, ``monitoring.progress``), and the
    # traffic light. Both stored by ``sroi.monitoring.lights.contract_light_store`` whenever the
    # figures or the status change, and every night (the light follows the calendar).
    outlook_eur = models.DecimalField(
        _("forecast at the end"),
        max_digits=AMOUNT_EUR.max_digits,
        decimal_places=AMOUNT_EUR.decimal_places,
        null=True,
        blank=True,
    )
    light = models.CharField(
        _("traffic light"),
        max_length=20,
        choices=ContractLight.choices,
        default=ContractLight.ON_TRACK,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ("-created_at", "-id")
        # The contract list's orderings (``contracts_selectors.SORT_FIELDS``); its search has
        # trigram indexes on PostgreSQL (migrations 0007 and 0011).
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="plans_contract_recent_idx"),
            models.Index(fields=["name", "id"], name="plans_contract_name_idx"),
            models.Index(fields=["reference", "id"], name="plans_contract_reference_idx"),
            models.Index(fields=["end_date", "id"], name="plans_contract_end_idx"),
            models.Index(fields=["obligation_eur", "id"], name="plans_contract_obligation_idx"),
            models.Index(fields=["planned_eur", "id"], name="plans_contract_planned_idx"),
            models.Index(fields=["agreed_eur", "id"], name="plans_contract_agreed_idx"),
            # The portfolio's filters and orderings (sroi.portfolio.selectors).
            models.Index(fields=["light", "id"], name="plans_contract_light_idx"),
            models.Index(fields=["buyer", "start_date"], name="plans_contract_buyer_start_idx"),
            models.Index(fields=["start_date", "id"], name="plans_contract_start_idx"),
            models.Index(fields=["realised_eur", "id"], name="plans_contract_realised_idx"),
            models.Index(fields=["outlook_eur", "id"], name="plans_contract_outlook_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(value_eur__isnull=True) | Q(value_eur__gte=0),
                name="plans_contract_value_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(sroi_percentage__isnull=True)
                | (Q(sroi_percentage__gte=0) & Q(sroi_percentage__lte=100)),
                name="plans_contract_percentage_0_100",
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="plans_contract_end_not_before_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name or str(_("Contract without a name"))


class ContractExtension(models.Model):
    """An exercised extension of a contract: a record, never edited (the history shows each)."""

    contract = models.ForeignKey(
        Contract, verbose_name=_("contract"), on_delete=models.PROTECT, related_name="extensions"
    )
    exercised_on = models.DateField(_("date exercised"))
    months_added = models.PositiveSmallIntegerField(_("months added"))
    value_added_eur = models.DecimalField(
        _("value added (excl. VAT)"),
        max_digits=AMOUNT_EUR.max_digits,
        decimal_places=AMOUNT_EUR.decimal_places,
    )
    note = models.TextField(_("note"), blank=True, validators=[no_bsn])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("contract extension")
        verbose_name_plural = _("contract extensions")
        ordering = ("contract", "exercised_on", "id")
        constraints = [
            models.CheckConstraint(
                condition=Q(value_added_eur__gte=0), name="plans_extension_value_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contract_id} +{self.months_added}m {self.exercised_on}"


class Plan(models.Model):
    """The contractor's plan van aanpak for one contract (section 3 of the form).

    ``current_version`` is the number of the latest submitted version (0: never submitted).
    """

    contract = models.ForeignKey(
        Contract, verbose_name=_("contract"), on_delete=models.PROTECT, related_name="plans"
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=PlanStatus.choices,
        default=PlanStatus.DRAFT,
        db_index=True,
    )
    effort_kinds = models.JSONField(_("kind of effort"), default=list, blank=True)
    target_groups = models.JSONField(_("target groups"), default=list, blank=True)
    work_description = models.TextField(
        _("kind of work the candidates will do"), blank=True, validators=[no_bsn]
    )
    social_explanation = models.TextField(
        _("explanation of social procurement and/or social added value"),
        blank=True,
        validators=[no_bsn],
    )
    pso_level = models.CharField(
        _("Social Enterprise Performance Ladder (PSO)"),
        max_length=20,
        choices=PsoLevel.choices,
        blank=True,
    )
    pso_certificate_end = models.DateField(_("PSO certificate valid until"), null=True, blank=True)
    additional_info = models.TextField(_("additional information"), blank=True, validators=[no_bsn])
    current_version = models.PositiveIntegerField(_("current version"), default=0)
    # Raised by every save of the plan's text (``plan_save_draft``); the form carries it, so
    # a save based on an older revision (another tab, a colleague) is shown as a conflict
    # instead of silently overwriting what was saved meanwhile.
    revision = models.PositiveIntegerField(_("revision"), default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The coordinator who handles the review (assigned in the inbox).
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned coordinator"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_plans",
    )
    # When the latest submission arrived and by when the coordinator should decide
    # (working days, Dutch public holidays honoured); set on submission.
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    review_deadline = models.DateField(_("review deadline"), null=True, blank=True, db_index=True)
    # Four eyes: the coordinator who gave the first approval (a second one confirms).
    first_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("first approved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # A random key the new-plan form carries, so that an autosave and a button press that
    # cross each other create one plan, not two (unique per creator when set).
    draft_key = models.CharField(_("draft key"), max_length=32, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("plan van aanpak")
        verbose_name_plural = _("plans van aanpak")
        ordering = ("-updated_at", "-id")
        # The plan list (``selectors.plan_list_for_user``): newest change first, optionally one
        # status. Its search has trigram indexes on PostgreSQL (migration
        # 0007_perf_plan_list_indexes).
        indexes = [
            models.Index(fields=["-updated_at", "-id"], name="plans_plan_recent_idx"),
            models.Index(
                fields=["status", "-updated_at", "-id"], name="plans_plan_status_recent_idx"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["created_by", "draft_key"],
                condition=~Q(draft_key=""),
                name="plans_plan_unique_draft_key",
            ),
            # One plan per contract (every status counts: a withdrawn plan is still the
            # contractor's plan for it).
            models.UniqueConstraint(
                fields=["contract"],
                condition=Q(status__in=sorted(PLAN_ACTIVE_STATUSES)),
                name="plans_plan_one_active_per_contract",
            ),
        ]

    def __str__(self) -> str:
        return str(self.contract)

    @property
    def is_editable(self) -> bool:
        return self.status in PLAN_EDITABLE_STATUSES


class PlanLine(models.Model):
    """One line of the plan: candidates of a target group, or planned procurement / hours.

    Candidate lines name a ``target_group`` (mapped to a block by the contract's rule set:
    ``RuleSet.target_group_blocks``); other lines name only a ``block_code`` (social
    procurement, social added value, ...). Every value field is nullable so a draft can be
    half filled in. A line keeps its id across saves (agreements and realisations point at
    it); ``sroi.plans.lines`` defines when a line is empty.
    """

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="lines"
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    target_group = models.CharField(
        _("target group"), max_length=20, choices=TargetGroup.choices, blank=True
    )
    block_code = models.CharField(_("building block"), max_length=CODE_MAX_LENGTH, blank=True)
    count = models.PositiveIntegerField(_("expected number of candidates"), null=True, blank=True)
    hours_per_week = models.DecimalField(
        _("hours per week"),
        max_digits=HOURS_PER_WEEK.max_digits,
        decimal_places=HOURS_PER_WEEK.decimal_places,
        null=True,
        blank=True,
    )
    start_date = models.DateField(_("expected start"), null=True, blank=True)
    end_date = models.DateField(_("expected end"), null=True, blank=True)
    bonuses = models.JSONField(_("bonuses"), default=list, blank=True)
    hours = models.DecimalField(
        _("hours"),
        max_digits=HOURS.max_digits,
        decimal_places=HOURS.decimal_places,
        null=True,
        blank=True,
    )
    amount_eur = models.DecimalField(
        _("amount (excl. VAT)"),
        max_digits=AMOUNT_EUR.max_digits,
        decimal_places=AMOUNT_EUR.decimal_places,
        null=True,
        blank=True,
    )
    agreed_value_eur = models.DecimalField(
        _("value agreed with the coordinator"),
        max_digits=AMOUNT_EUR.max_digits,
        decimal_places=AMOUNT_EUR.decimal_places,
        null=True,
        blank=True,
    )
    description = models.CharField(
        _("description"), max_length=LINE_DESCRIPTION_MAX_LENGTH, blank=True, validators=[no_bsn]
    )

    class Meta:
        verbose_name = _("plan line")
        verbose_name_plural = _("plan lines")
        ordering = ("position", "id")

    def __str__(self) -> str:
        return f"{self.plan_id}/{self.position}: {self.target_group or self.block_code}"


class PlanVersion(models.Model):
    """A submitted plan, frozen: the form data plus its valuation, as one self-contained JSON.

    Written once by ``plan_submit`` and never updated (the services have no code path that
    changes a version). The snapshot's typed, versioned schema is ``sroi.plans.snapshot``;
    the PDF of record is ``PlanVersionPdf``.
    """

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    snapshot = models.JSONField(_("snapshot"))
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ("plan", "-number")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plans_version_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} v{self.number}"


class PlanEvent(models.Model):
    """The visible history of a plan: submissions, withdrawals and the coordinator's decisions."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="events"
    )
    version = models.ForeignKey(
        PlanVersion,
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        related_name="events",
        null=True,
        blank=True,
    )
    action = models.CharField(_("action"), max_length=20, choices=PlanAction.choices)
    note = models.TextField(_("note"), blank=True, validators=[no_bsn])
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("plan event")
        verbose_name_plural = _("plan events")
        ordering = ("-at", "-id")

    def __str__(self) -> str:
        return f"{self.plan_id} {self.action} {self.at:%Y-%m-%d}"


class PlanComment(models.Model):
    """A coordinator's review comment on one section of the form.

    Drafted while reviewing a version (``sent_with`` empty, visible only to coordinators),
    then sent to the contractor with "Wijziging vragen" and shown at the section it concerns.
    """

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="comments"
    )
    version = models.ForeignKey(
        PlanVersion,
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        related_name="comments",
        null=True,
        blank=True,
    )
    section = models.CharField(_("section"), max_length=20, choices=CommentSection.choices)
    body = models.TextField(_("comment"), validators=[no_bsn])
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now)
    sent_with = models.ForeignKey(
        PlanEvent,
        verbose_name=_("sent with"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
    )

    class Meta:
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        ordering = ("plan", "section", "created_at", "id")

    def __str__(self) -> str:
        return f"{self.plan_id} {self.section}"


class PlanVersionPdf(models.Model):
    """The PDF of a submitted version: the document of record, rendered once and kept.

    Stored in the database (not under MEDIA_ROOT) so that it is written in the same
    transaction as the version and the mails that carry it, is in the same backup, and needs
    no shared file system between application servers (docs/adr/0009). Written once by
    ``sroi.plans.services``; a download serves these bytes.
    """

    version = models.OneToOneField(
        PlanVersion,
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        primary_key=True,
        related_name="pdf",
    )
    content = models.BinaryField(_("PDF"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    rendered_at = models.DateTimeField(_("rendered at"), default=timezone.now)

    class Meta:
        verbose_name = _("plan version PDF")
        verbose_name_plural = _("plan version PDFs")

    def __str__(self) -> str:
        return f"{self.version} PDF"
