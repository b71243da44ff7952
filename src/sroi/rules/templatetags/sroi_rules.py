"""Template helpers of the calculator partials: Dutch words for the engine's codes.

``{% load sroi_rules %}``. The engine speaks in codes (``Reason``, ``WarningCode``, ``Basis``);
these filters give the text people read, through the rules app's catalogue.
"""

from __future__ import annotations

import functools
from datetime import date
from decimal import Decimal

from django import template
from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from sroi.core.formatting import format_eur
from sroi.rules.engine import (
    Basis,
    Block,
    Bonus,
    BonusBasis,
    LineResult,
    PsoLevel,
    RuleSet,
    RuleSetStatus,
    Valuation,
)

register = template.Library()


def _english() -> bool:
    return (get_language() or "nl").startswith("en")


def _plain_number(value: Decimal) -> str:
    """``Decimal("1.0")`` -> ``"1"``, ``Decimal("0.75")`` -> ``"0,75"`` (no trailing zeros)."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    integer, _sep, fraction = text.partition(".")
    digits = integer.lstrip("-")
    groups: list[str] = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    sign = "-" if integer.startswith("-") else ""
    return sign + ".".join(groups) + ("," + fraction if fraction else "")


@register.simple_tag
def block_label(ruleset: RuleSet, code: str) -> str:
    """The label of block ``code`` in ``ruleset`` (the code itself if the block is unknown)."""
    block = ruleset.block(code)
    if block is None:
        return code
    if _english() and block.label_en:
        return block.label_en
    return block.label_nl


# The two tags below are the per-line and heading sentences of ``rules/_valuation.html``. They
# are Python rather than ``{% blocktranslate %}`` with ``date`` filters because the live update
# renders them for every line as people type: two such tags cost as much as the rest of a line
# (benchmarks/pages.py). As in the template they replaced, a sentence with markup (the period)
# is trusted as ``{% blocktranslate %}`` trusts it, a plain one is escaped, and so is every value
# (the dates in digits need none). ``tests/calculator/test_valuation_sentences.py`` holds the tags
# to that template code in both languages; a catalogue sentence whose placeholders do not match
# raises here (``{% blocktranslate %}`` fell back to English): ``compilemessages`` checks them.


@functools.lru_cache(maxsize=256)
def _long_date(day: date, language: str | None) -> str:
    """``1 januari 2026`` in ``language``: the active one, part of the cache key only (None:
    translations off, the month in English)."""
    return date_format(day, "j F Y")


@register.simple_tag
def valuation_ruleset(valuation: Valuation) -> SafeString:
    """``Rekenmodel Utrecht, versie 2024-1, geldig op 1 januari 2026.``"""
    ruleset = valuation.ruleset
    return mark_safe(  # noqa: S308 - a catalogue sentence with escaped values
        _("Rule set %(name)s, version %(version)s, valid on %(day)s.")
        % {
            "name": conditional_escape(ruleset.name),
            "version": conditional_escape(ruleset.version),
            "day": escape(_long_date(valuation.reference_date, get_language())),
        }
    )


@register.simple_tag
def counted_period(line: LineResult) -> SafeString:
    """The period a line counts (``01-01-2026 t/m 31-12-2026``) and, when the block's maximum
    duration cuts it, until when; ``geen periode binnen het contract`` or a dash without one."""
    if line.counted_from is not None and line.counted_to is not None:
        period = _(
            '<span class="sroi-valuation__date">%(start)s</span> up to and including '
            '<span class="sroi-valuation__date">%(end)s</span>'
        ) % {"start": f"{line.counted_from:%d-%m-%Y}", "end": f"{line.counted_to:%d-%m-%Y}"}
        html = f'<span class="sroi-valuation__period">{period}</span>'
        if line.cap_cuts and line.cap_end is not None:
            until = _("Counts at most until %(day)s (the block's maximum duration).") % {
                "day": f"{line.cap_end:%d-%m-%Y}"
            }
            html += f'\n<span class="sroi-valuation__counts-until">{escape(until)}</span>'
        return mark_safe(html)  # noqa: S308 - a catalogue sentence with dates in digits
    if line.months is not None:
        return escape(_("no period within the contract"))
    return mark_safe("—")


@register.filter
def label(item: Block | Bonus) -> str:
    """A block's or bonus's label in the UI language."""
    if _english() and item.label_en:
        return item.label_en
    return item.label_nl


@register.filter
def reason_text(reason: str | None) -> str:
    """Why a line counts for nothing, in words."""
    texts = {
        "started_before_contract": _(
            "Does not count: the placement started before the contract start "
            "(or before the period the rule set looks back)."
        ),
        "outside_contract_period": _("Does not count: the period falls outside the contract."),
        "below_min_hours": _(
            "Does not count: fewer hours per week than the minimum of this rule set."
        ),
    }
    if reason is None:
        return ""
    return texts.get(str(reason), str(reason))


@register.simple_tag
def warning_text(ruleset: RuleSet, code: str) -> str:
    """A warning of the valuation, in words."""
    code = str(code)
    if code == "indicative_ruleset":
        return _(
            "Indicative: the values of this rule set have not been officially established. "
            "They are taken from comparable building-block models of other regions. Use the "
            "outcome as an estimate; the SROI coordinator determines the value in the "
            "performance agreements."
        )
    if code == "partial_ruleset":
        return _(
            "Incomplete rule set: only part of this region's table is publicly available. If a "
            "building block is missing, consult the SROI coordinator."
        )
    if code == "below_threshold":
        if ruleset.threshold_eur is not None:
            return _(
                "The contract value is below the threshold of this rule set (%(threshold)s). "
                "Such contracts usually carry no Social Return obligation; the calculation has "
                "been made anyway."
            ) % {"threshold": format_eur(ruleset.threshold_eur)}
        return _(
            "The contract value is below the threshold of this rule set. Such contracts "
            "usually carry no Social Return obligation."
        )
    return code


@register.filter
def status_label(status: RuleSetStatus | str) -> str:
    texts = {
        "sourced": _("Sourced: values as published by the region"),
        "indicative": _("Indicative: values not officially established"),
        "partial": _("Partial: only part of the table is publicly available"),
    }
    return texts.get(str(status), str(status))


@register.filter
def basis_text(basis: Basis | BonusBasis | str) -> str:
    texts = {
        "per_fte_year": _("per full-time year, pro rata for hours and months"),
        "per_month": _("per month"),
        "fixed": _("fixed amount per item"),
        "per_hour": _("per hour"),
        "per_euro": _("per euro invoiced (a factor on the amount excluding VAT)"),
    }
    return texts.get(str(basis), str(basis))


@register.filter
def block_value(block: Block) -> str:
    """The value of a block with its unit: ``EUR 40.000,00 per jaar``, ``factor 1``."""
    if block.value is None:
        return _("value agreed with the coordinator")
    if block.basis == Basis.PER_EURO:
        return _("factor %(factor)s") % {"factor": _plain_number(block.value)}
    amount = format_eur(block.value)
    if block.basis == Basis.PER_FTE_YEAR:
        return _("%(amount)s per year") % {"amount": amount}
    if block.basis == Basis.PER_MONTH:
        return _("%(amount)s per month") % {"amount": amount}
    if block.basis == Basis.PER_HOUR:
        return _("%(amount)s per hour") % {"amount": amount}
    return amount


@register.filter
def bonus_value(bonus: Bonus) -> str:
    amount = format_eur(bonus.value)
    if bonus.basis == BonusBasis.PER_FTE_YEAR:
        return _("%(amount)s per year") % {"amount": amount}
    return _("%(amount)s once") % {"amount": amount}


@register.filter
def duration_text(block: Block) -> str:
    """How long a candidate counts under this block."""
    if block.basis not in (Basis.PER_FTE_YEAR, Basis.PER_MONTH):
        return "—"
    if block.max_duration_months is None:
        return _("no maximum")
    months = block.max_duration_months
    return ngettext("at most %(months)s month", "at most %(months)s months", months) % {
        "months": months
    }


@register.filter
def plain_number(value: Decimal | None) -> str:
    """A number in Dutch notation without trailing zeros (``36``, ``0,5``)."""
    if value is None:
        return ""
    return _plain_number(Decimal(value))


@register.filter
def pso_label(level: PsoLevel | str) -> str:
    texts = {
        "aspirant": _("PSO aspirant"),
        "trede_1": _("PSO step 1"),
        "trede_2": _("PSO step 2"),
        "trede_3": _("PSO step 3"),
        "pso_30plus": _("PSO 30+"),
    }
    return texts.get(str(level), str(level))


# ``ruleset_table`` per process: (id of the rule set, language) -> (the rule set, its HTML).
# The rule set is kept with its HTML, so its id cannot be reused by another object meanwhile.
_TABLES: dict[tuple[int, str], tuple[RuleSet, SafeString]] = {}
_TABLES_MAX = 64


@register.simple_tag
def ruleset_table(ruleset: RuleSet) -> SafeString:
    """``{% ruleset_table ruleset %}``: ``rules/_ruleset_table.html`` for ``ruleset``, rendered
    once per process per rule set and language. The table depends on nothing else, and a
    published version's parse is one immutable object per version and change
    (``rules.loaders``): a correction or a new version is a new object, so a new table."""
    key = (id(ruleset), get_language() or "")
    kept = _TABLES.get(key)
    if kept is not None and kept[0] is ruleset:
        return kept[1]
    html = SafeString(render_to_string("rules/_ruleset_table.html", {"ruleset": ruleset}))
    if len(_TABLES) >= _TABLES_MAX:
        _TABLES.clear()
    _TABLES[key] = (ruleset, html)
    return html


@register.filter
def is_link(value: str) -> bool:
    return str(value).startswith(("https://", "http://"))


@register.filter
def bar_value(value: Decimal | None) -> str:
    """A ``<progress>`` value: plain digits with a dot, capped at 100."""
    if value is None:
        return "0"
    return format(min(Decimal(value), Decimal("100")), "f")


@register.filter
def capitalise(text: str) -> str:
    """Engine messages are fragments ("verplicht veld ontbreekt"); start them with a capital."""
    text = str(text)
    return text[:1].upper() + text[1:]
