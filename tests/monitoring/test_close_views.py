"""The final assessment page and its PDF for every role: anonymous (to the login), another
organisation (404), the contractor and the buyer user (read and download, never record), the
coordinator (records)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sroi.accounts.constants import OrganisationKind, Role
from sroi.accounts.models import User
from sroi.agreements.models import AgreementVersion
from sroi.monitoring.assessment import final_assessment_record
from sroi.monitoring.constants import AssessmentOutcome
from sroi.monitoring.models import FinalAssessment
from sroi.monitoring.valuation import contract_revalue
from sroi.plans.constants import ContractStatus
from sroi.plans.models import Contract
from tests.factories import OrganisationFactory, UserFactory
from tests.monitoring.factories import RealisationFactory
from tests.privacy.conftest import REFUSED_NL


@pytest.fixture
def ended(agreements: AgreementVersion) -> Contract:
    """The contract, ended yesterday (or on its end date), with EUR 30,000 approved."""
    contract = agreements.contract
    assert contract.end_date is not None
    end = min(contract.end_date, timezone.localdate() - timedelta(days=1))
    Contract.objects.filter(pk=contract.pk).update(end_date=end)
    contract.refresh_from_db()
    RealisationFactory(contract=contract, purchase=True, approved=True, amount_eur=Decimal("30000"))
    return contract


@pytest.fixture
def recorded(ended: Contract, coordinator: User) -> FinalAssessment:
    return final_assessment_record(
        acting_user=coordinator,
        contract=ended,
        outcome=AssessmentOutcome.NOT_FULFILLED,
        note="Verrekening met de laatste termijn.",
        number=1,
    )


def _page(contract: Contract) -> str:
    return reverse("monitoring:final_assessment", kwargs={"contract_pk": contract.pk})


def _pdf(contract: Contract, number: int = 1) -> str:
    return reverse(
        "monitoring:final_assessment_pdf", kwargs={"contract_pk": contract.pk, "number": number}
    )


def _post(number: int = 1, **data: str) -> dict[str, str]:
    return {
        "outcome": AssessmentOutcome.NOT_FULFILLED,
        "note": "Het tekort wordt verrekend.",
        "number": str(number),
        "realised": "30000.00",
        **data,
    }


def test_anonymous_goes_to_the_login(client: Client, recorded: FinalAssessment) -> None:
    contract = recorded.contract
    for url in (_page(contract), _pdf(contract)):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"] or "login" in response["Location"]
    assert client.post(_page(contract), _post(2)).status_code == 302


def test_another_organisation_and_another_buyer_get_404(
    client: Client, recorded: FinalAssessment, contractor_b: User
) -> None:
    other_buyer = UserFactory(
        role=Role.BUYER, organisation=OrganisationFactory(kind=OrganisationKind.BUYER)
    )
    contract = recorded.contract
    for user in (contractor_b, other_buyer):
        client.force_login(user)
        assert client.get(_page(contract)).status_code == 404
        assert client.get(_pdf(contract)).status_code == 404
        assert client.post(_page(contract), _post(2)).status_code == 404


@pytest.mark.parametrize("role", ["contractor", "buyer"])
def test_contractor_and_buyer_read_and_download_but_never_record(
    client: Client,
    recorded: FinalAssessment,
    contractor_a: User,
    buyer_user: User,
    role: str,
) -> None:
    client.force_login(contractor_a if role == "contractor" else buyer_user)
    contract = recorded.contract
    page = client.get(_page(contract))
    assert page.status_code == 200
    assert page.context["form"] is None
    assert b'name="outcome"' not in page.content
    assert "EUR 20.000,00" in page.content.decode()  # the shortfall 50,000 - 30,000
    pdf = client.get(_pdf(contract))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content == bytes(FinalAssessment.objects.get(pk=recorded.pk).pdf)
    assert client.get(_pdf(contract, 2)).status_code == 404
    assert client.post(_page(contract), _post(2)).status_code == 403
    assert FinalAssessment.objects.count() == 1


def test_the_contractor_cannot_record_before_closing_either(
    client: Client, ended: Contract, contractor_a: User
) -> None:
    client.force_login(contractor_a)
    assert client.post(_page(ended), _post()).status_code == 403
    assert not FinalAssessment.objects.exists()


def test_the_coordinator_sees_the_figures_and_records(
    client: Client, ended: Contract, coordinator: User
) -> None:
    RealisationFactory(contract=ended, purchase=True, submitted=True, amount_eur=Decimal("5000"))
    # The factory writes rows; the services (or the daily revalue_contracts) store the figures
    # the page shows.
    contract_revalue(ended)
    client.force_login(coordinator)
    page = client.get(_page(ended))
    assert page.status_code == 200
    text = page.content.decode()
    assert "EUR 50.000,00" in text  # obligation
    assert "EUR 30.000,00" in text  # realised (approved only)
    assert "EUR 5.000,00" in text  # pending, with the warning
    assert "tellen niet mee" in text
    assert "EUR 20.000,00" in text  # shortfall

    response = client.post(_page(ended), _post())

    assert response.status_code == 302
    assessment = FinalAssessment.objects.get()
    assert assessment.shortfall_eur == Decimal("20000.00")
    assert assessment.settlement_eur == Decimal("20000.00")
    ended.refresh_from_db()
    assert ended.status == ContractStatus.CLOSED
    detail = client.get(reverse("contracts:contract_detail", kwargs={"pk": ended.pk}))
    assert "Eindbeoordeling" in detail.content.decode()
    again = client.get(_page(ended))
    assert again.context["form"] is None
    assert "afgesloten" in again.content.decode()


def test_bad_input_is_refused_at_the_field_and_kept(
    client: Client, ended: Contract, coordinator: User
) -> None:
    client.force_login(coordinator)
    note = "Kandidaat 123456782 telt niet."
    response = client.post(_page(ended), _post(note=note))
    assert response.status_code == 400
    assert response.context["form"].errors["note"] == [REFUSED_NL]
    assert note in response.content.decode()
    response = client.post(_page(ended), _post(outcome=AssessmentOutcome.RECOVERY))
    assert response.status_code == 400
    assert "recovery_deadline" in response.context["form"].errors
    response = client.post(_page(ended), _post(realised="29000.00"))
    assert response.status_code == 409
    assert "gewijzigd" in response.context["error"]
    assert not FinalAssessment.objects.exists()


def test_the_section_on_the_contract_page_before_the_end(
    client: Client, agreements: AgreementVersion, coordinator: User
) -> None:
    contract = agreements.contract
    Contract.objects.filter(pk=contract.pk).update(
        end_date=timezone.localdate() + timedelta(days=30)
    )
    client.force_login(coordinator)
    page = client.get(_page(contract))
    assert page.status_code == 200
    assert page.context["form"] is None
    assert client.post(_page(contract), _post()).status_code == 409
