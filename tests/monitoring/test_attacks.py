"""Attacks on the monitoring app: access per role on every URL, IDOR on every pk, method
tampering, missing CSRF and hostile input (huge numbers, NaN, extreme dates, long strings,
NUL bytes, BSNs, HTML, formula injection, huge spreadsheets). Every attack must end in a
refusal (302 to the login, 400, 403, 404, 405, 413, 422) and nothing stored; never a 500,
a hang or a leak. The crossing requests on PostgreSQL are in ``test_attacks_crossing.py``."""

from __future__ import annotations

import io
import time
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sroi.accounts.models import User
from sroi.agreements.models import AgreementVersion
from sroi.monitoring import evidence, imports, services
from sroi.monitoring.constants import RealisationKind, RealisationStatus
from sroi.monitoring.models import Candidate, Evidence, FinalAssessment, Realisation
from sroi.plans.models import Contract
from tests.monitoring.factories import PLACEMENT_POST, PURCHASE_POST, RealisationFactory
from tests.plans.factories import PlanFactory

PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)


def _valid_bsn() -> str:
    """The first nine-digit number from 11111110 up that passes the 11-proef."""
    for n in range(111111110, 111111300):
        digits = [int(c) for c in f"{n:09d}"]
        total = sum(d * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - digits[8]
        if total % 11 == 0:
            return f"{n:09d}"
    raise AssertionError  # pragma: no cover


BSN = _valid_bsn()
BSN_DOTTED = f"{BSN[:4]}.{BSN[4:6]}.{BSN[6:]}"
BSN_SPACED = f"{BSN[:3]} {BSN[3:6]} {BSN[6:]}"
SCRIPT = '<script>alert("x")</script>'

ACTIVITY_POST = {
    "block_code": "MAATSCHAPPELIJK",
    "description": "Gastles op een VSO-school",
    "date": "15-04-2026",
    "hours": "8",
    "employees_count": "2",
}


@pytest.fixture
def contract_in_force(agreements: AgreementVersion) -> Contract:
    contract = agreements.contract
    contract.refresh_from_db()
    return contract


def _data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
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
    }
    data.update(changes)
    return data


@pytest.fixture
def draft(contract_in_force: Contract, contractor_a: User) -> Realisation:
    return services.realisation_create(
        acting_user=contractor_a, contract=contract_in_force, data=_data()
    )


@pytest.fixture
def submitted(draft: Realisation) -> Realisation:
    Realisation.objects.filter(pk=draft.pk).update(status=RealisationStatus.SUBMITTED)
    draft.refresh_from_db()
    return draft


@pytest.fixture
def proof(draft: Realisation, contractor_a: User) -> Evidence:
    return evidence.evidence_add(
        acting_user=contractor_a,
        realisation=draft,
        upload=SimpleUploadedFile("bewijs.pdf", PDF, content_type="application/pdf"),
    )


@pytest.fixture
def other_contract(contractor_a: User) -> Contract:
    """A second contract of the same contractor (IDOR between two contracts one user sees)."""
    return PlanFactory(contract__organisation=contractor_a.organisation, approved=True).contract


def _client(user: User | None, *, csrf: bool = False) -> Client:
    client = Client(enforce_csrf_checks=csrf)
    if user is not None:
        client.force_login(user)
    return client


def _all_urls(contract: Contract, r: Realisation, e: Evidence) -> dict[str, str]:
    base = f"/contracten/{contract.pk}"
    return {
        "list": f"{base}/realisaties/",
        "new": f"{base}/realisaties/nieuw/plaatsing/",
        "edit": f"{base}/realisaties/{r.pk}/wijzigen/",
        "delete": f"{base}/realisaties/{r.pk}/verwijderen/",
        "reports": f"{base}/rapportages/",
        "submit": f"{base}/rapportages/indienen/",
        "interval": f"{base}/rapportages/periode/",
        "evidence_list": f"{base}/realisaties/{r.pk}/bewijs/",
        "evidence_remove": f"{base}/realisaties/{r.pk}/bewijs/{e.pk}/verwijderen/",
        "evidence_download": f"{base}/bewijs/{e.pk}/",
        "import": f"{base}/realisaties/importeren/",
        "template_xlsx": f"{base}/realisaties/importeren/sjabloon.xlsx",
        "template_csv": f"{base}/realisaties/importeren/sjabloon.csv",
        "verify": f"{base}/controle/",
        "approve_checked": f"{base}/controle/goedkeuren/",
        "decide": f"{base}/controle/{r.pk}/besluit/",
        "progress": f"{base}/voortgang/",
        "final": f"{base}/eindbeoordeling/",
        "final_pdf": f"{base}/eindbeoordeling/1/pdf/",
    }


