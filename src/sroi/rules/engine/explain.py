"""Human-readable texts: the explanation steps of a line and the messages of problems.

Dutch is the default language, English the alternative. Numbers follow the language's
notation (Dutch: ``40.000``, ``0,5``; English: ``40,000``, ``0.5``). The engine may not import
``sroi.core``, so it carries its own tiny formatter.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from string import Formatter

from sroi.rules.engine.errors import Problem
from sroi.rules.engine.money import Number, half_up
from sroi.rules.engine.types import Basis, Language, PsoLevel

# (thousands separator, decimal mark)
_SEPARATORS: dict[Language, tuple[str, str]] = {
    Language.NL: (".", ","),
    Language.EN: (",", "."),
}


def _digits(units: int, places: int, language: Language) -> str:
    """``units`` of ``10**-places`` in the language's notation, trailing zeros dropped."""
    thousands, decimal_mark = _SEPARATORS[language]
    scale: int = 10**places
    whole, fraction = divmod(abs(units), scale)
    integer = f"{whole:,}".replace(",", thousands)
    decimals = str(fraction).zfill(places).rstrip("0")
    sign = "-" if units < 0 else ""
    return sign + integer + decimal_mark + decimals if decimals else sign + integer


def format_ratio(numerator: int, denominator: int, language: Language) -> str:
    """An exact ratio with at most four decimals, trailing zeros dropped: ``3,5484``."""
    return _digits(half_up(numerator, denominator, 4), 4, language)


def format_number(value: Number, language: Language) -> str:
    """At most four decimals, trailing zeros dropped: ``0,5``, ``3,5484``, ``12``."""
    return format_ratio(*value.as_integer_ratio(), language)


def format_cents(cents: int, language: Language, *, always: bool = True) -> str:
    """``EUR 2.956,99``; without ``always`` whole euros lose their cents: ``EUR 40.000``."""
    # cents are written for every line, so this is ``_digits`` written out for them
    thousands, decimal_mark = _SEPARATORS[language]
    whole, part = divmod(abs(cents), 100)
    euros = f"{whole:_}".replace("_", thousands)
    sign = "-" if cents < 0 else ""
    if part or always:
        return f"EUR {sign}{euros}{decimal_mark}{part:02d}"
    return f"EUR {sign}{euros}"


def format_amount(value: Number, language: Language, *, cents: bool = False) -> str:
    """``EUR 40.000`` for whole euros, ``EUR 2.956,99`` otherwise or when ``cents`` is set."""
    return format_cents(half_up(*value.as_integer_ratio(), 2), language, always=cents)


def format_date(day: date, language: Language) -> str:
    """Dutch ``15-03-2026``; English ISO ``2026-03-15``."""
    if language is Language.NL:
        return f"{day.day:02d}-{day.month:02d}-{day.year:04d}"
    return day.isoformat()


# --- explanation steps ----------------------------------------------------------------------

_UNIT: dict[Language, dict[Basis, str]] = {
    Language.NL: {
        Basis.PER_FTE_YEAR: "{amount} per voltijd jaar",
        Basis.PER_MONTH: "{amount} per maand",
        Basis.FIXED: "{amount} per stuk",
        Basis.PER_HOUR: "{amount} per uur",
        Basis.PER_EURO: "factor {factor} van het bedrag",
    },
    Language.EN: {
        Basis.PER_FTE_YEAR: "{amount} per full-time year",
        Basis.PER_MONTH: "{amount} per month",
        Basis.FIXED: "{amount} each",
        Basis.PER_HOUR: "{amount} per hour",
        Basis.PER_EURO: "factor {factor} of the amount",
    },
}

