"""Evidence files of a realisation: checking an upload, storing it and removing it.

An upload is checked completely before anything is written; a refusal raises
``EvidenceRefused`` with a Dutch message and stores nothing (no row, no file):

- size: at most ``EVIDENCE_MAX_BYTES`` (the view refuses a larger request body before reading
  it; here the announced size is checked before the content is read);
- type by content, never by name or the browser's content type: ``%PDF-``, the PNG signature
  or the JPEG SOI marker. A program (``MZ``, ELF) or an archive (zip) is refused by name;
- a PDF may hold no active content: the names ``/JavaScript``, ``/JS``, ``/Launch``,
  ``/EmbeddedFile(s)``, ``/AA``, ``/RichMedia`` (also written with ``#xx`` escapes, also
  inside FlateDecode streams, decompressed with a total cap) refuse it, and so does an
  encrypted PDF (its streams cannot be checked);
- an image is opened with Pillow: at most ``IMAGE_MAX_PIXELS`` pixels (an image bomb is
  refused before decoding), ``verify()`` and a full decode (a truncated or corrupt image is
  refused);
- the file name is cleaned for display only: no path or control characters, no BSN, at most
  ``NAME_MAX_LENGTH`` characters, the extension of its real type. The file itself is stored
  under a random name (``models.evidence_path``) with its SHA-256.

Who may add: the contractor of the contract, while the realisation is a draft or awaits
verification (``EVIDENCE_OPEN_STATUSES``) and the contract is open for reporting. An approved
or rejected realisation is changed as a new version first (``services.realisation_update``),
which takes its evidence along. Removing is for a draft only and deletes the row; the stored
file goes too unless another version's row shares it. Evidence of a verified realisation is
never removed (retention empties it after the final assessment).
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import warnings
import zlib
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from sroi.core.validators import no_bsn
from sroi.monitoring.constants import (
    EVIDENCE_MAX_BYTES,
    EVIDENCE_PER_REALISATION_MAX,
    EVIDENCE_TYPES,
    RealisationStatus,
)
from sroi.monitoring.models import Evidence, Realisation, evidence_storage
from sroi.monitoring.services import (
    MonitoringError,
    audit,
    lock_contract,
    require_contractor_of,
    require_open_for_reporting,
)
from sroi.plans.models import Contract
from sroi.rules.engine.limits import NAME_MAX_LENGTH

# A photo of a document needs far less; 40 megapixels decode to about 120 MB.
IMAGE_MAX_PIXELS = 40_000_000
# All FlateDecode streams of one PDF together decompress to at most this many bytes.
PDF_INFLATE_MAX_BYTES = 50 * 1024 * 1024
# PDF names that start actions or carry files: never in evidence.
PDF_ACTIVE_NAMES = frozenset(
    {b"JavaScript", b"JS", b"Launch", b"EmbeddedFile", b"EmbeddedFiles", b"AA", b"RichMedia"}
)
EVIDENCE_OPEN_STATUSES = frozenset({RealisationStatus.DRAFT, RealisationStatus.SUBMITTED})
EXTENSIONS: dict[str, tuple[str, ...]] = {
    "application/pdf": (".pdf",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
}

_SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)
_PROGRAMS = (b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe")
_ARCHIVES = (b"PK\x03\x04", b"PK\x05\x06", b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b")
# A PDF name token (after the slash) and its #xx escapes.
_PDF_NAME = re.compile(rb"/([^\s/<>\[\]()%{}]+)")
_PDF_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_PDF_STREAM = re.compile(rb"stream\r?\n")


class EvidenceRefused(MonitoringError):
    """An upload that is not stored, with the Dutch message for the upload field."""

    def __init__(self, message: str) -> None:
        super().__init__(message, field="file")


# --- checks (pure: nothing is written) -----------------------------------------------------


def too_large_error() -> EvidenceRefused:
    return EvidenceRefused(
        _(
            "This file is larger than %(limit)s MB. Upload a smaller file (scan at a lower"
            " resolution)."
        )
        % {"limit": EVIDENCE_MAX_BYTES // (1024 * 1024)}
    )


def read_upload(upload: UploadedFile[Any]) -> bytes:
    """The upload's bytes, refusing one above ``EVIDENCE_MAX_BYTES`` before reading it all."""
    if upload.size is not None and upload.size > EVIDENCE_MAX_BYTES:
        raise too_large_error()
    chunks: list[bytes] = []
    total = 0
    for chunk in upload.chunks():
        total += len(chunk)
        if total > EVIDENCE_MAX_BYTES:
            raise too_large_error()
        chunks.append(chunk)
    if total == 0:
        raise EvidenceRefused(_("This file is empty."))
    return b"".join(chunks)


