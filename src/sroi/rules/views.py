"""The public calculator (``/rekenhulp/``): no login, Dutch, works with and without JavaScript.

Access rule: public. Anyone may calculate; nothing is stored. Rule sets are public data and
only published versions are offered (``rules.selectors``).

One form holds the rule set, the contract and four kinds of lines (each a formset). Its
submit buttons carry an ``action``: ``calculate`` (Bereken), ``add:<section>``,
``remove:<section>:<index>``, ``download_input``, ``download_output`` and ``upload``. With
JavaScript, htmx posts the same form to ``calculator_valuation`` as people type and swaps in
the result panel only.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse, QueryDict
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from sroi.rules import selectors
from sroi.rules.calcio import load_document, parse_request, request_to_dict, valuation_to_dict
from sroi.rules.engine import (
    Basis,
    CalculationError,
    CalculationRequest,
    Contract,
    Language,
    Line,
    Problem,
    PsoLevel,
    RuleSet,
    Valuation,
    calculate,
)
from sroi.rules.forms import (
    ISO_DATE,
    MAX_LINES_PER_SECTION,
    MAX_UPLOAD_BYTES,
    ActivityFormSet,
    ActivityLineForm,
    AmountFormSet,
    AmountLineForm,
    CalculatorForm,
    FixedChoices,
    OtherFormSet,
    OtherLineForm,
    PlacementFormSet,
    PlacementLineForm,
    UploadForm,
    format_dutch_decimal,
)
from sroi.rules.models import RuleSetVersion

DEFAULT_RULESET = "nhn-werksaam"

# A POST larger than this is refused before its body is read: an upload may hold at most
# MAX_UPLOAD_BYTES, and the other fields of the form (a few dozen lines) fit well in the
# margin. A 300 kB file is refused here, a 256 kB file goes on to the upload's own check.
FORM_MARGIN_BYTES = 32 * 1024
MAX_POST_BYTES = MAX_UPLOAD_BYTES + FORM_MARGIN_BYTES


@dataclass(frozen=True)
class Section:
    """One kind of line: its formset, heading and the calc-io fields it edits."""

    key: str
    formset_class: type[Any]
    heading: Any
    intro: Any
    fields: tuple[str, ...]


SECTIONS: tuple[Section, ...] = (
    Section(
        "placements",
        PlacementFormSet,
        gettext_lazy("Candidates per target group"),
        gettext_lazy(
            "People from a target group you employ or give a learn-work place or internship: "
            "one line per target group, with the number of candidates."
        ),
        ("block", "hours_per_week", "start", "end", "count", "bonuses", "ref"),
    ),
    Section(
        "amounts",
        AmountFormSet,
        gettext_lazy("Social procurement and other amounts"),
        gettext_lazy(
            "Purchases from social enterprises and other costs that count per euro invoiced "
            "(excluding VAT)."
        ),
        ("block", "amount_eur", "ref"),
    ),
    Section(
        "activities",
        ActivityFormSet,
        gettext_lazy("Social activities (hours)"),
        gettext_lazy(
            "Knowledge and hours you put into activities that bring people closer to work."
        ),
        ("block", "hours", "ref"),
    ),
    Section(
        "other",
        OtherFormSet,
        gettext_lazy("Other building blocks"),
        gettext_lazy(
            "Fixed amounts, blocks counted per month and custom work at a value agreed with "
            "the SROI coordinator."
        ),
        ("block", "count", "start", "end", "date", "agreed_value_eur", "ref"),
    ),
)
SECTION_BY_KEY = {section.key: section for section in SECTIONS}
SECTION_KEYS = tuple(SECTION_BY_KEY)

# Engine / calc-io field names of the contract -> fields of CalculatorForm.
CONTRACT_FIELDS = {
    "contract.value_eur": "value_eur",
    "contract.sroi_percentage": "sroi_percentage",
    "contract.start": "start",
    "contract.end": "end",
    "contract": "value_eur",
    "pso_level": "pso_level",
    "reference_date": "start",
    "ruleset": "ruleset",
}


@dataclass
class RuleSetChoice:
    """The rule set chosen by code and the version that applies on the contract start."""

    code: str
    day: date
    version: RuleSetVersion | None  # None: no published version valid on ``day``
    ruleset: RuleSet  # the applicable version, or the newest one (for the block lists)
    choices: FixedChoices  # shared read only: (code, label) per rule set

    @property
    def key(self) -> str:
        return f"{self.code}@{self.ruleset.version}"


@dataclass
class BoundSection:
    section: Section
    formset: Any

    @property
    def available(self) -> bool:
        return bool(self.formset.available())


@dataclass
class Calculation:
    """Everything the calculator page and its partial show."""

    data: QueryDict
    form: CalculatorForm
    sections: list[BoundSection]
    upload: UploadForm
    choice: RuleSetChoice
    show_errors: bool = True
    request: CalculationRequest | None = None
    valuation: Valuation | None = None
    autofocus: str | None = None  # the id of the control to focus after adding/removing

    def display(self) -> tuple[CalculatorForm, list[BoundSection]]:
        """The forms to show: the bound ones (with their errors) or, when errors are not to be
        shown (adding a line, a fresh page), unbound copies holding exactly what was typed."""
        if self.show_errors:
            return self.form, self.sections
        language = get_language() or "nl"
        form = CalculatorForm(
            initial=_flat(self.data, self.form), ruleset_choices=self.choice.choices
        )
        form.use_required_attribute = False
        sections = []
        for bound in self.sections:
            probe = bound.formset.form(ruleset=self.choice.ruleset, language=language)
            rows = [_flat_row(row, probe) for row in _rows(self.data, bound.section.key)]
            sections.append(
                BoundSection(
                    bound.section,
                    bound.section.formset_class(
                        initial=rows,
                        prefix=bound.section.key,
                        ruleset=self.choice.ruleset,
                        language=language,
                    ),
                )
            )
        return form, sections


def _flat(data: QueryDict, form: Any) -> dict[str, Any]:
    """Raw values of ``form``'s fields in ``data`` (lists for multiple choices)."""
    values: dict[str, Any] = {}
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        if isinstance(field, forms.MultipleChoiceField):
            values[name] = data.getlist(key)
        elif key in data:
            values[name] = data.get(key)
    return values