def _state() -> tuple[object, ...]:
    return (
        list(Realisation.objects.order_by("pk").values_list("pk", "status", "revision")),
        list(Evidence.objects.order_by("pk").values_list("pk", "removed_at")),
        FinalAssessment.objects.count(),
        list(Contract.objects.order_by("pk").values_list("pk", "reporting_interval_months")),
    )


# --- access per role ---------------------------------------------------------------------------


def test_anonymous_gets_the_login_on_every_url(
    contract_in_force: Contract, draft: Realisation, proof: Evidence
) -> None:
    client = Client()
    before = _state()
    for name, url in _all_urls(contract_in_force, draft, proof).items():
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code in (302, 405), (name, method, response.status_code)
            if response.status_code == 302:
                assert "/login" in response["Location"] or "inloggen" in response["Location"]
    assert _state() == before


def test_another_organisation_gets_404_on_every_url(
    contract_in_force: Contract, draft: Realisation, proof: Evidence, contractor_b: User
) -> None:
    client = _client(contractor_b)
    before = _state()
    for name, url in _all_urls(contract_in_force, draft, proof).items():
        for method in ("get", "post"):
            status = getattr(client, method)(url).status_code
            assert status in (404, 405), (name, method, status)
    assert _state() == before


def test_a_buyer_user_never_sees_references_files_or_the_list(
    contract_in_force: Contract, draft: Realisation, proof: Evidence, buyer_user: User
) -> None:
    client = _client(buyer_user)
    before = _state()
    urls = _all_urls(contract_in_force, draft, proof)
    hidden = [
        "list",
        "new",
        "edit",
        "delete",
        "evidence_list",
        "evidence_remove",
        "evidence_download",
        "import",
        "template_xlsx",
        "template_csv",
    ]
    for name in hidden:
        for method in ("get", "post"):
            status = getattr(client, method)(urls[name]).status_code
            assert status in (404, 405), (name, method, status)
    for name in ("verify", "approve_checked", "decide", "submit", "interval"):
        assert client.post(urls[name]).status_code in (403, 404), name
    for name in ("progress", "final", "reports"):
        response = client.get(urls[name])
        assert response.status_code in (200, 404), name
        assert "K-017" not in response.content.decode(), name
        assert "bewijs.pdf" not in response.content.decode(), name
    contract_page = client.get(f"/contracten/{contract_in_force.pk}/").content.decode()
    assert "K-017" not in contract_page
    assert "bewijs.pdf" not in contract_page
    assert _state() == before


def test_a_contractor_cannot_take_coordinator_actions(
    contract_in_force: Contract, submitted: Realisation, contractor_a: User
) -> None:
    client = _client(contractor_a)
    base = f"/contracten/{contract_in_force.pk}"
    before = _state()
    decide = f"{base}/controle/{submitted.pk}/besluit/"
    prefix = f"row-{submitted.pk}"
    assert client.post(decide, {f"{prefix}-revision": submitted.revision}).status_code == 403
    reject = {
        f"{prefix}-revision": submitted.revision,
        f"{prefix}-reason": "x",
        "decision": "reject",
    }
    assert client.post(decide, reject).status_code == 403
    approve_all = {"checked": submitted.pk, f"revision-{submitted.pk}": submitted.revision}
    assert client.post(f"{base}/controle/goedkeuren/", approve_all).status_code == 403
    assert client.get(f"{base}/controle/").status_code == 403
    final = {"outcome": "fulfilled", "number": 1, "realised": "0", "note": ""}
    assert client.post(f"{base}/eindbeoordeling/", final).status_code == 403
    assert client.post(f"{base}/rapportages/periode/", {"months": "1"}).status_code == 403
    assert _state() == before


