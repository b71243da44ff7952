"""The rule-set pages (``/rekenmodellen/``): the bouwblokkenmodellen, public and maintained.

Access rules:

- ``ruleset_list``, ``ruleset_detail``, ``ruleset_download``: public. Anyone sees the published
  versions; a coordinator (or administrator) also sees the concepts.
- ``version_new``, ``version_edit``, ``version_publish``: coordinators and administrators
  only (``coordinator_required``: contractors get 403, anonymous users go to the login page).

Every change goes through ``rules.services`` (which check the state, refuse overlapping
validity and write the audit log). A published version is shown read-only; its only change,
ending an open validity, is offered when it stands in the way of publishing a successor.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sroi.accounts.decorators import coordinator_required
from sroi.rules import selectors, services
from sroi.rules.constants import TargetGroup, target_group_label
from sroi.rules.files import RuleSetFileError, parse_ruleset
from sroi.rules.forms_rulesets import (
    BlockFormSet,
    BonusFormSet,
    NewVersionForm,
    TargetGroupBlocksForm,
    VersionForm,
    assign_document_problems,
    blocks_initial,
    bonuses_initial,
    copied_document,
    document_from_forms,
    version_initial,
)
from sroi.rules.models import RuleSetVersion

# --- helpers (who sees which version is decided in ``selectors``) ---------------------------


def _is_coordinator(request: HttpRequest) -> bool:
    return bool(getattr(request.user, "is_coordinator", False))


def _valid_today(code: str, today: date) -> RuleSetVersion | None:
    try:
        return selectors.ruleset_version_valid_on(code=code, day=today)
    except RuleSetVersion.DoesNotExist:
        return None


def _overlapping_published(concept: RuleSetVersion) -> RuleSetVersion | None:
    """The published version of the same rule set whose validity overlaps the concept's.

    Shown in advance on the confirmation page; ``ruleset_version_publish`` decides.
    """
    concept_end = concept.valid_to or date.max
    for other in selectors.ruleset_versions_published():
        if other.code != concept.code or other.pk == concept.pk:
            continue
        if other.valid_from <= concept_end and concept.valid_from <= (other.valid_to or date.max):
            return other
    return None


def _period_text(valid_from: date, valid_to: date | None) -> str:
    start = date_format(valid_from, "j F Y")
    if valid_to is None:
        return _("from %(start)s, no end date") % {"start": start}
    return _("from %(start)s up to and including %(end)s") % {
        "start": start,
        "end": date_format(valid_to, "j F Y"),
    }


# --- public pages -------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleSetGroup:
    """One rule set (code) on the list page: its versions and the one valid today."""

    code: str
    versions: list[RuleSetVersion]
    current: RuleSetVersion | None

    @property
    def shown(self) -> RuleSetVersion:
        """The version whose name, region and status head the group."""
        if self.current is not None:
            return self.current
        published = [v for v in self.versions if v.is_published]
        return (published or self.versions)[-1]


@require_GET
def ruleset_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    visible = list(selectors.ruleset_versions_for_user(request.user))
    by_code: dict[str, list[RuleSetVersion]] = {}
    for version in visible:
        by_code.setdefault(version.code, []).append(version)
    groups = [
        RuleSetGroup(
            code=code,
            versions=versions,
            current=selectors.published_version_valid_on(visible, code=code, day=today),
        )
        for code, versions in sorted(by_code.items())
    ]
    return render(
        request,
        "rules/ruleset_list.html",
        {"groups": groups, "today": today, "can_manage": _is_coordinator(request)},
    )


@require_GET
def ruleset_detail(request: HttpRequest, code: str, version: str) -> HttpResponse:
    found = selectors.ruleset_version_get_for_user(request.user, code=code, version=version)
    today = timezone.localdate()
    current = _valid_today(found.code, today)
    siblings = list(selectors.ruleset_versions_for_user(request.user).filter(code=found.code))
    ruleset = found.to_engine()
    target_groups = [
        (target_group_label(code), ruleset.block(ruleset.target_group_block(code) or ""))
        for code in TargetGroup.values
    ]
    return render(
        request,
        "rules/ruleset_detail.html",
        {
            "version": found,
            "ruleset": ruleset,
            "target_groups": target_groups,
            "is_current": current is not None and current.pk == found.pk,
            "current": current,
            "siblings": siblings,
            "today": today,
            "can_manage": _is_coordinator(request),
        },
    )


@require_GET
def ruleset_download(request: HttpRequest, code: str, version: str) -> HttpResponse:
    """The version's document as stored, as a JSON file (the form of ``rules/data/*.json``)."""
    found = selectors.ruleset_version_get_for_user(request.user, code=code, version=version)
    body = json.dumps(found.document, indent=2, ensure_ascii=False) + "\n"
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{found.code}.{found.version}.json"'
    return response