_STEPS: dict[Language, dict[str, str]] = {
    Language.NL: {
        "block": "{label}: {unit}",
        "agreed": "{label}: {unit} (afgesproken waarde)",
        "bonus_year": "{label}: + {amount} per jaar",
        "bonus_fixed": "{label}: + {amount} eenmalig per kandidaat",
        "lookback": "Gestart op {start}, vóór de contractstart: telt vanaf {counted_from}",
        "cap": "Telt maximaal {months} maanden: tot en met {cap_end}",
        "cap_shared": (
            "Telt maximaal {months} maanden vanaf de eerste start van de kandidaat ({first}): "
            "tot en met {cap_end}"
        ),
        "cap_used": "Telt niet: de maximale duur van de kandidaat liep af op {cap_end}",
        "split": (
            "De kandidaat werkt in deze periode ook elders; samen telt hij hooguit {basis} uur "
            "per week, de uren tellen naar rato:"
        ),
        "split_part": (
            "{start} t/m {end} = {months} maanden: {hours} van samen {total} uur = factor {factor}"
        ),
        "period": "Periode {start} t/m {end} = {months} maanden",
        "hours": "Uren: {hours} van {basis} = factor {factor}",
        "count": "Aantal: {count}",
        "date": "Datum {day} valt binnen de contractperiode",
        "value": "Waarde: {formula} = {value}",
        "value_zero": "Waarde: {value}",
        "started_before_contract": (
            "Telt niet: gestart op {start}, vóór {earliest} (de vroegste startdatum die meetelt)"
        ),
        "outside_contract_period": (
            "Telt niet: {start} t/m {end} valt buiten de contractperiode "
            "{contract_start} t/m {contract_end}"
        ),
        "outside_contract_period_date": (
            "Telt niet: datum {day} valt buiten de contractperiode "
            "{contract_start} t/m {contract_end}"
        ),
        "below_min_hours": (
            "Telt niet: {hours} uur per week is minder dan het minimum van {minimum}"
        ),
        "hours_unit": "{hours} uur",
        "obligation": "Verplichting: {percentage} % van {contract_value} = {obligation}",
        "pso": "Korting {level}: {percentage} % van {obligation} = {discount}",
        "obligation_net": "Verplichting na korting: {obligation_net}",
    },
    Language.EN: {
        "block": "{label}: {unit}",
        "agreed": "{label}: {unit} (agreed value)",
        "bonus_year": "{label}: + {amount} per year",
        "bonus_fixed": "{label}: + {amount} once per candidate",
        "lookback": "Started on {start}, before the contract start: counts from {counted_from}",
        "cap": "Counts for at most {months} months: up to and including {cap_end}",
        "cap_shared": (
            "Counts for at most {months} months from the candidate's first start ({first}): "
            "up to and including {cap_end}"
        ),
        "cap_used": "Does not count: the candidate's maximum duration ended on {cap_end}",
        "split": (
            "The candidate also works elsewhere in this period; together at most {basis} hours "
            "per week count, the hours count in proportion:"
        ),
        "split_part": (
            "{start} to {end} = {months} months: {hours} of {total} hours in all = factor {factor}"
        ),
        "period": "Period {start} to {end} = {months} months",
        "hours": "Hours: {hours} of {basis} = factor {factor}",
        "count": "Count: {count}",
        "date": "Date {day} lies within the contract period",
        "value": "Value: {formula} = {value}",
        "value_zero": "Value: {value}",
        "started_before_contract": (
            "Does not count: started on {start}, before {earliest} (the earliest start that counts)"
        ),
        "outside_contract_period": (
            "Does not count: {start} to {end} lies outside the contract period "
            "{contract_start} to {contract_end}"
        ),
        "outside_contract_period_date": (
            "Does not count: date {day} lies outside the contract period "
            "{contract_start} to {contract_end}"
        ),
        "below_min_hours": (
            "Does not count: {hours} hours per week is below the minimum of {minimum}"
        ),
        "hours_unit": "{hours} hours",
        "obligation": "Obligation: {percentage} % of {contract_value} = {obligation}",
        "pso": "Discount {level}: {percentage} % of {obligation} = {discount}",
        "obligation_net": "Obligation after discount: {obligation_net}",
    },
}


# The PSO levels as the Prestatieladder Socialer Ondernemen names them (same in both languages).
PSO_LABELS: dict[PsoLevel, str] = {
    PsoLevel.ASPIRANT: "PSO aspirant",
    PsoLevel.TREDE_1: "PSO trede 1",
    PsoLevel.TREDE_2: "PSO trede 2",
    PsoLevel.TREDE_3: "PSO trede 3",
    PsoLevel.PSO_30PLUS: "PSO 30+",
}


def steps_of(language: Language) -> Mapping[str, str]:
    """The explanation steps of ``language`` by key, templates for ``str.format``.

    ``steps_of(NL)["count"].format(count="3") == "Aantal: 3"``.
    """
    return _STEPS[language]


def literals(template: str, *names: str) -> tuple[str, ...]:
    """The texts around the named fields of ``template``, which appear in the order of ``names``.

    ``literals("{start} t/m {end}", "start", "end") == ("", " t/m ", "")``: a step filled by
    joining these with its values needs no ``str.format`` (which reads its template again on
    every call). Two steps of every line are written this way.
    """
    parts = list(Formatter().parse(template))
    fields = tuple(name for _, name, _, _ in parts if name is not None)
    if fields != names:
        raise ValueError(f"{template!r} has the fields {fields}, not {names}")
    texts = [literal for literal, _, _, _ in parts]
    return tuple(texts) if len(texts) > len(names) else (*texts, "")


def unit(language: Language, basis: Basis, value: Decimal) -> str:
    """How a block's value is expressed: ``EUR 40.000 per voltijd jaar``, ``factor 1 ...``."""
    return _UNIT[language][basis].format(
        amount=format_amount(value, language), factor=format_number(value, language)
    )


def bonus_label(label: str) -> str:
    """``Bonus Ouder dan 50 jaar``; a label that already says "Bonus" is kept as it is."""
    return label if label.lower().startswith("bonus") else f"Bonus {label}"


def formula(terms: list[str]) -> str:
    """Join the terms of a value formula: ``EUR 20.000 x 0,5 x 3,5484 / 12``."""
    return " ".join(terms)


# --- problems -------------------------------------------------------------------------------

