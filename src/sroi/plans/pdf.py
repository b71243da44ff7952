"""The plan van aanpak as a PDF, laid out like the official form of WerkSaam Westfriesland.

The renderer reads only the FROZEN SNAPSHOT of a plan version (plain JSON data), never the
plans models, so a PDF of version 2 looks the same next year as on the day it was submitted.
Missing keys render as empty fields (a snapshot of an older shape still prints).

The snapshot (``PlanVersion.snapshot``; its typed, versioned schema is
``sroi.plans.snapshot``; here every key is read as optional, so each schema version prints)::

    {
      "version": 2,                                  # plan version number
      "submitted_at": "2026-11-27T09:15:00+01:00",   # ISO date or datetime (shown as the
                                                     # date in Europe/Amsterdam)
      "organisation": {
        "name": "Bouwbedrijf A B.V.", "kvk_number": "12345678",
        "street": "Dijkweg", "house_number": "12", "postcode": "1619 AB", "city": "Andijk",
        "contact_name": "Jan de Vries", "contact_function": "HR-adviseur",
        "contact_email": "sroi@bouw.example.org", "contact_phone": "+31 229 123 456"
      },
      "contract": {
        "name": "Onderhoud wegen",                   # Contractnaam
        "buyer": "Gemeente Hoorn",                   # opdrachtgever (name), optional
        "value_eur": "1000000.00",                   # (raming) opdrachtwaarde, decimal string
        "start_date": "2026-01-01", "end_date": "2027-12-31",
        "extension_notes": "2 x 1 jaar",             # Verlengingsopties (free text) ...
        "extension_count": 2, "extension_months": 12,    # ... and/or structured
        "sroi_percentage": "5"                       # null: the rule set's default
      },
      "plan": {
        "effort_kinds": ["jobs", "social_procurement"],   # sroi.plans.constants.EffortKind
        "target_groups": ["pw_lt2", "ww_gt1"],            # sroi.rules.constants.TargetGroup
        "work_description": "...", "social_explanation": "...",
        "pso_level": "trede_2",                           # "" or null: no PSO
        "pso_certificate_end": "2027-06-30",
        "additional_info": "...",
        "lines": [                                         # the plan's lines, in order
          {"target_group": "pw_lt2", "block_code": "", "count": 2, "hours_per_week": "36",
           "start_date": "2026-02-01", "end_date": "2027-01-31", "description": "..."}
        ]
      },
      "ruleset": {"id": "nhn-werksaam", "version": "indicative-1", "name": "...",
                  "status": "indicative",                 # sourced | indicative | partial
                  "blocks": {"PW_LT2": "Participatiewet ..."}},   # code -> Dutch label, optional
      "valuation": { ... }    # calc-io output (sroi.rules.calcio.valuation_to_dict), or null
    }

The "ruleset" key may be left out when "valuation" is there: its "ruleset" is used.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import npgettext, pgettext

from sroi.core.formatting import format_decimal_nl, format_eur, format_months
from sroi.core.pdf import html_to_pdf
from sroi.plans.constants import (
    EffortKind,
    PsoLevel,
    TargetGroup,
    target_group_label,
    target_group_tree,
)

PDF_CSS = Path(__file__).resolve().parent / "static" / "plans" / "pdf.css"

# Footnote markers of the official form, by effort kind.
EFFORT_FOOTNOTES: dict[str, str] = {
    EffortKind.SOCIAL_PROCUREMENT: "*",
    EffortKind.SOCIAL_VALUE: "**",
}


# --- reading the snapshot ------------------------------------------------------------------


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _local_day(moment: datetime) -> date:
    """The day of a moment in the installation's time zone (Europe/Amsterdam): a plan
    submitted at 00:30 in Hoorn was submitted that day, not the day before (UTC)."""
    if timezone.is_aware(moment):
        return timezone.localtime(moment).date()
    return moment.date()


def _date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return _local_day(value)
    if isinstance(value, date):
        return value
    text = _text(value)
    if not text:
        return None
    try:
        if "T" in text:
            return _local_day(datetime.fromisoformat(text))
        return date.fromisoformat(text)
    except ValueError:
        return None


def _percentage(value: Decimal | None) -> str:
    """``Decimal("5")`` -> ``"5%"``, ``Decimal("2.50")`` -> ``"2,5%"``."""
    return "" if value is None else f"{_number(value)}%"


def _number(value: Decimal) -> str:
    """``Decimal("36.00")`` -> ``"36"``, ``Decimal("18.50")`` -> ``"18,5"``."""
    exponent = value.normalize().as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return format_decimal_nl(value, places)


def _months(value: Any) -> str:
    """``"3.5484"`` -> ``"3,5"``: one decimal is enough to read; the trace has the rest."""
    return format_months(_decimal(value))


# --- the template's view of a snapshot -----------------------------------------------------


@dataclass(frozen=True)
class CheckItem:
    label: str
    checked: bool
    footnote: str = ""
    children: tuple[CheckItem, ...] = ()


@dataclass(frozen=True)
class ValuationLine:
    number: int
    label: str
    details: tuple[str, ...]
    value: str
    period: str
    counts_until: date | None
    months: str
    reason: str
    explanation: tuple[str, ...]


@dataclass(frozen=True)
class Appendix:
    ruleset_label: str
    ruleset_status: str
    indicative: bool
    obligation: str
    obligation_basis: str
    pso_discount: str
    obligation_net: str
    total: str
    remaining: str
    fulfilment: str
    lines: tuple[ValuationLine, ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlanPdf:
    """Everything the template shows, already formatted in Dutch notation."""

    version: int | None
    submitted_on: date | None
    contract_name: str
    buyer: str
    kvk_number: str
    company_name: str
    address: str
    contact: str
    email: str
    phone: str
    contract_value: str
    start_date: date | None
    end_date: date | None
    extension_options: str
    sroi_percentage: str
    effort_kinds: tuple[CheckItem, ...]
    target_groups: tuple[CheckItem, ...]
    candidates: tuple[tuple[str, int], ...]
    work_description: str
    social_explanation: str
    pso: str
    additional_info: str
    indicative: bool
    appendix: Appendix | None
    coordinator_email: str = ""


def _reason_label(code: str) -> str:
    labels = {
        "started_before_contract": pgettext(
            "plan form", "Does not count: started before the contract."
        ),
        "outside_contract_period": pgettext(
            "plan form", "Does not count: outside the contract period."
        ),
        "below_min_hours": pgettext(
            "plan form", "Does not count: fewer hours per week than the minimum."
        ),
    }
    return labels.get(code, code)


def _warning_label(code: str) -> str:
    labels = {
        "indicative_ruleset": pgettext(
            "plan form",
            "The values of this rule set are indicative: the official values of the region"
            " were not available. The coordinator assesses the plan against the official"
            " values.",
        ),
        "below_threshold": pgettext(
            "plan form",
            "The contract value is below the threshold of the rule set: normally no Social"
            " Return obligation applies.",
        ),
    }
    return labels.get(code, code)


def _status_label(status: str) -> str:
    labels = {
        "sourced": pgettext("plan form", "sourced (published values of the region)"),
        "indicative": pgettext("plan form", "indicative"),
        "partial": pgettext("plan form", "partially sourced"),
    }
    return labels.get(status, status)


def _effort_kinds(plan: Mapping[str, Any]) -> tuple[CheckItem, ...]:
    chosen = {str(code) for code in plan.get("effort_kinds") or ()}
    return tuple(
        CheckItem(str(label), code in chosen, EFFORT_FOOTNOTES.get(code, ""))
        for code, label in EffortKind.choices
    )


def _target_groups(plan: Mapping[str, Any]) -> tuple[CheckItem, ...]:
    """The form's nesting: a heading is checked when one of its groups is."""
    chosen = {str(code) for code in plan.get("target_groups") or ()}
    items: list[CheckItem] = []
    for family, label, members in target_group_tree():
        if family is None:
            code, member_label = members[0]
            items.append(CheckItem(member_label, code in chosen))
            continue
        children = tuple(CheckItem(member, code in chosen) for code, member in members)
        items.append(CheckItem(label, any(child.checked for child in children), "", children))
    # a code this version of the form no longer offers is still shown, never silently dropped
    known = set(TargetGroup.values)
    items.extend(CheckItem(code, True) for code in sorted(chosen - known))
    return tuple(items)


