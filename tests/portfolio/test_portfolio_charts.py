"""The portfolio's SVG bar charts (``sroi.portfolio.svg_charts``): bars in proportion to the
largest value, their values as text, long labels shortened, nothing drawn without rows."""

from __future__ import annotations

from decimal import Decimal

from sroi.portfolio.svg_charts import CHART_WIDTH, LABEL_WIDTH, VALUE_WIDTH, Series, bar_chart

OBLIGATION = Series("obligation", "Verplichting", "#4a4f57", outlined=True)
REALISED = Series("realised", "Gerealiseerd", "#1e6b34")
INNER = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH


def test_no_rows_no_chart() -> None:
    assert bar_chart([], [OBLIGATION]) is None


def test_bars_are_in_proportion_to_the_largest_value() -> None:
    chart = bar_chart(
        [
            ("Gemeente Hoorn", [(Decimal("100"), "EUR 100,00"), (Decimal("25"), "EUR 25,00")]),
            ("Gemeente Enkhuizen", [(Decimal("50"), "EUR 50,00"), (Decimal("-5"), "EUR -5,00")]),
        ],
        [OBLIGATION, REALISED],
    )

    assert chart is not None
    hoorn, enkhuizen = chart.rows
    assert [bar.width for bar in hoorn.bars] == [Decimal(INNER), Decimal(INNER) / 4]
    assert enkhuizen.bars[0].width == Decimal(INNER) / 2
    assert enkhuizen.bars[1].width == 0  # a negative value draws nothing
    assert hoorn.bars[1].text == "EUR 25,00"
    assert hoorn.bars[0].text_x == LABEL_WIDTH + INNER + 6  # the value after its bar
    # the rows do not overlap and the chart holds them all
    assert hoorn.bars[-1].y + chart.bar_height < enkhuizen.bars[0].y
    assert enkhuizen.bars[-1].y + chart.bar_height < chart.height


def test_all_zero_draws_empty_bars() -> None:
    chart = bar_chart([("Op koers", [(Decimal(0), "0")])], [REALISED])

    assert chart is not None
    assert chart.rows[0].bars[0].width == 0


def test_a_long_label_is_shortened_and_kept_whole_for_the_table() -> None:
    name = "Gemeente met een heel erg lange naam aan de kust"
    chart = bar_chart([(name, [(Decimal(1), "1")])], [REALISED])

    assert chart is not None
    assert chart.rows[0].label.endswith("…")
    assert len(chart.rows[0].label) == 28
    assert chart.rows[0].full_label == name