# code -> (English, Dutch). Placeholders: {field} (English field name), {label} (Dutch field
# label) and per-code values.
PROBLEMS: dict[str, tuple[str, str]] = {
    "unknown_ruleset": (
        "Unknown rule set '{ruleset}'.",
        "Onbekende regelset '{ruleset}'.",
    ),
    "no_valid_version": (
        "Rule set '{ruleset}' has no version valid on {day}.",
        "Regelset '{ruleset}' heeft geen versie die geldt op {day_nl}.",
    ),
    "ambiguous_version": (
        "Rule set '{ruleset}' has more than one version valid on {day}: {versions}.",
        "Regelset '{ruleset}' heeft meer dan één versie die geldt op {day_nl}: {versions}.",
    ),
    "invalid_ruleset": (
        "The rule set's basis_hours_per_week must be more than 0.",
        "Het aantal uren van een voltijd week in de regelset moet groter zijn dan 0.",
    ),
    "unknown_block": (
        "Unknown block '{block}' in rule set '{ruleset}'.",
        "Onbekend bouwblok '{block}' in regelset '{ruleset}'.",
    ),
    "unknown_bonus": (
        "Unknown bonus '{bonus}' in rule set '{ruleset}'.",
        "Onbekende bonus '{bonus}' in regelset '{ruleset}'.",
    ),
    "duplicate_bonus": (
        "Bonus '{bonus}' is given more than once.",
        "Bonus '{bonus}' staat er meer dan één keer.",
    ),
    "bonus_not_allowed": (
        "Bonus '{bonus}' only applies to a placement (per full-time year), not to block '{block}'.",
        "Bonus '{bonus}' kan alleen bij een plaatsing (per voltijd jaar), "
        "niet bij bouwblok '{block}'.",
    ),
    "exclusive_bonuses": (
        "Bonuses '{first}' and '{second}' belong to group '{group}' and cannot be combined.",
        "Bonussen '{first}' en '{second}' horen bij dezelfde groep '{group}' en mogen niet samen.",
    ),
    "end_before_start": (
        "{field} ({end}) is before the start date ({start}).",
        "{label} ({end_nl}) ligt vóór de startdatum ({start_nl}).",
    ),
    "negative": (
        "{field} may not be negative.",
        "{label} mag niet negatief zijn.",
    ),
    "not_a_number": (
        "{field} is not a finite number.",
        "{label} is geen geldig getal.",
    ),
    "too_large": (
        "{field} may be at most {maximum}.",
        "{label} mag ten hoogste {maximum_nl} zijn.",
    ),
    "hours_per_week_above_168": (
        "{field} ({value}) may not be more than 168 (the hours in a week).",
        "{label} ({value_nl}) mag niet meer zijn dan 168 (het aantal uren in een week).",
    ),
    "percentage_out_of_range": (
        "{field} ({value}) must lie between 0 and 100.",
        "{label} ({value_nl}) moet tussen 0 en 100 liggen.",
    ),
    "missing_field": (
        "{field} is required for block '{block}' (basis {basis}).",
        "{label} is verplicht voor bouwblok '{block}'.",
    ),
    "agreed_value_not_allowed": (
        "Block '{block}' has a value of its own; "
        "agreed_value_eur is only for a block without a value.",
        "Bouwblok '{block}' heeft een eigen waarde; "
        "een afgesproken waarde kan alleen bij een bouwblok zonder waarde (maatwerk).",
    ),
    "count_not_applicable": (
        "count is not used by block '{block}' (basis {basis}); put the total in {total_field}.",
        "Aantal kan niet bij bouwblok '{block}'; vul het totaal in bij {total_label}.",
    ),
    "count_with_candidate": (
        "A line with a candidate is one person: count must be 1.",
        "Een regel met een kandidaat is één persoon: het aantal moet 1 zijn.",
    ),
}

# Dutch labels of the input fields, as a user sees them.
FIELD_LABELS_NL: dict[str, str] = {
    "ruleset": "Regelset",
    "ruleset.basis_hours_per_week": "Uren voltijd week (regelset)",
    "block": "Bouwblok",
    "hours_per_week": "Uren per week",
    "start": "Startdatum",
    "end": "Einddatum",
    "date": "Datum",
    "count": "Aantal",
    "bonuses": "Bonussen",
    "hours": "Uren",
    "amount_eur": "Bedrag",
    "agreed_value_eur": "Afgesproken waarde",
    "contract.value_eur": "Opdrachtwaarde",
    "contract.start": "Startdatum contract",
    "contract.end": "Einddatum contract",
    "contract.sroi_percentage": "SROI-percentage",
    "elsewhere.hours_per_week": "Uren per week elders",
    "elsewhere.end": "Einddatum elders",
}


def make_problem(line: int | None, field: str, code: str, **values: str) -> Problem:
    """A problem with its English and Dutch message; ``values`` fill the placeholders."""
    english, dutch = PROBLEMS[code]
    label = FIELD_LABELS_NL[field]
    return Problem(
        line=line,
        field=field,
        code=code,
        message=english.format(field=field, label=label, **values),
        message_nl=dutch.format(field=field, label=label, **values),
    )
