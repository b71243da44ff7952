"""Findings of the browser walk: the rejection reason shown to the contractor, duplicate
purchases refused, a closed contract read-only, the final assessment's note rule and the
pages' wording."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sroi.accounts.models import User
from sroi.agreements.models import AgreementVersion
from sroi.monitoring import progress, services, services_verify
from sroi.monitoring.assessment import final_assessment_record
from sroi.monitoring.constants import AssessmentOutcome, RealisationStatus, ReportStatus
from sroi.monitoring.models import Evidence, FinalAssessment, Realisation, Report
from sroi.monitoring.valuation import contract_revalue
from sroi.plans.constants import ContractStatus
from sroi.plans.models import Contract
from tests.monitoring.factories import RealisationFactory
from tests.plans.factories import ContractFactory


@pytest.fixture
def contract(agreements: AgreementVersion) -> Contract:
    contract = agreements.contract
    contract.refresh_from_db()
    return contract


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def rejected(contract: Contract, coordinator: User) -> Realisation:
    report = Report.objects.create(
        contract=contract,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 3, 31),
        deadline=date(2026, 4, 30),
        status=ReportStatus.SUBMITTED,
    )
    realisation = RealisationFactory(
        contract=contract,
        submitted=True,
        report=report,
        start_date=date(2026, 1, 1),
        end_date=date(2026, 3, 31),
        planned_end_date=None,
    )
    contract_revalue(contract, today=date(2026, 3, 31))
    realisation.refresh_from_db()
    return services_verify.realisation_reject(
        acting_user=coordinator,
        realisation=realisation,
        reason="Geen arbeidsovereenkomst bijgevoegd.",
        revision=realisation.revision,
    )


# --- 1. the rejection reason ---------------------------------------------------------------------


def test_the_contractor_reads_the_rejection_reason_in_the_list(
    rejected: Realisation, contractor_a: User, coordinator: User
) -> None:
    coordinator.full_name = "Carla Coördinator"
    coordinator.save()
    url = reverse("monitoring:realisations", kwargs={"contract_pk": rejected.contract_id})
    html = _client(contractor_a).get(url).content.decode()
    assert "Geen arbeidsovereenkomst bijgevoegd." in html
    assert "Carla Coördinator" in html
    assert rejected.decided_at is not None
    day = rejected.decided_at.astimezone().strftime("%Y")
    assert day in html
    assert "Reden van afwijzing" in html


def test_the_edit_page_shows_the_rejection_reason(
    rejected: Realisation, contractor_a: User
) -> None:
    url = reverse(
        "monitoring:realisation_edit",
        kwargs={"contract_pk": rejected.contract_id, "pk": rejected.pk},
    )
    response = _client(contractor_a).get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-rejected" in html
    assert "Geen arbeidsovereenkomst bijgevoegd." in html


def test_a_rejected_value_is_struck_through(rejected: Realisation, contractor_a: User) -> None:
    assert rejected.status == RealisationStatus.REJECTED
    url = reverse("monitoring:realisations", kwargs={"contract_pk": rejected.contract_id})
    html = _client(contractor_a).get(url).content.decode()
    assert "telt niet mee" in html
    assert "<s>" in html
    assert Decimal(0) <= (rejected.value_eur or Decimal(0))


# --- 2. one invoice counts once ------------------------------------------------------------------


def _purchase(invoice: str = "F-2026-001", kvk: str = "12345678") -> dict[str, object]:
    return {
        "kind": "purchase",
        "block_code": "SOCIAAL_INKOPEN",
        "supplier_name": "Schoonmaak WerkSaam",
        "supplier_kvk": kvk,
        "invoice_number": invoice,
        "date": date(2026, 4, 15),
        "amount_eur": Decimal("4000.00"),
    }


def test_the_same_invoice_cannot_be_reported_twice(contract: Contract, contractor_a: User) -> None:
    services.realisation_create(acting_user=contractor_a, contract=contract, data=_purchase())
    with pytest.raises(services.MonitoringError) as exc:
        services.realisation_create(
            acting_user=contractor_a, contract=contract, data=_purchase(" f-2026-001 ")
        )
    assert exc.value.field == "invoice_number"
    assert "F-2026-001" in exc.value.message or "f-2026-001" in exc.value.message
    assert Realisation.objects.filter(contract=contract, kind="purchase").count() == 1
    # another invoice of the same supplier, and the same number of another supplier, are fine
    services.realisation_create(
        acting_user=contractor_a, contract=contract, data=_purchase("F-2026-002")
    )
    services.realisation_create(
        acting_user=contractor_a, contract=contract, data=_purchase(kvk="87654321")
    )
    assert Realisation.objects.filter(contract=contract, kind="purchase").count() == 3


def test_the_same_invoice_on_another_contract_of_the_organisation_is_refused(
    contract: Contract, contractor_a: User
) -> None:
    other = ContractFactory(
        organisation=contract.organisation,
        buyer=contract.buyer,
        status=contract.status,
        ruleset_version=contract.ruleset_version,
    )
    RealisationFactory(contract=other, purchase=True, invoice_number="F-2026-001", submitted=True)
    with pytest.raises(services.MonitoringError) as exc:
        services.realisation_create(acting_user=contractor_a, contract=contract, data=_purchase())
    assert exc.value.field == "invoice_number"


def test_a_rejected_or_superseded_purchase_frees_its_invoice(
    contract: Contract, contractor_a: User
) -> None:
    for status in (RealisationStatus.REJECTED, RealisationStatus.SUPERSEDED):
        RealisationFactory(
            contract=contract, purchase=True, invoice_number="F-2026-001", status=status
        )
    services.realisation_create(acting_user=contractor_a, contract=contract, data=_purchase())


def test_another_organisation_may_report_the_same_invoice(
    contract: Contract, contractor_a: User
) -> None:
    RealisationFactory(purchase=True, invoice_number="F-2026-001", status="approved")
    services.realisation_create(acting_user=contractor_a, contract=contract, data=_purchase())


def test_changing_a_purchase_to_a_reported_invoice_is_refused(
    contract: Contract, contractor_a: User
) -> None:
    services.realisation_create(acting_user=contractor_a, contract=contract, data=_purchase())
    second = services.realisation_create(
        acting_user=contractor_a, contract=contract, data=_purchase("F-2026-002")
    )
    with pytest.raises(services.MonitoringError) as exc:
        services.realisation_update(
            acting_user=contractor_a,
            realisation=second,
            data=_purchase("F-2026-001"),
            revision=second.revision,
        )
    assert exc.value.field == "invoice_number"
    # saving a draft with its own invoice number unchanged is fine
    services.realisation_update(
        acting_user=contractor_a,
        realisation=second,
        data={**_purchase("F-2026-002"), "amount_eur": Decimal("4500.00")},
        revision=second.revision,
    )


def test_a_new_version_keeps_its_invoice(contract: Contract, contractor_a: User) -> None:
    approved = RealisationFactory(
        contract=contract, purchase=True, invoice_number="F-2026-001", status="approved"
    )
    fresh = services.realisation_update(
        acting_user=contractor_a,
        realisation=approved,
        data={**_purchase(), "amount_eur": Decimal("3000.00")},
        revision=approved.revision,
    )
    assert fresh.pk != approved.pk
    assert fresh.supersedes_id == approved.pk
    assert fresh.invoice_number == "F-2026-001"


def test_the_form_shows_the_duplicate_at_the_invoice_number(
    contract: Contract, contractor_a: User
) -> None:
    services.realisation_create(acting_user=contractor_a, contract=contract, data=_purchase())
    url = reverse(
        "monitoring:realisation_new", kwargs={"contract_pk": contract.pk, "kind": "inkoop"}
    )
    response = _client(contractor_a).post(
        url,
        {
            "block_code": "SOCIAAL_INKOPEN",
            "supplier_name": "Schoonmaak WerkSaam",
            "supplier_kvk": "12345678",
            "invoice_number": "F-2026-001",
            "date": "15-04-2026",
            "amount_eur": "4000",
        },
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert "al gemeld" in " ".join(form.errors["invoice_number"])


# --- 3. a closed contract ------------------------------------------------------------------------


@pytest.fixture
def closed(contract: Contract, contractor_a: User) -> Contract:
    services.realisation_create(acting_user=contractor_a, contract=contract, data=_purchase())
    contract.status = ContractStatus.CLOSED
    contract.closed_at = timezone.now()
    contract.save(update_fields=["status", "closed_at"])
    return contract


@pytest.mark.parametrize("kind", ["plaatsing", "inkoop", "activiteit"])
def test_reporting_on_a_closed_contract_says_it_is_closed(
    closed: Contract, contractor_a: User, kind: str
) -> None:
    url = reverse("monitoring:realisation_new", kwargs={"contract_pk": closed.pk, "kind": kind})
    response = _client(contractor_a).get(url, follow=True)
    html = response.content.decode()
    assert "Dit contract is gesloten" in html
    assert "zodra de prestatieafspraken van kracht zijn" not in html


def test_changing_on_a_closed_contract_says_it_is_closed(
    closed: Contract, contractor_a: User
) -> None:
    realisation = Realisation.objects.get(contract=closed)
    url = reverse(
        "monitoring:realisation_edit", kwargs={"contract_pk": closed.pk, "pk": realisation.pk}
    )
    html = _client(contractor_a).get(url, follow=True).content.decode()
    assert "Dit contract is gesloten" in html


def test_the_list_of_a_closed_contract_is_read_only(closed: Contract, contractor_a: User) -> None:
    url = reverse("monitoring:realisations", kwargs={"contract_pk": closed.pk})
    html = _client(contractor_a).get(url).content.decode()
    assert "data-closed" in html
    assert "alleen te lezen" in html
    assert "/realisaties/nieuw/" not in html
    assert "/wijzigen/" not in html
    assert "zodra de prestatieafspraken van kracht zijn" not in html


# --- 4. the final assessment ---------------------------------------------------------------------


@pytest.fixture
def ended(contract: Contract) -> Contract:
    """Ended yesterday, EUR 30,000 approved of the EUR 50,000 obligation: EUR 20,000 short."""
    end = min(contract.end_date, timezone.localdate() - timedelta(days=1))
    Contract.objects.filter(pk=contract.pk).update(end_date=end)
    contract.refresh_from_db()
    RealisationFactory(contract=contract, purchase=True, approved=True, amount_eur=Decimal("30000"))
    return contract


def test_fulfilled_with_a_shortfall_needs_a_note(ended: Contract, coordinator: User) -> None:
    with pytest.raises(services.MonitoringError) as exc:
        final_assessment_record(
            acting_user=coordinator,
            contract=ended,
            outcome=AssessmentOutcome.FULFILLED,
            note="  ",
            number=1,
        )
    assert exc.value.field == "note"
    assert "EUR 20.000,00" in exc.value.message
    assert not FinalAssessment.objects.exists()
    recorded = final_assessment_record(
        acting_user=coordinator,
        contract=ended,
        outcome=AssessmentOutcome.FULFILLED,
        note="Het tekort is door overmacht ontstaan; zo afgesproken met de opdrachtgever.",
        number=1,
    )
    obligation = Decimal("50000.00")
    assert recorded.shortfall_eur == obligation - Decimal("30000.00")
    assert recorded.settlement_eur == Decimal("0.00")


def test_not_fulfilled_needs_no_note(ended: Contract, coordinator: User) -> None:
    recorded = final_assessment_record(
        acting_user=coordinator,
        contract=ended,
        outcome=AssessmentOutcome.NOT_FULFILLED,
        note="",
        number=1,
    )
    assert recorded.settlement_eur == Decimal("20000.00")


def test_the_page_warns_and_shows_the_note_error(ended: Contract, coordinator: User) -> None:
    client = _client(coordinator)
    url = reverse("monitoring:final_assessment", kwargs={"contract_pk": ended.pk})
    html = client.get(url).content.decode()
    assert "data-shortfall-warning" in html
    # no `required` attribute: the radios are not drawn invalid before any input
    assert " required" not in html.split('name="outcome"', 1)[1].split(">", 1)[0]
    response = client.post(
        url,
        {"outcome": "fulfilled", "note": "", "number": "1", "realised": "30000.00"},
    )
    assert response.status_code == 400
    assert "leg in de toelichting uit" in " ".join(response.context["form"].errors["note"])
    assert not FinalAssessment.objects.exists()


def test_the_assessments_table_names_its_number_column(ended: Contract, coordinator: User) -> None:
    final_assessment_record(
        acting_user=coordinator,
        contract=ended,
        outcome=AssessmentOutcome.NOT_FULFILLED,
        note="",
        number=1,
    )
    url = reverse("monitoring:final_assessment", kwargs={"contract_pk": ended.pk})
    html = _client(coordinator).get(url).content.decode()
    header = html.split('id="assessments"', 1)[1].split("</thead>", 1)[0]
    assert "Nummer" in header
    assert "Aantal" not in header


# --- 5. the verification page --------------------------------------------------------------------


@pytest.fixture
def awaiting(contract: Contract) -> Realisation:
    report = Report.objects.create(
        contract=contract,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 3, 31),
        deadline=date(2026, 4, 30),
        status=ReportStatus.SUBMITTED,
    )
    realisation = RealisationFactory(
        contract=contract, purchase=True, submitted=True, report=report
    )
    contract_revalue(contract, today=date(2026, 3, 31))
    return realisation


def test_the_decision_buttons_name_the_realisation_for_screen_readers(
    awaiting: Realisation, coordinator: User
) -> None:
    html = (
        _client(coordinator).get(f"/contracten/{awaiting.contract_id}/controle/").content.decode()
    )
    name = f"Inkoop bij een sociale onderneming {awaiting.pk}"
    hidden = f'<span class="sroi-visually-hidden"> {name}</span>'
    assert f"Goedkeuren{hidden}</button>" in html
    assert f"Afwijzen{hidden}</button>" in html
    assert f"{awaiting.pk} goedkeuren" not in html
    # the help text sits at its field, not in a paragraph at the top
    assert 'id="reason-help"' not in html
    assert f'aria-describedby="id_row-{awaiting.pk}-reason_help"' in html
    assert "niet verplicht" not in html


def test_a_rejection_without_reason_is_not_labelled_optional(
    awaiting: Realisation, coordinator: User
) -> None:
    response = _client(coordinator).post(
        f"/contracten/{awaiting.contract_id}/controle/{awaiting.pk}/besluit/",
        {f"row-{awaiting.pk}-revision": str(awaiting.revision), "decision": "reject"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Geef de reden" in html
    assert "niet verplicht" not in html
    assert (
        f'aria-describedby="id_row-{awaiting.pk}-reason_help id_row-{awaiting.pk}-reason_error"'
        in html
    )


# --- 7. wording ---------------------------------------------------------------------------------


def test_the_progress_page_says_wacht_op_controle(awaiting: Realisation, coordinator: User) -> None:
    html = _client(coordinator).get(f"/contracten/{awaiting.contract_id}/voortgang/")
    text = html.content.decode()
    assert "Wacht op controle" in text
    assert "verificatie" not in text.lower()


def test_the_submit_error_has_no_doubled_full_stop(contract: Contract, contractor_a: User) -> None:
    services.realisation_create(acting_user=contractor_a, contract=contract, data=_purchase())
    url = reverse("monitoring:report_submit", kwargs={"contract_pk": contract.pk})
    response = _client(contractor_a).post(url, {"period_start": "2026-04-01", "revision": "0"})
    assert response.status_code == 400
    assert ".:" not in response.content.decode()


def test_evidence_types_and_import_limit_read_well(
    awaiting: Realisation, contractor_a: User
) -> None:
    Evidence.objects.create(
        realisation=awaiting,
        original_name="factuur.pdf",
        content_type="application/pdf",
        size=1000,
        sha256="0" * 64,
    )
    contract_pk = awaiting.contract_id
    html = (
        _client(contractor_a)
        .get(f"/contracten/{contract_pk}/realisaties/{awaiting.pk}/bewijs/")
        .content.decode()
    )
    assert '<td class="utrecht-table__cell" data-file-type>PDF</td>' in html
    assert "application/pdf" not in html
    html = (
        _client(contractor_a)
        .get(f"/contracten/{contract_pk}/realisaties/importeren/")
        .content.decode()
    )
    assert "10.000 rijen" in html
    assert "10000 rijen" not in html


# --- 6. the progress chart -----------------------------------------------------------------------


def test_the_chart_has_period_ticks_and_room_for_its_labels(
    awaiting: Realisation, coordinator: User
) -> None:
    contract = awaiting.contract
    html = _client(coordinator).get(f"/contracten/{contract.pk}/voortgang/").content.decode()
    chart = html.split('data-chart="progress"', 1)[1].split("</svg>", 1)[0]
    # 2026-01-01 to 2027-12-31, quarterly: 8 periods, a tick at the start and at each end
    assert chart.count("data-tick") == 8 + 1
    assert "01-01-2026" in chart
    assert "31-12-2027" in chart
    assert "30-09-2026" in chart or "31-12-2026" in chart  # the middle period's end
    assert 'class="sroi-chart__scroll" tabindex="0"' in html
    # "EUR 50.000,00" at 12 units (~7 units a character) fits left of the axis
    assert len("EUR 50.000,00") * 7 + 10 <= progress.CHART_LEFT - 6