def _flat_row(row: Mapping[str, list[str]], form: Any) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, field in form.fields.items():
        if isinstance(field, forms.MultipleChoiceField):
            values[name] = list(row.get(name, []))
        elif row.get(name):
            values[name] = row[name][0]
    return values


def _language() -> Language:
    return Language.EN if (get_language() or "nl").startswith("en") else Language.NL


def _parse_iso(text: str | None) -> date | None:
    """A date as the date fields accept it (``2026-01-01``, or ``01-01-2026`` typed by hand)."""
    if text and ISO_DATE.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            return None  # 2026-02-30: not a date in any of the formats
    for pattern in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(text or "", pattern).date()  # noqa: DTZ007 - a date only
        except ValueError:
            continue
    return None


def _ruleset_choice(
    code: str | None, day: date | None, versions: list[RuleSetVersion] | None = None
) -> RuleSetChoice:
    """The published rule sets grouped by code and the version valid on ``day``."""
    if versions is None:
        versions = selectors.ruleset_versions_published()
    by_code, choices = _grouped(versions)
    if not by_code:
        raise RuleSetVersion.DoesNotExist("no published rule set")
    if code not in by_code:
        code = DEFAULT_RULESET if DEFAULT_RULESET in by_code else next(iter(choices))[0]
    reference = day or timezone.localdate()
    applicable = selectors.published_version_valid_on(versions, code=code, day=reference)
    shown = applicable or max(by_code[code], key=lambda v: v.valid_from)
    return RuleSetChoice(
        code=code,
        day=reference,
        version=applicable,
        ruleset=shown.to_engine(),
        choices=choices,
    )