def _candidates(plan: Mapping[str, Any]) -> tuple[tuple[str, int], ...]:
    """Expected candidates per target group, summed over the plan's lines (no count: 1)."""
    totals: OrderedDict[str, int] = OrderedDict()
    for line in plan.get("lines") or ():
        line = _mapping(line)
        group = _text(line.get("target_group"))
        if not group:
            continue
        count = line.get("count")
        totals[group] = totals.get(group, 0) + (int(count) if count not in (None, "") else 1)
    order = {code: index for index, code in enumerate(TargetGroup.values)}
    ordered = sorted(totals.items(), key=lambda item: order.get(item[0], len(order)))
    return tuple((target_group_label(code), count) for code, count in ordered)


def _address(organisation: Mapping[str, Any]) -> str:
    street = " ".join(
        part
        for part in (_text(organisation.get("street")), _text(organisation.get("house_number")))
        if part
    )
    place = " ".join(
        part
        for part in (_text(organisation.get("postcode")), _text(organisation.get("city")))
        if part
    )
    return ", ".join(part for part in (street, place) if part)


def _extension_options(contract: Mapping[str, Any]) -> str:
    parts = []
    count = contract.get("extension_count")
    months = contract.get("extension_months")
    if count and months:
        parts.append(
            npgettext(
                "plan form",
                "%(count)s extension of %(months)s months",
                "%(count)s extensions of %(months)s months each",
                int(count),
            )
            % {"count": count, "months": months}
        )
    notes = _text(contract.get("extension_notes"))
    if notes:
        parts.append(notes)
    return "; ".join(parts)