def sniff_type(data: bytes) -> str:
    """The content type by the file's first bytes; refuses anything but PDF, JPEG and PNG."""
    for signature, content_type in _SIGNATURES:
        if data.startswith(signature):
            return content_type
    if data.startswith(_PROGRAMS):
        raise EvidenceRefused(
            _("This file is a program, not a PDF, JPEG or PNG file. It has not been stored.")
        )
    if data.startswith(_ARCHIVES):
        raise EvidenceRefused(
            _(
                "This file is an archive (for example a zip), not a PDF, JPEG or PNG file."
                " Upload the documents themselves."
            )
        )
    raise EvidenceRefused(
        _(
            "Only PDF, JPEG and PNG files are accepted; this file is none of them (its content"
            " is checked, not its name)."
        )
    )


def _pdf_names(data: bytes) -> set[bytes]:
    return {
        _PDF_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), match.group(1))
        for match in _PDF_NAME.finditer(data)
    }


def _pdf_streams(data: bytes) -> list[bytes]:
    """The decompressed content of the PDF's zlib (FlateDecode) streams, within the cap."""
    found: list[bytes] = []
    budget = PDF_INFLATE_MAX_BYTES
    for match in _PDF_STREAM.finditer(data):
        end = data.find(b"endstream", match.end())
        raw = data[match.end() : end if end >= 0 else len(data)]
        inflater = zlib.decompressobj()
        try:
            out = inflater.decompress(raw, budget + 1)
        except zlib.error:
            continue  # not a zlib stream (an image, another filter): its bytes were scanned
        budget -= len(out)
        if budget < 0 or inflater.unconsumed_tail:
            raise EvidenceRefused(
                _(
                    "This PDF is too complex to check. Save or print it as a new PDF and upload"
                    " that."
                )
            )
        found.append(out)
    return found


def check_pdf(data: bytes) -> None:
    """Refuse a PDF with active content (scripts, actions, embedded files) or encryption."""
    names = _pdf_names(data)
    for stream in _pdf_streams(data):
        names |= _pdf_names(stream)
    if b"Encrypt" in names:
        raise EvidenceRefused(
            _(
                "This PDF is encrypted or protected, so it cannot be checked. Save it without a"
                " password or protection and upload it again."
            )
        )
    if names & PDF_ACTIVE_NAMES:
        raise EvidenceRefused(
            _(
                "This PDF contains scripts, actions or embedded files and has not been stored."
                " Print it to a new PDF (without those) and upload that."
            )
        )


