"""No lost or crossed writes: every state change locks the plan, re-reads it and checks the
status there; a contract has one plan; the contract and its plan are read-only once they
left the contractor; the contractor cannot set what only the coordinator sets."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from sroi.accounts.models import User
from sroi.plans import selectors, services
from sroi.plans.constants import PlanStatus
from sroi.plans.models import Plan
from tests.plans.factories import PlanFactory


def test_autosave_that_read_the_plan_before_a_submission_does_not_reopen_it(
    contractor_a: User, plan_a: Plan
) -> None:
    # The autosave's request read the plan (a draft), then waited while the submission held
    # the row; when it continues, its copy of the plan is stale.
    stale = Plan.objects.get(pk=plan_a.pk)
    services.plan_submit(acting_user=contractor_a, plan=plan_a)

    with pytest.raises(services.PlanTransitionError):
        services.plan_save_draft(
            acting_user=contractor_a, plan=stale, plan_data={"additional_info": "laat"}
        )

    plan = Plan.objects.get(pk=plan_a.pk)
    assert (plan.status, plan.current_version, plan.additional_info) == ("submitted", 1, "")
    # The workflow goes on: withdraw and submit again gives version 2 (not a duplicate 1).
    services.plan_withdraw(acting_user=contractor_a, plan=plan)
    assert services.plan_submit(acting_user=contractor_a, plan=plan).number == 2


def test_save_draft_raises_the_revision_and_refuses_an_old_one(
    contractor_a: User, plan_a: Plan
) -> None:
    start = plan_a.revision
    saved = services.plan_save_draft(
        acting_user=contractor_a, plan=plan_a, plan_data={"additional_info": "een"}, revision=start
    )
    assert saved.revision == start + 1
    with pytest.raises(services.PlanConflictError) as caught:
        services.plan_save_draft(
            acting_user=contractor_a,
            plan=plan_a,
            plan_data={"additional_info": "twee"},
            revision=start,
        )
    assert caught.value.plan.revision == start + 1
    plan_a.refresh_from_db()
    assert plan_a.additional_info == "een"


def test_a_contract_has_one_plan(contractor_a: User, plan_a: Plan) -> None:
    with pytest.raises(services.PlanError) as caught:
        services.plan_create(acting_user=contractor_a, contract=plan_a.contract)
    assert "heeft al een plan van aanpak" in caught.value.message
    assert plan_a.contract.plans.count() == 1


def test_the_database_also_allows_one_plan_per_contract(plan_a: Plan) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.create(contract=plan_a.contract)


def test_approved_contract_is_read_only(contractor_a: User) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation, approved=True)
    with pytest.raises(services.PlanTransitionError):
        services.contract_update(
            acting_user=contractor_a, contract=plan.contract, data={"value_eur": Decimal("1")}
        )
    with pytest.raises(services.PlanError):  # no second plan to change it through
        services.plan_create(acting_user=contractor_a, contract=plan.contract)
    plan.contract.refresh_from_db()
    assert plan.contract.value_eur == Decimal("1000000.00")


def test_submitted_contract_is_read_only(contractor_a: User) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation, submitted=True)
    with pytest.raises(services.PlanTransitionError):
        services.contract_update(
            acting_user=contractor_a, contract=plan.contract, data={"name": "x"}
        )


def test_contractor_cannot_set_an_agreed_value(contractor_a: User, plan_a: Plan) -> None:
    line = {
        "block_code": "CO_CREATIE",
        "description": "Samen met WerkSaam",
        "agreed_value_eur": Decimal("99999"),
    }
    with pytest.raises(ValidationError) as caught:
        services.plan_save_draft(acting_user=contractor_a, plan=plan_a, lines=[line])
    assert "coördinator" in caught.value.message_dict["lines"][0]
    assert not plan_a.lines.filter(agreed_value_eur__isnull=False).exists()


@pytest.mark.django_db(transaction=True)
def test_autosave_waiting_for_a_submission_lock_does_not_reopen_the_plan(
    contractor_a: User,
) -> None:
    """Two real connections (PostgreSQL): the autosave blocks on the submission's row lock
    and, once the submission commits, is refused instead of turning the plan into a draft."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (SQLite has no SELECT ... FOR UPDATE)")
    plan = PlanFactory(contract__organisation=contractor_a.organisation)
    stale = Plan.objects.get(pk=plan.pk)
    outcome: list[object] = []

    def autosave() -> None:
        try:
            services.plan_save_draft(
                acting_user=contractor_a, plan=stale, plan_data={"additional_info": "laat"}
            )
            outcome.append("saved")
        except services.PlanTransitionError as exc:
            outcome.append(exc)
        finally:
            connection.close()

    worker = threading.Thread(target=autosave)
    with transaction.atomic():
        services.plan_submit(acting_user=contractor_a, plan=plan)
        worker.start()
        with connection.cursor() as cursor:  # wait until the autosave waits for our lock
            for _poll in range(2000):
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
                if cursor.fetchone()[0]:
                    break
                threading.Event().wait(0.01)
    worker.join()

    assert len(outcome) == 1 and isinstance(outcome[0], services.PlanTransitionError)
    plan.refresh_from_db()
    assert (plan.status, plan.current_version, plan.additional_info) == (
        PlanStatus.SUBMITTED,
        1,
        "",
    )


def test_a_save_or_submit_that_waited_for_a_delete_is_refused_not_a_500(
    contractor_a: User,
) -> None:
    # Tab 1 deletes the never-submitted draft while tab 2's autosave (or submit) has read the
    # plan and waits for its lock: before, ``Plan.DoesNotExist`` escaped (a 500).
    plan = PlanFactory(contract__organisation=contractor_a.organisation)
    stale = selectors.plan_get_for_user(contractor_a, plan.pk)  # as the view read it
    services.plan_delete(acting_user=contractor_a, plan=plan)

    with pytest.raises(services.PlanTransitionError):
        services.plan_save_draft(
            acting_user=contractor_a, plan=stale, plan_data={"additional_info": "laat"}
        )
    with pytest.raises(services.PlanTransitionError):
        services.plan_submit(acting_user=contractor_a, plan=stale)
    assert not Plan.objects.filter(pk=stale.pk).exists()
