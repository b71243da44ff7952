"""``manage.py load_demo`` loads the demo world through the services and is idempotent."""

from __future__ import annotations

from io import StringIO

from allauth.account.models import EmailAddress
from django.core.management import call_command

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
    # the rule-set version is fixed at the first submission: drafts have none yet
    for contract in Contract.objects.select_related("ruleset_version").prefetch_related("plans"):
        submitted = any(plan.current_version > 0 for plan in contract.plans.all())
        fixed = contract.ruleset_version
        assert (fixed.code if fixed else None) == ("nhn-werksaam" if submitted else None)
    # every submitted plan has its frozen version and its two mails (3 x 2), and the
    # approved and the sent-back plan each told their contractor the decision (+ 2)
    assert PlanVersion.objects.count() == 3
    # ... and the agreements (sroi.agreements' load_demo): version 1 proposed (1) and accepted
    # (to both sides: 2), version 2 proposed (1)
    assert OutboxMessage.objects.count() == 8 + 4
