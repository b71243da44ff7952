"""``manage.py load_demo`` loads the demo world through the services and is idempotent."""

from __future__ import annotations

from io import StringIO

from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from sroi.accounts.models import Organisation, User
from sroi.core.models import OutboxMessage
from sroi.plans.models import Buyer, Contract, Plan, PlanComment, PlanEvent, PlanVersion
from sroi.plans.selectors import contract_list_for_user

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
    assert "plans: 0 created, 7 existing" in out.getvalue()
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
    second = User.objects.get(email="coordinator2@example.org")
    assert second.is_coordinator and second.check_password("demo-sroi-2026")
    buyer_user = User.objects.get(email="opdrachtgever@example.org")
    assert buyer_user.is_buyer and buyer_user.check_password("demo-sroi-2026")
    assert buyer_user.organisation == Buyer.objects.get(name="Gemeente Hoorn").organisation
    assert set(contract_list_for_user(buyer_user).values_list("name", flat=True)) == {
        "Reconstructie Dampten Hoorn",
        "Beheer kunstwerken Hoorn",
        "Schoonmaak sporthallen Hoorn",
    }
    for user in (coordinator, second, a, b, buyer_user):
        assert EmailAddress.objects.get(user=user).verified
    assert set(Buyer.objects.values_list("name", flat=True)) >= {
        "Gemeente Hoorn",
        "Gemeente Drechterland",
        "WerkSaam Westfriesland",
    }
    assert Buyer.objects.count() == 8
    statuses = set(Plan.objects.values_list("status", flat=True))
    assert statuses == {
        "draft",
        "submitted",
        "approved",
        "changes_requested",
        "approval_pending",
        "rejected",
    }
    # the rule-set version is fixed at the first submission (drafts have none yet), or at
    # the registration of a contract of record
    for contract in Contract.objects.select_related("ruleset_version").prefetch_related("plans"):
        submitted = any(plan.current_version > 0 for plan in contract.plans.all())
        fixed = contract.ruleset_version
        expected = submitted or contract.registered_by_id is not None
        assert (fixed.code if fixed else None) == ("nhn-werksaam" if expected else None)
    # every submitted plan has its frozen version and its two mails (6 x 2), the approved,
    # the sent-back and the rejected plan each told their contractor the decision (+ 3; a
    # first approval awaiting the second coordinator tells nobody yet), and one
    # registration invited its contractor (+ 1); and the agreements (sroi.agreements'
    # load_demo): version 1 proposed (1) and accepted (to both sides: 2), version 2 proposed (1)
    assert PlanVersion.objects.count() == 6
    assert OutboxMessage.objects.count() == 16 + 4


def test_demo_review_states(db: None) -> None:
    """Waiting for review (one assigned, one overdue), draft and sent comments, an approval
    waiting for the second coordinator, a rejected plan."""
    call_command("load_demo", stdout=StringIO())
    plans = {plan.contract.name: plan for plan in Plan.objects.select_related("contract")}
    assigned = plans["Rioolvervanging Westerstraat Enkhuizen"]
    assert assigned.status == "submitted"
    assert assigned.assigned_to == User.objects.get(email="coordinator2@example.org")
    overdue = plans["Schoonmaak scholen Opmeer"]
    assert overdue.status == "submitted"
    assert overdue.review_deadline < timezone.localdate()
    pending = plans["Schoonmaak sporthallen Hoorn"]
    assert pending.status == "approval_pending"
    assert pending.first_approved_by == User.objects.get(email="coordinator@example.org")
    assert plans["Bestrating Dorpsstraat Opmeer"].status == "rejected"
    assert plans["Bestrating Dorpsstraat Opmeer"].contract.status == "closed"
    drafts = PlanComment.objects.filter(sent_with__isnull=True)
    assert [c.plan_id for c in drafts] == [assigned.pk]
    sent = PlanComment.objects.filter(sent_with__isnull=False)
    assert {c.section for c in sent} == {"lines", "explanation"}
    assert {c.plan.status for c in sent} == {"changes_requested"}


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
    assert statuses == {"plan_requested", "plan_in_review", "agreements_in_force", "closed"}
    assert Contract.objects.filter(of_record=True).count() == 4  # 3 registered, 1 approved


def test_the_demo_contractors_administer_their_organisation(db: None) -> None:
    call_command("load_demo", stdout=StringIO())
    contractor = User.objects.get(email="aannemer@example.org")
    client = Client()
    client.force_login(contractor)

    response = client.get("/organisatie/collegas/")

    assert contractor.organisation_admin
    assert response.status_code == 200