# (language, the versions' object ids) -> (the versions, grouped by code, the select's choices).
# The published versions are one list of objects per process until a publication
# (``selectors.ruleset_versions_published``), so every request of the calculator and its live
# update would group and label them again; the entry keeps the versions, so their ids are not
# reused while it lives.
_RULESET_CHOICES: dict[
    tuple[str | None, tuple[int, ...]],
    tuple[list[RuleSetVersion], dict[str, list[RuleSetVersion]], FixedChoices],
] = {}
_RULESET_CHOICES_KEPT = 16


def _grouped(
    versions: list[RuleSetVersion],
) -> tuple[dict[str, list[RuleSetVersion]], FixedChoices]:
    """The versions by code, and the rule-set select's choices (the default first, then by
    name), in the active language."""
    # The active language as it is: None (translations off) labels in English, not Dutch.
    key = (get_language(), tuple(id(version) for version in versions))
    entry = _RULESET_CHOICES.get(key)
    if entry is None:
        by_code: dict[str, list[RuleSetVersion]] = {}
        for version in versions:
            by_code.setdefault(version.code, []).append(version)
        choices = []
        for version_code, group in by_code.items():
            newest = max(group, key=lambda v: v.valid_from)
            choices.append((version_code, _ruleset_choice_label(newest)))
        choices.sort(key=lambda item: (item[0] != DEFAULT_RULESET, item[1].lower()))
        if len(_RULESET_CHOICES) >= _RULESET_CHOICES_KEPT:
            _RULESET_CHOICES.clear()
        entry = (list(versions), by_code, FixedChoices(choices))
        _RULESET_CHOICES[key] = entry
    return entry[1], entry[2]


def _ruleset_choice_label(version: RuleSetVersion) -> str:
    name = version.region or version.name
    if version.status == "indicative":
        return _("%(name)s (indicative)") % {"name": name}
    if version.status == "partial":
        return _("%(name)s (partial)") % {"name": name}
    return name


def _initial_data() -> QueryDict:
    """The empty calculator: the default rule set and one empty line for a target group."""
    data = QueryDict(mutable=True)
    data["ruleset"] = DEFAULT_RULESET
    for section in SECTIONS:
        _write_rows(data, section.key, [{"count": ["1"]}] if section.key == "placements" else [])
    return data


def _total(data: QueryDict, prefix: str) -> int:
    """The number of lines a section's management form announces, within 0 .. the maximum."""
    try:
        total = int(data.get(f"{prefix}-TOTAL_FORMS", "0"))
    except ValueError:
        total = 0
    return max(0, min(total, MAX_LINES_PER_SECTION))


# ``<section>-<index>-<name>``: a field of a line (``_write_rows`` drops every such key).
_LINE_KEY = re.compile(r"^([^-]+)-(\d+)-(.*)\Z", re.DOTALL)


def _line_index(text: str, total: int) -> int | None:
    """The line ``text`` names when it is written as ``_rows`` writes it (``0``, ``12``, not
    ``012``) and below ``total``; None otherwise."""
    if not (text.isascii() and text.isdigit()) or (text[0] == "0" and len(text) > 1):
        return None
    index = int(text)
    return index if index < total else None


def _rows_by_section(
    data: QueryDict, prefixes: tuple[str, ...]
) -> dict[str, list[dict[str, list[str]]]]:
    """The lines of each section in ``prefixes``: one pass over the keys of ``data``."""
    rows: dict[str, list[dict[str, list[str]]]] = {}
    for prefix in prefixes:
        rows[prefix] = [{} for _index in range(_total(data, prefix))]
    for key, values in data.lists():
        match = _LINE_KEY.match(key)
        if match is None or match[1] not in rows:
            continue
        section_rows = rows[match[1]]
        index = _line_index(match[2], len(section_rows))
        if index is not None:
            section_rows[index][match[3]] = values
    return rows


