"""The open figures: the public page with its CSV and JSON (no login), and the page where a
buyer user (or a coordinator, for any buyer) manages the publication. Access:
``publication_selectors``; the figures: ``open_figures``; their formats: ``open_formats``."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods, require_safe

from sroi.core.spreadsheets import CSV_BOM
from sroi.portfolio import publication_selectors as selectors
from sroi.portfolio.constants import OPEN_FIGURES_CACHE_SECONDS, PUBLICATION_SLUG_MAX_LENGTH
from sroi.portfolio.models import Publication
from sroi.portfolio.open_figures import open_figures
from sroi.portfolio.open_formats import figures_csv, figures_json, page_context
from sroi.portfolio.publication_forms import PublicationForm
from sroi.portfolio.publication_services import publication_save

_public_files = cache_control(public=True, max_age=OPEN_FIGURES_CACHE_SECONDS)


def _page(request: HttpRequest, publication: Publication, *, preview: bool) -> HttpResponse:
    figures = open_figures(publication.buyer)
    context: dict[str, Any] = {
        "publication": publication,
        "buyer": publication.buyer,
        "preview": preview,
        **page_context(figures),
    }
    return render(request, "portfolio/open_figures.html", context)


@require_safe
def open_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The public page of a published buyer (anyone, no login)."""
    return _page(request, selectors.publication_get_public(slug), preview=False)


@require_safe
@_public_files
def open_csv(request: HttpRequest, slug: str) -> HttpResponse:
    publication = selectors.publication_get_public(slug)
    text = figures_csv(open_figures(publication.buyer))
    response = HttpResponse(CSV_BOM + text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="open-cijfers-{publication.slug}.csv"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
@_public_files
def open_json(request: HttpRequest, slug: str) -> HttpResponse:
    publication = selectors.publication_get_public(slug)
    document = figures_json(publication, open_figures(publication.buyer))
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _require_manager(request: HttpRequest) -> None:
    if not selectors.can_manage_publications(request.user):
        raise PermissionDenied


@login_required
@require_safe
def publication_overview(request: HttpRequest) -> HttpResponse:
    """A buyer user goes to its buyer's settings; a coordinator chooses a buyer."""
    _require_manager(request)
    buyers = selectors.publication_buyers_for_user(request.user)
    if not request.user.is_coordinator:  # type: ignore[union-attr]
        own = buyers.first()
        if own is None:
            raise PermissionDenied
        return redirect("portfolio:publication_edit", buyer_pk=own.pk)
    return render(request, "portfolio/publication_list.html", {"buyers": buyers})


def _initial(publication: Publication | None, buyer_name: str) -> dict[str, Any]:
    if publication is None:
        return {"slug": slugify(buyer_name)[:PUBLICATION_SLUG_MAX_LENGTH].strip("-")}
    return {
        "published": publication.published,
        "slug": publication.slug,
        "introduction": publication.introduction,
        "revision": selectors.publication_revision(publication),
    }


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def publication_edit(request: HttpRequest, buyer_pk: int) -> HttpResponse:
    """A buyer's publication settings: publish yes/no, address, introduction."""
    _require_manager(request)
    buyer = selectors.publication_buyer_get_for_user(request.user, buyer_pk)
    publication = selectors.publication_of(buyer)
    form = PublicationForm(
        request.POST if request.method == "POST" else None,
        buyer=buyer,
        initial=_initial(publication, buyer.name),
    )
    theirs: Publication | None = None
    conflict = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = publication_save(
                acting_user=request.user,
                buyer=buyer,
                slug=data["slug"],
                published=data["published"],
                introduction=data["introduction"],
                revision=data["revision"],
            )
        except ValidationError as exc:
            if getattr(exc, "code", None) == "conflict":
                # Nothing typed is lost: the form keeps the user's values with the revision of
                # the version saved meanwhile, which the page shows read-only beside it.
                conflict = True
                theirs = publication = selectors.publication_of(buyer)
                typed = request.POST.copy()
                typed["revision"] = selectors.publication_revision(theirs)
                form = PublicationForm(typed, buyer=buyer, initial=_initial(theirs, buyer.name))
                form.is_valid()  # the typed values checked against the new state (the address)
            form.add_error(None, exc)  # a dict of field errors goes to its fields
        else:
            messages.success(
                request,
                _("The open figures are published.")
                if saved.published
                else _("The settings are saved. The open figures are not published."),
            )
            return redirect("portfolio:publication_edit", buyer_pk=buyer.pk)
    return render(
        request,
        "portfolio/publication_form.html",
        {
            "buyer": buyer,
            "publication": publication,
            "form": form,
            "theirs": theirs,
            "conflict": conflict,
            "is_coordinator": request.user.is_coordinator,  # type: ignore[union-attr]
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_safe
def publication_preview(request: HttpRequest, buyer_pk: int) -> HttpResponse:
    """The public page as it is (or would be) published, for whoever manages it."""
    _require_manager(request)
    buyer = selectors.publication_buyer_get_for_user(request.user, buyer_pk)
    publication = selectors.publication_of(buyer) or Publication(
        buyer=buyer, slug=_initial(None, buyer.name)["slug"]
    )
    return _page(request, publication, preview=True)
