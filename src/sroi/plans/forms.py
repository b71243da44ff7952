"""The plan van aanpak form: parsing and field validation of what a contractor types.

The official form (WerkSaam Westfriesland) is split into three Django forms and one formset,
bundled by ``PlanForms``:

- ``ContractForm``: contract data (Contractnaam, opdrachtgever, (raming) opdrachtwaarde, start
  and end date, verlengingsopties, SROI %). Company data is shown read-only from the
  organisation, so it is not a form here.
- ``PlanForm``: soort invulling, keuze doelgroep, soort werkzaamheden, toelichting, PSO,
  aanvullende informatie.
- ``PlanLineFormSet`` (prefix ``lines``): one formset for every line of the plan, in the plan's
  line order, so ``lines-<n>-<field>`` is the same key ``services.plan_check_complete`` uses.
  A hidden ``kind`` says whether a line is a candidate line (verwacht aantal kandidaten per
  doelgroep) or an effort line (sociaal inkopen in euros, maatschappelijke meerwaarde in
  hours); the template shows each kind in its own part of the form.

Drafts may be incomplete: every field is optional here. What a submission needs is decided by
``services.plan_check_complete``; its messages are put back on these fields with
``PlanForms.add_completeness_errors``. A field that does not validate is left out of the
draft (the rest is saved) and keeps the typed text in the re-rendered form.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sroi.core.validators import no_bsn
from sroi.plans.constants import (
    DEFAULT_RULESET_CODE,
    TARGET_GROUP_FAMILY,
    EffortKind,
    PsoLevel,
    TargetGroup,
    TargetGroupFamily,
    target_group_label,
)
from sroi.plans.lines import LINE_FIELDS, LINE_ID, line_is_empty
from sroi.plans.models import Buyer, Contract, Plan, PlanLine
from sroi.plans.valuation import contract_ruleset_version
from sroi.rules import selectors as rule_selectors
from sroi.rules.engine import Basis, Block, RuleSet
from sroi.rules.engine.limits import (
    COUNT,
    DURATION_MONTHS,
    EXTENSION_COUNT,
    EXTENSION_MONTHS,
    HOURS,
    HOURS_PER_WEEK,
    LINE_DESCRIPTION_MAX_LENGTH,
    NAME_MAX_LENGTH,
    PERCENTAGE,
    PLAN_LINES_MAX,
    TEXT_MAX_LENGTH,
)
from sroi.rules.engine.periods import add_months
from sroi.rules.forms import DateInput, DutchDecimalField, date_in_range
from sroi.rules.models import RuleSetVersion

LINES_PREFIX = "lines"
KIND_CANDIDATE = "candidate"
KIND_EFFORT = "effort"
# Bases of the blocks an effort line may name: social procurement in euros, social added
# value in hours (the rule set's per_euro / per_hour blocks).
EFFORT_BASES = (Basis.PER_EURO, Basis.PER_HOUR)
CANDIDATE_BASES = (Basis.PER_FTE_YEAR, Basis.PER_MONTH)

_INVALID_DATE = _("Enter a valid date, for example 31-12-2026.")
_WHOLE_NUMBER = _("Enter a whole number, for example 3.")


def _date_field(label: Any, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        help_text=help_text,
        widget=DateInput(),
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        validators=[date_in_range],
        error_messages={"invalid": _INVALID_DATE},
    )


def _text_field(label: Any, help_text: Any = "", *, rows: int = 5) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        help_text=help_text,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": rows}),
        # Free text about the work and the candidates: never a BSN (candidates have pseudonyms).
        validators=[no_bsn],
        error_messages={"max_length": _("Use at most %(limit_value)d characters.")},
    )


def _whole_number(
    label: Any, *, min_value: int, max_value: int, help_text: Any = "", initial: Any = None
) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=min_value,
        max_value=max_value,
        initial=initial,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": _WHOLE_NUMBER,
            "min_value": _("Enter %(limit_value)s or more."),
            "max_value": _("Enter at most %(limit_value)s."),
        },
    )


# --- the rule set of the form -------------------------------------------------------------


def form_ruleset(
    *, contract: Contract | None, start_date: date | None = None, today: date | None = None
) -> RuleSet | None:
    """The rule set whose blocks and bonuses the form offers.

    The contract's fixed version; else the published default version valid on the typed start
    date, else on ``today``. None when no version is published (the form then offers no
    bonuses and no effort blocks, and the panel says why).
    """
    version: RuleSetVersion | None = None
    if contract is not None:
        version = contract_ruleset_version(contract)
    if version is None:
        for day in (start_date, today or timezone.localdate()):
            if day is None:
                continue
            try:
                version = rule_selectors.ruleset_version_valid_on(
                    code=DEFAULT_RULESET_CODE, day=day
                )
            except RuleSetVersion.DoesNotExist:
                continue
            break
    return version.to_engine() if version is not None else None


def block_unit_label(block: Block) -> str:
    """A block in the effort select: its label and what to fill in for it."""
    if block.basis == Basis.PER_HOUR:
        return str(_("%(label)s (hours)") % {"label": block.label_nl})
    return str(_("%(label)s (amount in euros)") % {"label": block.label_nl})


# ``target_group_choices`` per language: the choices are constants, and a form with many lines
# renders and validates them once per line (translated labels, not lazy ones, kept).
_TARGET_GROUP_CHOICES: dict[str, list[tuple[str, Any]]] = {}


def target_group_choices() -> list[tuple[str, Any]]:
    """The target groups for a select, grouped as the form nests them (optgroups), with
    their labels in the active language (built once per process and language)."""
    language = get_language() or ""
    kept = _TARGET_GROUP_CHOICES.get(language)
    if kept is None:
        kept = [("", str(_("Choose a target group")))]
        for code, label in TargetGroup.choices:
            family = TARGET_GROUP_FAMILY.get(code)
            if family is None:
                kept.append((code, str(label)))
                continue
            family_label = str(TargetGroupFamily(family).label)
            full_label = target_group_label(code)  # "Participatiewet: zonder ..." (closed select)
            if kept[-1][0] == family_label:
                kept[-1][1].append((code, full_label))
            else:
                kept.append((family_label, [(code, full_label)]))
        _TARGET_GROUP_CHOICES[language] = kept
    return [(value, list(label) if isinstance(label, list) else label) for value, label in kept]


class DraftForm(forms.Form):
    """A form of a draft: a field marked ``required`` is needed to SUBMIT the plan, so it is
    shown as required (no "(not required)" in its label, ``required`` on the control), but an
    empty value never stops a draft from being saved. ``services.plan_check_complete`` says
    what a submission misses."""

    def full_clean(self) -> None:
        required = {name: field.required for name, field in self.fields.items()}
        for field in self.fields.values():
            field.required = False
        try:
            super().full_clean()
        finally:
            for name, value in required.items():
                self.fields[name].required = value


def _needed_for_submission(form: forms.Form, names: Sequence[str]) -> None:
    for name in names:
        form.fields[name].required = True


# --- contract ------------------------------------------------------------------------------

# The contract fields a contract of record locks in the plan form (the contact person stays
# editable); the same ones ``services.contract_update`` refuses to change.
LOCKED_CONTRACT_FIELDS: tuple[str, ...] = (
    "name",
    "buyer",
    "value_eur",
    "start_date",
    "end_date",
    "extension_notes",
    "extension_count",
    "extension_months",
    "sroi_percentage",
)
LOCKED_MESSAGE = _(
    "This contract was registered by the Social Return coordinator: this field cannot be"
    " changed here. Ask the coordinator if it is not correct."
)


class ContractForm(DraftForm):
    """Contract data of the official form (the company data comes from the organisation)."""

    name = forms.CharField(
        validators=[no_bsn],
        label=_("Contract name"),
        required=False,
        max_length=NAME_MAX_LENGTH,
        error_messages={"max_length": _("Use at most %(limit_value)d characters.")},
    )
    buyer = forms.ModelChoiceField(
        label=_("Buyer (opdrachtgever)"),
        queryset=Buyer.objects.none(),
        required=False,
        empty_label=_("Choose the buyer"),
        error_messages={"invalid_choice": _("Choose a buyer from the list.")},
    )
    value_eur = DutchDecimalField(
        label=_("(Estimated) contract value"),
        required=False,
        help_text=_("In euros, excluding VAT, for example 1.000.000 or 250.000,00."),
    )
    start_date = _date_field(_("Contract start date"))
    end_date = _date_field(_("Contract end date"))
    extension_notes = forms.CharField(
        validators=[no_bsn],
        label=_("Extension options"),
        required=False,
        max_length=2000,
        help_text=_(
            "For example: twice one year. An exercised extension raises the contract value."
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": _("Use at most %(limit_value)d characters.")},
    )
    extension_count = _whole_number(
        _("Number of extensions"),
        min_value=EXTENSION_COUNT.minimum,
        max_value=EXTENSION_COUNT.maximum,
    )
    extension_months = _whole_number(
        _("Length of each extension (months)"),
        min_value=EXTENSION_MONTHS.minimum,
        max_value=EXTENSION_MONTHS.maximum,
    )
    sroi_percentage = DutchDecimalField(
        label=_("Social Return (SROI) %"),
        required=False,
        limit=PERCENTAGE,
        help_text=_("Usually 5. For example 5 or 2,5."),
        error_messages={
            "invalid": _("Enter a percentage, for example 5 or 2,5"),
            "max_value": _("Enter a percentage between 0 and 100."),
            "min_value": _("Enter a percentage between 0 and 100."),
        },
    )

    # The contractor's contact person for Social Return on this contract (pre-filled from
    # the organisation; editable, also on a contract of record).
    contact_name = forms.CharField(
        label=_("Contact person Social Return"),
        required=False,
        max_length=200,
        validators=[no_bsn],
        error_messages={"max_length": _("Use at most %(limit_value)d characters.")},
    )
    contact_function = forms.CharField(
        label=_("Function"),
        required=False,
        max_length=200,
        validators=[no_bsn],
        error_messages={"max_length": _("Use at most %(limit_value)d characters.")},
    )
    contact_email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        validators=[no_bsn],
        error_messages={"invalid": _("Enter a valid e-mail address.")},
    )
    contact_phone = forms.CharField(
        label=_("Telephone number"),
        required=False,
        max_length=20,
        validators=[no_bsn],
        error_messages={"max_length": _("Use at most %(limit_value)d characters.")},
    )

    def __init__(
        self, *args: Any, buyers: QuerySet[Buyer], locked: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["buyer"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 (narrows the type)
        field.queryset = buyers
        _needed_for_submission(
            self, ("name", "buyer", "value_eur", "start_date", "end_date", "sroi_percentage")
        )
        # A contract of record: its contract fields are shown, never taken from the post.
        self.locked = locked
        if locked:
            for name in LOCKED_CONTRACT_FIELDS:
                self.fields[name].disabled = True

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start is not None and end is not None and end < start:
            self.add_error("end_date", _("The end date must be after the start date."))
        if self.locked:
            self._refuse_posted_locked_values()
        return cleaned

    def _refuse_posted_locked_values(self) -> None:
        """A post that tries to change a locked field (not possible from the page itself) is
        told so at the field; the field keeps its stored value and the rest is saved."""
        for name in LOCKED_CONTRACT_FIELDS:
            key = self.add_prefix(name)
            if key not in self.data:
                continue
            field = self.fields[name]
            try:
                posted = field.to_python(self.data.get(key))
            except ValidationError:
                posted = self.data.get(key)
            stored = self.get_initial_for_field(field, name)
            if isinstance(posted, Buyer):
                posted = posted.pk
            if posted in field.empty_values and stored in field.empty_values:
                continue
            if posted != stored:
                self.add_error(name, LOCKED_MESSAGE)

    def editable_data(self) -> dict[str, Any]:
        """The valid fields a save may change (a locked contract: only the contact person)."""
        cleaned = getattr(self, "cleaned_data", {}) or {}
        return {
            name: value
            for name, value in cleaned.items()
            if name not in self.errors and not (self.locked and name in LOCKED_CONTRACT_FIELDS)
        }


def buyers_for(contract: Contract | None) -> QuerySet[Buyer]:
    """Active buyers, plus the contract's own buyer when it has since been deactivated."""
    condition = Q(active=True)
    if contract is not None and contract.buyer_id is not None:
        condition |= Q(pk=contract.buyer_id)
    return Buyer.objects.filter(condition).order_by("name")