def _rows(data: QueryDict, prefix: str) -> list[dict[str, list[str]]]:
    return _rows_by_section(data, (prefix,))[prefix]


def _write_rows(data: QueryDict, prefix: str, rows: list[dict[str, list[str]]]) -> None:
    pattern = re.compile(rf"^{re.escape(prefix)}-\d+-")
    for key in [key for key in data if pattern.match(key)]:
        del data[key]
    data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
    data[f"{prefix}-INITIAL_FORMS"] = "0"
    data[f"{prefix}-MIN_NUM_FORMS"] = "0"
    data[f"{prefix}-MAX_NUM_FORMS"] = str(MAX_LINES_PER_SECTION)
    for index, row in enumerate(rows):
        for name, values in row.items():
            data.setlist(f"{prefix}-{index}-{name}", values)


def _normalised(data: QueryDict) -> QueryDict:
    """A mutable copy with sane management forms (every line is an extra, optional form).

    The same as writing each section's ``_rows`` back with ``_write_rows`` (keys in the same
    order), in one pass over the keys.
    """
    rows = _rows_by_section(data, SECTION_KEYS)
    copy = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        match = _LINE_KEY.match(key)
        if match is None or match[1] not in rows:
            copy.setlist(key, list(values))
    for prefix in SECTION_KEYS:
        section_rows = rows[prefix]
        copy[f"{prefix}-TOTAL_FORMS"] = str(len(section_rows))
        copy[f"{prefix}-INITIAL_FORMS"] = "0"
        copy[f"{prefix}-MIN_NUM_FORMS"] = "0"
        copy[f"{prefix}-MAX_NUM_FORMS"] = str(MAX_LINES_PER_SECTION)
        for index, row in enumerate(section_rows):
            for name, values in row.items():
                copy.setlist(f"{prefix}-{index}-{name}", list(values))
    return copy


def _build(
    data: QueryDict, *, show_errors: bool = True, versions: list[RuleSetVersion] | None = None
) -> Calculation:
    """The calculator's forms bound to ``data`` (written by ``_normalised`` or ``_write_rows``:
    the formsets then take the line counts as written, ``forms.WrittenCounts``)."""
    choice = _ruleset_choice(data.get("ruleset"), _parse_iso(data.get("start")), versions)
    language = get_language() or "nl"
    form = CalculatorForm(data, ruleset_choices=choice.choices)
    form.use_required_attribute = False
    sections = [
        BoundSection(
            section,
            section.formset_class(
                data, prefix=section.key, ruleset=choice.ruleset, language=language
            ),
        )
        for section in SECTIONS
    ]
    upload = UploadForm(data)
    return Calculation(
        data=data,
        form=form,
        sections=sections,
        upload=upload,
        choice=choice,
        show_errors=show_errors,
    )


def _line_from(section: Section, cleaned: Mapping[str, Any]) -> Line:
    ref = cleaned.get("ref") or None
    if section.key == "placements":
        return Line(
            block=cleaned["block"],
            hours_per_week=cleaned["hours_per_week"],
            start=cleaned["start"],
            end=cleaned["end"],
            count=cleaned["count"],
            bonuses=tuple(cleaned.get("bonuses") or ()),
            ref=ref,
        )
    if section.key == "amounts":
        return Line(block=cleaned["block"], amount_eur=cleaned["amount_eur"], ref=ref)
    if section.key == "activities":
        return Line(block=cleaned["block"], hours=cleaned["hours"], ref=ref)
    return Line(
        block=cleaned["block"],
        count=cleaned.get("count") or 1,
        start=cleaned.get("start"),
        end=cleaned.get("end"),
        date=cleaned.get("date"),
        agreed_value_eur=cleaned.get("agreed_value_eur"),
        ref=ref,
    )