def test_a_coordinator_cannot_take_contractor_actions(
    contract_in_force: Contract, draft: Realisation, proof: Evidence, coordinator: User
) -> None:
    client = _client(coordinator)
    base = f"/contracten/{contract_in_force.pk}"
    before = _state()
    assert client.post(f"{base}/realisaties/nieuw/plaatsing/", PLACEMENT_POST).status_code == 403
    edit = {**PLACEMENT_POST, "revision": draft.revision, "hours_per_week": "1"}
    assert client.post(f"{base}/realisaties/{draft.pk}/wijzigen/", edit).status_code == 403
    delete = {"revision": draft.revision}
    assert client.post(f"{base}/realisaties/{draft.pk}/verwijderen/", delete).status_code == 403
    submit = {"period_start": "2026-01-01", "revision": 0, "confirm": "on"}
    assert client.post(f"{base}/rapportages/indienen/", submit).status_code == 403
    upload = SimpleUploadedFile("b.pdf", PDF, content_type="application/pdf")
    response = client.post(f"{base}/realisaties/{draft.pk}/bewijs/", {"file": upload})
    assert response.status_code == 403
    remove = f"{base}/realisaties/{draft.pk}/bewijs/{proof.pk}/verwijderen/"
    assert client.post(remove).status_code == 403
    csv_file = SimpleUploadedFile("p.csv", b"a;b\r\n1;2\r\n", content_type="text/csv")
    assert client.post(f"{base}/realisaties/importeren/", {"file": csv_file}).status_code == 403
    assert _state() == before


# --- IDOR ----------------------------------------------------------------------------------------


def test_a_realisation_or_file_of_one_contract_is_not_reached_through_another(
    contract_in_force: Contract,
    submitted: Realisation,
    proof: Evidence,
    other_contract: Contract,
    contractor_a: User,
    coordinator: User,
) -> None:
    base = f"/contracten/{other_contract.pk}"
    r, e = submitted.pk, proof.pk
    own_realisation = RealisationFactory(contract=other_contract)
    before = _state()
    contractor = _client(contractor_a)
    for url in (
        f"{base}/realisaties/{r}/wijzigen/",
        f"{base}/realisaties/{r}/verwijderen/",
        f"{base}/realisaties/{r}/bewijs/",
        f"{base}/bewijs/{e}/",
    ):
        assert contractor.get(url).status_code == 404, url
        assert contractor.post(url, {**PLACEMENT_POST, "revision": 1}).status_code in (404, 405)
    remove = f"{base}/realisaties/{own_realisation.pk}/bewijs/{e}/verwijderen/"
    assert contractor.post(remove).status_code == 404
    coord = _client(coordinator)
    prefix = f"row-{r}"
    decide = {f"{prefix}-revision": submitted.revision}
    assert coord.post(f"{base}/controle/{r}/besluit/", decide).status_code == 404
    approve = {"checked": r, f"revision-{r}": submitted.revision}
    response = coord.post(f"{base}/controle/goedkeuren/", approve)
    assert response.status_code in (404, 409)
    assert coord.get(f"{base}/bewijs/{e}/").status_code == 404
    assert _state() == before


def test_huge_pks_in_urls_and_forms_are_404_not_500(
    contract_in_force: Contract, coordinator: User, contractor_a: User
) -> None:
    huge = "9" * 30
    for user in (coordinator, contractor_a):
        client = _client(user)
        for url in (
            f"/contracten/{huge}/realisaties/",
            f"/contracten/{contract_in_force.pk}/realisaties/{huge}/wijzigen/",
            f"/contracten/{contract_in_force.pk}/bewijs/{huge}/",
            f"/contracten/{contract_in_force.pk}/eindbeoordeling/{huge}/pdf/",
            f"/contracten/{contract_in_force.pk}/realisaties/{huge}/bewijs/",
        ):
            assert client.get(url).status_code == 404, url


def test_approve_checked_with_odd_digits_or_huge_ids_is_not_a_500(
    contract_in_force: Contract, submitted: Realisation, coordinator: User
) -> None:
    """``str.isdigit`` accepts a superscript two, which ``int()`` refuses."""
    client = _client(coordinator)
    url = f"/contracten/{contract_in_force.pk}/controle/goedkeuren/"
    before = _state()
    for data in (
        {"checked": "²"},
        {"checked": str(submitted.pk), f"revision-{submitted.pk}": "²"},
        {"checked": "9" * 30},
        {"checked": str(submitted.pk), f"revision-{submitted.pk}": "9" * 30},
    ):
        response = client.post(url, data)
        assert response.status_code in (302, 400, 404, 409), (data, response.status_code)
    assert _state() == before


