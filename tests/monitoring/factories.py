"""Factories of the monitoring app. ``RealisationFactory`` writes rows directly (a draft
placement by default; traits ``purchase``, ``activity``, ``submitted``, ``approved``); tests
of behaviour go through ``sroi.monitoring.services``."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import factory
from factory.django import DjangoModelFactory

from sroi.monitoring.constants import (
    EligibilityEvidence,
    EmploymentType,
    RealisationKind,
    RealisationStatus,
)
from sroi.monitoring.models import Candidate, Realisation
from sroi.plans.constants import TargetGroup
from tests.plans.factories import ContractFactory


class CandidateFactory(DjangoModelFactory[Candidate]):
    class Meta:
        model = Candidate

    organisation = factory.SubFactory(
        "tests.factories.OrganisationFactory",
    )
    reference = factory.Sequence(lambda n: f"K-{n:03d}")
    birth_year = 1990


class RealisationFactory(DjangoModelFactory[Realisation]):
    class Meta:
        model = Realisation

    contract = factory.SubFactory(ContractFactory)
    kind = RealisationKind.PLACEMENT
    status = RealisationStatus.DRAFT
    block_code = "PW_LT2"
    candidate = factory.SubFactory(
        CandidateFactory, organisation=factory.SelfAttribute("..contract.organisation")
    )
    target_group = TargetGroup.PW_LT2
    eligibility_evidence = EligibilityEvidence.GEMEENTE_VERKLARING
    start_date = date(2026, 3, 1)
    end_date = None
    planned_end_date = date(2026, 12, 31)
    hours_per_week = Decimal("36")
    employment_type = EmploymentType.TEMPORARY

    class Params:
        purchase = factory.Trait(
            kind=RealisationKind.PURCHASE,
            block_code="SOCIAAL_INKOPEN",
            candidate=None,
            target_group="",
            eligibility_evidence="",
            start_date=None,
            planned_end_date=None,
            hours_per_week=None,
            employment_type="",
            supplier_name="Schoonmaak WerkSaam",
            supplier_kvk="12345678",
            invoice_number=factory.Sequence(lambda n: f"F-2026-{n:04d}"),
            date=date(2026, 4, 15),
            amount_eur=Decimal("4000.00"),
        )
        activity = factory.Trait(
            kind=RealisationKind.ACTIVITY,
            block_code="MAATSCHAPPELIJK",
            candidate=None,
            target_group="",
            eligibility_evidence="",
            start_date=None,
            planned_end_date=None,
            hours_per_week=None,
            employment_type="",
            description="Gastles bouwtechniek op het VSO",
            date=date(2026, 5, 20),
            hours=Decimal("12"),
            employees_count=2,
        )
        submitted = factory.Trait(status=RealisationStatus.SUBMITTED)
        approved = factory.Trait(status=RealisationStatus.APPROVED)


def placement(**overrides: Any) -> dict[str, Any]:
    """A placement row as ``RealisationForm.realisation_data()`` gives it to the services:
    K-017, PW_LT2 36 h/week from 2026-01-01 to 2026-06-30 (EUR 12,500.00 alone)."""
    row: dict[str, Any] = {
        "kind": RealisationKind.PLACEMENT,
        "candidate_reference": "K-017",
        "birth_year": 1995,
        "block_code": "PW_LT2",
        "target_group": "pw_lt2",
        "eligibility_evidence": "gemeente_verklaring",
        "start_date": date(2026, 1, 1),
        "end_date": date(2026, 6, 30),
        "planned_end_date": None,
        "hours_per_week": Decimal("36"),
        "employment_type": "temporary",
        "employer_name": "",
    }
    row.update(overrides)
    return row


# What the entry pages post, as typed (Dutch dates and numbers).
PLACEMENT_POST = {
    "candidate_reference": "K-017",
    "birth_year": "1995",
    "target_group": "pw_lt2",
    "block_code": "",
    "eligibility_evidence": "gemeente_verklaring",
    "start_date": "01-02-2026",
    "end_date": "31-07-2026",
    "planned_end_date": "",
    "hours_per_week": "36",
    "employment_type": "temporary",
    "employer_name": "",
}
PURCHASE_POST = {
    "block_code": "SOCIAAL_INKOPEN",
    "supplier_name": "Schoonmaak WerkSaam",
    "supplier_kvk": "12345678",
    "invoice_number": "F-2026-001",
    "date": "15-04-2026",
    "amount_eur": "4000",
}