def _evaluate(calc: Calculation) -> Calculation:
    """Validate the forms, build the engine request and calculate; map problems to fields."""
    valid = calc.form.is_valid()
    for bound in calc.sections:
        valid = bound.formset.is_valid() and valid
    if calc.form.is_valid() and calc.choice.version is None:
        calc.form.add_error(
            "start",
            _("No version of this rule set is valid on %(day)s. Choose another rule set or date.")
            % {"day": calc.choice.day.strftime("%d-%m-%Y")},
        )
        valid = False
    if not valid:
        return calc

    cleaned = calc.form.cleaned_data
    sources: list[tuple[Any, str]] = []  # line index -> (form, section key)
    lines: list[Line] = []
    for bound in calc.sections:
        for line_form in bound.formset.forms:
            if not line_form.cleaned_data:
                continue  # an untouched empty line
            lines.append(_line_from(bound.section, line_form.cleaned_data))
            sources.append((line_form, bound.section.key))
    pso = cleaned.get("pso_level") or None
    request = CalculationRequest(
        contract=Contract(
            value_eur=cleaned["value_eur"],
            start=cleaned["start"],
            end=cleaned["end"],
            sroi_percentage=cleaned.get("sroi_percentage"),
        ),
        lines=tuple(lines),
        pso_level=PsoLevel(pso) if pso else None,
    )
    try:
        calc.valuation = calculate(request, calc.choice.ruleset, language=_language())
    except CalculationError as exc:
        _map_problems(calc, exc.problems, sources)
        return calc
    calc.request = request
    return calc


def _problem_text(problem: Problem) -> str:
    text = problem.message if _language() == Language.EN else problem.message_nl
    return text[:1].upper() + text[1:]


def _map_problems(
    calc: Calculation, problems: tuple[Problem, ...], sources: list[tuple[Any, str]]
) -> None:
    """Put each engine problem at the field it names (``lines[1].hours_per_week``)."""
    for problem in problems:
        message = _problem_text(problem)
        name = problem.field.split("[", 1)[0].split(".")[-1] if problem.line is not None else ""
        if problem.line is not None and 0 <= problem.line < len(sources):
            line_form, _key = sources[problem.line]
            line_form.add_error(name if name in line_form.fields else None, message)
            continue
        target = CONTRACT_FIELDS.get(problem.field)
        if target is None and problem.field.startswith("ruleset"):
            target = "ruleset"
        calc.form.add_error(target, message)


def _plan_url() -> str | None:
    """The plan-from-calculation endpoint, once the plans app provides it."""
    try:
        return reverse("plans:plan_from_calculation")
    except NoReverseMatch:
        return None


def _context(calc: Calculation, *, live: bool = False) -> dict[str, Any]:
    document = ""
    if calc.request is not None:
        document = json.dumps(request_to_dict(calc.request, calc.choice.code), ensure_ascii=False)
    form, sections = calc.display()
    if calc.autofocus:
        for bound in sections:
            for line_form in bound.formset.forms:
                if line_form["block"].auto_id == calc.autofocus:
                    line_form.fields["block"].widget.attrs["autofocus"] = True
    return {
        "calc": calc,
        "live": live,
        "form": form,
        "sections": sections,
        "error_forms": [form, *(bound.formset for bound in sections)],
        "upload_form": calc.upload,
        "choice": calc.choice,
        "ruleset": calc.choice.ruleset,
        "contract_start_given": _parse_iso(calc.data.get("start")) is not None,
        "valuation": calc.valuation,
        "plan_url": _plan_url(),
        "plan_document": document,
        "max_lines": MAX_LINES_PER_SECTION,
    }


def _render_page(request: HttpRequest, calc: Calculation, *, status: int = 200) -> HttpResponse:
    return render(request, "rules/calculator.html", _context(calc), status=status)