def check_image(data: bytes, content_type: str) -> None:
    """Open the image with Pillow: a pixel cap first, then ``verify()`` and a full decode."""
    image_format = "PNG" if content_type == "image/png" else "JPEG"
    bomb = EvidenceRefused(
        _(
            "This image is too large (more than %(limit)s megapixels). Upload a smaller photo or"
            " a scan at a lower resolution."
        )
        % {"limit": IMAGE_MAX_PIXELS // 1_000_000}
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[image_format]) as image:
                width, height = image.size
                if width * height > IMAGE_MAX_PIXELS:
                    raise bomb
                image.verify()
            with Image.open(io.BytesIO(data), formats=[image_format]) as image:
                image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise bomb from None
    except (OSError, SyntaxError, ValueError, UnidentifiedImageError, EOFError):
        raise EvidenceRefused(
            _("This image is damaged or incomplete and cannot be opened. Upload it again.")
        ) from None


def clean_filename(name: str, content_type: str) -> str:
    """The uploaded name for display: refused with path or control characters or a BSN;
    shortened to ``NAME_MAX_LENGTH``; ending in the extension of the real type."""
    name = unicodedata.normalize("NFC", name or "").strip()
    if (
        "/" in name
        or "\\" in name
        or name in {".", ".."}
        or any(unicodedata.category(char).startswith("C") for char in name)
    ):
        raise EvidenceRefused(
            _(
                "The file name may not contain a folder path or control characters. Rename the"
                " file, for example bewijs-K-017.pdf."
            )
        )
    try:
        no_bsn(name)
    except ValidationError as exc:
        raise EvidenceRefused(" ".join(str(message) for message in exc.messages)) from None
    stem, dot, suffix = name.rpartition(".")
    if not dot or f".{suffix.lower()}" not in EXTENSIONS[content_type]:
        stem, suffix = name, EVIDENCE_TYPES[content_type].lstrip(".")
    stem = stem or _("evidence")
    return f"{stem[: NAME_MAX_LENGTH - len(suffix) - 1]}.{suffix}"


def check_upload(upload: UploadedFile[Any]) -> tuple[bytes, str, str]:
    """The checked content, its type and the cleaned name; ``EvidenceRefused`` otherwise."""
    data = read_upload(upload)
    content_type = sniff_type(data)
    name = clean_filename(str(upload.name or ""), content_type)
    if content_type == "application/pdf":
        check_pdf(data)
    else:
        check_image(data, content_type)
    return data, content_type, name


# --- reads ---------------------------------------------------------------------------------


def evidence_get(contract: Contract, evidence_pk: int) -> Evidence:
    """Evidence of ``contract`` (already checked for the user); 404 for another contract's."""
    try:
        return Evidence.objects.select_related("realisation").get(
            pk=evidence_pk, realisation__contract=contract
        )
    except Evidence.DoesNotExist:
        raise Http404 from None


def evidence_list(realisation: Realisation) -> list[Evidence]:
    return list(realisation.evidence.select_related("uploaded_by").order_by("uploaded_at", "id"))


def user_adds_evidence(user: Any, realisation: Realisation) -> bool:
    """Whether the page offers the upload (the service checks again under the lock)."""
    return (
        bool(getattr(user, "is_contractor", False))
        and user.organisation_id == realisation.contract.organisation_id
        and realisation.status in EVIDENCE_OPEN_STATUSES
    )


# --- writes --------------------------------------------------------------------------------


def evidence_add(
    *, acting_user: Any, realisation: Realisation, upload: UploadedFile[Any]
) -> Evidence:
    """Check ``upload`` and store it as evidence of ``realisation``. Raises
    ``EvidenceRefused`` (the file) or ``MonitoringError`` (the realisation); stores nothing then."""
    require_contractor_of(acting_user, realisation.contract)
    data, content_type, name = check_upload(upload)
    storage = evidence_storage()
    stored: str | None = None
    try:
        with transaction.atomic():
            contract = lock_contract(realisation.contract)
            require_open_for_reporting(contract)
            current = Realisation.objects.select_for_update().get(pk=realisation.pk)
            if current.status not in EVIDENCE_OPEN_STATUSES:
                raise MonitoringError(
                    _(
                        "Evidence is added to a draft or a realisation awaiting verification."
                        " Change this realisation first: that makes a new version."
                    )
                )
            if current.evidence.filter(removed_at__isnull=True).count() >= (
                EVIDENCE_PER_REALISATION_MAX
            ):
                raise EvidenceRefused(
                    _("A realisation has at most %(limit)s files. Remove one first.")
                    % {"limit": EVIDENCE_PER_REALISATION_MAX}
                )
            evidence = Evidence(
                realisation=current,
                original_name=name,
                content_type=content_type,
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                uploaded_by=acting_user,
            )
            evidence.file.save(
                f"upload{EVIDENCE_TYPES[content_type]}", ContentFile(data), save=False
            )
            stored = evidence.file.name
            evidence.save()
            audit(
                acting_user=acting_user,
                action="evidence_add",
                contract=contract,
                obj=evidence,
                data={"realisation": current.pk, "type": content_type, "size": len(data)},
            )
    except BaseException:
        if stored:
            storage.delete(stored)
        raise
    return evidence


def evidence_remove(*, acting_user: Any, evidence: Evidence) -> None:
    """Remove evidence of a draft: the row, and the stored file unless another version's row
    shares it. Raises ``MonitoringError`` for a realisation that is not a draft."""
    require_contractor_of(acting_user, evidence.realisation.contract)
    with transaction.atomic():
        contract = lock_contract(evidence.realisation.contract)
        require_open_for_reporting(contract)
        current = Realisation.objects.select_for_update().get(pk=evidence.realisation_id)
        if current.status != RealisationStatus.DRAFT:
            raise MonitoringError(
                _("Evidence of a reported realisation stays on record; only a draft's can go.")
            )
        try:
            row = current.evidence.get(pk=evidence.pk)
        except Evidence.DoesNotExist:
            raise MonitoringError(_("This file has already been removed.")) from None
        name = str(row.file.name or "")
        shared = bool(name) and Evidence.objects.filter(file=name).exclude(pk=row.pk).exists()
        pk = row.pk
        row.delete()
        audit(
            acting_user=acting_user,
            action="evidence_remove",
            contract=contract,
            data={"realisation": current.pk, "evidence": pk},
        )
        if name and not shared:
            storage = evidence_storage()
            transaction.on_commit(lambda: storage.delete(name))
