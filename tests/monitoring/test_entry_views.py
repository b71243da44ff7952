"""The contractor's entry pages: access per role, entering and changing realisations with the
Dutch messages (the typed input kept), a crossing edit, submitting the period, the reports
page, the contract page section and a constant query count however many rows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sroi.accounts.models import User
from sroi.agreements.models import AgreementVersion
from sroi.monitoring import services
from sroi.monitoring.constants import RealisationKind, RealisationStatus, ReportStatus
from sroi.monitoring.models import Realisation, Report
from sroi.monitoring.periods import current_period
from sroi.plans.models import Contract
from tests.monitoring.factories import PLACEMENT_POST, PURCHASE_POST, RealisationFactory


@pytest.fixture
def contract_in_force(agreements: AgreementVersion) -> Contract:
    contract = agreements.contract
    contract.refresh_from_db()
    return contract


@pytest.fixture
def draft(contract_in_force: Contract, contractor_a: User) -> Realisation:
    return services.realisation_create(
        acting_user=contractor_a,
        contract=contract_in_force,
        data={
            "kind": RealisationKind.PLACEMENT,
            "candidate_reference": "K-017",
            "birth_year": 1995,
            "block_code": "PW_LT2",
            "target_group": "pw_lt2",
            "eligibility_evidence": "gemeente_verklaring",
            "start_date": date(2026, 2, 1),
            "end_date": date(2026, 7, 31),
            "planned_end_date": None,
            "hours_per_week": Decimal("36"),
            "employment_type": "temporary",
            "employer_name": "",
        },
    )


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _urls(contract: Contract, realisation: Realisation) -> dict[str, tuple[str, str]]:
    """name: (method, url) of every entry view."""
    c = {"contract_pk": contract.pk}
    r = {**c, "pk": realisation.pk}
    return {
        "list": ("get", reverse("monitoring:realisations", kwargs=c)),
        "new_placement": (
            "get",
            reverse("monitoring:realisation_new", kwargs={**c, "kind": "plaatsing"}),
        ),
        "new_purchase": (
            "get",
            reverse("monitoring:realisation_new", kwargs={**c, "kind": "inkoop"}),
        ),
        "new_activity": (
            "get",
            reverse("monitoring:realisation_new", kwargs={**c, "kind": "activiteit"}),
        ),
        "edit": ("get", reverse("monitoring:realisation_edit", kwargs=r)),
        "delete": ("get", reverse("monitoring:realisation_delete", kwargs=r)),
        "reports": ("get", reverse("monitoring:reports", kwargs=c)),
        "submit": ("post", reverse("monitoring:report_submit", kwargs=c)),
        "interval": ("post", reverse("monitoring:reporting_interval", kwargs=c)),
    }


# --- access -----------------------------------------------------------------------------------


def test_anonymous_users_are_sent_to_the_login(
    contract_in_force: Contract, draft: Realisation
) -> None:
    client = _client(None)
    for name, (method, url) in _urls(contract_in_force, draft).items():
        response = getattr(client, method)(url)
        assert response.status_code == 302, name
        assert "/login/" in response["Location"], name


@pytest.mark.parametrize("who", ["contractor_b", "buyer_user"])
def test_another_organisation_and_a_buyer_user_get_404(
    request: pytest.FixtureRequest, who: str, contract_in_force: Contract, draft: Realisation
) -> None:
    client = _client(request.getfixturevalue(who))
    for name, (method, url) in _urls(contract_in_force, draft).items():
        assert getattr(client, method)(url).status_code == 404, name
        if method == "get" and name not in {"list", "reports"}:  # those are GET only
            assert client.post(url).status_code == 404, name
    assert Realisation.objects.filter(pk=draft.pk, status=RealisationStatus.DRAFT).exists()


def test_a_coordinator_reads_but_cannot_write(
    coordinator: User, contract_in_force: Contract, draft: Realisation
) -> None:
    client = _client(coordinator)
    urls = _urls(contract_in_force, draft)
    page = client.get(urls["list"][1])
    assert page.status_code == 200
    text = page.content.decode()
    assert "K-017" in text
    assert "Plaatsing melden" not in text
    assert "Rapportage indienen" not in text
    assert f'href="/contracten/{contract_in_force.pk}/controle/"' in text
    assert client.get(urls["reports"][1]).status_code == 200
    for name in ("new_placement", "new_purchase", "new_activity", "edit", "delete"):
        assert client.get(urls[name][1]).status_code == 403, name
        assert client.post(urls[name][1], PLACEMENT_POST).status_code == 403, name
    period = current_period(contract_in_force, timezone.localdate())
    assert period is not None
    response = client.post(
        urls["submit"][1],
        {"period_start": period.start.isoformat(), "revision": "0", "confirm": "on"},
    )
    assert response.status_code == 403
    assert not Report.objects.exists()
    assert Realisation.objects.get(pk=draft.pk).status == RealisationStatus.DRAFT


def test_the_contractor_sees_its_realisations_and_the_buttons(
    contractor_a: User, contract_in_force: Contract, draft: Realisation
) -> None:
    client = _client(contractor_a)
    for name, (method, url) in _urls(contract_in_force, draft).items():
        if method == "get":
            assert client.get(url).status_code == 200, name
    text = client.get(_urls(contract_in_force, draft)["list"][1]).content.decode()
    for label in ("Plaatsing melden", "Inkoop melden", "Activiteit melden", "Rapportage indienen"):
        assert label in text
    assert "EUR 12.500,00" in text  # six months full time at EUR 25,000 a year
    assert "<dd data-drafts>1</dd>" in text
    pks = {"contract_pk": contract_in_force.pk, "pk": draft.pk}
    assert reverse("monitoring:realisation_edit", kwargs=pks) in text
    assert reverse("monitoring:realisation_delete", kwargs=pks) in text
    assert f'href="/contracten/{contract_in_force.pk}/controle/"' not in text


# --- entering and changing -----------------------------------------------------------------------


def test_the_contractor_reports_a_purchase(contractor_a: User, contract_in_force: Contract) -> None:
    url = reverse(
        "monitoring:realisation_new", kwargs={"contract_pk": contract_in_force.pk, "kind": "inkoop"}
    )
    response = _client(contractor_a).post(url, PURCHASE_POST)
    assert response.status_code == 302
    purchase = Realisation.objects.get(kind=RealisationKind.PURCHASE)
    assert purchase.amount_eur == Decimal("4000.00")
    assert purchase.status == RealisationStatus.DRAFT
    assert purchase.value_eur is not None


def test_bad_input_gets_the_dutch_message_at_the_field_and_keeps_the_text(
    contractor_a: User, contract_in_force: Contract
) -> None:
    url = reverse(
        "monitoring:realisation_new",
        kwargs={"contract_pk": contract_in_force.pk, "kind": "plaatsing"},
    )
    response = _client(contractor_a).post(
        url, {**PLACEMENT_POST, "hours_per_week": "veel", "employer_name": "Groen & Co"}
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["hours_per_week"] == ["Vul een aantal uren in, bijvoorbeeld 36 of 18,5"]
    text = response.content.decode()
    assert 'value="veel"' in text
    assert 'value="K-017"' in text
    assert "Groen &amp; Co" in text
    assert not Realisation.objects.exists()


def test_a_service_refusal_lands_at_its_field(
    contractor_a: User, contract_in_force: Contract, draft: Realisation
) -> None:
    url = reverse(
        "monitoring:realisation_new",
        kwargs={"contract_pk": contract_in_force.pk, "kind": "plaatsing"},
    )
    # K-017 is known with birth year 1995.
    response = _client(contractor_a).post(url, {**PLACEMENT_POST, "birth_year": "1990"})
    assert response.status_code == 400
    errors = response.context["form"].errors["birth_year"]
    assert "bekend met een ander geboortejaar" in " ".join(errors)
    assert 'value="1990"' in response.content.decode()


def test_a_crossing_edit_gets_the_conflict_message_with_the_input_kept(
    contractor_a: User, contract_in_force: Contract, draft: Realisation
) -> None:
    url = reverse(
        "monitoring:realisation_edit", kwargs={"contract_pk": contract_in_force.pk, "pk": draft.pk}
    )
    first, second = _client(contractor_a), _client(contractor_a)
    seen = draft.revision
    assert f'name="revision" value="{seen}"' in first.get(url).content.decode()
    assert (
        first.post(url, {**PLACEMENT_POST, "hours_per_week": "30", "revision": seen}).status_code
        == 302
    )
    response = second.post(url, {**PLACEMENT_POST, "hours_per_week": "20", "revision": seen})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Iemand anders heeft deze realisatie gewijzigd" in text
    assert 'value="20"' in text
    draft.refresh_from_db()
    assert draft.hours_per_week == Decimal("30")
    # The page now carries the current revision: saving again (after checking) works.
    assert f'name="revision" value="{draft.revision}"' in text
    again = second.post(url, {**PLACEMENT_POST, "hours_per_week": "20", "revision": draft.revision})
    assert again.status_code == 302
    draft.refresh_from_db()
    assert draft.hours_per_week == Decimal("20")


def test_changing_an_approved_realisation_makes_a_new_version(
    contractor_a: User, contract_in_force: Contract, draft: Realisation
) -> None:
    Realisation.objects.filter(pk=draft.pk).update(status=RealisationStatus.APPROVED)
    url = reverse(
        "monitoring:realisation_edit", kwargs={"contract_pk": contract_in_force.pk, "pk": draft.pk}
    )
    client = _client(contractor_a)
    assert "Opslaan maakt versie 2" in client.get(url).content.decode()
    response = client.post(
        url, {**PLACEMENT_POST, "end_date": "31-05-2026", "revision": draft.revision}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == RealisationStatus.SUPERSEDED
    new = Realisation.objects.get(supersedes=draft)
    assert (new.version, new.status, new.end_date) == (
        2,
        RealisationStatus.DRAFT,
        date(2026, 5, 31),
    )


def test_the_contractor_removes_a_draft_after_confirming(
    contractor_a: User, contract_in_force: Contract, draft: Realisation
) -> None:
    url = reverse(
        "monitoring:realisation_delete",
        kwargs={"contract_pk": contract_in_force.pk, "pk": draft.pk},
    )
    client = _client(contractor_a)
    assert "Concept verwijderen" in client.get(url).content.decode()
    assert client.post(url, {"revision": draft.revision}).status_code == 302
    assert not Realisation.objects.filter(pk=draft.pk).exists()


# --- submitting and the reports page -------------------------------------------------------------


def test_submitting_needs_the_confirmation_then_moves_the_drafts(
    contractor_a: User, contract_in_force: Contract, draft: Realisation
) -> None:
    period = current_period(contract_in_force, timezone.localdate())
    assert period is not None
    url = reverse("monitoring:report_submit", kwargs={"contract_pk": contract_in_force.pk})
    client = _client(contractor_a)
    data = {"period_start": period.start.isoformat(), "revision": "0"}
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "Vink het vakje aan" in refused.content.decode()
    assert client.post(url, {**data, "confirm": "on"}).status_code == 302
    draft.refresh_from_db()
    assert draft.status == RealisationStatus.SUBMITTED
    report = Report.objects.get()
    assert report.status == ReportStatus.SUBMITTED
    # Nothing left: a second submission is refused with the Dutch message.
    again = client.post(url, {**data, "revision": str(report.revision), "confirm": "on"})
    assert again.status_code == 400
    assert "Er is niets in te dienen" in again.content.decode()
    page = client.get(reverse("monitoring:reports", kwargs={"contract_pk": contract_in_force.pk}))
    assert f'data-period="{period.start.isoformat()}"' in page.content.decode()
    assert "Ingediend" in page.content.decode()


def test_the_reports_page_lists_every_quarter_and_the_coordinator_changes_the_interval(
    coordinator: User, contractor_a: User, contract_in_force: Contract
) -> None:
    reports = reverse("monitoring:reports", kwargs={"contract_pk": contract_in_force.pk})
    interval = reverse(
        "monitoring:reporting_interval", kwargs={"contract_pk": contract_in_force.pk}
    )
    page = _client(contractor_a).get(reports)
    assert page.content.decode().count("data-period=") == 8  # 2026-2027 in quarters
    assert "30 april 2026" in page.content.decode()  # the first quarter's deadline
    assert _client(contractor_a).post(interval, {"months": "1"}).status_code == 403
    client = _client(coordinator)
    refused = client.post(interval, {"months": "5"})
    assert refused.status_code == 400
    assert "uit de lijst." in refused.content.decode()
    assert client.post(interval, {"months": "6"}).status_code == 302
    assert client.get(reports).content.decode().count("data-period=") == 4


def test_the_contract_page_shows_the_counts_and_links_but_not_to_a_buyer(
    contractor_a: User, buyer_user: User, contract_in_force: Contract, draft: Realisation
) -> None:
    RealisationFactory(contract=contract_in_force, purchase=True, approved=True)
    url = reverse("contracts:contract_detail", kwargs={"pk": contract_in_force.pk})
    text = _client(contractor_a).get(url).content.decode()
    assert 'id="contract-realisations"' in text
    assert 'data-status="draft">Concept: 1' in text or "Concept: 1" in text
    assert reverse("monitoring:realisations", kwargs={"contract_pk": contract_in_force.pk}) in text
    buyer_page = _client(buyer_user).get(url)
    assert buyer_page.status_code == 200
    buyer_text = buyer_page.content.decode()
    assert 'id="contract-realisations"' in buyer_text
    assert "/realisaties/" not in buyer_text
    assert "K-017" not in buyer_text


# --- speed ---------------------------------------------------------------------------------


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("suffix", ["", "?kind=placement&page=2", "?status=draft"])
def test_the_list_takes_the_same_number_of_queries_for_many_rows(
    contractor_a: User, contract_in_force: Contract, suffix: str
) -> None:
    client = _client(contractor_a)
    url = reverse("monitoring:realisations", kwargs={"contract_pk": contract_in_force.pk}) + suffix
    make: Callable[..., Any] = RealisationFactory.create_batch
    make(3, contract=contract_in_force)
    make(3, contract=contract_in_force, purchase=True)
    make(3, contract=contract_in_force, activity=True)
    client.get(url)  # warm the process's caches (rule set parse, session)
    few = _queries(client, url)
    make(60, contract=contract_in_force)
    make(60, contract=contract_in_force, purchase=True, approved=True)
    make(60, contract=contract_in_force, activity=True)
    assert _queries(client, url) == few