def test_a_decision_with_a_huge_revision_is_refused(
    contract_in_force: Contract, submitted: Realisation, coordinator: User
) -> None:
    client = _client(coordinator)
    prefix = f"row-{submitted.pk}"
    url = f"/contracten/{contract_in_force.pk}/controle/{submitted.pk}/besluit/"
    before = _state()
    for revision in ("9" * 30, "-1", "NaN", "1e5"):
        response = client.post(url, {f"{prefix}-revision": revision})
        assert response.status_code in (400, 409), (revision, response.status_code)
    assert _state() == before


# --- method tampering and CSRF ------------------------------------------------------------------


def test_get_on_a_post_only_view_changes_nothing(
    contract_in_force: Contract, submitted: Realisation, proof: Evidence, coordinator: User
) -> None:
    urls = _all_urls(contract_in_force, submitted, proof)
    before = _state()
    for user in (coordinator, submitted.contract.organisation.users.first()):
        client = _client(user)
        for name in ("submit", "interval", "evidence_remove", "approve_checked", "decide"):
            query = f"?checked={submitted.pk}&revision-{submitted.pk}={submitted.revision}"
            status = client.get(urls[name] + query).status_code
            assert status in (403, 405), (name, status)
        client.get(urls["delete"] + f"?revision={submitted.revision}")
        client.get(urls["final"] + "?outcome=fulfilled&number=1&realised=0")
    assert _state() == before


def test_every_write_without_a_csrf_token_is_refused(
    contract_in_force: Contract,
    draft: Realisation,
    proof: Evidence,
    contractor_a: User,
    coordinator: User,
) -> None:
    urls = _all_urls(contract_in_force, draft, proof)
    before = _state()
    contractor = _client(contractor_a, csrf=True)
    upload = SimpleUploadedFile("b.pdf", PDF, content_type="application/pdf")
    writes = {
        "new": PLACEMENT_POST,
        "edit": {**PLACEMENT_POST, "revision": draft.revision},
        "delete": {"revision": draft.revision},
        "submit": {"period_start": "2026-01-01", "revision": 0, "confirm": "on"},
        "evidence_list": {"file": upload},
        "evidence_remove": {},
        "import": {"file": SimpleUploadedFile("p.csv", b"x;y\r\n", content_type="text/csv")},
    }
    for name, data in writes.items():
        assert contractor.post(urls[name], data).status_code == 403, name
    coord = _client(coordinator, csrf=True)
    for name, data in {
        "interval": {"months": "1"},
        "approve_checked": {"checked": draft.pk},
        "decide": {f"row-{draft.pk}-revision": draft.revision},
        "final": {"outcome": "fulfilled", "number": 1, "realised": "0"},
    }.items():
        assert coord.post(urls[name], data).status_code == 403, name
    assert _state() == before
    assert Evidence.objects.count() == 1


