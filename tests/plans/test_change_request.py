"""The coordinator's open change request is shown at the top of the plan and of its form."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from sroi.accounts.models import User
from sroi.plans import services, services_review
from sroi.plans.models import Plan
from tests.plans.factories import PlanFactory, contractor_of

NOTE = "Graag de startdata toelichten."  # the factory's change request


def _top(html: str) -> str:
    """The page from the start of <main> up to the first form field or section heading."""
    main = html.split("<main", 1)[1]
    return main.split('id="section-', 1)[0].split('<h2 class="utrecht-heading-2">Contract', 1)[0]


def test_change_request_is_at_the_top_of_the_plan_page(contractor_a: User) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation, changes_requested=True)
    client = Client()
    client.force_login(contractor_a)

    html = client.get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()

    top = _top(html)
    assert "De coördinator vraagt u het plan te wijzigen" in top
    assert NOTE in top


def test_change_request_is_at_the_top_of_the_edit_form(contractor_a: User) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation, changes_requested=True)
    client = Client()
    client.force_login(contractor_a)

    html = client.get(reverse("plans:plan_edit", args=[plan.pk])).content.decode()

    top = _top(html)
    assert "De coördinator vraagt u het plan te wijzigen" in top
    assert NOTE in top


def test_the_latest_change_request_is_shown_and_gone_after_submitting_again(
    contractor_a: User, coordinator: User
) -> None:
    plan: Plan = PlanFactory(
        contract__organisation=contractor_a.organisation, changes_requested=True
    )
    contractor = contractor_of(plan)
    services.plan_submit(acting_user=contractor, plan=plan)
    services_review.plan_request_changes(acting_user=coordinator, plan=plan, note="Nu de uren.")
    client = Client()
    client.force_login(contractor_a)

    top = _top(client.get(reverse("plans:plan_detail", args=[plan.pk])).content.decode())
    assert "Nu de uren." in top
    assert NOTE not in top

    services.plan_submit(acting_user=contractor, plan=plan)
    html = client.get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()
    assert "De coördinator vraagt u het plan te wijzigen" not in html


def test_the_coordinator_sees_the_request_as_their_own_not_addressed_to_them(
    contractor_a: User, coordinator: User
) -> None:
    """The coordinator is not told "the coordinator asks you to change the plan"."""
    plan = PlanFactory(contract__organisation=contractor_a.organisation, changes_requested=True)
    client = Client()
    client.force_login(coordinator)

    top = _top(client.get(reverse("plans:plan_detail", args=[plan.pk])).content.decode())

    assert "De coördinator vraagt u het plan te wijzigen" not in top
    assert "U hebt de opdrachtnemer gevraagd het plan te wijzigen" in top
    assert NOTE in top