# --- plan ----------------------------------------------------------------------------------

EFFORT_KIND_HELP: dict[str, Any] = {
    # Footnote * of the official form.
    EffortKind.SOCIAL_PROCUREMENT: _(
        "Buying services or products from social development companies, such as WerkSaam, "
        "and from social enterprises recognised by the labour-market region. Working together "
        "with them also counts."
    ),
    # Footnote ** of the official form.
    EffortKind.SOCIAL_VALUE: _(
        "Activities with knowledge and hours that develop people of the Social Return target "
        "group and bring them closer to work."
    ),
}

PSO_NONE_LABEL = _("No PSO certificate")


class PlanForm(DraftForm):
    """Section 3 of the official form: what the contractor will do."""

    effort_kinds = forms.MultipleChoiceField(
        label=_("Kind of effort"),
        required=False,
        choices=EffortKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose one or more."),
        error_messages={"invalid_choice": _("Choose a kind of effort from the list.")},
    )
    target_groups = forms.MultipleChoiceField(
        label=_("Choice of target group"),
        required=False,
        choices=TargetGroup.choices,
        widget=forms.CheckboxSelectMultiple,
        # Footnote *** of the official form.
        help_text=_(
            "Check every target group you expect to employ. The value of each group comes "
            "from the building-block model (bouwblokkenmodel) and is shown next to it."
        ),
        error_messages={"invalid_choice": _("Choose a target group from the list.")},
    )
    work_description = _text_field(
        _("Kind of work the candidates will do"),
        _("For example: assistant road worker, cleaning, administration."),
    )
    social_explanation = _text_field(
        _("Explanation of social procurement and/or social added value"),
        _(
            "What you will buy from whom, or which activities you will support with knowledge"
            " and hours."
        ),
    )
    pso_level = forms.ChoiceField(
        label=_("Your step on the PSO ladder"),
        required=False,
        choices=[("", PSO_NONE_LABEL), *PsoLevel.choices],
        widget=forms.RadioSelect,
        # Footnote **** of the official form.
        help_text=_("State whether your company is on step 1, 2 or 3 of the PSO ladder."),
        error_messages={"invalid_choice": _("Choose a PSO level from the list.")},
    )
    pso_certificate_end = _date_field(
        _("PSO certificate valid until"),
        _("The end date on your PSO certificate (a certificate is valid for 2 years)."),
    )
    additional_info = _text_field(_("Additional information, if applicable"), rows=4)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _needed_for_submission(self, ("effort_kinds",))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            cleaned.get("pso_certificate_end")
            and not cleaned.get("pso_level")
            and ("pso_level" not in self.errors)
        ):
            self.add_error(
                "pso_level",
                _("Choose the PSO level of your certificate, or empty the certificate date."),
            )
        return cleaned


