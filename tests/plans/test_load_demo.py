"""``manage.py load_demo`` loads the demo world through the services and is idempotent."""

from __future__ import annotations

from io import StringIO

from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.test import Client

from sroi.accounts.models import Organisation, User
from sroi.core.models import OutboxMessage
from sroi.plans.models import Buyer, Contract, Plan, PlanEvent, PlanVersion

MODELS = (User, EmailAddress, Organisation, Buyer, Contract, Plan, PlanVersion, PlanEvent)


def _counts() -> dict[str, int]:
    counts = {model.__name__: model.objects.count() for model in MODELS}
    counts["OutboxMessage"] = OutboxMessage.objects.count()
    return counts


def test_load_demo_twice_gives_the_same_data(db: None) -> None:
    call_command("load_demo", stdout=StringIO())
    first = _counts()
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert _counts() == first
    assert "plans: 0 created, 5 existing" in out.getvalue()
    assert "contracts of record: 0 created, 3 existing" in out.getvalue()


def test_demo_accounts_and_plans(db: None) -> None:
    call_command("load_demo", stdout=StringIO())
    coordinator = User.objects.get(email="coordinator@example.org")
    assert coordinator.is_coordinator
    assert coordinator.check_password("demo-sroi-2026")
    a = User.objects.get(email="aannemer@example.org")
    b = User.objects.get(email="schoonmaak@example.org")
    assert a.organisation.name == "Bouwbedrijf Westfries B.V."
    assert b.organisation.name == "Schoonmaakbedrijf Hoorn B.V."
    assert a.organisation.kvk_number == "37123456"
    assert a.organisation.postcode == "1624 NP"
    assert a.organisation.contact_phone.startswith("+31 229")
    for user in (coordinator, a, b):
        assert EmailAddress.objects.get(user=user).verified
    assert set(Buyer.objects.values_list("name", flat=True)) >= {
        "Gemeente Hoorn",
        "Gemeente Drechterland",
        "WerkSaam Westfriesland",
    }
    assert Buyer.objects.count() == 8
    statuses = set(Plan.objects.values_list("status", flat=True))
    assert statuses == {"draft", "submitted", "approved", "changes_requested"}
    # the rule-set version is fixed at the first submission (drafts have none yet), or at
    # the registration of a contract of record
    for contract in Contract.objects.select_related("ruleset_version").prefetch_related("plans"):
        submitted = any(plan.current_version > 0 for plan in contract.plans.all())
        fixed = contract.ruleset_version
        expected = submitted or contract.registered_by_id is not None
        assert (fixed.code if fixed else None) == ("nhn-werksaam" if expected else None)
    # every submitted plan has its frozen version and its two mails (4 x 2), the approved
    # and the sent-back plan each told their contractor the decision (+ 2), and one
    # registration invited its contractor (+ 1); and the agreements (sroi.agreements'
    # load_demo): version 1 proposed (1) and accepted (to both sides: 2), version 2 proposed (1)
    assert PlanVersion.objects.count() == 4
    assert OutboxMessage.objects.count() == 11 + 4


def test_demo_contracts_of_record(db: None) -> None:
    call_command("load_demo", stdout=StringIO())
    records = {c.name: c for c in Contract.objects.filter(registered_by__isnull=False)}
    pending = records["Groenonderhoud Drechterland 2027"]
    assert pending.invitation is not None and pending.invitation.accepted_at is None
    assert pending.organisation.name == "Groenwerk Westfriesland B.V."
    extended = records["Beheer kunstwerken Hoorn"]
    assert extended.extensions.count() == 1
    assert str(extended.end_date) == "2028-12-31"
    assert str(extended.obligation_eur) == "67500.00"  # (900,000 + 450,000) x 5 %
    statuses = set(Contract.objects.values_list("status", flat=True))
    assert statuses == {"plan_requested", "plan_in_review", "agreements_in_force"}
    assert Contract.objects.filter(of_record=True).count() == 4  # 3 registered, 1 approved


def test_the_demo_contractors_administer_their_organisation(db: None) -> None:
    call_command("load_demo", stdout=StringIO())
    contractor = User.objects.get(email="aannemer@example.org")
    client = Client()
    client.force_login(contractor)

    response = client.get("/organisatie/collegas/")

    assert contractor.organisation_admin
    assert response.status_code == 200
