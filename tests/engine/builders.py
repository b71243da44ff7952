"""Rule sets and requests for the engine tests, built from literal values.

The Utrecht 2024-1 and NHN indicative-1 values are transcribed from the published tables in
the domain notes (rulesets.json): PW 40,000, WW 20,000, SOCIAAL_INKOPEN factor 1,
BONUS_50PLUS 10,000 per full-time year in group "age"; NHN WW_LT1 15,000 with a cap of 12
months.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from sroi.rules.engine import (
    Basis,
    Block,
    Bonus,
    BonusBasis,
    CalculationRequest,
    Category,
    Contract,
    Line,
    PsoLevel,
    RuleSet,
    RuleSetStatus,
)

D = Decimal


def utrecht_2024() -> RuleSet:
    return RuleSet(
        id="utrecht",
        version="2024-1",
        name="Gemeente Utrecht - social return berekenen (current bouwblokken)",
        region="Utrecht",
        status=RuleSetStatus.SOURCED,
        valid_from=date(2024, 1, 1),
        valid_to=None,
        blocks=(
            Block(
                "PW",
                "Participatiewet",
                "Participation Act",
                Category.JOB,
                Basis.PER_FTE_YEAR,
                D("40000"),
            ),
            Block(
                "WW",
                "WW-uitkering",
                "Unemployment benefit (WW)",
                Category.JOB,
                Basis.PER_FTE_YEAR,
                D("20000"),
            ),
            Block(
                "SOCIAAL_INKOPEN",
                "Inkopen bij sociale bedrijven",
                "Buying from social enterprises",
                Category.PROCUREMENT,
                Basis.PER_EURO,
                D("1"),
            ),
            Block(
                "SCHOLING_KENNIS",
                "Scholing, kennis of middelen",
                "Training, knowledge",
                Category.SOCIAL_ACTIVITY,
                Basis.PER_HOUR,
                D("100"),
            ),
            Block(
                "ONTWIKKELING",
                "Scholing/ontwikkeling SR-medewerkers",
                "Development",
                Category.CUSTOM,
                Basis.FIXED,
                None,
            ),
        ),
        bonuses=(
            Bonus(
                "BONUS_50PLUS",
                "Ouder dan 50 jaar",
                "Older than 50",
                BonusBasis.PER_FTE_YEAR,
                D("10000"),
                exclusive_group="age",
            ),
            Bonus(
                "BONUS_VAST",
                "Vast dienstverband",
                "Permanent contract",
                BonusBasis.PER_FTE_YEAR,
                D("10000"),
            ),
        ),
    )


def nhn_indicative() -> RuleSet:
    return RuleSet(
        id="nhn-werksaam",
        version="indicative-1",
        name="Noord-Holland Noord / WerkSaam Westfriesland (indicative values)",
        region="Arbeidsmarktregio Noord-Holland Noord",
        status=RuleSetStatus.INDICATIVE,
        valid_from=date(2020, 1, 1),
        valid_to=None,
        blocks=(
            Block(
                "WW_LT1",
                "WW < 1 jaar (minimaal 3 maanden)",
                "WW < 1 year",
                Category.JOB,
                Basis.PER_FTE_YEAR,
                D("15000"),
                max_duration_months=12,
            ),
            Block(
                "CO_CREATIE",
                "Co-creatief samenwerkingsproject (waarde in overleg)",
                "Co-creative project (value agreed)",
                Category.CUSTOM,
                Basis.FIXED,
                None,
            ),
        ),
        bonuses=(
            Bonus(
                "BONUS_50PLUS",
                "50-plusser",
                "Aged 50+",
                BonusBasis.PER_FTE_YEAR,
                D("5000"),
                exclusive_group="age",
            ),
            Bonus(
                "BONUS_55PLUS",
                "55-plusser",
                "Aged 55+",
                BonusBasis.PER_FTE_YEAR,
                D("7500"),
                exclusive_group="age",
            ),
        ),
    )


def make_contract(
    value: str = "1000000",
    start: date = date(2026, 1, 1),
    end: date = date(2027, 12, 31),
    percentage: str | None = None,
) -> Contract:
    return Contract(
        value_eur=D(value),
        start=start,
        end=end,
        sroi_percentage=None if percentage is None else D(percentage),
    )


def request(
    *lines: Line,
    contract: Contract | None = None,
    pso_level: PsoLevel | None = None,
    reference_date: date | None = None,
) -> CalculationRequest:
    return CalculationRequest(
        contract=contract or make_contract(),
        lines=lines,
        pso_level=pso_level,
        reference_date=reference_date,
    )


def placement(
    block: str = "PW",
    hours: str = "36",
    start: date = date(2026, 1, 1),
    end: date = date(2026, 12, 31),
    *,
    count: int = 1,
    bonuses: tuple[str, ...] = (),
) -> Line:
    return Line(
        block=block,
        hours_per_week=D(hours),
        start=start,
        end=end,
        count=count,
        bonuses=bonuses,
    )


def haaglanden() -> RuleSet:
    """Haaglanden + Zuid-Holland Centraal 2023-07 (part): lookback 12 months, PW capped at 24."""
    return RuleSet(
        id="haaglanden-zhc",
        version="2023-07",
        name="Bouwblokken arbeidsregio Haaglanden en Zuid-Holland Centraal (11 gemeenten)",
        region="Haaglanden + Zuid-Holland Centraal",
        status=RuleSetStatus.SOURCED,
        valid_from=date(2023, 7, 1),
        valid_to=None,
        lookback_months=12,
        blocks=(
            Block(
                "PW",
                "Participatiewet",
                "Participation Act",
                Category.JOB,
                Basis.PER_FTE_YEAR,
                D("40000"),
                max_duration_months=24,
            ),
            Block(
                "WW",
                "WW",
                "Unemployment benefit (WW)",
                Category.JOB,
                Basis.PER_FTE_YEAR,
                D("20000"),
                max_duration_months=12,
            ),
        ),
        bonuses=(
            Bonus(
                "BONUS_55PLUS",
                "Bonus 55+",
                "Bonus 55+",
                BonusBasis.PER_FTE_YEAR,
                D("10000"),
                exclusive_group="age",
            ),
            Bonus(
                "BONUS_VSO_PRO_DIENST",
                "Bonus dienstverband VSO/PrO na stage van minimaal 6 maanden",
                "Bonus employment VSO/PrO after an internship of at least 6 months",
                BonusBasis.FIXED,
                D("25000"),
            ),
        ),
    )


def harlingen() -> RuleSet:
    """Harlingen 1 (part): minimum 12 hours per week."""
    return RuleSet(
        id="harlingen",
        version="1",
        name="Gemeente Harlingen - vormen van invulling Social Return",
        region="Harlingen (Friesland)",
        status=RuleSetStatus.SOURCED,
        valid_from=date(2015, 1, 1),
        valid_to=None,
        min_hours_per_week=D("12"),
        blocks=(
            Block(
                "PW_LT2",
                "< 2 jaar in Participatiewet (arbeidscontract)",
                "< 2 years on the Participation Act",
                Category.JOB,
                Basis.PER_FTE_YEAR,
                D("35000"),
                max_duration_months=24,
            ),
            Block(
                "WERKERVARINGSPLAATS",
                "Werkervaringsplaats",
                "Work experience place",
                Category.WORK_EXPERIENCE,
                Basis.FIXED,
                D("7500"),
            ),
            Block("MAATWERK", "Maatwerk", "Custom", Category.CUSTOM, Basis.FIXED, None),
        ),
    )


def oost_nederland() -> RuleSet:
    """Oost-Nederland 1 (part, status partial): a per_month block."""
    return RuleSet(
        id="oost-nederland",
        version="1",
        name="Uniform Bouwblokkenmodel Oost-Nederland (SROI convenant Gelderland/Overijssel)",
        region="Oost-Nederland (incl. Twente, Achterhoek, Midden-Gelderland)",
        status=RuleSetStatus.PARTIAL,
        valid_from=date(2015, 1, 1),
        valid_to=None,
        blocks=(
            Block(
                "WERKERVARINGSPLEK",
                "Werkervaringsplek / proefplaatsing",
                "Work experience place / trial placement",
                Category.WORK_EXPERIENCE,
                Basis.PER_MONTH,
                D("750"),
            ),
            Block(
                "WW_LT1",
                "WW < 1 jaar",
                "WW < 1 year",
                Category.JOB,
                Basis.PER_FTE_YEAR,
                D("10000"),
                max_duration_months=12,
            ),
        ),
    )


def with_blocks(ruleset: RuleSet, *blocks: Block) -> RuleSet:
    """``ruleset`` with extra blocks (for blocks no shipped table has, e.g. custom per hour)."""
    return replace(ruleset, blocks=ruleset.blocks + blocks)