# --- hostile input in the forms -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "post", "field", "value"),
    [
        ("plaatsing", PLACEMENT_POST, "hours_per_week", "NaN"),
        ("plaatsing", PLACEMENT_POST, "hours_per_week", "Infinity"),
        ("plaatsing", PLACEMENT_POST, "hours_per_week", "-Infinity"),
        ("plaatsing", PLACEMENT_POST, "hours_per_week", "-5"),
        ("plaatsing", PLACEMENT_POST, "hours_per_week", "1e400"),
        ("plaatsing", PLACEMENT_POST, "hours_per_week", "9" * 400),
        ("plaatsing", PLACEMENT_POST, "hours_per_week", "sNaN"),
        ("plaatsing", PLACEMENT_POST, "birth_year", "9" * 40),
        ("plaatsing", PLACEMENT_POST, "birth_year", "-1"),
        ("plaatsing", PLACEMENT_POST, "start_date", "0001-01-01"),
        ("plaatsing", PLACEMENT_POST, "start_date", "9999-12-31"),
        ("plaatsing", PLACEMENT_POST, "end_date", "9999-12-31"),
        ("plaatsing", PLACEMENT_POST, "planned_end_date", "9999-12-31"),
        ("plaatsing", PLACEMENT_POST, "start_date", "31-02-2026"),
        ("plaatsing", PLACEMENT_POST, "candidate_reference", "K" * 10_000),
        ("plaatsing", PLACEMENT_POST, "candidate_reference", BSN),
        ("plaatsing", PLACEMENT_POST, "candidate_reference", BSN_DOTTED),
        ("plaatsing", PLACEMENT_POST, "candidate_reference", f"K-{BSN}"),
        ("plaatsing", PLACEMENT_POST, "candidate_reference", "K-1\x00"),
        ("plaatsing", PLACEMENT_POST, "candidate_reference", SCRIPT),
        ("plaatsing", PLACEMENT_POST, "employer_name", "E" * 10_000),
        ("plaatsing", PLACEMENT_POST, "employer_name", f"Bouw BV {BSN_SPACED}"),
        ("plaatsing", PLACEMENT_POST, "employer_name", "Bouw\x00BV"),
        ("plaatsing", PLACEMENT_POST, "target_group", "x" * 10_000),
        ("inkoop", PURCHASE_POST, "amount_eur", "NaN"),
        ("inkoop", PURCHASE_POST, "amount_eur", "Infinity"),
        ("inkoop", PURCHASE_POST, "amount_eur", "-4000"),
        ("inkoop", PURCHASE_POST, "amount_eur", "9" * 40),
        ("inkoop", PURCHASE_POST, "amount_eur", "0,001"),
        ("inkoop", PURCHASE_POST, "date", "0001-01-01"),
        ("inkoop", PURCHASE_POST, "date", "9999-12-31"),
        ("inkoop", PURCHASE_POST, "supplier_name", f"WerkSaam {BSN_DOTTED}"),
        ("inkoop", PURCHASE_POST, "supplier_name", "S" * 10_000),
        ("inkoop", PURCHASE_POST, "supplier_kvk", BSN),
        ("inkoop", PURCHASE_POST, "supplier_kvk", "1" * 10_000),
        ("inkoop", PURCHASE_POST, "supplier_kvk", "1234\x005678"),
        ("inkoop", PURCHASE_POST, "invoice_number", BSN_SPACED),
        ("inkoop", PURCHASE_POST, "invoice_number", "F\x00"),
        ("activiteit", ACTIVITY_POST, "description", f"Gastles voor {BSN}"),
        ("activiteit", ACTIVITY_POST, "description", f"Gastles voor {BSN_DOTTED}"),
        ("activiteit", ACTIVITY_POST, "description", "d" * 10_000),
        ("activiteit", ACTIVITY_POST, "description", "les\x00"),
        ("activiteit", ACTIVITY_POST, "hours", "NaN"),
        ("activiteit", ACTIVITY_POST, "hours", "-Infinity"),
        ("activiteit", ACTIVITY_POST, "hours", "9" * 40),
        ("activiteit", ACTIVITY_POST, "employees_count", "9" * 40),
        ("activiteit", ACTIVITY_POST, "employees_count", "-3"),
        ("activiteit", ACTIVITY_POST, "date", "9999-12-31"),
    ],
)
def test_hostile_input_is_refused_at_the_field_and_nothing_is_stored(
    contract_in_force: Contract,
    contractor_a: User,
    kind: str,
    post: dict[str, str],
    field: str,
    value: str,
) -> None:
    url = f"/contracten/{contract_in_force.pk}/realisaties/nieuw/{kind}/"
    response = _client(contractor_a).post(url, {**post, field: value})
    assert response.status_code == 400, response.status_code
    assert Realisation.objects.count() == 0
    page = response.content.decode()
    assert "<script>alert" not in page
    assert (
        'class="utrecht-form-field-error-message' in page
        or "foutmelding" in page.lower()
        or ("error" in page)
    )


