"""HTML to PDF for the documents of record (the plan van aanpak, the agreements, the final
assessment, the council report): WeasyPrint
with system fonts, and no URL is ever fetched (a document never loads anything from anywhere,
so a name or text in it cannot make the server call out)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def refuse_url(url: str, timeout: int = 10, ssl_context: Any = None) -> dict[str, Any]:
    """WeasyPrint's URL fetcher: a PDF of record never loads anything from anywhere."""
    raise ValueError(f"PDF rendering does not fetch URLs ({url[:40]})")


def _url_fetcher() -> Any:
    """``refuse_url`` as WeasyPrint (70) wants a fetcher: a ``URLFetcher`` whose ``fetch``
    refuses. A plain function fails there on the first URL (WeasyPrint reads the fetcher's
    ``_fail_on_errors``): an AttributeError instead of the refusal and a warning."""
    from weasyprint.urls import URLFetcher

    class RefuseURLs(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            return refuse_url(url)

    return RefuseURLs()


def html_to_pdf(html: str, *, stylesheet: Path | None = None) -> bytes:
    """``html`` (a whole document) as PDF bytes, with ``stylesheet`` (a CSS file; relative URLs
    resolve beside it) if given. A URL in it (an image, a stylesheet) is refused with a warning
    in the log; the PDF is made without it."""
    from weasyprint import CSS, HTML  # heavy import: only when a PDF is made

    fetcher = _url_fetcher()
    base_url = str(stylesheet.parent) if stylesheet is not None else None
    stylesheets = (
        [CSS(filename=str(stylesheet), url_fetcher=fetcher)] if stylesheet is not None else None
    )
    document = HTML(string=html, url_fetcher=fetcher, base_url=base_url)
    pdf = document.write_pdf(stylesheets=stylesheets)
    assert isinstance(pdf, bytes)  # noqa: S101 (write_pdf without a target returns bytes)
    return pdf
