"""The calculator's JSON documents (``docs/calc-io.md``) to engine objects and back.

Standard library only: ``sroi calc`` uses this without Django; the web calculator and the API
use the same functions so that one format serves all three.

``load_document`` reads the JSON text within the limits of ``sroi.rules.engine.limits``
(numbers too long to compute with, deep nesting, NUL and unpaired surrogates are refused
while parsing); ``parse_request`` reads the input document and reports every problem at once
(each with its line index and field, in English and Dutch) as an engine ``CalculationError``.
Numbers may be JSON numbers or strings; floats are refused. Amounts, hours and percentages
keep at most the decimals their database columns keep, dates lie within
``DATE_MIN``..``DATE_MAX`` and a ``ref`` is at most ``REF_MAX_LENGTH`` characters, so a
document that parses can be stored as a plan and read back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import MAX_PREC, ROUND_HALF_UP, Context, Decimal
from typing import Any

from sroi.core.bsn import looks_like_bsn
from sroi.rules.engine import (
    CalculationError,
    CalculationRequest,
    Contract,
    Line,
    LineResult,
    Problem,
    PsoLevel,
    RuleSet,
    Valuation,
    select_version,
)
from sroi.rules.engine.limits import (
    AMOUNT_EUR,
    DATE_MAX,
    DATE_MIN,
    HOURS,
    HOURS_PER_WEEK,
    PERCENTAGE,
    REF_MAX_LENGTH,
    DecimalLimit,
)
from sroi.rules.files import (
    JsonProblem,
    RuleSetFileError,
    ValueProblem,
    load_json,
    parse_date,
    parse_decimal,
    parse_int,
    parse_ruleset,
)

__all__ = ["LINE_KEYS", "load_document", "parse_request", "request_to_dict", "valuation_to_dict"]

_TOP_KEYS = ("ruleset", "reference_date", "contract", "pso_level", "lines")
_CONTRACT_KEYS = ("value_eur", "sroi_percentage", "start", "end")
# The keys a calculation line may carry (also used by the fuzz tests).
LINE_KEYS = (
    "block",
    "hours_per_week",
    "start",
    "end",
    "date",
    "count",
    "bonuses",
    "hours",
    "amount_eur",
    "agreed_value_eur",
    "ref",
    "candidate",
)
_LINE_DECIMALS = ("hours_per_week", "hours", "amount_eur", "agreed_value_eur")
_LIMITS: dict[str, DecimalLimit] = {
    "hours_per_week": HOURS_PER_WEEK,
    "hours": HOURS,
    "amount_eur": AMOUNT_EUR,
    "agreed_value_eur": AMOUNT_EUR,
    "contract.value_eur": AMOUNT_EUR,
    "contract.sroi_percentage": PERCENTAGE,
}
_LINE_DATES = ("start", "end", "date")

_CENT = Decimal("0.01")
_MONTHS_PLACES = Decimal("0.0001")
_PCT_PLACES = Decimal("0.1")
# Output rounding never fails for want of digits (a rule set of one's own may value a line
# far above any contract); the numbers are bounded by the limits, so this stays cheap.
_OUTPUT = Context(prec=MAX_PREC, rounding=ROUND_HALF_UP)


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, line: int | None, field: str, code: str, message: str, message_nl: str) -> None:
        self.problems.append(Problem(line, field, code, message, message_nl))

    def missing(self, line: int | None, field: str) -> None:
        self.add(line, field, "required", "required field is missing", "verplicht veld ontbreekt")

    def unknown_keys(
        self, obj: Mapping[str, Any], allowed: Sequence[str], line: int | None, prefix: str
    ) -> None:
        for key in obj:
            if key not in allowed:
                self.add(
                    line,
                    f"{prefix}{key}",
                    "unknown_field",
                    f"unknown field {key!r} (allowed: {', '.join(allowed)})",
                    f"onbekend veld {key!r} (toegestaan: {', '.join(allowed)})",
                )

    def wrong_type(self, line: int | None, field: str, expected: str, expected_nl: str) -> None:
        self.add(line, field, "invalid_type", f"expected {expected}", f"verwacht {expected_nl}")

    def decimal(self, raw: object, line: int | None, field: str) -> Decimal | None:
        """A number; more decimals than its column keeps is a problem (the engine checks the
        bounds)."""
        try:
            value = parse_decimal(raw)
        except ValueProblem as exc:
            self.add(line, field, "invalid_number", exc.message, exc.message_nl)
            return None
        places = _LIMITS[field].decimal_places
        if _LIMITS[field].has_too_many_decimals(value):
            self.add(
                line,
                field,
                "too_many_decimals",
                f"at most {places} decimals",
                f"ten hoogste {places} cijfers achter de komma",
            )
            return None
        return value

    def date(self, raw: object, line: int | None, field: str) -> date | None:
        try:
            day = parse_date(raw)
        except ValueProblem as exc:
            self.add(line, field, "invalid_date", exc.message, exc.message_nl)
            return None
        if not DATE_MIN <= day <= DATE_MAX:
            self.add(
                line,
                field,
                "date_out_of_range",
                f"the date must lie between {DATE_MIN.isoformat()} and {DATE_MAX.isoformat()}",
                f"de datum moet liggen tussen {DATE_MIN:%d-%m-%Y} en {DATE_MAX:%d-%m-%Y}",
            )
            return None
        return day


def load_document(text: str | bytes) -> Any:
    """The JSON of a calc-io document, read within the limits (see ``files.load_json``).

    Raises ``CalculationError`` with one problem (field ``input`` or the path of the text that
    holds a forbidden character) when the text cannot be read.
    """
    try:
        return load_json(text)
    except JsonProblem as exc:
        raise CalculationError(
            [Problem(None, exc.field, exc.code, exc.message, exc.message_nl)]
        ) from None


def parse_request(
    doc: Mapping[str, Any], *, rulesets: Sequence[RuleSet]
) -> tuple[CalculationRequest, RuleSet]:
    """Read a calc-io input document; the rule set is an id (the version valid on the reference
    date) or an inline rule-set document. Raises ``CalculationError`` with every problem."""
    out = _Collector()
    if not isinstance(doc, Mapping):
        out.wrong_type(None, "input", "a JSON object", "een JSON-object")
        raise CalculationError(out.problems)
    out.unknown_keys(doc, _TOP_KEYS, None, "")

    contract = _parse_contract(doc, out)

    reference_date: date | None = None
    if doc.get("reference_date") is not None:
        reference_date = out.date(doc["reference_date"], None, "reference_date")

    pso_level: PsoLevel | None = None
    raw_pso = doc.get("pso_level")
    if raw_pso is not None:
        try:
            pso_level = PsoLevel(raw_pso) if isinstance(raw_pso, str) else None
        except ValueError:
            pso_level = None
        if pso_level is None:
            allowed = ", ".join(level.value for level in PsoLevel)
            out.add(
                None,
                "pso_level",
                "unknown_pso_level",
                f"unknown PSO level {raw_pso!r} (null or one of: {allowed})",
                f"onbekende PSO-trede {raw_pso!r} (null of een van: {allowed})",
            )

    lines = _parse_lines(doc, out)
    ruleset = _resolve_ruleset(doc, out, rulesets, reference_date, contract)

    if out.problems or contract is None or ruleset is None:
        raise CalculationError(out.problems)
    request = CalculationRequest(
        contract=contract,
        lines=tuple(lines),
        pso_level=pso_level,
        reference_date=reference_date,
    )
    return request, ruleset


def _parse_contract(doc: Mapping[str, Any], out: _Collector) -> Contract | None:
    raw = doc.get("contract")
    if raw is None:
        out.missing(None, "contract")
        return None
    if not isinstance(raw, Mapping):
        out.wrong_type(None, "contract", "an object", "een object")
        return None
    out.unknown_keys(raw, _CONTRACT_KEYS, None, "contract.")
    before = len(out.problems)
    values: dict[str, Any] = {}
    for key in ("value_eur", "start", "end"):
        if raw.get(key) is None:
            out.missing(None, f"contract.{key}")
    if raw.get("value_eur") is not None:
        values["value_eur"] = out.decimal(raw["value_eur"], None, "contract.value_eur")
    for key in ("start", "end"):
        if raw.get(key) is not None:
            values[key] = out.date(raw[key], None, f"contract.{key}")
    percentage = None
    if raw.get("sroi_percentage") is not None:
        percentage = out.decimal(raw["sroi_percentage"], None, "contract.sroi_percentage")
    if len(out.problems) != before:
        return None
    return Contract(
        value_eur=values["value_eur"],
        start=values["start"],
        end=values["end"],
        sroi_percentage=percentage,
    )


def _parse_lines(doc: Mapping[str, Any], out: _Collector) -> list[Line]:
    raw_lines = doc.get("lines", [])
    if raw_lines is None:
        raw_lines = []
    if not isinstance(raw_lines, list | tuple):
        out.wrong_type(None, "lines", "a list of lines", "een lijst met regels")
        return []
    lines: list[Line] = []
    for index, raw in enumerate(raw_lines):
        line = _parse_line(raw, index, out)
        if line is not None:
            lines.append(line)
    return lines


def _parse_line(raw: object, index: int, out: _Collector) -> Line | None:
    if not isinstance(raw, Mapping):
        out.add(
            index,
            "line",
            "invalid_type",
            "expected an object (a line)",
            "verwacht een object (een regel)",
        )
        return None
    before = len(out.problems)
    out.unknown_keys(raw, LINE_KEYS, index, "")
    fields: dict[str, Any] = {}

    block = raw.get("block")
    if block is None:
        out.missing(index, "block")
    elif not isinstance(block, str) or not block.strip():
        out.wrong_type(index, "block", "a block code (text)", "een bouwblokcode (tekst)")
    else:
        fields["block"] = block

    for key in _LINE_DECIMALS:
        if raw.get(key) is not None:
            fields[key] = out.decimal(raw[key], index, key)
    for key in _LINE_DATES:
        if raw.get(key) is not None:
            fields[key] = out.date(raw[key], index, key)

    if raw.get("count") is not None:
        try:
            count = parse_int(raw["count"])
        except ValueProblem as exc:
            out.add(index, "count", "invalid_integer", exc.message, exc.message_nl)
        else:
            if count < 0:
                out.add(
                    index,
                    "count",
                    "negative",
                    f"count may not be negative, got {count}",
                    f"aantal mag niet negatief zijn, niet {count}",
                )
            else:
                fields["count"] = count

    raw_bonuses = raw.get("bonuses")
    if raw_bonuses is not None:
        if not isinstance(raw_bonuses, list | tuple):
            out.wrong_type(index, "bonuses", "a list of bonus codes", "een lijst met toeslagcodes")
        else:
            codes: list[str] = []
            for position, code in enumerate(raw_bonuses):
                if isinstance(code, str) and code.strip():
                    codes.append(code)
                else:
                    out.wrong_type(
                        index,
                        f"bonuses[{position}]",
                        "a bonus code (text)",
                        "een toeslagcode (tekst)",
                    )
            fields["bonuses"] = tuple(codes)

    for key in ("ref", "candidate"):
        text = _pseudonym(raw.get(key), out, index, key)
        if text is not None:
            fields[key] = text

    if len(out.problems) != before:
        return None
    return Line(**fields)


def _pseudonym(value: Any, out: _Collector, index: int, key: str) -> str | None:
    """A ``ref`` or ``candidate``: a text (a ``ref`` may be a whole number) of at most
    ``REF_MAX_LENGTH`` characters that holds no BSN; None when absent or refused."""
    if value is None:
        return None
    kinds = str | int if key == "ref" else str
    if isinstance(value, bool) or not isinstance(value, kinds):
        if key == "ref":
            out.wrong_type(index, key, "a text or a whole number", "tekst of een geheel getal")
        else:
            out.wrong_type(index, key, "a text", "tekst")
    elif len(str(value)) > REF_MAX_LENGTH:
        out.add(
            index,
            key,
            "too_long",
            f"a {key} has at most {REF_MAX_LENGTH} characters",
            f"een {key} heeft ten hoogste {REF_MAX_LENGTH} tekens",
        )
    elif looks_like_bsn(str(value)):
        # Candidates are referred to by pseudonyms: a BSN is never accepted nor echoed.
        out.add(
            index,
            key,
            "bsn_refused",
            f"a {key} may not hold a BSN: use a pseudonym (for example K-017)",
            f"een {key} mag geen BSN bevatten: gebruik een pseudoniem (bijvoorbeeld K-017)",
        )
    else:
        return str(value)
    return None


def _resolve_ruleset(
    doc: Mapping[str, Any],
    out: _Collector,
    rulesets: Sequence[RuleSet],
    reference_date: date | None,
    contract: Contract | None,
) -> RuleSet | None:
    raw = doc.get("ruleset")
    if raw is None:
        out.missing(None, "ruleset")
        return None
    if isinstance(raw, Mapping):
        try:
            return parse_ruleset(raw)
        except RuleSetFileError as exc:
            for problem in exc.problems:
                out.add(
                    None,
                    f"ruleset.{problem.field}",
                    "invalid_ruleset",
                    problem.message,
                    problem.message_nl,
                )
            return None
    if not isinstance(raw, str) or not raw.strip():
        out.wrong_type(
            None,
            "ruleset",
            "a rule set id or a rule-set object",
            "de id van een regelset of een regelset-object",
        )
        return None
    day = reference_date
    if day is None and contract is not None:
        day = contract.start
    if day is None:
        return None  # reference date and contract.start missing or invalid: already reported
    try:
        return select_version(rulesets, raw, day)
    except CalculationError as exc:
        out.problems.extend(exc.problems)
        return None


# --- output ---------------------------------------------------------------------------------


def _money(value: Decimal) -> str:
    quantized = value.quantize(_CENT, context=_OUTPUT)
    if quantized == 0:
        quantized = abs(quantized)
    return format(quantized, "f")


def _months(value: Decimal | None) -> str | None:
    if value is None:
        return None
    return format(value.quantize(_MONTHS_PLACES, context=_OUTPUT), "f")


def _pct(value: Decimal | None) -> str | None:
    if value is None:
        return None
    return format(value.quantize(_PCT_PLACES, context=_OUTPUT), "f")


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _line_to_dict(line: LineResult) -> dict[str, Any]:
    result: dict[str, Any] = {
        "index": line.index,
        "block": line.block,
        "value_eur": _money(line.value_eur),
        "months": _months(line.months),
        "counted_from": _iso(line.counted_from),
        "counted_to": _iso(line.counted_to),
        "reason": line.reason.value if line.reason is not None else None,
        "explanation": list(line.explanation),
    }
    if line.ref is not None:
        result["ref"] = line.ref
    if line.candidate is not None:
        result["candidate"] = line.candidate
    return result


def valuation_to_dict(valuation: Valuation) -> dict[str, Any]:
    """The calc-io output document of ``valuation`` (plain JSON types, amounts as strings)."""
    ruleset = valuation.ruleset
    return {
        "ruleset": {
            "id": ruleset.id,
            "version": ruleset.version,
            "name": ruleset.name,
            "status": ruleset.status.value,
        },
        "reference_date": valuation.reference_date.isoformat(),
        "obligation_eur": _money(valuation.obligation_eur),
        "pso_discount_eur": _money(valuation.pso_discount_eur),
        "obligation_net_eur": _money(valuation.obligation_net_eur),
        "total_eur": _money(valuation.total_eur),
        "remaining_eur": _money(valuation.remaining_eur),
        "fulfilment_pct": _pct(valuation.fulfilment_pct),
        "lines": [_line_to_dict(line) for line in valuation.lines],
        "warnings": [warning.value for warning in valuation.warnings],
    }


# --- a request back to an input document -----------------------------------------------------


def _number(value: Decimal) -> str:
    return format(value, "f")


def request_to_dict(request: CalculationRequest, ruleset_id: str) -> dict[str, Any]:
    """A calc-io input document for ``request`` naming the rule set by id.

    ``parse_request(request_to_dict(r, id), rulesets=...)`` gives ``r`` back.
    """
    contract: dict[str, Any] = {
        "value_eur": _number(request.contract.value_eur),
        "start": request.contract.start.isoformat(),
        "end": request.contract.end.isoformat(),
    }
    if request.contract.sroi_percentage is not None:
        contract["sroi_percentage"] = _number(request.contract.sroi_percentage)
    doc: dict[str, Any] = {"ruleset": ruleset_id}
    if request.reference_date is not None:
        doc["reference_date"] = request.reference_date.isoformat()
    doc["contract"] = contract
    doc["pso_level"] = request.pso_level.value if request.pso_level is not None else None
    lines: list[dict[str, Any]] = []
    for line in request.lines:
        item: dict[str, Any] = {"block": line.block}
        for key in _LINE_DECIMALS:
            value = getattr(line, key)
            if value is not None:
                item[key] = _number(value)
        for key in _LINE_DATES:
            day = getattr(line, key)
            if day is not None:
                item[key] = day.isoformat()
        if line.count != 1:
            item["count"] = line.count
        if line.bonuses:
            item["bonuses"] = list(line.bonuses)
        if line.ref is not None:
            item["ref"] = line.ref
        if line.candidate is not None:
            item["candidate"] = line.candidate
        lines.append(item)
    doc["lines"] = lines
    return doc