def test_html_in_text_is_escaped_on_every_page_that_shows_it(
    contract_in_force: Contract, contractor_a: User, coordinator: User, buyer_user: User
) -> None:
    activity = services.realisation_create(
        acting_user=contractor_a,
        contract=contract_in_force,
        data={
            "kind": RealisationKind.ACTIVITY,
            "block_code": "MAATSCHAPPELIJK",
            "description": SCRIPT,
            "date": date(2026, 4, 15),
            "hours": Decimal("8"),
            "employees_count": 2,
        },
    )
    purchase = services.realisation_create(
        acting_user=contractor_a,
        contract=contract_in_force,
        data={
            "kind": RealisationKind.PURCHASE,
            "block_code": "SOCIAAL_INKOPEN",
            "supplier_name": SCRIPT,
            "supplier_kvk": "12345678",
            "invoice_number": '"><img src=x onerror=alert(1)>',
            "date": date(2026, 4, 15),
            "amount_eur": Decimal("10"),
        },
    )
    Realisation.objects.filter(pk__in=[activity.pk, purchase.pk]).update(
        status=RealisationStatus.SUBMITTED
    )
    base = f"/contracten/{contract_in_force.pk}"
    pages = [
        (contractor_a, f"{base}/realisaties/"),
        (contractor_a, f"{base}/realisaties/{activity.pk}/bewijs/"),
        (contractor_a, f"{base}/realisaties/{purchase.pk}/bewijs/"),
        (coordinator, f"{base}/controle/"),
        (coordinator, f"{base}/"),
        (coordinator, f"{base}/voortgang/"),
        (buyer_user, f"{base}/voortgang/"),
        (contractor_a, f"{base}/"),
    ]
    for user, url in pages:
        page = _client(user).get(url).content.decode()
        assert "<script>alert" not in page, url
        assert "<img src=x" not in page, url
    # The rejection reason is the coordinator's text the contractor reads.
    prefix = f"row-{activity.pk}"
    activity.refresh_from_db()
    _client(coordinator).post(
        f"{base}/controle/{activity.pk}/besluit/",
        {f"{prefix}-revision": activity.revision, f"{prefix}-reason": SCRIPT, "decision": "reject"},
    )
    activity.refresh_from_db()
    assert activity.status == RealisationStatus.REJECTED
    page = _client(contractor_a).get(f"{base}/realisaties/").content.decode()
    assert "<script>alert" not in page


@pytest.mark.parametrize("reason", [f"BSN {BSN}", f"BSN {BSN_DOTTED}", "r" * 10_000, "a\x00b"])
def test_a_rejection_reason_with_a_bsn_nul_or_10000_characters_is_refused(
    contract_in_force: Contract, submitted: Realisation, coordinator: User, reason: str
) -> None:
    prefix = f"row-{submitted.pk}"
    url = f"/contracten/{contract_in_force.pk}/controle/{submitted.pk}/besluit/"
    response = _client(coordinator).post(
        url,
        {
            f"{prefix}-revision": submitted.revision,
            f"{prefix}-reason": reason,
            "decision": "reject",
        },
    )
    assert response.status_code == 400
    submitted.refresh_from_db()
    assert submitted.status == RealisationStatus.SUBMITTED


def test_a_reporting_interval_or_submit_with_hostile_values_is_refused(
    contract_in_force: Contract, contractor_a: User, coordinator: User
) -> None:
    base = f"/contracten/{contract_in_force.pk}"
    for months in ("0", "-3", "9" * 40, "NaN", "3\x00"):
        assert (
            _client(coordinator)
            .post(f"{base}/rapportages/periode/", {"months": months})
            .status_code
            == 400
        )
    for start, revision in (
        ("0001-01-01", "0"),
        ("9999-12-31", "0"),
        ("2026-01-01", "9" * 40),
        ("2026-01-01", "-1"),
        ("2026-01-01\x00", "0"),
    ):
        response = _client(contractor_a).post(
            f"{base}/rapportages/indienen/",
            {"period_start": start, "revision": revision, "confirm": "on"},
        )
        assert response.status_code == 400, (start, revision, response.status_code)


def test_a_final_assessment_with_hostile_values_is_refused(
    contract_in_force: Contract, coordinator: User
) -> None:
    url = f"/contracten/{contract_in_force.pk}/eindbeoordeling/"
    for data in (
        {"outcome": "fulfilled", "number": "9" * 40, "realised": "0"},
        {"outcome": "fulfilled", "number": "1", "realised": "NaN"},
        {"outcome": "fulfilled", "number": "1", "realised": "-Infinity"},
        {"outcome": "fulfilled", "number": "1", "realised": "9" * 40},
        {"outcome": "recovery", "number": "1", "realised": "0", "recovery_deadline": "9999-12-31"},
        {"outcome": "recovery", "number": "1", "realised": "0", "recovery_deadline": "0001-01-01"},
        {"outcome": "fulfilled", "number": "1", "realised": "0", "note": f"BSN {BSN_SPACED}"},
        {"outcome": "fulfilled", "number": "1", "realised": "0", "note": "n" * 10_000},
        {"outcome": "fulfilled", "number": "1", "realised": "0", "note": "a\x00b"},
        {"outcome": "<script>", "number": "1", "realised": "0"},
    ):
        response = _client(coordinator).post(url, data)
        assert response.status_code in (400, 409), (data, response.status_code)
        assert "<script>" not in response.content.decode().replace("&lt;script&gt;", "")
    assert FinalAssessment.objects.count() == 0