# The empty calculator (a first visit, ``GET``) is the same for everyone in one language on one
# day with the same published versions, except for the CSRF token: it is rendered once per
# process for that key, with a placeholder where the token goes.
_CSRF_PLACEHOLDER = "sroi-csrf-token-placeholder"
_EMPTY_CALCULATORS: dict[tuple[Any, ...], str] = {}
_EMPTY_CALCULATORS_KEPT = 16


def _render_empty(request: HttpRequest) -> HttpResponse:
    versions = selectors.ruleset_versions_published()
    key = (
        get_language(),
        timezone.localdate(),
        tuple((version.pk, version.updated_at) for version in versions),
    )
    html = _EMPTY_CALCULATORS.get(key)
    if html is None:
        calc = _build(_initial_data(), show_errors=False, versions=versions)
        calc.form.is_valid()
        context = {**_context(calc), "csrf_token": _CSRF_PLACEHOLDER}
        html = render_to_string("rules/_calculator.html", context)
        if len(_EMPTY_CALCULATORS) >= _EMPTY_CALCULATORS_KEPT:
            _EMPTY_CALCULATORS.clear()
        _EMPTY_CALCULATORS[key] = html
    calculator_html = mark_safe(html.replace(_CSRF_PLACEHOLDER, get_token(request)))  # noqa: S308
    return render(request, "rules/calculator.html", {"calculator_html": calculator_html})


