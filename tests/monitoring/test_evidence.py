"""Evidence files: every refused upload stores nothing (no row, no file); the file URL for
every role; a file reachable only through its view."""

from __future__ import annotations

import io
import struct
import zlib
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from sroi.accounts.models import User
from sroi.agreements.models import AgreementVersion
from sroi.core.models import AuditEntry
from sroi.monitoring import evidence, services
from sroi.monitoring.constants import EVIDENCE_MAX_BYTES, RealisationKind, RealisationStatus
from sroi.monitoring.models import Evidence, Realisation
from sroi.plans.models import Contract
from tests.plans.factories import PlanFactory

PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)


def png(size: tuple[int, int] = (20, 10)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (32, 32), (10, 120, 30)).save(out, format="JPEG")
    return out.getvalue()


def png_bomb() -> bytes:
    """A valid PNG header announcing 100,000 x 100,000 pixels (10 gigapixels), tiny data."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", 100_000, 100_000, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1000))
        + chunk(b"IEND", b"")
    )


def upload(name: str, data: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture
def realisation(agreements: AgreementVersion, contractor_a: User) -> Realisation:
    contract = agreements.contract
    contract.refresh_from_db()
    return services.realisation_create(
        acting_user=contractor_a,
        contract=contract,
        data={
            "kind": RealisationKind.PLACEMENT,
            "candidate_reference": "K-017",
            "birth_year": 1995,
            "block_code": "PW_LT2",
            "target_group": "pw_lt2",
            "eligibility_evidence": "gemeente_verklaring",
            "start_date": date(2026, 1, 1),
            "end_date": date(2026, 6, 30),
            "hours_per_week": Decimal("36"),
            "employment_type": "temporary",
        },
    )


def stored_files() -> list[Path]:
    root = Path(settings.SROI_EVIDENCE_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def test_a_pdf_is_stored_under_a_random_name_with_its_hash(
    realisation: Realisation, contractor_a: User
) -> None:
    item = evidence.evidence_add(
        acting_user=contractor_a, realisation=realisation, upload=upload("contract K-017.pdf", PDF)
    )
    assert item.original_name == "contract K-017.pdf"
    assert item.content_type == "application/pdf"
    assert item.size == len(PDF)
    import hashlib

    assert item.sha256 == hashlib.sha256(PDF).hexdigest()
    files = stored_files()
    assert len(files) == 1
    assert files[0].read_bytes() == PDF
    assert "K-017" not in str(files[0])
    assert files[0].suffix == ".pdf"
    entry = AuditEntry.objects.get(action="monitoring.evidence_add")
    assert entry.contract_id == realisation.contract_id
    assert "K-017" not in str(entry.data)


@pytest.mark.parametrize(
    ("name", "data", "content_type", "expected"),
    [
        ("photo.jpeg", jpeg(), "image/jpeg", "image/jpeg"),
        ("scan.png", png(), "image/png", "image/png"),
        # The browser's type and the name are ignored: the content decides, the name gets
        # the real extension.
        ("scan.pdf", png(), "application/pdf", "image/png"),
    ],
)
def test_images_are_accepted_by_content(
    realisation: Realisation,
    contractor_a: User,
    name: str,
    data: bytes,
    content_type: str,
    expected: str,
) -> None:
    item = evidence.evidence_add(
        acting_user=contractor_a, realisation=realisation, upload=upload(name, data, content_type)
    )
    assert item.content_type == expected
    assert item.original_name.endswith(evidence.EXTENSIONS[expected])


def _javascript_in_a_stream() -> bytes:
    body = zlib.compress(b"<< /S /JavaScript /JS (app.alert(1)) >>")
    return (
        b"%PDF-1.5\n1 0 obj << /Length "
        + str(len(body)).encode()
        + b" /Filter /FlateDecode >>\nstream\n"
        + body
        + b"\nendstream\nendobj\n%%EOF\n"
    )


REFUSALS = [
    ("notes.txt", b"just some text", "text/plain", "Alleen PDF, JPEG en PNG"),
    ("invoice.pdf", b"MZ\x90\x00\x03" + b"\x00" * 100, "application/pdf", "programma"),
    ("invoice.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 100, "application/pdf", "programma"),
    ("invoice.pdf", b"PK\x03\x04" + b"\x00" * 100, "application/pdf", "archief"),
    (
        "script.pdf",
        PDF.replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /JavaScript /JS (x) >>"),
        "application/pdf",
        "scripts",
    ),
    (
        "escaped.pdf",
        PDF.replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /J#61vaScript >>"),
        "application/pdf",
        "scripts",
    ),
    ("launch.pdf", PDF.replace(b"/Pages", b"/AA << /O << /S /Launch >> >> /Pages"), "", "scripts"),
    (
        "attached.pdf",
        PDF.replace(b"/Pages", b"/Names << /EmbeddedFiles 3 0 R >> /Pages"),
        "",
        "ingesloten",
    ),
    ("compressed.pdf", _javascript_in_a_stream(), "application/pdf", "scripts"),
    ("secret.pdf", PDF.replace(b"/Root 1 0 R", b"/Root 1 0 R /Encrypt 5 0 R"), "", "versleuteld"),
    ("bomb.png", png_bomb(), "image/png", "megapixel"),
    ("broken.png", png()[:-30], "image/png", "beschadigd"),
    ("broken.jpg", jpeg()[:200], "image/jpeg", "beschadigd"),
    ("..\\..\\windows\\evil.pdf", PDF, "application/pdf", "map"),
    ("evil\x00.pdf", PDF, "application/pdf", "stuurtekens"),
    ("bsn 111222333.pdf", PDF, "application/pdf", "BSN"),
    ("empty.pdf", b"", "application/pdf", "leeg"),
]


@pytest.mark.parametrize(("name", "data", "content_type", "message"), REFUSALS)
def test_a_refused_upload_stores_nothing(
    realisation: Realisation,
    contractor_a: User,
    name: str,
    data: bytes,
    content_type: str,
    message: str,
) -> None:
    with pytest.raises(evidence.EvidenceRefused) as refused:
        evidence.evidence_add(
            acting_user=contractor_a,
            realisation=realisation,
            upload=upload(name, data, content_type or "application/pdf"),
        )
    assert message in refused.value.message
    assert Evidence.objects.count() == 0
    assert stored_files() == []


def test_refusal_messages_are_dutch(realisation: Realisation, contractor_a: User) -> None:
    with pytest.raises(evidence.EvidenceRefused) as refused:
        evidence.evidence_add(
            acting_user=contractor_a, realisation=realisation, upload=upload("a.pdf", b"MZ")
        )
    assert "programma" in refused.value.message


def test_a_file_above_the_limit_is_refused_before_it_is_read(
    realisation: Realisation, contractor_a: User
) -> None:
    class Huge(SimpleUploadedFile):
        def chunks(self, chunk_size: int | None = None):  # type: ignore[no-untyped-def,override]
            raise AssertionError("read")

    big = Huge("big.pdf", PDF, content_type="application/pdf")
    big.size = EVIDENCE_MAX_BYTES + 1
    with pytest.raises(evidence.EvidenceRefused, match="10 MB"):
        evidence.evidence_add(acting_user=contractor_a, realisation=realisation, upload=big)
    assert Evidence.objects.count() == 0
    assert stored_files() == []


def test_a_too_large_request_body_gets_the_dutch_message_unread(
    client: Client, realisation: Realisation, contractor_a: User
) -> None:
    client.force_login(contractor_a)
    url = reverse(
        "monitoring:evidence_list",
        kwargs={"contract_pk": realisation.contract_id, "realisation_pk": realisation.pk},
    )
    response = client.generic(
        "POST",
        url,
        data=b"x" * 100,
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(EVIDENCE_MAX_BYTES + 200_000),
    )
    assert response.status_code == 413
    assert "groter dan 10 MB" in response.content.decode()
    assert Evidence.objects.count() == 0


def test_the_upload_page_stores_a_file_and_shows_a_refusal_at_the_field(
    client: Client, realisation: Realisation, contractor_a: User
) -> None:
    client.force_login(contractor_a)
    url = reverse(
        "monitoring:evidence_list",
        kwargs={"contract_pk": realisation.contract_id, "realisation_pk": realisation.pk},
    )
    assert client.get(url).status_code == 200
    response = client.post(url, {"file": upload("virus.pdf", b"MZ" + b"\x00" * 10)})
    assert response.status_code == 400
    assert "programma" in response.content.decode()
    response = client.post(url, {"file": upload("bewijs.pdf", PDF)})
    assert response.status_code == 302
    assert Evidence.objects.get().original_name == "bewijs.pdf"


def test_evidence_is_added_to_drafts_and_submitted_only(
    realisation: Realisation, contractor_a: User
) -> None:
    Realisation.objects.filter(pk=realisation.pk).update(status=RealisationStatus.SUBMITTED)
    realisation.refresh_from_db()
    evidence.evidence_add(
        acting_user=contractor_a, realisation=realisation, upload=upload("a.pdf", PDF)
    )
    Realisation.objects.filter(pk=realisation.pk).update(status=RealisationStatus.APPROVED)
    realisation.refresh_from_db()
    with pytest.raises(services.MonitoringError, match="nieuwe versie"):
        evidence.evidence_add(
            acting_user=contractor_a, realisation=realisation, upload=upload("b.pdf", PDF)
        )
    assert Evidence.objects.count() == 1
    assert len(stored_files()) == 1


def test_another_organisation_cannot_add(realisation: Realisation, contractor_b: User) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        evidence.evidence_add(
            acting_user=contractor_b, realisation=realisation, upload=upload("a.pdf", PDF)
        )
    assert stored_files() == []


def test_removing_a_drafts_evidence_deletes_row_and_file_but_never_a_verified_ones(
    realisation: Realisation, contractor_a: User, django_capture_on_commit_callbacks: object
) -> None:
    item = evidence.evidence_add(
        acting_user=contractor_a, realisation=realisation, upload=upload("a.pdf", PDF)
    )
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        evidence.evidence_remove(acting_user=contractor_a, evidence=item)
    assert Evidence.objects.count() == 0
    assert stored_files() == []
    assert AuditEntry.objects.filter(action="monitoring.evidence_remove").count() == 1

    kept = evidence.evidence_add(
        acting_user=contractor_a, realisation=realisation, upload=upload("b.pdf", PDF)
    )
    Realisation.objects.filter(pk=realisation.pk).update(status=RealisationStatus.APPROVED)
    kept.refresh_from_db()
    with pytest.raises(services.MonitoringError):
        evidence.evidence_remove(acting_user=contractor_a, evidence=kept)
    assert Evidence.objects.count() == 1


def test_a_new_versions_evidence_shares_the_file_which_stays_when_removed_from_the_draft(
    realisation: Realisation, contractor_a: User, django_capture_on_commit_callbacks: object
) -> None:
    evidence.evidence_add(
        acting_user=contractor_a, realisation=realisation, upload=upload("a.pdf", PDF)
    )
    Realisation.objects.filter(pk=realisation.pk).update(status=RealisationStatus.APPROVED)
    realisation.refresh_from_db()
    new = services.realisation_update(
        acting_user=contractor_a,
        realisation=realisation,
        data={"hours_per_week": Decimal("30")},
        revision=realisation.revision,
    )
    copy = new.evidence.get()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        evidence.evidence_remove(acting_user=contractor_a, evidence=copy)
    assert Evidence.objects.filter(realisation=realisation).count() == 1
    assert len(stored_files()) == 1


# --- serving -------------------------------------------------------------------------------


@pytest.fixture
def stored(realisation: Realisation, contractor_a: User) -> Evidence:
    return evidence.evidence_add(
        acting_user=contractor_a, realisation=realisation, upload=upload("loonstrook.pdf", PDF)
    )


def _url(contract_pk: int, evidence_pk: int) -> str:
    return reverse(
        "monitoring:evidence_download",
        kwargs={"contract_pk": contract_pk, "evidence_pk": evidence_pk},
    )


def test_the_contractor_downloads_the_file_with_safe_headers(
    client: Client, stored: Evidence, contractor_a: User
) -> None:
    client.force_login(contractor_a)
    response = client.get(_url(stored.realisation.contract_id, stored.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="loonstrook.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_a_coordinator_downloads_the_file(
    client: Client, stored: Evidence, coordinator: User
) -> None:
    client.force_login(coordinator)
    assert client.get(_url(stored.realisation.contract_id, stored.pk)).status_code == 200


@pytest.mark.parametrize("who", ["contractor_b", "buyer_user"])
def test_another_organisation_and_a_buyer_user_get_a_404(
    client: Client, stored: Evidence, who: str, request: pytest.FixtureRequest
) -> None:
    client.force_login(request.getfixturevalue(who))
    assert client.get(_url(stored.realisation.contract_id, stored.pk)).status_code == 404
    page = reverse(
        "monitoring:evidence_list",
        kwargs={
            "contract_pk": stored.realisation.contract_id,
            "realisation_pk": stored.realisation_id,
        },
    )
    assert client.get(page).status_code == 404


def test_the_buyer_user_sees_the_contract_but_not_its_evidence(
    client: Client, stored: Evidence, buyer_user: User
) -> None:
    client.force_login(buyer_user)
    detail = reverse("contracts:contract_detail", kwargs={"pk": stored.realisation.contract_id})
    assert client.get(detail).status_code == 200


def test_anonymous_is_sent_to_the_login(client: Client, stored: Evidence) -> None:
    response = client.get(_url(stored.realisation.contract_id, stored.pk))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_evidence_of_contract_a_through_contract_b_is_a_404(
    client: Client, stored: Evidence, contractor_a: User
) -> None:
    other: Contract = PlanFactory(contract__organisation=contractor_a.organisation).contract
    client.force_login(contractor_a)
    assert client.get(_url(other.pk, stored.pk)).status_code == 404


def test_a_removed_file_gives_a_dutch_410(
    client: Client, stored: Evidence, contractor_a: User
) -> None:
    from django.utils import timezone

    Evidence.objects.filter(pk=stored.pk).update(removed_at=timezone.now(), file="")
    client.force_login(contractor_a)
    response = client.get(_url(stored.realisation.contract_id, stored.pk))
    assert response.status_code == 410
    assert "niet meer beschikbaar" in response.content.decode()


def test_no_file_is_reachable_by_guessing_a_url(
    client: Client, stored: Evidence, coordinator: User
) -> None:
    import sroi.settings as configured

    evidence_root = Path(configured.SROI_EVIDENCE_ROOT).resolve()
    for served in (configured.STATIC_ROOT, configured.MEDIA_ROOT):
        assert not evidence_root.is_relative_to(Path(served).resolve())
    with pytest.raises(ValueError, match="no URL"):
        stored.file.url  # noqa: B018
    client.force_login(coordinator)
    name = str(stored.file.name)
    for prefix in (settings.STATIC_URL, settings.MEDIA_URL or "/media/", "/", "/evidence/"):
        assert client.get(f"{prefix.rstrip('/')}/{name}").status_code == 404


def test_the_coordinator_reads_the_evidence_page_but_cannot_upload_or_remove(
    client: Client, stored: Evidence, coordinator: User
) -> None:
    client.force_login(coordinator)
    contract_pk, realisation_pk = stored.realisation.contract_id, stored.realisation_id
    page = reverse(
        "monitoring:evidence_list",
        kwargs={"contract_pk": contract_pk, "realisation_pk": realisation_pk},
    )
    response = client.get(page)
    assert response.status_code == 200
    assert "loonstrook.pdf" in response.content.decode()
    assert 'type="file"' not in response.content.decode()
    assert client.post(page, {"file": upload("x.pdf", PDF)}).status_code == 403
    remove = reverse(
        "monitoring:evidence_remove",
        kwargs={
            "contract_pk": contract_pk,
            "realisation_pk": realisation_pk,
            "evidence_pk": stored.pk,
        },
    )
    assert client.post(remove).status_code == 403
    assert Evidence.objects.count() == 1


def test_the_contractor_removes_a_drafts_file_on_the_page(
    client: Client,
    stored: Evidence,
    contractor_a: User,
    contractor_b: User,
    django_capture_on_commit_callbacks: object,
) -> None:
    remove = reverse(
        "monitoring:evidence_remove",
        kwargs={
            "contract_pk": stored.realisation.contract_id,
            "realisation_pk": stored.realisation_id,
            "evidence_pk": stored.pk,
        },
    )
    client.force_login(contractor_b)
    assert client.post(remove).status_code == 404
    client.force_login(contractor_a)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        assert client.post(remove).status_code == 302
    assert Evidence.objects.count() == 0
    assert stored_files() == []
