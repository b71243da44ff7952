"""Horizontal bar charts drawn on the server as SVG: the one chart of the portfolio page, the
public open-figures page and the council report's PDF (WeasyPrint draws the same inline SVG).

The charts are pictures of figures that stand in a table next to them (``role="img"`` with a
title and a description pointing at that table), as the progress chart does
(``sroi.monitoring.progress``): no JavaScript, no colour without text. Every bar has its label
on the left and its value as text at its end; a series is named in the legend and told apart
by its drawing too (an outlined bar or a solid one), not by colour alone.

``bar_chart`` is pure layout (figures in, coordinates out); the template
``portfolio/_bar_chart.html`` draws it (``{% include %}`` it, or ``render_bar_chart`` from
Python).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

# SVG user units; the SVG scales to the page's width (``.sroi-chart__svg``).
CHART_WIDTH = 640
LABEL_WIDTH = 190  # the row labels on the left
VALUE_WIDTH = 150  # the value after the longest bar ("EUR 12.345.678,00" at 12 units)
TOP = 10
BAR_HEIGHT = 18
BAR_GAP = 4  # between the bars of one row
ROW_GAP = 14  # between rows
LABEL_MAX_CHARS = 28  # longer row labels are shortened with an ellipsis (the table has them)
STEP = Decimal("0.1")


@dataclass(frozen=True)
class Series:
    """One kind of bar: ``key`` names it for CSS and tests, ``label`` in the legend."""

    key: str
    label: str
    colour: str  # at least 3:1 contrast on white
    outlined: bool = False  # drawn as an outline (white inside) instead of solid


@dataclass(frozen=True)
class Bar:
    series: Series
    value: Decimal
    text: str  # the value as the table shows it
    y: Decimal
    width: Decimal
    text_x: Decimal
    text_y: Decimal


@dataclass(frozen=True)
class BarRow:
    label: str  # shortened to ``LABEL_MAX_CHARS``
    full_label: str
    label_y: Decimal
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class BarChart:
    rows: tuple[BarRow, ...]
    series: tuple[Series, ...]
    width: int
    height: int
    bar_x: int  # where every bar starts (the axis)
    bar_height: int
    axis_top: int
    axis_bottom: int


def _short(label: str) -> str:
    return label if len(label) <= LABEL_MAX_CHARS else label[: LABEL_MAX_CHARS - 1] + "…"


def bar_chart(
    rows: Sequence[tuple[str, Sequence[tuple[Decimal, str]]]], series: Sequence[Series]
) -> BarChart | None:
    """A chart of ``rows``: (label, one (value, text) per series). None without rows; a
    negative value draws as 0 (no figure here is negative)."""
    if not rows:
        return None
    inner = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH
    largest = max((value for _label, values in rows for value, _text in values), default=None)
    scale = max(largest or Decimal(0), Decimal(1))
    row_height = len(series) * BAR_HEIGHT + (len(series) - 1) * BAR_GAP
    drawn: list[BarRow] = []
    y = TOP
    for label, values in rows:
        bars = []
        for index, (serie, (value, text)) in enumerate(zip(series, values, strict=True)):
            top = y + index * (BAR_HEIGHT + BAR_GAP)
            width = (Decimal(inner) * max(value, Decimal(0)) / scale).quantize(STEP)
            bars.append(
                Bar(
                    series=serie,
                    value=value,
                    text=text,
                    y=Decimal(top),
                    width=width,
                    text_x=Decimal(LABEL_WIDTH) + width + Decimal(6),
                    text_y=Decimal(top) + Decimal(BAR_HEIGHT) - Decimal(5),
                )
            )
        drawn.append(
            BarRow(
                label=_short(label),
                full_label=label,
                label_y=Decimal(y) + Decimal(row_height) / 2 + Decimal(4),
                bars=tuple(bars),
            )
        )
        y += row_height + ROW_GAP
    return BarChart(
        rows=tuple(drawn),
        series=tuple(series),
        width=CHART_WIDTH,
        height=y - ROW_GAP + TOP,
        bar_x=LABEL_WIDTH,
        bar_height=BAR_HEIGHT,
        axis_top=TOP - 4,
        axis_bottom=y - ROW_GAP + 4,
    )


def render_bar_chart(chart: BarChart | None, *, chart_id: str, title: str, desc: str) -> SafeString:
    """``chart`` drawn by ``portfolio/_bar_chart.html`` (an empty string without a chart):
    ``chart_id`` unique on the page, ``title`` what it shows, ``desc`` a sentence naming the
    table that holds the same figures."""
    if chart is None:
        return mark_safe("")
    html = render_to_string(
        "portfolio/_bar_chart.html",
        {"chart": chart, "chart_id": chart_id, "title": title, "desc": desc},
    )
    return mark_safe(html)  # noqa: S308 (the template escapes every text)
