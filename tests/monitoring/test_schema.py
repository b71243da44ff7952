"""The monitoring schema's own rules: the candidate identity and the database constraints."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from sroi.agreements.models import AgreementVersion
from sroi.monitoring.models import Candidate
from sroi.plans.models import Contract
from tests.monitoring.factories import CandidateFactory, RealisationFactory


def test_reference_is_unique_within_an_organisation(contract: Contract) -> None:
    CandidateFactory(organisation=contract.organisation, reference="K-001")
    with pytest.raises(IntegrityError), transaction.atomic():
        Candidate.objects.create(organisation=contract.organisation, reference="K-001")


def test_anonymised_candidates_may_share_the_empty_reference(contract: Contract) -> None:
    CandidateFactory(organisation=contract.organisation, reference="")
    CandidateFactory(organisation=contract.organisation, reference="")
    assert Candidate.objects.filter(reference="").count() == 2


def test_end_before_start_is_refused_by_the_database(contract: Contract) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        RealisationFactory(
            contract=contract, start_date=date(2026, 5, 1), end_date=date(2026, 4, 1)
        )


def test_factory_kinds(agreements: AgreementVersion) -> None:
    contract = agreements.contract
    placement = RealisationFactory(contract=contract)
    purchase = RealisationFactory(contract=contract, purchase=True)
    activity = RealisationFactory(contract=contract, activity=True)
    assert placement.is_running
    assert placement.candidate is not None
    assert placement.candidate.organisation_id == contract.organisation_id
    assert not purchase.is_running and purchase.candidate is None
    assert activity.employees_count == 2