# --- coordinator pages ----------------------------------------------------------------------


@coordinator_required
@require_http_methods(["GET", "POST"])
def version_new(request: HttpRequest, code: str, version: str) -> HttpResponse:
    """Copy a version into a new concept with its own label and validity."""
    source = selectors.ruleset_version_get_for_user(request.user, code=code, version=version)
    # A coordinator sees every version (concepts too): all labels already taken for this code.
    taken = set(
        selectors.ruleset_versions_for_user(request.user)
        .filter(code=source.code)
        .values_list("version", flat=True)
    )
    form = NewVersionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        label = form.cleaned_data["version"]
        if label in taken:
            form.add_error(
                "version",
                _("Version %(version)s already exists for this rule set; choose another label.")
                % {"version": label},
            )
        else:
            document = copied_document(
                source.to_engine(),
                version=label,
                valid_from=form.cleaned_data["valid_from"],
                valid_to=form.cleaned_data["valid_to"],
            )
            try:
                concept = services.ruleset_version_create(
                    document=document,
                    acting_user=request.user,  # type: ignore[arg-type]
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    _(
                        "Concept version %(version)s has been made from version %(source)s. "
                        "Change the values and publish it when it is complete."
                    )
                    % {"version": concept.version, "source": source.version},
                )
                return redirect("rulesets:version_edit", code=concept.code, version=concept.version)
    return render(request, "rules/ruleset_version_new.html", {"source": source, "form": form})


def _bind_edit_forms(
    request: HttpRequest, concept: RuleSetVersion
) -> tuple[VersionForm, Any, Any, TargetGroupBlocksForm]:
    ruleset = concept.to_engine()
    data = request.POST if request.method == "POST" else None
    form = VersionForm(data, initial=version_initial(ruleset))
    blocks = BlockFormSet(data, initial=blocks_initial(ruleset), prefix="blocks")
    bonuses = BonusFormSet(data, initial=bonuses_initial(ruleset), prefix="bonuses")
    target_groups = TargetGroupBlocksForm(data, ruleset=ruleset)
    return form, blocks, bonuses, target_groups


def _forms_match_document(concept: RuleSetVersion, blocks: Any, bonuses: Any) -> bool:
    """Whether the posted rows are the concept's rows (not a form from before a change)."""
    return len(blocks.forms) == len(concept.document.get("blocks", [])) and len(
        bonuses.forms
    ) == len(concept.document.get("bonuses", []))