# --- evidence file names ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd",
        "..\\..\\windows\\win.ini",
        f"{BSN}.pdf",
        f"loonstrook {BSN_DOTTED}.pdf",
        f"loonstrook {BSN_SPACED}.pdf",
        "a\x00.pdf",
        "x" * 10_000 + ".pdf",
        '<img src=x onerror="alert(1)">.pdf',
    ],
)
def test_a_hostile_file_name_is_refused_or_made_harmless(
    draft: Realisation, contractor_a: User, name: str
) -> None:
    url = f"/contracten/{draft.contract_id}/realisaties/{draft.pk}/bewijs/"
    upload = SimpleUploadedFile(name, PDF, content_type="application/pdf")
    response = _client(contractor_a).post(url, {"file": upload})
    assert response.status_code in (302, 400), response.status_code
    assert "<img src=x" not in response.content.decode()
    for item in Evidence.objects.all():
        stored = item.original_name
        assert "/" not in stored and "\\" not in stored and "\x00" not in stored
        assert BSN not in stored.replace(".", "").replace(" ", "")
        assert len(stored) <= 255
        assert ".." not in str(item.file.name)
        download = _client(contractor_a).get(f"/contracten/{draft.contract_id}/bewijs/{item.pk}/")
        assert download.status_code == 200
        disposition = download["Content-Disposition"]
        assert "\n" not in disposition and "/" not in disposition.split("filename", 1)[1]


# --- the import ---------------------------------------------------------------------------------


def _import(client: Client, contract: Contract, name: str, data: bytes) -> object:
    upload = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    return client.post(f"/contracten/{contract.pk}/realisaties/importeren/", {"file": upload})


def _csv(contract: Contract, rows: list[dict[str, str]]) -> bytes:
    names = imports.headings(imports.contract_ruleset(contract))
    columns = list(rows[0])
    lines = [";".join(names[c] for c in columns)]
    lines += [";".join(row[c] for c in columns) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode()


IMPORT_ROW = {
    "candidate_reference": "K-100",
    "birth_year": "1990",
    "target_group": "pw_lt2",
    "eligibility_evidence": "gemeente_verklaring",
    "start_date": "01-02-2026",
    "end_date": "",
    "hours_per_week": "36",
    "employment_type": "temporary",
    "employer_name": "",
}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("candidate_reference", '=HYPERLINK("http://evil","x")'),
        ("candidate_reference", "+1"),
        ("candidate_reference", "-1"),
        ("candidate_reference", "@SUM(A1)"),
        ("candidate_reference", BSN),
        ("candidate_reference", BSN_DOTTED),
        ("candidate_reference", BSN_SPACED),
        ("employer_name", '=HYPERLINK("http://evil","x")'),
        ("employer_name", "+cmd|' /C calc'!A0"),
        ("employer_name", "-2+3"),
        ("employer_name", "@SUM(1+1)"),
        ("employer_name", f"Bouw {BSN}"),
        ("employer_name", "E" * 10_000),
        ("hours_per_week", "NaN"),
        ("hours_per_week", "Infinity"),
        ("hours_per_week", "-36"),
        ("start_date", "0001-01-01"),
        ("start_date", "9999-12-31"),
        ("birth_year", "9" * 40),
    ],
)
def test_an_import_with_a_hostile_cell_imports_nothing(
    contract_in_force: Contract, contractor_a: User, field: str, value: str
) -> None:
    row = {**IMPORT_ROW, field: value}
    response = _import(
        _client(contractor_a), contract_in_force, "p.csv", _csv(contract_in_force, [row])
    )
    assert response.status_code == 422, response.status_code  # type: ignore[attr-defined]
    assert Realisation.objects.count() == 0
    assert Candidate.objects.count() == 0