def _declared_length(request: HttpRequest) -> int:
    """The body size the client announces (``Content-Length``); 0 when absent or garbled."""
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _refuse_too_large(request: HttpRequest) -> HttpResponse:
    """The empty calculator with a message at the upload field; the body is never read."""
    calc = _build(_initial_data(), show_errors=False)
    calc.form.is_valid()
    calc.upload.add_error(
        "document",
        _(
            "This file is too large for a calculation (at most %(limit)s kB), so it has not "
            "been read and the form has been emptied. Open a smaller file or fill in the form "
            "again."
        )
        % {"limit": MAX_UPLOAD_BYTES // 1024},
    )
    return _render_page(request, calc, status=413)


# The CSRF check reads request.POST, which parses the whole body (files included). So the view
# is exempt from the middleware's check and makes it itself (``csrf_protect`` on
# ``_calculator``) after refusing a body that is too large: Django's pattern for upload limits.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def calculator(request: HttpRequest) -> HttpResponse:
    """The calculator page. Access: public (no login); nothing is stored."""
    if request.method == "POST" and _declared_length(request) > MAX_POST_BYTES:
        return _refuse_too_large(request)
    return _calculator(request)


@csrf_protect
def _calculator(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _render_empty(request)

    action = request.POST.get("action", "calculate")
    data = _normalised(request.POST)

    if action == "refresh":
        return _render_page(request, _evaluate(_build(data, show_errors=False)))

    if action.startswith(("add:", "remove:")):
        focus = _change_lines(data, action)
        calc = _evaluate(_build(data, show_errors=False))
        calc.autofocus = focus
        return _render_page(request, calc)

    if action == "upload":
        return _upload(request, data)

    calc = _evaluate(_build(data))
    if action == "download_input" and calc.request is not None:
        return _json_download(request_to_dict(calc.request, calc.choice.code), "sroi-berekening")
    if action == "download_output" and calc.valuation is not None:
        return _json_download(valuation_to_dict(calc.valuation), "sroi-uitkomst")
    return _render_page(request, calc, status=200 if calc.valuation is not None else 422)


@require_POST
def calculator_valuation(request: HttpRequest) -> HttpResponse:
    """The result panel for htmx (live update as people type). Access: public.

    When the rule set or the applicable version changed, the block lists change too: then the
    whole calculator is sent back and swapped in (``HX-Retarget``).
    """
    data = _normalised(request.POST)
    calc = _evaluate(_build(data, show_errors=False))
    if request.POST.get("shown_ruleset") != calc.choice.key:
        response = render(request, "rules/_calculator.html", _context(calc, live=True))
        response["HX-Retarget"] = "#calculator"
        response["HX-Reswap"] = "outerHTML"
        return response
    calc.show_errors = True  # listed in the panel; the fields themselves are not swapped
    return render(request, "rules/_calculator_result.html", _context(calc, live=True))


def _change_lines(data: QueryDict, action: str) -> str | None:
    """Add an empty line to a section or remove one; returns the id to focus afterwards."""
    parts = action.split(":")
    section = SECTION_BY_KEY.get(parts[1]) if len(parts) > 1 else None
    if section is None:
        return None
    rows = _rows(data, section.key)
    if parts[0] == "add":
        if len(rows) >= MAX_LINES_PER_SECTION:
            return f"add-{section.key}"
        rows.append({"count": ["1"]} if "count" in section.fields else {})
        _write_rows(data, section.key, rows)
        return f"id_{section.key}-{len(rows) - 1}-block"
    try:
        index = int(parts[2])
    except (IndexError, ValueError):
        return None
    if 0 <= index < len(rows):
        del rows[index]
        _write_rows(data, section.key, rows)
    return f"add-{section.key}"


def _json_download(document: Mapping[str, Any], stem: str) -> HttpResponse:
    today = timezone.localdate().isoformat()
    body = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{stem}-{today}.json"'
    return response


def _upload(request: HttpRequest, data: QueryDict) -> HttpResponse:
    """Open a saved calc-io input document; a bad file is an error at the upload field only."""
    uploaded = request.FILES.get("upload-document")
    error: str | None = None
    new_data: QueryDict | None = None
    if uploaded is None:
        error = _("Choose a JSON file saved from this calculator.")
    elif uploaded.size is not None and uploaded.size > MAX_UPLOAD_BYTES:
        error = _("This file is too large for a calculation (at most 256 kB).")
    else:
        try:
            document = load_document(uploaded.read())
        except CalculationError as exc:
            error = _document_error(exc)
        else:
            new_data, error = _data_from_document(document)
    if error is not None or new_data is None:
        calc = _evaluate(_build(data, show_errors=False))
        calc.upload.add_error("document", error or _("This file could not be read."))
        return _render_page(request, calc, status=422)
    calc = _evaluate(_build(new_data))
    return _render_page(request, calc, status=200 if calc.valuation is not None else 422)


def _document_error(exc: CalculationError) -> str:
    """Why a file cannot be read: not JSON, or text beyond the limits (where, and what)."""
    if all(problem.code in ("invalid_json", "invalid_encoding") for problem in exc.problems):
        return _("This file is not a calculation: it does not contain valid JSON.")
    details = "; ".join(_document_problem_text(problem) for problem in exc.problems)
    return _("This file cannot be used as a calculation: %(details)s") % {"details": details}


def _data_from_document(document: Any) -> tuple[QueryDict | None, str | None]:
    """Form data for a calc-io input document, or the Dutch reason it cannot be used."""
    if not isinstance(document, dict):
        return None, _("This file is not a calculation: a calculation is a JSON object.")
    try:
        parsed, ruleset = parse_request(document, rulesets=selectors.engine_rulesets_published())
    except CalculationError as exc:
        details = "; ".join(_document_problem_text(problem) for problem in exc.problems)
        return None, _("This file cannot be used as a calculation: %(details)s") % {
            "details": details
        }
    if not isinstance(document.get("ruleset"), str):
        return None, _(
            "This calculation uses its own rule set. The calculator only works with the "
            "published rule sets; ask the SROI coordinator."
        )
    data = _data_for(parsed, ruleset)
    for section in SECTIONS:
        lines = int(str(data.get(f"{section.key}-TOTAL_FORMS", "0")))  # as _write_rows wrote it
        if lines > MAX_LINES_PER_SECTION:
            return None, _(
                "This file has %(lines)s lines under “%(section)s”; the calculator takes at "
                "most %(maximum)s of each kind. Split the calculation over two files."
            ) % {"lines": lines, "section": section.heading, "maximum": MAX_LINES_PER_SECTION}
    return data, None


# The fields of a line, labelled as the calculator's forms label them; the generic forms first
# ("Number" rather than "Number of candidates": a broken file does not say its section).
_LINE_FORMS = (OtherLineForm, ActivityLineForm, AmountLineForm, PlacementLineForm)
_DOCUMENT_LABELS: dict[str, Any] = {
    "contract": gettext_lazy("Contract"),
    "reference_date": gettext_lazy("Reference date"),
    "lines": gettext_lazy("Lines"),
}


def _document_field_label(field: str, *, on_line: bool) -> str | None:
    """The label of a calc-io field (``hours_per_week``, ``contract.start``, ``bonuses[0]``)
    as the form shows it, or None when the problem's message already says what is wrong."""
    name = field.rsplit(".", 1)[-1].split("[", 1)[0] if on_line else field.split("[", 1)[0]
    if on_line:
        for form_class in _LINE_FORMS:
            if name in form_class.base_fields:
                return str(form_class.base_fields[name].label)
        return None
    if name.startswith("ruleset"):
        name = "ruleset"
    name = name.removeprefix("contract.")
    if name in CalculatorForm.base_fields:
        return str(CalculatorForm.base_fields[name].label)
    label = _DOCUMENT_LABELS.get(name)
    return None if label is None else str(label)


def _document_problem_text(problem: Problem) -> str:
    """``Regel 1: Uren per week: <message>``, in the active language."""
    message = _problem_text(problem)
    label = _document_field_label(problem.field, on_line=problem.line is not None)
    if problem.line is None:
        return f"{label}: {message}" if label else message
    if label:
        return _("Line %(number)s: %(field)s: %(message)s") % {
            "number": problem.line + 1,
            "field": label,
            "message": message,
        }
    return _("Line %(number)s: %(message)s") % {"number": problem.line + 1, "message": message}


def _dec(value: Decimal | None) -> list[str]:
    return [format_dutch_decimal(value)] if value is not None else []


def _iso(day: date | None) -> list[str]:
    return [day.isoformat()] if day is not None else []


def _data_for(request: CalculationRequest, ruleset: RuleSet) -> QueryDict:
    """The form data that shows ``request`` (lines sorted into their sections)."""
    data = QueryDict(mutable=True)
    data["ruleset"] = ruleset.id
    data.setlist("value_eur", _dec(request.contract.value_eur))
    data.setlist("sroi_percentage", _dec(request.contract.sroi_percentage))
    data.setlist("start", _iso(request.contract.start))
    data.setlist("end", _iso(request.contract.end))
    data["pso_level"] = request.pso_level.value if request.pso_level is not None else ""
    rows: dict[str, list[dict[str, list[str]]]] = {section.key: [] for section in SECTIONS}
    for line in request.lines:
        block = ruleset.block(line.block)
        basis = block.basis if block is not None else Basis.FIXED
        key = {
            Basis.PER_FTE_YEAR: "placements",
            Basis.PER_EURO: "amounts",
            Basis.PER_HOUR: "activities",
        }.get(basis, "other")
        row: dict[str, list[str]] = {
            "block": [line.block],
            "hours_per_week": _dec(line.hours_per_week),
            "start": _iso(line.start),
            "end": _iso(line.end),
            "date": _iso(line.date),
            "count": [str(line.count)],
            "bonuses": list(line.bonuses),
            "hours": _dec(line.hours),
            "amount_eur": _dec(line.amount_eur),
            "agreed_value_eur": _dec(line.agreed_value_eur),
            "ref": [line.ref] if line.ref is not None else [],
        }
        fields = SECTION_BY_KEY[key].fields
        rows[key].append(
            {name: values for name, values in row.items() if name in fields and values}
        )
    for section in SECTIONS:
        _write_rows(data, section.key, rows[section.key])
    return data