def _pso(plan: Mapping[str, Any]) -> str:
    level = _text(plan.get("pso_level"))
    if not level:
        return pgettext("plan form", "No PSO certificate")
    label = str(PsoLevel(level).label) if level in PsoLevel.values else level
    valid_until = _date(plan.get("pso_certificate_end"))
    if valid_until is None:
        return label
    return pgettext("plan form", "%(level)s, certificate valid until %(date)s") % {
        "level": label,
        "date": valid_until.strftime("%d-%m-%Y"),
    }


def _line_details(plan_line: Mapping[str, Any], bonus_labels: Mapping[str, Any]) -> tuple[str, ...]:
    """What the contractor planned on a line: target group, candidates, hours, bonuses."""
    details = []
    group = _text(plan_line.get("target_group"))
    if group:
        details.append(target_group_label(group))
    facts = []
    count = plan_line.get("count")
    if count not in (None, ""):
        facts.append(
            npgettext("plan form", "%(count)s candidate", "%(count)s candidates", int(count))
            % {"count": count}
        )
    hours_per_week = _decimal(plan_line.get("hours_per_week"))
    if hours_per_week is not None:
        facts.append(
            pgettext("plan form", "%(hours)s hours per week") % {"hours": _number(hours_per_week)}
        )
    hours = _decimal(plan_line.get("hours"))
    if hours is not None:
        facts.append(pgettext("plan form", "%(hours)s hours") % {"hours": _number(hours)})
    amount = _decimal(plan_line.get("amount_eur"))
    if amount is not None:
        facts.append(format_eur(amount))
    for code in plan_line.get("bonuses") or ():
        facts.append(_text(bonus_labels.get(code)) or str(code))
    if facts:
        details.append(" · ".join(facts))
    description = _text(plan_line.get("description"))
    if description:
        details.append(description)
    return tuple(details)


def _appendix(
    valuation: Mapping[str, Any],
    ruleset: Mapping[str, Any],
    contract: Mapping[str, Any],
    plan: Mapping[str, Any],
) -> Appendix:
    block_labels = _mapping(ruleset.get("blocks"))
    bonus_labels = _mapping(ruleset.get("bonuses"))
    plan_lines = {
        line.get("valuation_index"): line
        for line in (_mapping(raw) for raw in plan.get("lines") or ())
        if line.get("valuation_index") is not None
    }
    lines = []
    for position, raw in enumerate(valuation.get("lines") or (), start=1):
        line = _mapping(raw)
        block = _text(line.get("block"))
        plan_line = _mapping(plan_lines.get(line.get("index")))
        counted_from = _date(line.get("counted_from"))
        counted_to = _date(line.get("counted_to"))
        period = ""
        if counted_from and counted_to:
            period = pgettext("plan form", "%(start)s to %(end)s") % {
                "start": f"{counted_from:%d-%m-%Y}",
                "end": f"{counted_to:%d-%m-%Y}",
            }
        elif counted_from:
            period = f"{counted_from:%d-%m-%Y}"
        reason = _text(line.get("reason"))
        lines.append(
            ValuationLine(
                number=position,
                label=_text(block_labels.get(block)) or block,
                details=_line_details(plan_line, bonus_labels),
                value=format_eur(_decimal(line.get("value_eur")) or Decimal(0)),
                period=period,
                counts_until=counted_to,
                months=_months(line.get("months")),
                reason=_reason_label(reason) if reason else "",
                explanation=tuple(_text(step) for step in line.get("explanation") or ()),
            )
        )
    status = _text(ruleset.get("status"))
    label = _text(ruleset.get("name")) or _text(ruleset.get("id"))
    version = _text(ruleset.get("version"))
    if version:
        label = pgettext("plan form", "%(name)s, version %(version)s") % {
            "name": label,
            "version": version,
        }
    value = _decimal(contract.get("value_eur"))
    percentage = _decimal(contract.get("sroi_percentage"))
    basis = ""
    if value is not None and percentage is not None:
        basis = pgettext("plan form", "%(percentage)s of %(value)s") % {
            "percentage": _percentage(percentage),
            "value": format_eur(value),
        }
    fulfilment = _decimal(valuation.get("fulfilment_pct"))
    warnings = [str(code) for code in valuation.get("warnings") or ()]
    return Appendix(
        ruleset_label=label,
        ruleset_status=_status_label(status),
        indicative=status == "indicative",
        obligation=format_eur(_decimal(valuation.get("obligation_eur"))),
        obligation_basis=basis,
        pso_discount=format_eur(_decimal(valuation.get("pso_discount_eur"))),
        obligation_net=format_eur(_decimal(valuation.get("obligation_net_eur"))),
        total=format_eur(_decimal(valuation.get("total_eur"))),
        remaining=format_eur(_decimal(valuation.get("remaining_eur"))),
        fulfilment=f"{format_decimal_nl(fulfilment, 1)}%" if fulfilment is not None else "",
        lines=tuple(lines),
        warnings=tuple(_warning_label(code) for code in warnings),
    )


