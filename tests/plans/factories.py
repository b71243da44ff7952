"""Factories of the plans domain. Workflow states come from the services, not raw inserts:
``PlanFactory(submitted=True)`` submits the plan (version 1, mails in the outbox) as a
contractor of its organisation, ``approved``/``changes_requested`` then decide as a coordinator,
``withdrawn`` withdraws it again, ``rejected`` rejects it (final).

The default plan is complete and valued by hand (NHN indicative rule set, Participatiewet
< 2 jaar = EUR 25,000 per full-time year): contract EUR 1,000,000 at 5 % from 2026-01-01 to
2027-12-31 -> obligation EUR 50,000.00; one candidate 36 h/week 2026-01-01..2026-12-31 ->
25,000 x 36/36 x 12/12 = EUR 25,000.00; fulfilment 50.0 %.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import factory
from factory.django import DjangoModelFactory

from sroi.accounts.constants import OrganisationKind, Role
from sroi.accounts.models import Organisation, User
from sroi.plans import services, services_review
from sroi.plans.constants import EffortKind, TargetGroup
from sroi.plans.models import Buyer, Contract, Plan, PlanLine
from sroi.rules.selectors import ruleset_version_valid_on
from tests.factories import OrganisationFactory, UserFactory


class BuyerFactory(DjangoModelFactory[Buyer]):
    """A buyer with its organisation (kind buyer, the same name), as ``buyer_create`` makes."""

    class Meta:
        model = Buyer
        django_get_or_create = ("name",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Gemeente Test {n}")
    active = True

    @factory.post_generation
    def with_organisation(obj: Buyer, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and obj.organisation_id is None and extracted is not False:
            obj.organisation = Organisation.objects.create(
                name=obj.name, kind=OrganisationKind.BUYER
            )
            obj.save(update_fields=["organisation"])


def buyer_user_of(buyer: Buyer, **kwargs: Any) -> User:
    """A buyer user (role buyer) of ``buyer``'s organisation."""
    return UserFactory(role=Role.BUYER, organisation=buyer.organisation, **kwargs)


class ContractFactory(DjangoModelFactory[Contract]):
    class Meta:
        model = Contract

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Onderhoud wegen {n}")
    buyer = factory.SubFactory(BuyerFactory)
    value_eur = Decimal("1000000.00")
    start_date = date(2026, 1, 1)
    end_date = date(2027, 12, 31)
    sroi_percentage = Decimal("5.00")
    ruleset_version = factory.LazyAttribute(
        lambda o: ruleset_version_valid_on(code="nhn-werksaam", day=o.start_date)
    )


def contractor_of(plan: Plan) -> User:
    user = (
        User.objects.filter(organisation_id=plan.contract.organisation_id, role=Role.CONTRACTOR)
        .order_by("pk")
        .first()
    )
    return user or UserFactory(organisation=plan.contract.organisation)


class PlanFactory(DjangoModelFactory[Plan]):
    class Meta:
        model = Plan
        skip_postgeneration_save = True

    contract = factory.SubFactory(ContractFactory)
    effort_kinds = factory.LazyFunction(lambda: [EffortKind.JOBS.value])
    target_groups = factory.LazyFunction(lambda: [TargetGroup.PW_LT2.value])
    work_description = "Grondwerk en bestrating."

    @factory.post_generation
    def lines(obj: Plan, create: bool, extracted: Any, **kwargs: Any) -> None:
        if not create:
            return
        rows = (
            extracted
            if extracted is not None
            else [
                {
                    "target_group": TargetGroup.PW_LT2.value,
                    "count": 1,
                    "hours_per_week": Decimal("36"),
                    "start_date": date(2026, 1, 1),
                    "end_date": date(2026, 12, 31),
                }
            ]
        )
        for position, row in enumerate(rows):
            PlanLine.objects.create(plan=obj, position=position, **row)

    workflow_state = factory.SelfAttribute("state")

    @classmethod
    def _create(cls, model_class: type[Plan], *args: Any, **kwargs: Any) -> Plan:
        state = kwargs.pop("workflow_state", "draft")
        plan = super()._create(model_class, *args, **kwargs)
        plan._factory_state = state  # type: ignore[attr-defined]  # read by ``workflow``
        return plan

    @factory.post_generation
    def workflow(obj: Plan, create: bool, extracted: Any, **kwargs: Any) -> None:
        """Runs after ``lines``: bring the plan to its state through the services."""
        extracted = getattr(obj, "_factory_state", "draft")
        if not create or extracted == "draft":
            return
        contractor = contractor_of(obj)
        services.plan_submit(acting_user=contractor, plan=obj)
        obj.refresh_from_db()
        if extracted == "submitted":
            return
        if extracted == "withdrawn":
            services.plan_withdraw(acting_user=contractor, plan=obj)
        else:
            coordinator = UserFactory(coordinator=True)
            if extracted == "approved":
                services_review.plan_approve(acting_user=coordinator, plan=obj, note="Akkoord.")
            elif extracted == "rejected":
                services_review.plan_reject(
                    acting_user=coordinator, plan=obj, reasons="Past niet bij de opdracht."
                )
            elif extracted == "changes_requested":
                services_review.plan_request_changes(
                    acting_user=coordinator, plan=obj, note="Graag de startdata toelichten."
                )
            else:  # pragma: no cover
                raise ValueError(extracted)
        obj.refresh_from_db()

    class Params:
        state = "draft"
        submitted = factory.Trait(state="submitted")
        approved = factory.Trait(state="approved")
        changes_requested = factory.Trait(state="changes_requested")
        withdrawn = factory.Trait(state="withdrawn")
        rejected = factory.Trait(state="rejected")
