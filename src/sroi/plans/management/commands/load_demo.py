"""``manage.py load_demo``: demo buyers, users, organisations, contracts and plans (idempotent).

Run after ``import_rulesets`` (``make run`` does both). Everything is made through the services,
as a user would: plans are submitted, approved and sent back by the demo personas, so the
outbox holds the submission mails and the versions hold real snapshots. A second run finds
what exists (by e-mail address, organisation name and contract name) and changes nothing.
Apps above plans add their demo data through ``sroi.plans.demo`` (registered extenders, called
at the end in the same transaction): there is one ``load_demo`` command.

DEMO ONLY: the password ``demo-sroi-2026`` is public (README); never run this in production.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from sroi.accounts.constants import Role
from sroi.accounts.models import Organisation, User
from sroi.accounts.services import OrganisationDetails, organisation_create
from sroi.accounts.validators import (
    normalise_kvk_number,
    normalise_phone_number,
    normalise_postcode,
)
from sroi.plans import contracts_services, services, services_review
from sroi.plans.constants import DEFAULT_RULESET_CODE, EffortKind, TargetGroup
from sroi.plans.demo import DEMO_EXTENDERS
from sroi.plans.models import Buyer, Contract, Plan
from sroi.rules import selectors as rule_selectors
from sroi.rules.models import RuleSetVersion

DEMO_PASSWORD = "demo-sroi-2026"  # noqa: S105 (public demo password, documented in README)

BUYERS = (
    "Gemeente Drechterland",
    "Gemeente Enkhuizen",
    "Gemeente Hoorn",
    "Gemeente Koggenland",
    "Gemeente Medemblik",
    "Gemeente Opmeer",
    "Gemeente Stede Broec",
    "WerkSaam Westfriesland",
)

ORGANISATIONS: dict[str, dict[str, str]] = {
    "A": {
        "name": "Bouwbedrijf Westfries B.V.",
        "kvk_number": "37123456",
        "street": "Dampten",
        "house_number": "12",
        "postcode": "1624 NP",
        "city": "Hoorn",
        "contact_name": "Anna Visser",
        "contact_function": "HR-adviseur",
        "contact_email": "aannemer@example.org",
        "contact_phone": "0229 212 345",
    },
    "B": {
        "name": "Schoonmaakbedrijf Hoorn B.V.",
        "kvk_number": "37654321",
        "street": "Protonweg",
        "house_number": "8",
        "postcode": "1627 LH",
        "city": "Hoorn",
        "contact_name": "Bas de Boer",
        "contact_function": "Bedrijfsleider",
        "contact_email": "schoonmaak@example.org",
        "contact_phone": "0229 287 654",
    },
}

USERS: tuple[tuple[str, str, str, str | None], ...] = (
    ("coordinator@example.org", "Carla Coördinator", Role.COORDINATOR, None),
    # the second coordinator confirms a first approval (four eyes, SROI_FOUR_EYES)
    ("coordinator2@example.org", "Koen Kramer", Role.COORDINATOR, None),
    ("aannemer@example.org", "Anna Visser", Role.CONTRACTOR, "A"),
    ("schoonmaak@example.org", "Bas de Boer", Role.CONTRACTOR, "B"),
)


# A buyer's contract manager (role buyer): reads the contracts of Gemeente Hoorn.
BUYER_USER = ("opdrachtgever@example.org", "Hanna Hoekstra", "Gemeente Hoorn")

# The submitted plan whose review deadline has passed (backdated: demo only).
OVERDUE_DAYS = 21


@dataclass(frozen=True)
class DemoPlan:
    organisation: str
    contract: Mapping[str, Any]
    plan: Mapping[str, Any]
    lines: Sequence[Mapping[str, Any]]
    # what happens after creation, in order: "submit", "approve", "request_changes",
    # "reject", "comment" (the review comments below, as drafts of the coordinator),
    # "assign" (to the second coordinator), "first_approval" (four eyes: pending the second
    # coordinator), "overdue" (the review deadline backdated)
    steps: tuple[str, ...] = ()
    notes: Mapping[str, str] = field(default_factory=dict)
    comments: tuple[tuple[str, str], ...] = ()  # (section, text)


def _candidates(
    group: str, count: int, hours: str, start: date, end: date, **extra: Any
) -> dict[str, Any]:
    return {
        "target_group": group,
        "count": count,
        "hours_per_week": Decimal(hours),
        "start_date": start,
        "end_date": end,
        **extra,
    }


DEMO_PLANS: tuple[DemoPlan, ...] = (
    DemoPlan(
        organisation="A",
        contract={
            "name": "Reconstructie Dampten Hoorn",
            "buyer": "Gemeente Hoorn",
            "value_eur": Decimal("1200000"),
            "start_date": date(2026, 3, 1),
            "end_date": date(2028, 2, 29),
            "extension_notes": "Twee keer één jaar verlenging mogelijk.",
            "extension_count": 2,
            "extension_months": 12,
            "sroi_percentage": Decimal("5"),
        },
        plan={
            "effort_kinds": [EffortKind.JOBS, EffortKind.LEARN_WORK],
            "target_groups": [TargetGroup.PW_LT2, TargetGroup.BBL],
            "work_description": "Grondwerk, bestrating en assistentie op de bouwplaats.",
            "pso_level": "trede_1",
            "pso_certificate_end": date(2028, 6, 30),
        },
        lines=(
            _candidates(TargetGroup.PW_LT2, 2, "36", date(2026, 4, 1), date(2027, 3, 31)),
            _candidates(TargetGroup.BBL, 1, "32", date(2026, 9, 1), date(2028, 2, 29)),
        ),
        steps=("submit", "approve"),
        notes={"approve": "Akkoord. We maken de prestatieafspraken op basis van dit plan."},
    ),
    DemoPlan(
        organisation="A",
        contract={
            "name": "Rioolvervanging Westerstraat Enkhuizen",
            "buyer": "Gemeente Enkhuizen",
            "value_eur": Decimal("650000"),
            "start_date": date(2026, 9, 1),
            "end_date": date(2027, 8, 31),
            "sroi_percentage": Decimal("5"),
        },
        plan={
            "effort_kinds": [EffortKind.JOBS, EffortKind.SOCIAL_PROCUREMENT],
            "target_groups": [TargetGroup.WW_GT1],
            "work_description": "Uitvoerder-assistent en grondwerker.",
            "social_explanation": "Inkoop van groenonderhoud bij WerkSaam Westfriesland.",
        },
        lines=(
            _candidates(TargetGroup.WW_GT1, 1, "36", date(2026, 10, 1), date(2027, 8, 31)),
            {"block_code": "SOCIAAL_INKOPEN", "amount_eur": Decimal("12500")},
        ),
        steps=("submit", "assign", "comment"),
        comments=(("effort", "Is WerkSaam Westfriesland een sociale onderneming op de PSO?"),),
    ),
    DemoPlan(
        organisation="A",
        contract={
            "name": "Onderhoud openbare ruimte Koggenland",
            "buyer": "Gemeente Koggenland",
            "value_eur": Decimal("480000"),
            "start_date": date(2027, 1, 1),
            "end_date": date(2028, 12, 31),
        },
        plan={
            "effort_kinds": [EffortKind.JOBS],
            "target_groups": [TargetGroup.PW_BEPERKING],
        },
        lines=(
            _candidates(TargetGroup.PW_BEPERKING, 1, "24", date(2027, 2, 1), date(2027, 12, 31)),
        ),
    ),
    DemoPlan(
        organisation="B",
        contract={
            "name": "Schoonmaak gemeentehuis Medemblik",
            "buyer": "Gemeente Medemblik",
            "value_eur": Decimal("320000"),
            "start_date": date(2026, 7, 1),
            "end_date": date(2028, 6, 30),
            "sroi_percentage": Decimal("5"),
        },
        plan={
            "effort_kinds": [EffortKind.JOBS, EffortKind.SOCIAL_VALUE],
            "target_groups": [TargetGroup.NUG, TargetGroup.WAJONG_OUD],
            "work_description": "Schoonmaakwerkzaamheden in kantoren, overdag.",
            "social_explanation": "Twee medewerkers geven les op de praktijkschool.",
        },
        lines=(
            _candidates(TargetGroup.NUG, 2, "20", date(2026, 8, 1), date(2027, 7, 31)),
            _candidates(TargetGroup.WAJONG_OUD, 1, "24", date(2026, 8, 1), date(2028, 6, 30)),
            {"block_code": "MAATSCHAPPELIJK", "hours": Decimal("40")},
        ),
        steps=("submit", "comment", "request_changes"),
        comments=(
            ("lines", "Wanneer start de tweede kandidaat met een Wajong-uitkering?"),
            ("explanation", "Hoeveel lessen geven de medewerkers, en in welke periode?"),
        ),
        notes={
            "request_changes": (
                "Graag per kandidaat de verwachte startdatum nader toelichten en de lessen op"
                " de praktijkschool concreet maken (aantal lessen, periode)."
            )
        },
    ),
    DemoPlan(
        organisation="B",
        contract={
            "name": "Glasbewassing scholen Stede Broec",
            "buyer": "Gemeente Stede Broec",
            "start_date": date(2027, 1, 1),
        },
        plan={"effort_kinds": [EffortKind.TRAINING_INTERNSHIP]},
        lines=(),
    ),
    DemoPlan(
        organisation="B",
        contract={
            "name": "Schoonmaak sporthallen Hoorn",
            "buyer": "Gemeente Hoorn",
            "value_eur": Decimal("560000"),
            "start_date": date(2026, 10, 1),
            "end_date": date(2028, 9, 30),
            "sroi_percentage": Decimal("5"),
        },
        plan={
            "effort_kinds": [EffortKind.JOBS],
            "target_groups": [TargetGroup.PW_LT2],
            "work_description": "Schoonmaak van sporthallen en kleedkamers, avonden.",
        },
        lines=(_candidates(TargetGroup.PW_LT2, 1, "36", date(2026, 11, 1), date(2027, 10, 31)),),
        steps=("submit", "first_approval"),
        notes={"first_approval": "Akkoord; graag bevestigen (vier ogen)."},
    ),
    DemoPlan(
        organisation="A",
        contract={
            "name": "Bestrating Dorpsstraat Opmeer",
            "buyer": "Gemeente Opmeer",
            "value_eur": Decimal("275000"),
            "start_date": date(2026, 6, 1),
            "end_date": date(2027, 5, 31),
            "sroi_percentage": Decimal("5"),
        },
        plan={
            "effort_kinds": [EffortKind.SOCIAL_VALUE],
            "target_groups": [],
            "work_description": "Bestrating en riolering.",
            "social_explanation": "Een open dag voor de buurt.",
        },
        lines=({"block_code": "MAATSCHAPPELIJK", "hours": Decimal("8")},),
        steps=("submit", "reject"),
        notes={
            "reject": (
                "Het plan biedt geen werkplekken of leerplekken en dekt de verplichting bij lange"
                " na niet; de aanbesteding is gegund aan een andere inschrijver."
            )
        },
    ),
)


@dataclass(frozen=True)
class DemoRecord:
    """A contract the coordinator registers (a contract of record), then what happens next."""

    contract: Mapping[str, Any]
    # an existing demo organisation ("A"/"B"), or a new one (name, KvK number, e-mail)
    organisation: str = ""
    new_organisation: tuple[str, str, str] | None = None
    invite_email: str = ""
    # the contractor fills in the plan and submits it (organisation key "A"/"B")
    plan: Mapping[str, Any] | None = None
    lines: Sequence[Mapping[str, Any]] = ()
    overdue: bool = False  # the submitted plan's review deadline has passed (backdated)
    # (exercised on, months, value added, note) of each extension the coordinator records
    extensions: tuple[tuple[date, int, Decimal, str], ...] = ()


DEMO_RECORDS: tuple[DemoRecord, ...] = (
    # Registered for a company without an account yet: the invitation is pending.
    DemoRecord(
        contract={
            "name": "Groenonderhoud Drechterland 2027",
            "buyer": "Gemeente Drechterland",
            "reference": "DRL-2026-031",
            "lot": "Perceel 1: noord",
            "award_date": date(2026, 10, 15),
            "value_eur": Decimal("740000"),
            "start_date": date(2027, 1, 1),
            "end_date": date(2029, 12, 31),
            "extension_notes": "Eén keer twee jaar verlenging mogelijk.",
            "extension_count": 1,
            "extension_months": 24,
            "sroi_percentage": Decimal("5"),
            "contact_name": "Gerda Groen",
            "contact_function": "Projectleider",
        },
        new_organisation=("Groenwerk Westfriesland B.V.", "37111222", "info@groenwerk.example.org"),
        invite_email="groenwerk@example.org",
    ),
    # Registered for contractor B, who filled in the plan and submitted it.
    DemoRecord(
        contract={
            "name": "Schoonmaak scholen Opmeer",
            "buyer": "Gemeente Opmeer",
            "reference": "OPM-2026-007",
            "award_date": date(2026, 5, 20),
            "value_eur": Decimal("410000"),
            "start_date": date(2026, 8, 1),
            "end_date": date(2028, 7, 31),
            "sroi_percentage": Decimal("5"),
        },
        organisation="B",
        plan={
            "effort_kinds": [EffortKind.JOBS],
            "target_groups": [TargetGroup.PW_LT2],
            "work_description": "Schoonmaak van lokalen en gangen, na schooltijd.",
        },
        lines=(_candidates(TargetGroup.PW_LT2, 1, "24", date(2026, 9, 1), date(2027, 8, 31)),),
        overdue=True,
    ),
    # Registered for contractor A; an extension has been exercised.
    DemoRecord(
        contract={
            "name": "Beheer kunstwerken Hoorn",
            "buyer": "Gemeente Hoorn",
            "reference": "HRN-2025-112",
            "lot": "Perceel 2: bruggen",
            "award_date": date(2025, 11, 3),
            "value_eur": Decimal("900000"),
            "start_date": date(2026, 1, 1),
            "end_date": date(2027, 12, 31),
            "extension_notes": "Twee keer één jaar verlenging mogelijk.",
            "extension_count": 2,
            "extension_months": 12,
            "sroi_percentage": Decimal("5"),
        },
        organisation="A",
        extensions=(
            (date(2027, 9, 15), 12, Decimal("450000"), "Eerste verlengingsoptie gelicht."),
        ),
    ),
)


@dataclass
class Counts:
    created: dict[str, int] = field(default_factory=dict)
    existing: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, created: bool) -> None:
        target = self.created if created else self.existing
        target[kind] = target.get(kind, 0) + 1

    def __str__(self) -> str:
        kinds = sorted(set(self.created) | set(self.existing))
        return ", ".join(
            f"{kind}: {self.created.get(kind, 0)} created, {self.existing.get(kind, 0)} existing"
            for kind in kinds
        )


class Command(BaseCommand):
    help = (
        "Load the demo data: buyers, the demo coordinator and two contractors (password "
        f"{DEMO_PASSWORD}), and plans in every state. Idempotent. Run after import_rulesets."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if getattr(settings, "PRODUCTION", False):
            raise CommandError("load_demo refuses to run in production.")
        try:
            rule_selectors.ruleset_version_valid_on(code=DEFAULT_RULESET_CODE, day=date(2026, 1, 1))
        except RuleSetVersion.DoesNotExist as exc:
            raise CommandError(
                f"No published {DEFAULT_RULESET_CODE} rule set: run `manage.py import_rulesets`."
            ) from exc
        counts = Counts()
        with transaction.atomic():
            users = self._users(counts)
            self._buyers(users["coordinator@example.org"], counts)
            self._buyer_user(counts)
            for demo in DEMO_PLANS:
                self._plan(demo, users, counts)
            for record in DEMO_RECORDS:
                self._record(record, users, counts)
            for extender in DEMO_EXTENDERS:  # other apps' demo data (sroi.plans.demo)
                extender(users["coordinator@example.org"], counts)
        self.stdout.write(f"Demo data loaded. {counts}")

    # --- pieces ----------------------------------------------------------------------------

    def _organisation(self, key: str, counts: Counts) -> Organisation:
        data = ORGANISATIONS[key]
        existing = Organisation.objects.filter(name=data["name"]).first()
        counts.add("organisations", existing is None)
        if existing is not None:
            return existing
        details = OrganisationDetails(
            **{
                **data,
                "kvk_number": normalise_kvk_number(data["kvk_number"]),
                "postcode": normalise_postcode(data["postcode"]),
                "contact_phone": normalise_phone_number(data["contact_phone"]),
            }
        )
        return organisation_create(acting_user=None, details=details)

    def _users(self, counts: Counts) -> dict[str, User]:
        users: dict[str, User] = {}
        for email, name, role, organisation_key in USERS:
            organisation = (
                self._organisation(organisation_key, counts) if organisation_key else None
            )
            user = User.objects.filter(email=email).first()
            counts.add("users", user is None)
            if user is None:
                user = User.objects.create_user(
                    email=email,
                    password=DEMO_PASSWORD,
                    full_name=name,
                    role=role,
                    organisation=organisation,
                    # The demo contractors administer their organisation, so the colleagues
                    # page (/organisatie/collegas/) can be tried.
                    organisation_admin=organisation is not None,
                )
            EmailAddress.objects.get_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            users[email] = user
        return users

    def _buyer_user(self, counts: Counts) -> User:
        """The contract manager of a buyer (its organisation's first user: its administrator)."""
        email, name, buyer_name = BUYER_USER
        user = User.objects.filter(email=email).first()
        counts.add("users", user is None)
        if user is None:
            buyer = Buyer.objects.get(name=buyer_name)
            user = User.objects.create_user(
                email=email,
                password=DEMO_PASSWORD,
                full_name=name,
                role=Role.BUYER,
                organisation_id=buyer.organisation_id,
                organisation_admin=True,
            )
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        return user

    def _overdue(self, plan: Plan) -> None:
        """Demo only: the plan was submitted weeks ago, its review deadline has passed."""
        submitted_at = timezone.now() - timedelta(days=OVERDUE_DAYS + 14)
        Plan.objects.filter(pk=plan.pk).update(
            submitted_at=submitted_at,
            review_deadline=timezone.localdate() - timedelta(days=OVERDUE_DAYS),
        )

    def _buyers(self, coordinator: User, counts: Counts) -> None:
        for name in BUYERS:
            exists = Buyer.objects.filter(name=name).exists()
            counts.add("buyers", not exists)
            if not exists:
                services.buyer_create(acting_user=coordinator, name=name)

    def _plan(self, demo: DemoPlan, users: Mapping[str, User], counts: Counts) -> None:
        organisation = Organisation.objects.get(name=ORGANISATIONS[demo.organisation]["name"])
        contractor = next(
            user for user in users.values() if user.organisation_id == organisation.pk
        )
        coordinator = users["coordinator@example.org"]
        name = demo.contract["name"]
        exists = Contract.objects.filter(organisation=organisation, name=name).exists()
        counts.add("plans", not exists)
        if exists:
            return
        data = dict(demo.contract)
        data["buyer"] = Buyer.objects.get(name=data["buyer"])
        contract = services.contract_create(
            acting_user=contractor, organisation=organisation, data=data
        )
        plan_data = dict(demo.plan)
        if plan_data.get("pso_certificate_end"):
            # a PSO certificate is valid two years: keep the demo's valid whenever it is loaded
            plan_data["pso_certificate_end"] = max(
                plan_data["pso_certificate_end"], timezone.localdate() + timedelta(days=365)
            )
        plan = services.plan_create(
            acting_user=contractor, contract=contract, data=plan_data, lines=demo.lines
        )
        second = users["coordinator2@example.org"]

        def comment(p: Plan) -> None:
            for section, body in demo.comments:
                services_review.plan_comment_add(
                    acting_user=coordinator, plan=p, section=section, body=body
                )

        def first_approval(p: Plan) -> None:
            with override_settings(SROI_FOUR_EYES=True):
                services_review.plan_approve(
                    acting_user=coordinator, plan=p, note=demo.notes.get("first_approval", "")
                )

        steps: dict[str, Callable[[Plan], object]] = {
            "submit": lambda p: services.plan_submit(acting_user=contractor, plan=p),
            "approve": lambda p: services_review.plan_approve(
                acting_user=coordinator, plan=p, note=demo.notes.get("approve", "")
            ),
            "request_changes": lambda p: services_review.plan_request_changes(
                acting_user=coordinator, plan=p, note=demo.notes["request_changes"]
            ),
            "reject": lambda p: services_review.plan_reject(
                acting_user=coordinator, plan=p, reasons=demo.notes["reject"]
            ),
            "comment": comment,
            "assign": lambda p: services_review.plan_assign(
                acting_user=coordinator, plan=p, assignee=second
            ),
            "first_approval": first_approval,
            "overdue": self._overdue,
        }
        for step in demo.steps:
            steps[step](plan)
            plan.refresh_from_db()

    def _record(self, demo: DemoRecord, users: Mapping[str, User], counts: Counts) -> None:
        """A contract the coordinator registers, then the contractor's plan and extensions."""
        coordinator = users["coordinator@example.org"]
        name = demo.contract["name"]
        exists = Contract.objects.filter(name=name, of_record=True).exists()
        counts.add("contracts of record", not exists)
        if exists:
            return
        data = {**demo.contract, "buyer": Buyer.objects.get(name=demo.contract["buyer"])}
        organisation = None
        new = None
        if demo.organisation:
            organisation = Organisation.objects.get(name=ORGANISATIONS[demo.organisation]["name"])
        elif demo.new_organisation is not None:
            new_name, kvk, email = demo.new_organisation
            new = contracts_services.NewOrganisation(
                name=new_name, kvk_number=kvk, contact_email=email
            )
        contract = contracts_services.contract_register(
            acting_user=coordinator,
            data=data,
            organisation=organisation,
            new_organisation=new,
            invite_email=demo.invite_email,
        )
        if demo.plan is not None:
            contractor = next(
                user for user in users.values() if user.organisation_id == contract.organisation_id
            )
            plan = Plan.objects.get(contract=contract)
            plan = services.plan_save_draft(
                acting_user=contractor, plan=plan, plan_data=demo.plan, lines=demo.lines
            )
            services.plan_submit(acting_user=contractor, plan=plan)
            if demo.overdue:
                self._overdue(plan)
        for exercised_on, months, value, note in demo.extensions:
            contracts_services.contract_extension_create(
                acting_user=coordinator,
                contract=contract,
                exercised_on=exercised_on,
                months_added=months,
                value_added_eur=value,
                note=note,
            )