def plan_pdf_data(snapshot: Mapping[str, Any]) -> PlanPdf:
    """The snapshot read into what the form shows (labels in the active language)."""
    organisation = _mapping(snapshot.get("organisation"))
    contract = _mapping(snapshot.get("contract"))
    plan = _mapping(snapshot.get("plan"))
    valuation = _mapping(snapshot.get("valuation"))
    ruleset = dict(_mapping(valuation.get("ruleset")))
    ruleset.update(_mapping(snapshot.get("ruleset")))
    contact = ", ".join(
        part
        for part in (
            _text(organisation.get("contact_name")),
            _text(organisation.get("contact_function")),
        )
        if part
    )
    version = snapshot.get("version")
    return PlanPdf(
        version=int(version) if version not in (None, "") else None,
        submitted_on=_date(snapshot.get("submitted_at")),
        contract_name=_text(contract.get("name")),
        buyer=_text(contract.get("buyer")),
        kvk_number=_text(organisation.get("kvk_number")),
        company_name=_text(organisation.get("name")),
        address=_address(organisation),
        contact=contact,
        email=_text(organisation.get("contact_email")),
        phone=_text(organisation.get("contact_phone")),
        contract_value=format_eur(_decimal(contract.get("value_eur"))),
        start_date=_date(contract.get("start_date")),
        end_date=_date(contract.get("end_date")),
        extension_options=_extension_options(contract),
        sroi_percentage=_percentage(_decimal(contract.get("sroi_percentage"))),
        effort_kinds=_effort_kinds(plan),
        target_groups=_target_groups(plan),
        candidates=_candidates(plan),
        work_description=_text(plan.get("work_description")),
        social_explanation=_text(plan.get("social_explanation")),
        pso=_pso(plan),
        additional_info=_text(plan.get("additional_info")),
        indicative=_text(ruleset.get("status")) == "indicative",
        appendix=_appendix(valuation, ruleset, contract, plan) if valuation else None,
        coordinator_email=str(getattr(settings, "SROI_COORDINATOR_EMAIL", "")),
    )


# --- rendering -----------------------------------------------------------------------------


def render_plan_pdf(snapshot: Mapping[str, Any], *, language: str = "nl") -> bytes:
    """The plan van aanpak of ``snapshot`` as PDF bytes (A4, fonts installed on the system)."""
    with translation.override(language):
        data = plan_pdf_data(snapshot)
        html = render_to_string("plans/plan_pdf.html", {"pdf": data, "language_code": language})
    return html_to_pdf(html, stylesheet=PDF_CSS)


def plan_pdf_filename(contract_name: str, day: date) -> str:
    """``("Onderhoud wegen", 2026-11-27)`` -> ``plan-van-aanpak-onderhoud-wegen-2026-11-27.pdf``."""
    slug = slugify(contract_name)[:80].strip("-")
    parts = (
        ["plan-van-aanpak", slug, day.isoformat()] if slug else ["plan-van-aanpak", day.isoformat()]
    )
    return "-".join(parts) + ".pdf"
