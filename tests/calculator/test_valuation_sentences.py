"""The outcome's heading and per-line period sentences (``valuation_ruleset``, ``counted_period``)
are Python for the live update's sake: held to the template code they replaced, in both
languages, so the two cannot drift (a new msgid, a changed date format, an escape lost).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import translation

# What ``rules/_valuation.html`` held before the two tags (commit 4be2d2e).
TEMPLATE_HEADING = """{% load i18n %}
{% blocktranslate trimmed with name=valuation.ruleset.name version=valuation.ruleset.version day=valuation.reference_date|date:"j F Y" %}
  Rule set {{ name }}, version {{ version }}, valid on {{ day }}.
{% endblocktranslate %}"""  # noqa: E501
TEMPLATE_PERIOD = """{% load i18n %}
{% if line.counted_from and line.counted_to %}
  <span class="sroi-valuation__period">
    {% blocktranslate trimmed with start=line.counted_from|date:"d-m-Y" end=line.counted_to|date:"d-m-Y" %}
      <span class="sroi-valuation__date">{{ start }}</span> up to and including <span class="sroi-valuation__date">{{ end }}</span>
    {% endblocktranslate %}
  </span>
  {% if line.cap_cuts %}
    <span class="sroi-valuation__counts-until">
      {% blocktranslate trimmed with day=line.cap_end|date:"d-m-Y" %}
        Counts at most until {{ day }} (the block's maximum duration).
      {% endblocktranslate %}
    </span>
  {% endif %}
{% elif line.months is not None %}
  {% translate "no period within the contract" %}
{% else %}
  —
{% endif %}"""  # noqa: E501
TAGS_HEADING = "{% load sroi_rules %}{% valuation_ruleset valuation %}"
TAGS_PERIOD = "{% load sroi_rules %}{% counted_period line %}"


def _same_html(text: str) -> str:
    """Whitespace as the browser shows it; an apostrophe escaped or not."""
    text = re.sub(r"\s+", " ", text.replace("&#x27;", "'")).strip()
    return re.sub(r"\s*(<[^>]+>)\s*", r"\1", text)


def _both(template: str, tags: str, **context: object) -> tuple[str, str]:
    return (
        _same_html(Template(template).render(Context(context))),
        _same_html(Template(tags).render(Context(context))),
    )


def _line(**changes: object) -> SimpleNamespace:
    line = {
        "counted_from": date(2026, 3, 15),
        "counted_to": date(2026, 12, 31),
        "months": Decimal("9.5"),
        "cap_cuts": False,
        "cap_end": None,
    }
    return SimpleNamespace(**{**line, **changes})


LANGUAGES = ["nl", "en"]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "day", [date(2026, 1, 1), date(2027, 5, 31)], ids=lambda day: day.isoformat()
)
def test_the_heading_says_what_the_template_said(language: str, day: date) -> None:
    valuation = SimpleNamespace(
        ruleset=SimpleNamespace(name="Utrecht <&> 'regio'", version="2024-1"), reference_date=day
    )
    with translation.override(language):
        template, tags = _both(TEMPLATE_HEADING, TAGS_HEADING, valuation=valuation)

    assert tags == template
    assert "&lt;&amp;&gt;" in tags


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "line",
    [
        _line(),
        _line(cap_cuts=True, cap_end=date(2026, 9, 30)),
        _line(counted_from=None, counted_to=None, months=Decimal("0")),
        _line(counted_from=None, counted_to=None, months=None),
    ],
    ids=["period", "period-cut", "no-period", "no-months"],
)
def test_the_counted_period_says_what_the_template_said(
    language: str, line: SimpleNamespace
) -> None:
    with translation.override(language):
        template, tags = _both(TEMPLATE_PERIOD, TAGS_PERIOD, line=line)

    assert tags == template


def test_the_long_date_follows_the_active_language_even_when_there_is_none() -> None:
    """``_long_date`` is cached per language: translations off (``None``) is a language of
    its own, not Dutch."""
    valuation = SimpleNamespace(
        ruleset=SimpleNamespace(name="X", version="1"), reference_date=date(2031, 1, 1)
    )
    with translation.override(None):
        _both(TEMPLATE_HEADING, TAGS_HEADING, valuation=valuation)
    with translation.override("nl"):
        template, tags = _both(TEMPLATE_HEADING, TAGS_HEADING, valuation=valuation)

    assert "januari" in template
    assert tags == template