@coordinator_required
@require_http_methods(["GET", "POST"])
def version_edit(request: HttpRequest, code: str, version: str) -> HttpResponse:
    """Edit a concept: metadata, blocks and bonuses. Published versions are refused."""
    found = selectors.ruleset_version_get_for_user(request.user, code=code, version=version)
    if found.is_published:
        if request.method == "POST":
            try:  # the service refuses; it is the one place that decides
                services.ruleset_version_update(
                    version=found,
                    document=found.document,
                    acting_user=request.user,  # type: ignore[arg-type]
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
        else:
            messages.info(
                request,
                _(
                    "Version %(version)s is published and can no longer be changed. "
                    "Make a new version to correct it."
                )
                % {"version": found.version},
            )
        return redirect("rulesets:detail", code=found.code, version=found.version)

    form, blocks, bonuses, target_groups = _bind_edit_forms(request, found)
    if request.method == "POST":
        if not _forms_match_document(found, blocks, bonuses):
            messages.error(
                request,
                _("The concept was changed meanwhile; the page shows it again. Nothing was saved."),
            )
            return redirect("rulesets:version_edit", code=found.code, version=found.version)
        valid = [form.is_valid(), blocks.is_valid(), bonuses.is_valid(), target_groups.is_valid()]
        if all(valid):
            document = document_from_forms(found.document, form, blocks, bonuses, target_groups)
            try:
                parse_ruleset(document)
            except RuleSetFileError as exc:
                assign_document_problems(exc.problems, form, blocks, bonuses, target_groups)
            else:
                try:
                    saved = services.ruleset_version_update(
                        version=found,
                        document=document,
                        acting_user=request.user,  # type: ignore[arg-type]
                    )
                except ValidationError as exc:
                    for message in exc.messages:
                        form.add_error(None, message)
                else:
                    messages.success(
                        request,
                        _("Concept version %(version)s has been saved.")
                        % {"version": saved.version},
                    )
                    return redirect("rulesets:detail", code=saved.code, version=saved.version)
    return render(
        request,
        "rules/ruleset_version_edit.html",
        {
            "version": found,
            "form": form,
            "blocks": blocks,
            "bonuses": bonuses,
            "target_groups": target_groups,
            "formsets": [blocks, bonuses, target_groups],
        },
    )


def _end_offer(concept: RuleSetVersion, other: RuleSetVersion | None) -> date | None:
    """The day ``other`` could end so that ``concept`` can follow it, if the service allows."""
    if other is None or other.valid_to is not None:
        return None
    day = concept.valid_from - timedelta(days=1)
    return day if day >= other.valid_from else None


@coordinator_required
@require_http_methods(["GET", "POST"])
def version_publish(request: HttpRequest, code: str, version: str) -> HttpResponse:
    """Confirm and publish a concept; offer to end the open validity that stands in its way."""
    concept = selectors.ruleset_version_get_for_user(request.user, code=code, version=version)
    if concept.is_published:
        messages.info(
            request,
            _("Version %(version)s is already published.") % {"version": concept.version},
        )
        return redirect("rulesets:detail", code=concept.code, version=concept.version)
    error = ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "publish":
            try:
                published = services.ruleset_version_publish(
                    version=concept,
                    acting_user=request.user,  # type: ignore[arg-type]
                )
            except ValidationError as exc:
                error = " ".join(exc.messages)
            else:
                messages.success(
                    request,
                    _("Version %(version)s has been published (%(period)s).")
                    % {
                        "version": published.version,
                        "period": _period_text(published.valid_from, published.valid_to),
                    },
                )
                return redirect("rulesets:detail", code=published.code, version=published.version)
        elif action == "end_other":
            other = _overlapping_published(concept)
            end_day = _end_offer(concept, other)
            if other is None or end_day is None or request.POST.get("other") != other.version:
                messages.error(
                    request,
                    _("The published versions changed meanwhile; check the page again."),
                )
            else:
                try:
                    services.ruleset_version_end_validity(
                        version=other,
                        valid_to=end_day,
                        acting_user=request.user,  # type: ignore[arg-type]
                    )
                except ValidationError as exc:
                    messages.error(request, " ".join(exc.messages))
                else:
                    messages.success(
                        request,
                        _("Version %(version)s is now valid %(period)s.")
                        % {
                            "version": other.version,
                            "period": _period_text(other.valid_from, end_day),
                        },
                    )
            return redirect("rulesets:version_publish", code=concept.code, version=concept.version)
        else:
            error = _("Choose one of the buttons on this page.")
    other = _overlapping_published(concept)
    end_day = _end_offer(concept, other)
    return render(
        request,
        "rules/ruleset_version_publish.html",
        {
            "version": concept,
            "ruleset": concept.to_engine(),
            "period": _period_text(concept.valid_from, concept.valid_to),
            "other": other,
            "other_period": _period_text(other.valid_from, other.valid_to) if other else "",
            "end_day": end_day,
            "today": timezone.localdate(),
            "error": error,
        },
        status=409 if error else 200,
    )