# --- lines ---------------------------------------------------------------------------------


class PlanLineForm(DraftForm):
    """One line of the plan. ``kind`` decides which fields apply and where it is shown."""

    kind = forms.ChoiceField(
        choices=[(KIND_CANDIDATE, KIND_CANDIDATE), (KIND_EFFORT, KIND_EFFORT)],
        widget=forms.HiddenInput,
        initial=KIND_CANDIDATE,
    )
    # The saved line this form shows (empty: a new line); the services update it in place.
    line_id = forms.IntegerField(
        required=False,
        min_value=1,
        widget=forms.HiddenInput,
        error_messages={
            "invalid": _("This line does not belong to this plan. Reload the page and try again.")
        },
    )
    # Candidate lines: verwacht aantal kandidaten per doelgroep.
    target_group = forms.ChoiceField(
        label=_("Target group"),
        required=False,
        choices=target_group_choices,
        error_messages={"invalid_choice": _("Choose a target group from the list.")},
    )
    count = _whole_number(
        _("Expected number of candidates"),
        min_value=COUNT.minimum,
        max_value=COUNT.maximum,
        initial=1,
    )
    hours_per_week = DutchDecimalField(
        label=_("Hours per week"),
        required=False,
        limit=HOURS_PER_WEEK,
        help_text=_("36 is full time."),
        error_messages={
            "invalid": _("Enter a number of hours, for example 36 or 18,5"),
            "max_value": _("A week has at most 168 hours."),
            "min_value": _("Enter 0 hours or more."),
        },
    )
    start_date = _date_field(_("Expected start"))
    duration_months = _whole_number(
        _("Duration in months"),
        min_value=DURATION_MONTHS.minimum,
        max_value=DURATION_MONTHS.maximum,
        help_text=_("Or fill in an end date."),
    )
    end_date = _date_field(_("Expected end date"))
    bonuses = forms.MultipleChoiceField(
        label=_("Bonuses"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose bonuses from the list.")},
    )
    # Effort lines: sociaal inkopen (euros) and maatschappelijke meerwaarde (hours).
    block_code = forms.ChoiceField(
        label=_("Kind of effort"),
        required=False,
        error_messages={"invalid_choice": _("Choose an item from the list.")},
    )
    amount_eur = DutchDecimalField(
        label=_("Amount in euros (excl. VAT)"),
        required=False,
        help_text=_("For social procurement: the expected invoice amount, for example 4.000,00."),
    )
    hours = DutchDecimalField(
        label=_("Number of hours"),
        required=False,
        limit=HOURS,
        help_text=_("For social added value: the hours of knowledge and effort."),
        error_messages={"invalid": _("Enter a number of hours, for example 40 or 12,5")},
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=LINE_DESCRIPTION_MAX_LENGTH,
        help_text=format_lazy(
            "{} {}",
            _("For example: cleaning by WerkSaam, or guest lessons at a VSO school."),
            _("Use a pseudonym, never a BSN."),
        ),
        validators=[no_bsn],
        error_messages={"max_length": _("Use at most %(limit_value)d characters.")},
    )
    # No agreed value: only the coordinator sets one (a posted ``agreed_value_eur`` is ignored).

    def __init__(
        self,
        *args: Any,
        ruleset: RuleSet | None = None,
        kept_blocks: frozenset[str] = frozenset(),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.ruleset = ruleset
        self.refused_line_id = False  # set by ``PlanForms``: the line names another plan's line
        _needed_for_submission(self, ("target_group", "count", "hours_per_week", "start_date"))
        _needed_for_submission(self, ("block_code",))
        bonuses = self.fields["bonuses"]
        assert isinstance(bonuses, forms.MultipleChoiceField)  # noqa: S101
        bonuses.choices = [
            (bonus.code, bonus.label_nl) for bonus in (ruleset.bonuses if ruleset else ())
        ]
        blocks = self.fields["block_code"]
        assert isinstance(blocks, forms.ChoiceField)  # noqa: S101
        choices: list[tuple[str, Any]] = [("", _("Choose a kind of effort"))]
        choices += [
            (block.code, block_unit_label(block))
            for block in (ruleset.blocks if ruleset else ())
            if block.basis in EFFORT_BASES
        ]
        # A block a saved line of the plan already has (from the calculator, an older rule
        # set) stays choosable; any other code outside the choices is refused.
        offered = {code for code, _label in choices}
        for current in sorted(kept_blocks - offered):
            block = ruleset.block(current) if ruleset else None
            choices.append((current, block_unit_label(block) if block else current))
        blocks.choices = choices

    @property
    def line_kind(self) -> str:
        value = self["kind"].value()
        return KIND_EFFORT if value == KIND_EFFORT else KIND_CANDIDATE

    @property
    def number(self) -> int:
        """1-based number of the line within the formset (for legends)."""
        prefix = self.prefix or ""
        try:
            return int(prefix.rsplit("-", 1)[-1]) + 1
        except ValueError:
            return 0

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.line_kind == KIND_CANDIDATE:
            self._clean_period(cleaned)
            self._clean_bonuses(cleaned)
        else:
            self._clean_effort(cleaned)
        return cleaned

    def _clean_period(self, cleaned: dict[str, Any]) -> None:
        start = cleaned.get("start_date")
        duration = cleaned.get("duration_months")
        end = cleaned.get("end_date")
        if duration is not None and start is not None:
            computed = add_months(start, duration) - timedelta(days=1)
            if end is not None and end != computed:
                self.add_error(
                    "end_date",
                    _("Fill in either a duration or an end date; they do not match."),
                )
                return
            cleaned["end_date"] = computed
        elif duration is not None and start is None and "start_date" not in self.errors:
            self.add_error("start_date", _("Fill in the expected start to go with the duration."))
        end = cleaned.get("end_date")
        if start is not None and end is not None and end < start:
            self.add_error("end_date", _("The end date must be after the start."))

    def _clean_bonuses(self, cleaned: dict[str, Any]) -> None:
        if self.ruleset is None:
            return
        seen: dict[str, str] = {}
        for code in cleaned.get("bonuses") or []:
            bonus = self.ruleset.bonus(code)
            if bonus is None or bonus.exclusive_group is None:
                continue
            if bonus.exclusive_group in seen:
                self.add_error(
                    "bonuses",
                    _("%(first)s and %(second)s cannot be combined: choose one.")
                    % {
                        "first": self._bonus_label(seen[bonus.exclusive_group]),
                        "second": bonus.label_nl,
                    },
                )
                return
            seen[bonus.exclusive_group] = code

    def _bonus_label(self, code: str) -> str:
        bonus = self.ruleset.bonus(code) if self.ruleset else None
        return bonus.label_nl if bonus else code

    def _clean_effort(self, cleaned: dict[str, Any]) -> None:
        code = cleaned.get("block_code")
        block = self.ruleset.block(code) if (self.ruleset and code) else None
        if block is None:
            return
        if block.basis == Basis.PER_EURO and cleaned.get("hours") is not None:
            self.add_error(
                "hours", _("This effort is valued by its amount: fill in the amount in euros.")
            )
        if block.basis == Basis.PER_HOUR and cleaned.get("amount_eur") is not None:
            self.add_error(
                "amount_eur", _("This effort is valued by its hours: fill in the number of hours.")
            )

    def line_data(self) -> dict[str, Any]:
        """The line for ``services.plan_save_draft``: valid fields only, the others empty."""
        cleaned = getattr(self, "cleaned_data", {}) or {}
        valid = {name: value for name, value in cleaned.items() if name not in self.errors}
        data: dict[str, Any] = dict.fromkeys(LINE_FIELDS)
        data.update(bonuses=[], target_group="", block_code="", description="")
        if self.line_kind == KIND_CANDIDATE:
            for name in ("target_group", "count", "hours_per_week", "start_date", "bonuses"):
                if name in valid:
                    data[name] = valid[name]
            if "end_date" in valid:
                data["end_date"] = valid["end_date"]
        else:
            for name in ("block_code", "amount_eur", "hours", "description"):
                if name in valid:
                    data[name] = valid[name]
        if valid.get("line_id") is not None:
            data[LINE_ID] = valid["line_id"]
        return data


if TYPE_CHECKING:
    _LineFormSet = forms.BaseFormSet[PlanLineForm]
else:
    _LineFormSet = forms.BaseFormSet


class BasePlanLineFormSet(_LineFormSet):
    def __init__(
        self,
        *args: Any,
        ruleset: RuleSet | None = None,
        kept_blocks: frozenset[str] = frozenset(),
        **kwargs: Any,
    ) -> None:
        self.ruleset = ruleset
        kwargs.setdefault("prefix", LINES_PREFIX)
        kwargs.setdefault("form_kwargs", {})["ruleset"] = ruleset
        kwargs["form_kwargs"]["kept_blocks"] = kept_blocks
        super().__init__(*args, **kwargs)

    def add_fields(self, form: PlanLineForm, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this line")

    def forms_of_kind(self, kind: str) -> list[PlanLineForm]:
        return [form for form in self.forms if form.line_kind == kind]

    @property
    def candidate_forms(self) -> list[PlanLineForm]:
        return self.forms_of_kind(KIND_CANDIDATE)

    @property
    def effort_forms(self) -> list[PlanLineForm]:
        return self.forms_of_kind(KIND_EFFORT)


PlanLineFormSet = cast(
    "type[BasePlanLineFormSet]",
    forms.formset_factory(
        PlanLineForm,
        formset=BasePlanLineFormSet,
        extra=0,
        can_delete=True,
        max_num=PLAN_LINES_MAX,
        validate_max=True,
        absolute_max=PLAN_LINES_MAX,
    ),
)


def line_kind(line: PlanLine, ruleset: RuleSet | None) -> str:
    """Where a saved line belongs on the form: candidates, or procurement / hours."""
    if line.target_group:
        return KIND_CANDIDATE
    block = ruleset.block(line.block_code) if (ruleset and line.block_code) else None
    if block is not None and block.basis in CANDIDATE_BASES:
        return KIND_CANDIDATE
    if line.hours_per_week is not None or line.start_date is not None:
        return KIND_CANDIDATE
    return KIND_EFFORT


def _plain(value: Decimal | None) -> Decimal | None:
    """``Decimal("32.00")`` -> ``Decimal("32")``: hours and percentages without trailing zeros."""
    return value.normalize() if value is not None else None


def _line_initial(line: PlanLine, ruleset: RuleSet | None) -> dict[str, Any]:
    kind = line_kind(line, ruleset)
    initial: dict[str, Any] = {"kind": kind, "line_id": line.pk}
    for name in LINE_FIELDS:
        initial[name] = getattr(line, name)
    for name in ("hours_per_week", "hours"):
        initial[name] = _plain(initial[name])
    # Show a whole number of months as a duration (what was most likely typed).
    if kind == KIND_CANDIDATE and line.start_date and line.end_date:
        for months in range(1, 241):
            end = add_months(line.start_date, months) - timedelta(days=1)
            if end == line.end_date:
                initial["duration_months"] = months
                initial["end_date"] = None
                break
            if end > line.end_date:
                break
    return initial


# --- the bundle ----------------------------------------------------------------------------

CONTRACT_KEYS = frozenset(ContractForm.base_fields)
CONTACT_KEYS = ("contact_name", "contact_function", "contact_email", "contact_phone")
PLAN_KEYS = frozenset(PlanForm.base_fields)
# Keys of ``plan_check_complete`` that belong to another field of this form.
KEY_ALIASES = {"ruleset": "start_date", "reference_date": "start_date"}
# Engine fields of a candidate line that the form shows as another field.
CANDIDATE_FIELD_ALIASES = {"block_code": "target_group", "date": "start_date"}
EFFORT_FIELD_ALIASES = {"agreed_value_eur": "amount_eur", "date": "description"}


class PlanForms:
    """The contract form, the plan form and the lines formset of one page, together.

    ``data`` None: unbound, from ``contract`` / ``plan`` (or empty for a new plan).
    ``add_kind``: one more empty line of that kind was asked for ("Regel toevoegen"); unbound,
    it is added here; bound, the data already holds it (``views_form._rebind``).
    """

    def __init__(
        self,
        data: Any = None,
        *,
        contract: Contract | None = None,
        plan: Plan | None = None,
        add_kind: str = "",
    ) -> None:
        self.contract_obj = contract
        self.plan_obj = plan
        self._line_ids_checked = False
        self.saved_line_ids: dict[str, int] = {}  # after a save: hidden input name -> line id
        # The kind of line just added with "Regel toevoegen" (the last line of that kind).
        self.added_kind = add_kind
        start: date | None = None
        if data is not None:
            start_field = forms.DateField(required=False, input_formats=["%Y-%m-%d", "%d-%m-%Y"])
            try:
                start = start_field.clean(data.get("start_date") or None)
            except ValidationError:
                start = None
        self.ruleset = form_ruleset(contract=contract, start_date=start)
        buyers = buyers_for(contract)
        saved_lines = list(plan.lines.all()) if plan is not None and plan.pk else []
        kept = frozenset(line.block_code for line in saved_lines if line.block_code)
        locked = bool(contract is not None and contract.of_record)
        if data is not None:
            self.contract = ContractForm(
                data,
                buyers=buyers,
                locked=locked,
                initial=self._contract_initial(contract) if locked else None,
            )
            self.plan = PlanForm(data)
            self.lines = PlanLineFormSet(data, ruleset=self.ruleset, kept_blocks=kept)
        else:
            self.contract = ContractForm(
                initial=self._contract_initial(contract), buyers=buyers, locked=locked
            )
            self.plan = PlanForm(initial=self._plan_initial(plan))
            self.lines = PlanLineFormSet(
                initial=self._lines_initial(saved_lines, add_kind),
                ruleset=self.ruleset,
                kept_blocks=kept,
            )

    # -- initial values --

    def _contract_initial(self, contract: Contract | None) -> dict[str, Any]:
        if contract is None:
            default = self.ruleset.default_percentage if self.ruleset else Decimal("5")
            return {"sroi_percentage": default}
        initial = {name: getattr(contract, name) for name in CONTRACT_KEYS if name != "buyer"}
        initial["buyer"] = contract.buyer_id
        initial["sroi_percentage"] = _plain(contract.sroi_percentage)
        organisation = contract.organisation
        for name in CONTACT_KEYS:  # pre-filled from the organisation until set per contract
            initial[name] = initial[name] or getattr(organisation, name)
        return initial

    @staticmethod
    def _plan_initial(plan: Plan | None) -> dict[str, Any]:
        if plan is None:
            return {}
        return {name: getattr(plan, name) for name in PLAN_KEYS}

    def _lines_initial(self, lines: list[PlanLine], add_kind: str) -> list[dict[str, Any]]:
        initial = [_line_initial(line, self.ruleset) for line in lines]
        kinds = {row["kind"] for row in initial}
        for kind in (KIND_CANDIDATE, KIND_EFFORT):
            if kind not in kinds or add_kind == kind:
                initial.append({"kind": kind, "count": 1 if kind == KIND_CANDIDATE else None})
        return initial

    # -- validation --

    @property
    def is_bound(self) -> bool:
        return self.contract.is_bound

    def full_clean(self) -> bool:
        """Validate every part; True when no field has an error."""
        valid = [self.contract.is_valid(), self.plan.is_valid(), self.lines.is_valid()]
        if self.is_bound and not self._line_ids_checked:
            self._line_ids_checked = True
            valid.append(self._check_line_ids())
        return all(valid)

    def _check_line_ids(self) -> bool:
        """A line must name one of this plan's own lines (or none: a new line). Another
        plan's line id is refused at the line; that line is not saved, its input stays."""
        own: set[int] = set()
        if self.plan_obj is not None:
            prefetched = getattr(self.plan_obj, "_prefetched_objects_cache", {})
            own = (
                {line.pk for line in prefetched["lines"]}  # read in this request already
                if "lines" in prefetched
                else set(self.plan_obj.lines.values_list("pk", flat=True))
            )
        seen: set[int] = set()
        ok = True
        for form in self.lines.forms:
            line_id = (getattr(form, "cleaned_data", None) or {}).get("line_id")
            if line_id is None:
                continue
            if line_id not in own or line_id in seen:
                form.refused_line_id = True
                form.add_error(
                    None,
                    _("This line does not belong to this plan. Reload the page and try again."),
                )
                ok = False
            seen.add(line_id)
        return ok

    def set_saved_line_ids(
        self, entries: Sequence[tuple[int, Mapping[str, Any]]], line_ids: Sequence[int]
    ) -> dict[str, int]:
        """After a save: put the saved lines' ids into the bound data (``entries[n]`` is the
        form of the plan's n-th line), so a re-shown form updates them next time instead of
        creating them again. Returns ``{"lines-<i>-line_id": id}`` for the autosave answer."""
        if not self.is_bound:
            return {}
        source: Any = self.lines.data
        data = QueryDict(mutable=True)
        for key in source:
            values = source.getlist(key) if hasattr(source, "getlist") else [source[key]]
            data.setlist(key, list(values))
        names: dict[str, int] = {}
        for (index, _line), line_id in zip(entries, line_ids, strict=False):
            name = self.lines.forms[index].add_prefix("line_id")
            data[name] = str(line_id)
            names[name] = line_id
        for form in self.lines.forms:
            form.data = data
        self.lines.data = data
        return names

    @property
    def error_count(self) -> int:
        count = sum(len(errors) for errors in self.contract.errors.values())
        count += sum(len(errors) for errors in self.plan.errors.values())
        count += len(self.lines.non_form_errors())
        for form in self.lines.forms:
            count += sum(len(errors) for errors in form.errors.values())
        return count

    # -- what a draft saves --

    @staticmethod
    def _valid(form: forms.Form) -> dict[str, Any]:
        cleaned = getattr(form, "cleaned_data", {}) or {}
        return {name: value for name, value in cleaned.items() if name not in form.errors}

    def contract_data(self) -> dict[str, Any]:
        return self.contract.editable_data()

    def plan_data(self) -> dict[str, Any]:
        return self._valid(self.plan)

    def line_entries(self) -> list[tuple[int, dict[str, Any]]]:
        """(form index, line) for each line to store, in form order; empty and removed lines
        are left out, so the n-th entry is the plan's n-th line after saving."""
        entries: list[tuple[int, dict[str, Any]]] = []
        if not self.is_bound:
            return entries
        for index, form in enumerate(self.lines.forms):
            if not hasattr(form, "cleaned_data"):
                form.is_valid()
            if form.cleaned_data.get("DELETE") or form.refused_line_id:
                continue
            line = form.line_data()
            if line_is_empty(line):
                continue
            entries.append((index, line))
        return entries

    def lines_data(self) -> list[dict[str, Any]]:
        return [line for _index, line in self.line_entries()]

    def unsaved_lines(self) -> list[PlanLine]:
        """The lines as unsaved ``PlanLine`` objects, for the live valuation."""
        return [
            PlanLine(**{name: line[name] for name in LINE_FIELDS}) for line in self.lines_data()
        ]

    def unsaved_contract(self, *, organisation_id: int) -> Contract:
        """The contract as typed (valid fields over the saved ones), not saved."""
        saved = self.contract_obj
        contract = Contract(organisation_id=organisation_id)
        if saved is not None:
            for field in Contract._meta.concrete_fields:
                setattr(contract, field.attname, getattr(saved, field.attname))
            contract.pk = None
        for name, value in self.contract_data().items():
            setattr(contract, name, value)
        start, end = contract.start_date, contract.end_date
        if start is not None and end is not None and end < start:
            contract.end_date = None
        return contract

    def pso_level(self) -> str:
        data = self.plan_data()
        if "pso_level" in data:
            return str(data["pso_level"] or "")
        return self.plan_obj.pso_level if self.plan_obj is not None else ""

    # -- errors from the services --

    def add_service_errors(self, errors: Mapping[str, Sequence[str]]) -> None:
        """``ValidationError.message_dict`` of a contract/plan service, onto the fields."""
        for key, messages in errors.items():
            for message in messages:
                self._add_error(key, message, line_map=())

    def add_completeness_errors(
        self, errors: Mapping[str, str], *, line_map: Sequence[int]
    ) -> None:
        """``plan_check_complete``'s messages onto the fields they concern.

        ``line_map[n]`` is the form index of the plan's n-th line (``line_entries`` order).
        """
        for key, message in errors.items():
            self._add_error(key, message, line_map=line_map)

    def _add_error(self, key: str, message: str, *, line_map: Sequence[int]) -> None:
        key = KEY_ALIASES.get(key, key)
        if key in CONTRACT_KEYS:
            self._put(self.contract, key, message)
        elif key in PLAN_KEYS:
            self._put(self.plan, key, message)
        elif key.startswith(f"{LINES_PREFIX}-"):
            _prefix, index_text, field = key.split("-", 2)
            try:
                form_index = line_map[int(index_text)]
            except (ValueError, IndexError):
                self._lines_error(message)
                return
            form = self.lines.forms[form_index]
            aliases = (
                CANDIDATE_FIELD_ALIASES
                if form.line_kind == KIND_CANDIDATE
                else EFFORT_FIELD_ALIASES
            )
            field = aliases.get(field, field)
            self._put(form, field if field in form.fields else None, message)
        else:
            self._lines_error(message)

    def _lines_error(self, message: str) -> None:
        errors = self.lines.non_form_errors()  # validates the formset first if needed
        if message not in errors:
            errors.append(message)

    @staticmethod
    def _put(form: forms.Form, field: str | None, message: str) -> None:
        if not hasattr(form, "cleaned_data"):
            form.is_valid()
        if field is not None and message in form.errors.get(field, []):
            return
        form.add_error(field, message)
