"""A file that is too large is refused before Django reads the request body.

The calculator allows files up to 256 kB (``MAX_UPLOAD_BYTES``). A request whose announced
size (``Content-Length``) exceeds that plus a margin for the other fields is answered with the
empty calculator and a Dutch message at the upload field, status 413; the multipart body is
never parsed (not even by the CSRF check, which reads ``request.POST``).
"""

from __future__ import annotations

import html as html_module
from typing import Any, ClassVar

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.test import Client, override_settings

from tests.calculator.conftest import worked_example
from tests.calculator.test_calculator_errors import field_error
from tests.calculator.test_calculator_files import empty_form
from tests.calculator.test_calculator_page import URL, input_value

pytestmark = pytest.mark.usefixtures("rulesets")

TOO_LARGE = "Dit bestand is te groot voor een berekening (hoogstens 256 kB)"
NOT_READ = "Het is daarom niet gelezen"


class RecordingUploadHandler(MemoryFileUploadHandler):
    """Django's in-memory upload handler that notes each time a multipart body is parsed."""

    parsed: ClassVar[list[int]] = []

    def handle_raw_input(self, *args: Any, **kwargs: Any) -> None:
        RecordingUploadHandler.parsed.append(1)
        super().handle_raw_input(*args, **kwargs)


HANDLER = f"{__name__}.RecordingUploadHandler"


@pytest.fixture
def parsed() -> list[int]:
    RecordingUploadHandler.parsed.clear()
    return RecordingUploadHandler.parsed


def calculation_file(client: Client, *, size: int | None = None) -> SimpleUploadedFile:
    """The worked example as saved from the calculator, padded with spaces to ``size`` bytes.

    Still valid JSON and a valid calculation: had it been read, it would be valued.
    """
    content = client.post(URL, worked_example(action="download_input")).content
    if size is not None:
        content += b" " * (size - len(content))
    return SimpleUploadedFile("berekening.json", content, content_type="application/json")


@override_settings(FILE_UPLOAD_HANDLERS=[HANDLER])
def test_a_300_kb_file_is_refused_in_dutch_before_the_body_is_read(
    client: Client, parsed: list[int]
) -> None:
    upload = calculation_file(client, size=300 * 1024)
    parsed.clear()  # the download above was a (small) multipart post too

    response = client.post(URL, {**worked_example(action="upload"), "upload-document": upload})

    assert response.status_code == 413
    html = response.content.decode()
    message = html_module.unescape(field_error(html, "id_upload-document"))
    assert TOO_LARGE in message
    assert NOT_READ in message
    assert 'href="#id_upload-document"' in html  # in the error summary at the top
    # Nothing was parsed, so nothing was valued: not the file, not the typed worked example.
    assert parsed == []
    assert response.context["valuation"] is None
    assert 'data-figure="total"' not in html
    assert input_value(html, "value_eur") is None


def test_the_refusal_comes_before_the_csrf_check_reads_the_body(client: Client) -> None:
    upload = calculation_file(client, size=300 * 1024)
    strict = Client(enforce_csrf_checks=True)

    # Without a CSRF token: had the CSRF check parsed the body first, this would be a 403.
    response = strict.post(URL, {**empty_form(action="upload"), "upload-document": upload})

    assert response.status_code == 413
    assert TOO_LARGE in html_module.unescape(
        field_error(response.content.decode(), "id_upload-document")
    )


def test_the_calculator_still_checks_the_csrf_token(client: Client) -> None:
    strict = Client(enforce_csrf_checks=True)
    strict.get(URL)
    token = strict.cookies[settings.CSRF_COOKIE_NAME].value

    refused = strict.post(URL, worked_example())
    accepted = strict.post(URL, {**worked_example(), "csrfmiddlewaretoken": token})

    assert refused.status_code == 403
    assert accepted.status_code == 200
    # rekenregels.md worked example: total EUR 56.956,99.
    assert 'data-figure="total">EUR 56.956,99<' in accepted.content.decode()


@override_settings(FILE_UPLOAD_HANDLERS=[HANDLER])
def test_a_file_under_the_limit_is_read_and_valued(client: Client, parsed: list[int]) -> None:
    # 250 kB of (padded) calculation plus the empty form stays under 256 kB + the margin.
    upload = calculation_file(client, size=250 * 1024)
    parsed.clear()

    response = client.post(URL, {**empty_form(action="upload"), "upload-document": upload})

    assert response.status_code == 200
    assert parsed == [1]
    html = response.content.decode()
    assert input_value(html, "value_eur") == "1.000.000"
    # rekenregels.md worked example: PW 50.000,00 + WW 2.956,99 + social procurement 4.000,00.
    assert 'data-figure="total">EUR 56.956,99<' in html


def test_a_file_just_over_256_kb_within_the_margin_gets_the_upload_check(
    client: Client,
) -> None:
    # 260 kB: the request is small enough to be read; the upload's own check refuses it.
    upload = calculation_file(client, size=260 * 1024)

    response = client.post(URL, {**worked_example(action="upload"), "upload-document": upload})

    assert response.status_code == 422
    html = response.content.decode()
    assert TOO_LARGE in html_module.unescape(field_error(html, "id_upload-document"))
    # Read, so nothing typed is lost and the typed calculation is still valued.
    assert input_value(html, "value_eur") == "1.000.000"
    assert 'data-figure="total">EUR 56.956,99<' in html