def test_a_csv_with_a_million_columns_is_refused_quickly(
    contract_in_force: Contract, contractor_a: User
) -> None:
    data = _csv(contract_in_force, [IMPORT_ROW]).replace(
        b"\r\n", b";" + b"x;" * 1_000_000 + b"\r\n", 1
    )
    assert len(data) < imports.IMPORT_MAX_BYTES
    started = time.monotonic()
    response = _import(_client(contractor_a), contract_in_force, "p.csv", data)
    elapsed = time.monotonic() - started
    assert response.status_code in (400, 422), response.status_code  # type: ignore[attr-defined]
    assert elapsed < 10, elapsed
    assert len(response.content) < 2_000_000  # type: ignore[attr-defined]
    assert Realisation.objects.count() == 0


def test_a_csv_row_with_a_million_columns_is_refused_quickly(
    contract_in_force: Contract, contractor_a: User
) -> None:
    data = _csv(contract_in_force, [IMPORT_ROW]).rstrip(b"\r\n") + b";x" * 1_000_000 + b"\r\n"
    started = time.monotonic()
    response = _import(_client(contractor_a), contract_in_force, "p.csv", data)
    elapsed = time.monotonic() - started
    assert response.status_code in (302, 400, 422), response.status_code  # type: ignore[attr-defined]
    assert elapsed < 10, elapsed


def _xlsx_with(parts: dict[str, bytes]) -> bytes:
    """The template's workbook with some parts replaced."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["a", "b"])  # type: ignore[union-attr]
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, parts.get(info.filename, source.read(info.filename)))
        for name, data in parts.items():
            if name not in source.namelist():
                target.writestr(name, data)
    return out.getvalue()


def test_an_xlsx_with_a_huge_shared_strings_table_is_refused_quickly(
    contract_in_force: Contract, contractor_a: User
) -> None:
    count = 3_000_000
    strings = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
        + f' count="{count}" uniqueCount="{count}">'.encode()
        + b"<si><t>x</t></si>" * count
        + b"</sst>"
    )
    data = _xlsx_with({"xl/sharedStrings.xml": strings})
    started = time.monotonic()
    response = _import(_client(contractor_a), contract_in_force, "p.xlsx", data)
    elapsed = time.monotonic() - started
    assert response.status_code in (400, 413, 422), response.status_code  # type: ignore[attr-defined]
    assert elapsed < 10, elapsed


def test_an_xlsx_with_a_broken_sheet_is_refused_not_a_500(
    contract_in_force: Contract, contractor_a: User
) -> None:
    data = _xlsx_with({"xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row><c"})
    response = _import(_client(contractor_a), contract_in_force, "p.xlsx", data)
    assert response.status_code in (400, 422), response.status_code  # type: ignore[attr-defined]
    assert Realisation.objects.count() == 0


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x00" * 100,
        b"a;b\x00;c\r\n",
        b"\xff\xfe" + "a;b".encode("utf-16-le"),
        b"PK\x03\x04junk",
    ],
)
def test_garbage_imports_are_refused(
    contract_in_force: Contract, contractor_a: User, data: bytes
) -> None:
    response = _import(_client(contractor_a), contract_in_force, "../../etc/passwd", data)
    assert response.status_code in (400, 422), response.status_code  # type: ignore[attr-defined]
    assert Realisation.objects.count() == 0


@pytest.mark.parametrize(
    "name", ["../../etc/passwd", "..", "../../etc/passwd.pdf", "..\\..\\x.pdf", f"{BSN_DOTTED}.pdf"]
)
def test_a_raw_multipart_file_name_with_a_path_stores_nothing_outside(
    draft: Realisation, contractor_a: User, name: str, tmp_path: object
) -> None:
    """The test client cuts a name to its basename; a hand-made request does not."""
    boundary = "XyZ"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + PDF
        + f"\r\n--{boundary}--\r\n".encode()
    )
    url = f"/contracten/{draft.contract_id}/realisaties/{draft.pk}/bewijs/"
    response = _client(contractor_a).generic(
        "POST", url, body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert response.status_code in (302, 400), response.status_code
    for item in Evidence.objects.all():
        assert "/" not in item.original_name and ".." not in item.original_name
        assert BSN not in item.original_name.replace(".", "")
        assert ".." not in str(item.file.name)
