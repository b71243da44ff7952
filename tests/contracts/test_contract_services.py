"""The contract services: registration, extension, status, stored figures, locked fields.

Figures worked by hand: EUR 1,000,000.00 at 5 % -> obligation EUR 50,000.00. An extension
adding EUR 250,000.00 -> (1,000,000 + 250,000) x 5 % = EUR 62,500.00. At 2.5 % with a value of
EUR 333,333.33 and an extension of EUR 0.01 -> 333,333.34 x 2.5 % = 8,333.3335 -> EUR 8,333.33
(half up to cents: 8,333.3335 -> 8,333.33 since the third decimal is 3). The default plan
(tests/plans/factories.py) plans EUR 25,000.00.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sroi.accounts.models import Invitation, Organisation, User
from sroi.core.models import AuditEntry, OutboxMessage
from sroi.plans import services, services_review
from sroi.plans.constants import ContractStatus, PlanStatus
from sroi.plans.contract_state import contract_make_of_record, contract_refresh_figures
from sroi.plans.contracts_services import (
    ContractError,
    NewOrganisation,
    contract_extension_create,
    contract_register,
)
from sroi.plans.models import Buyer, Contract, ContractExtension, Plan
from sroi.rules.selectors import ruleset_version_valid_on
from tests.contracts.conftest import contract_data
from tests.plans.factories import BuyerFactory, PlanFactory, contractor_of

pytestmark = pytest.mark.django_db


def _extend(contract: Contract, user: User, **changes: object) -> ContractExtension:
    values: dict[str, object] = {
        "exercised_on": date(2027, 10, 1),
        "months_added": 12,
        "value_added_eur": Decimal("250000.00"),
        "note": "Eerste optie gelicht.",
        **changes,
    }
    return contract_extension_create(acting_user=user, contract=contract, **values)  # type: ignore[arg-type]


# --- registration --------------------------------------------------------------------------


def test_registration_makes_a_contract_of_record_with_a_draft_plan(
    registered: Contract, coordinator: User, contractor_a: User
) -> None:
    contract = Contract.objects.get(pk=registered.pk)
    assert contract.of_record is True
    assert contract.registered_by == coordinator
    assert contract.status == ContractStatus.PLAN_REQUESTED
    assert contract.organisation == contractor_a.organisation
    assert contract.reference == "HRN-2026-017"
    assert contract.ruleset_version == ruleset_version_valid_on(
        code="nhn-werksaam", day=date(2026, 1, 1)
    )
    assert contract.obligation_eur == Decimal("50000.00")
    plan = Plan.objects.get(contract=contract)
    assert plan.status == PlanStatus.DRAFT
    # the contact person comes from the organisation when left empty
    assert contract.contact_name == contractor_a.organisation.contact_name  # type: ignore[union-attr]
    actions = list(
        AuditEntry.objects.filter(contract_id=contract.pk).values_list("action", flat=True)
    )
    assert {"contract.register", "plan.create"} <= set(actions)


def test_registration_with_invitation_mails_the_contract_name(
    coordinator: User, contractor_a: User, buyer: Buyer
) -> None:
    contract = contract_register(
        acting_user=coordinator,
        data=contract_data(buyer, contact_name="Petra Jansen"),
        organisation=contractor_a.organisation,
        invite_email="Nieuw@Bouw-A.example.org",
    )
    assert contract.invitation is not None
    assert contract.invitation.email == "nieuw@bouw-a.example.org"
    assert contract.invitation.organisation == contractor_a.organisation
    assert contract.contact_name == "Petra Jansen"
    mail = OutboxMessage.objects.get(to=["nieuw@bouw-a.example.org"])
    assert "Onderhoud kunstwerken Hoorn" in mail.body
    assert AuditEntry.objects.filter(contract_id=contract.pk, action="contract.invite").exists()


def test_registration_creates_a_new_organisation(coordinator: User, buyer: Buyer) -> None:
    contract = contract_register(
        acting_user=coordinator,
        data=contract_data(buyer),
        new_organisation=NewOrganisation(
            name="Groen B.V.", kvk_number="12345678", contact_email="info@groen.example.org"
        ),
    )
    organisation = Organisation.objects.get(kvk_number="12345678")
    assert contract.organisation == organisation
    assert organisation.awaiting_verification is False
    assert contract.contact_email == "info@groen.example.org"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": ""}, "name"),
        ({"buyer": None}, "buyer"),
        ({"value_eur": None}, "value_eur"),
        ({"end_date": date(2025, 12, 31)}, "end_date"),
        ({"sroi_percentage": Decimal("101")}, "sroi_percentage"),
        ({"start_date": date(1990, 1, 1), "end_date": date(1990, 2, 1)}, "start_date"),
    ],
)
def test_registration_refuses_missing_or_wrong_fields_and_creates_nothing(
    coordinator: User, contractor_a: User, buyer: Buyer, changes: dict, field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        contract_register(
            acting_user=coordinator,
            data=contract_data(buyer, **changes),
            organisation=contractor_a.organisation,
        )
    assert field in caught.value.message_dict
    assert not Contract.objects.exists()
    assert not Plan.objects.exists()


def test_registration_refuses_an_inactive_buyer(coordinator: User, contractor_a: User) -> None:
    inactive = BuyerFactory(name="Oude gemeente", active=False)
    with pytest.raises(ValidationError) as caught:
        contract_register(
            acting_user=coordinator,
            data=contract_data(inactive),
            organisation=contractor_a.organisation,
        )
    assert "buyer" in caught.value.message_dict


def test_registration_refuses_an_existing_kvk_number(
    coordinator: User, contractor_a: User, buyer: Buyer
) -> None:
    kvk = contractor_a.organisation.kvk_number  # type: ignore[union-attr]
    with pytest.raises(ValidationError) as caught:
        contract_register(
            acting_user=coordinator,
            data=contract_data(buyer),
            new_organisation=NewOrganisation(name="Dubbel", kvk_number=kvk, contact_email="x@y.nl"),
        )
    assert "new_kvk_number" in caught.value.message_dict
    assert Organisation.objects.filter(kvk_number=kvk).count() == 1


def test_an_invitation_to_a_taken_address_undoes_the_whole_registration(
    coordinator: User, contractor_a: User, buyer: Buyer
) -> None:
    with pytest.raises(ValidationError) as caught:
        contract_register(
            acting_user=coordinator,
            data=contract_data(buyer),
            organisation=contractor_a.organisation,
            invite_email=contractor_a.email,
        )
    assert "invite_email" in caught.value.message_dict
    assert not Contract.objects.exists()
    assert not Invitation.objects.exists()


def test_only_a_coordinator_registers(contractor_a: User, buyer: Buyer) -> None:
    with pytest.raises(PermissionDenied):
        contract_register(
            acting_user=contractor_a,
            data=contract_data(buyer),
            organisation=contractor_a.organisation,
        )


# --- extensions ----------------------------------------------------------------------------


def test_an_extension_moves_the_end_date_and_recomputes_the_obligation(
    registered: Contract, coordinator: User
) -> None:
    extension = _extend(registered, coordinator)
    contract = Contract.objects.get(pk=registered.pk)
    assert contract.end_date == date(2028, 12, 31)
    assert contract.value_eur == Decimal("1000000.00")  # the value of record stays
    assert contract.obligation_eur == Decimal("62500.00")
    assert extension.created_by == coordinator
    entry = AuditEntry.objects.get(contract_id=contract.pk, action="contract.extend")
    assert entry.data["before"] == {"end_date": "2027-12-31", "obligation_eur": "50000.00"}
    assert entry.data["after"] == {"end_date": "2028-12-31", "obligation_eur": "62500.00"}


def test_two_extensions_add_up_exactly_to_the_cent(
    coordinator: User, contractor_a: User, buyer: Buyer
) -> None:
    contract = contract_register(
        acting_user=coordinator,
        data=contract_data(
            buyer,
            value_eur=Decimal("333333.33"),
            sroi_percentage=Decimal("2.5"),
            end_date=date(2027, 11, 30),
        ),
        organisation=contractor_a.organisation,
    )
    assert contract.obligation_eur == Decimal("8333.33")  # 8,333.33325
    _extend(contract, coordinator, months_added=1, value_added_eur=Decimal("0.01"))
    _extend(contract, coordinator, months_added=1, value_added_eur=Decimal("0.19"))
    contract.refresh_from_db()
    # 333,333.53 x 2.5 % = 8,333.33825 -> 8,333.34
    assert contract.obligation_eur == Decimal("8333.34")
    # 30-11-2027 + 1 month -> 31-12-2027, + 1 month -> 31-01-2028 (the period runs on)
    assert contract.end_date == date(2028, 1, 31)


def test_an_extension_on_a_closed_contract_is_refused_and_changes_nothing(
    registered: Contract, coordinator: User
) -> None:
    Contract.objects.filter(pk=registered.pk).update(status=ContractStatus.CLOSED)
    before = Contract.objects.values().get(pk=registered.pk)
    with pytest.raises(ContractError) as caught:
        _extend(registered, coordinator)
    assert "gesloten" in caught.value.message
    assert Contract.objects.values().get(pk=registered.pk) == before
    assert not ContractExtension.objects.exists()
    assert not AuditEntry.objects.filter(action="contract.extend").exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"months_added": 0}, "months_added"),
        ({"months_added": 121}, "months_added"),
        ({"value_added_eur": Decimal("-1")}, "value_added_eur"),
        ({"value_added_eur": Decimal("1e20")}, "value_added_eur"),
        ({"exercised_on": date(1980, 1, 1)}, "exercised_on"),
        ({"note": "x" * 10_000 + " 111222333"}, "note"),
    ],
)
def test_an_extension_with_values_outside_the_limits_is_refused(
    registered: Contract, coordinator: User, changes: dict, field: str
) -> None:
    before = Contract.objects.values().get(pk=registered.pk)
    with pytest.raises(ValidationError) as caught:
        _extend(registered, coordinator, **changes)
    assert field in caught.value.message_dict
    assert Contract.objects.values().get(pk=registered.pk) == before
    assert not ContractExtension.objects.exists()


def test_only_a_coordinator_records_an_extension(registered: Contract, contractor_a: User) -> None:
    with pytest.raises(PermissionDenied):
        _extend(registered, contractor_a)
    assert not ContractExtension.objects.exists()


# --- status, figures, of record ------------------------------------------------------------


def test_the_contract_status_follows_its_plan(contractor_a: User, coordinator: User) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation)
    contract = plan.contract
    assert contract.status == ContractStatus.PLAN_REQUESTED
    services.plan_submit(acting_user=contractor_a, plan=plan)
    contract.refresh_from_db()
    assert contract.status == ContractStatus.PLAN_IN_REVIEW
    services_review.plan_request_changes(
        acting_user=coordinator, plan=plan, note="Graag aanvullen."
    )
    contract.refresh_from_db()
    assert contract.status == ContractStatus.PLAN_REQUESTED
    services.plan_submit(acting_user=contractor_a, plan=plan)
    services.plan_withdraw(acting_user=contractor_a, plan=plan)
    contract.refresh_from_db()
    assert contract.status == ContractStatus.PLAN_REQUESTED
    services.plan_submit(acting_user=contractor_a, plan=plan)
    assert not contract.of_record
    services_review.plan_approve(acting_user=coordinator, plan=plan)
    contract.refresh_from_db()
    assert contract.of_record is True
    statuses = [
        (entry.data["before"], entry.data["after"])
        for entry in AuditEntry.objects.filter(
            contract_id=contract.pk, action="contract.status"
        ).order_by("at", "id")
    ]
    assert statuses == [
        ("plan_requested", "plan_in_review"),
        ("plan_in_review", "plan_requested"),
        ("plan_requested", "plan_in_review"),
        ("plan_in_review", "plan_requested"),
        ("plan_requested", "plan_in_review"),
    ]


def test_a_contract_with_agreements_in_force_is_not_moved_by_its_plan(
    contractor_a: User,
) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation)
    Contract.objects.filter(pk=plan.contract_id).update(status=ContractStatus.AGREEMENTS_IN_FORCE)
    plan.refresh_from_db()
    services.plan_submit(acting_user=contractor_a, plan=plan)
    plan.contract.refresh_from_db()
    assert plan.contract.status == ContractStatus.AGREEMENTS_IN_FORCE


def test_make_of_record_is_idempotent(contractor_a: User, coordinator: User) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation)
    contract_make_of_record(plan.contract, coordinator)
    contract_make_of_record(plan.contract, coordinator)
    assert Contract.objects.get(pk=plan.contract_id).of_record is True
    assert AuditEntry.objects.filter(action="contract.make_of_record").count() == 1


def test_figures_are_stored_on_create_save_and_submit(contractor_a: User) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation)
    contract = Contract.objects.get(pk=plan.contract_id)
    # The factory inserts lines directly: the services store the figures on the next save.
    plan = services.plan_save_draft(
        acting_user=contractor_a, plan=plan, contract_data={"value_eur": Decimal("2000000")}
    )
    contract.refresh_from_db()
    assert contract.obligation_eur == Decimal("100000.00")
    assert contract.planned_eur == Decimal("25000.00")
    services.plan_submit(acting_user=contractor_a, plan=plan)
    contract.refresh_from_db()
    assert contract.planned_eur == Decimal("25000.00")


def test_refresh_figures_recomputes_what_was_changed_behind_its_back(
    contractor_a: User,
) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation)
    Contract.objects.filter(pk=plan.contract_id).update(
        obligation_eur=Decimal("1"), planned_eur=None
    )
    contract = Contract.objects.get(pk=plan.contract_id)
    contract_refresh_figures(contract)
    stored = Contract.objects.get(pk=plan.contract_id)
    assert (stored.obligation_eur, stored.planned_eur) == (
        Decimal("50000.00"),
        Decimal("25000.00"),
    )


def test_an_incomplete_contract_has_no_obligation(contractor_a: User) -> None:
    contract = services.contract_create(
        acting_user=contractor_a,
        organisation=contractor_a.organisation,  # type: ignore[arg-type]
        data={"name": "Nog leeg", "value_eur": Decimal("1000")},
    )
    assert contract.obligation_eur is None
    assert contract.planned_eur is None


# --- locked fields of a contract of record -------------------------------------------------


def test_a_contractor_cannot_change_the_fields_of_a_contract_of_record(
    registered: Contract, contractor_a: User
) -> None:
    plan = Plan.objects.get(contract=registered)
    before = Contract.objects.values().get(pk=registered.pk)
    with pytest.raises(ValidationError) as caught:
        services.plan_save_draft(
            acting_user=contractor_a,
            plan=plan,
            contract_data={"value_eur": Decimal("1"), "contact_name": "Iemand"},
        )
    assert set(caught.value.message_dict) == {"value_eur"}
    assert Contract.objects.values().get(pk=registered.pk) == before


def test_a_contractor_can_change_the_contact_person_of_a_contract_of_record(
    registered: Contract, contractor_a: User
) -> None:
    plan = Plan.objects.get(contract=registered)
    services.plan_save_draft(
        acting_user=contractor_a,
        plan=plan,
        contract_data={
            "name": registered.name,  # unchanged: not a change, so allowed
            "contact_name": "Petra Jansen",
            "contact_email": "petra@bouw-a.example.org",
        },
    )
    contract = Contract.objects.get(pk=registered.pk)
    assert contract.contact_name == "Petra Jansen"
    assert contract.contact_email == "petra@bouw-a.example.org"


def test_the_plan_of_a_registered_contract_cannot_be_deleted(
    registered: Contract, contractor_a: User
) -> None:
    plan = Plan.objects.get(contract=registered)
    assert services.plan_can_be_deleted(plan) is False
    with pytest.raises(services.PlanTransitionError):
        services.plan_delete(acting_user=contractor_a, plan=plan)
    assert Plan.objects.filter(pk=plan.pk).exists()


def test_every_plan_service_puts_its_entry_on_the_contract_timeline(
    contractor_a: User, coordinator: User
) -> None:
    plan = PlanFactory(contract__organisation=contractor_a.organisation)
    contractor = contractor_of(plan)
    services.plan_save_draft(acting_user=contractor, plan=plan, plan_data={"additional_info": "x"})
    services.plan_submit(acting_user=contractor, plan=plan)
    services_review.plan_request_changes(acting_user=coordinator, plan=plan, note="Aanvullen.")
    services.plan_submit(acting_user=contractor, plan=plan)
    services_review.plan_approve(acting_user=coordinator, plan=plan)
    actions = set(
        AuditEntry.objects.filter(contract_id=plan.contract_id).values_list("action", flat=True)
    )
    assert {
        "plan.save_draft",
        "plan.submit",
        "plan.request_changes",
        "plan.approve",
        "contract.status",
        "contract.make_of_record",
    } <= actions
    assert not AuditEntry.objects.filter(
        action__startswith="plan.", contract_id__isnull=True
    ).exists()
