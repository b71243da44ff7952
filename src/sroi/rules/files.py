"""Rule-set documents (the JSON files in ``rules/data/``) to engine ``RuleSet`` and back.

Standard library only: the command line uses this without Django. A document has the form of
``docs/rekenregels.md``::

    {"id": "utrecht", "version": "2024-1", "name": "...", "region": "...",
     "status": "sourced", "source_urls": [...], "valid_from": "2024-01-01", "valid_to": null,
     "basis_hours_per_week": "36", "min_hours_per_week": null, "lookback_months": 0,
     "obligation": {"default_percentage": "5", "threshold_eur": null,
                    "pso_discount_pct": {"trede_1": "0"}},
     "blocks": [{"code", "label_nl", "label_en", "category", "basis", "value",
                 "max_duration_months", "notes"}],
     "bonuses": [{"code", "label_nl", "label_en", "basis", "value", "exclusive_group", "notes"}],
     "target_groups": {"pw_lt2": "PW_LT2", "vsv_27": null, ...},
     "research_notes": "..."}

Amounts are strings (or JSON numbers read as ``Decimal``); a float is refused. Every problem
names its field (``blocks[3].basis: unknown basis 'per_week'``). Unknown keys are refused too:
a typo must not silently fall back to a default.

Optional keys and their defaults: ``name`` (the id), ``region`` (""), ``status``
("indicative": a rule set that is not one of the published tables is not sourced),
``valid_to`` (null), ``source_urls`` ([]), the parameters as in ``rekenregels.md``,
``bonuses`` ([]), ``target_groups`` ({}: no target group has a block of its own), ``notes``
and ``research_notes`` ("").

``target_groups`` maps each target group of the plan form (``sroi.rules.constants``) to the
block of this rule set it is valued with, or to null (the plan line names a block itself). A
block that the rule set does not have is refused.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from importlib import resources
from typing import Any

from sroi.rules.engine.limits import (
    CODE_MAX_LENGTH,
    NESTING_MAX_DEPTH,
    NUMBER_MAX_CHARS,
    NUMBER_MAX_EXPONENT,
    number_text_is_oversized,
)
from sroi.rules.engine.types import (
    Basis,
    Block,
    Bonus,
    BonusBasis,
    Category,
    PsoLevel,
    RuleSet,
    RuleSetStatus,
)

__all__ = [
    "FileProblem",
    "JsonProblem",
    "OversizedNumber",
    "RuleSetFileError",
    "check_no_overlap",
    "load_json",
    "load_shipped_rulesets",
    "parse_date",
    "parse_decimal",
    "parse_ruleset",
    "ruleset_to_dict",
]

_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DECIMAL_RE = re.compile(r"-?\d+(\.\d+)?")
_ID_RE = re.compile(r"[a-z0-9][a-z0-9-]*")

_TOP_KEYS = frozenset(
    {
        "id",
        "version",
        "name",
        "region",
        "status",
        "source_urls",
        "valid_from",
        "valid_to",
        "basis_hours_per_week",
        "min_hours_per_week",
        "lookback_months",
        "obligation",
        "blocks",
        "bonuses",
        "target_groups",
        "research_notes",
    }
)
_OBLIGATION_KEYS = frozenset({"default_percentage", "threshold_eur", "pso_discount_pct"})
_BLOCK_KEYS = frozenset(
    {"code", "label_nl", "label_en", "category", "basis", "value", "max_duration_months", "notes"}
)
_BONUS_KEYS = frozenset(
    {"code", "label_nl", "label_en", "basis", "value", "exclusive_group", "notes"}
)

_MISSING = object()


@dataclass(frozen=True)
class FileProblem:
    """One thing wrong with a rule-set document: the field, English and Dutch prose."""

    field: str
    message: str
    message_nl: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class RuleSetFileError(ValueError):
    """A rule-set document that cannot be used. ``problems`` lists every problem found."""

    def __init__(self, problems: Sequence[FileProblem]) -> None:
        self.problems: tuple[FileProblem, ...] = tuple(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


# --- reading JSON within limits, shared with calcio ----------------------------------------


class OversizedNumber:
    """A JSON number too long to compute with (``1e999999999``), kept as its text.

    ``load_json`` leaves it where the number was, so that the reader of that field refuses it
    with a message at the field; nothing ever turns it into a number.
    """

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text if len(self.text) <= 12 else f"{self.text[:12]}..."


class JsonProblem(ValueError):
    """A document that cannot be read at all: ``field`` (``"input"`` or a path), ``code``,
    the English and the Dutch message."""

    def __init__(self, field: str, code: str, message: str, message_nl: str) -> None:
        self.field = field
        self.code = code
        self.message = message
        self.message_nl = message_nl
        super().__init__(f"{field}: {message}")


def _json_float(text: str) -> Decimal | OversizedNumber:
    if number_text_is_oversized(text):
        return OversizedNumber(text)
    return Decimal(text)


def _json_int(text: str) -> int | OversizedNumber:
    if len(text) > NUMBER_MAX_CHARS:  # also keeps clear of Python's integer-string limit
        return OversizedNumber(text)
    return int(text)


def _json_constant(name: str) -> Any:
    raise JsonProblem(
        "input",
        "invalid_json",
        f"invalid JSON: {name} is not a number",
        f"ongeldige JSON: {name} is geen getal",
    )


# Characters no database column nor UTF-8 output can hold: NUL and unpaired surrogates.
_FORBIDDEN_CHARACTER = re.compile("[\x00\ud800-\udfff]")


def _check_tree(doc: object) -> None:
    """Depth at most ``NESTING_MAX_DEPTH``; no NUL nor unpaired surrogate in any text."""
    stack: list[tuple[object, int, str]] = [(doc, 0, "input")]
    while stack:
        node, depth, path = stack.pop()
        if isinstance(node, str):
            if _FORBIDDEN_CHARACTER.search(node):
                raise JsonProblem(
                    path,
                    "invalid_character",
                    "contains a character that is not allowed (NUL or an unpaired surrogate)",
                    "bevat een teken dat niet is toegestaan (NUL of een losse surrogaat)",
                )
            continue
        if not isinstance(node, dict | list):
            continue
        if depth >= NESTING_MAX_DEPTH:
            raise JsonProblem(
                "input",
                "too_deep",
                f"objects and lists are nested more than {NESTING_MAX_DEPTH} levels deep",
                f"objecten en lijsten zijn dieper genest dan {NESTING_MAX_DEPTH} niveaus",
            )
        prefix = "" if path == "input" else path
        if isinstance(node, dict):
            for key, value in node.items():
                if _FORBIDDEN_CHARACTER.search(key):
                    raise JsonProblem(
                        path,
                        "invalid_character",
                        "a key contains a character that is not allowed (NUL or an unpaired "
                        "surrogate)",
                        "een sleutel bevat een teken dat niet is toegestaan (NUL of een losse "
                        "surrogaat)",
                    )
                name = key if len(key) <= 40 else f"{key[:40]}..."
                stack.append((value, depth + 1, f"{prefix}.{name}" if prefix else name))
        else:
            for index, value in enumerate(node):
                stack.append((value, depth + 1, f"{prefix}[{index}]"))


def load_json(text: str | bytes) -> Any:
    """``json.loads`` within the limits of ``sroi.rules.engine.limits``.

    Numbers are ``Decimal`` (never a float) or, when too long or with too large an exponent,
    ``OversizedNumber``; ``NaN`` and ``Infinity``, nesting deeper than ``NESTING_MAX_DEPTH``,
    NUL characters and unpaired surrogates are refused with ``JsonProblem``.
    """
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise JsonProblem(
                "input",
                "invalid_encoding",
                f"not UTF-8 text (byte {exc.start})",
                f"geen UTF-8-tekst (byte {exc.start})",
            ) from None
    try:
        doc = json.loads(
            text, parse_float=_json_float, parse_int=_json_int, parse_constant=_json_constant
        )
    except json.JSONDecodeError as exc:
        raise JsonProblem(
            "input",
            "invalid_json",
            f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})",
            f"ongeldige JSON: {exc.msg} (regel {exc.lineno}, kolom {exc.colno})",
        ) from None
    except RecursionError:
        raise JsonProblem(
            "input",
            "too_deep",
            f"objects and lists are nested more than {NESTING_MAX_DEPTH} levels deep",
            f"objecten en lijsten zijn dieper genest dan {NESTING_MAX_DEPTH} niveaus",
        ) from None
    _check_tree(doc)
    return doc


def _oversized(value: OversizedNumber) -> ValueProblem:
    return ValueProblem(
        f"number too large or too long: {value!r} (at most {NUMBER_MAX_CHARS} characters and "
        f"an exponent of at most {NUMBER_MAX_EXPONENT})",
        f"getal te groot of te lang: {value!r} (ten hoogste {NUMBER_MAX_CHARS} tekens en een "
        f"exponent van ten hoogste {NUMBER_MAX_EXPONENT})",
    )


# --- scalar readers, shared with calcio ---------------------------------------------------


class ValueProblem(ValueError):
    """A scalar that cannot be read; carries the English and Dutch message."""

    def __init__(self, message: str, message_nl: str) -> None:
        self.message = message
        self.message_nl = message_nl
        super().__init__(message)


def parse_decimal(value: object) -> Decimal:
    """Read an amount: a JSON number read as Decimal, an int, or a string like ``"1234.56"``.

    Never a float (binary fractions are not money) and never NaN or infinity.
    """
    if isinstance(value, bool):
        raise ValueProblem(
            f"expected a number, got {json.dumps(value)}",
            f"verwacht een getal, niet {json.dumps(value)}",
        )
    if isinstance(value, OversizedNumber):
        raise _oversized(value)
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueProblem("expected a finite number", "verwacht een eindig getal")
        return value
    if isinstance(value, float):
        raise ValueProblem(
            "a binary floating-point number is not accepted; write the number as a string "
            "or read the JSON with decimals",
            "een drijvendekommagetal wordt niet geaccepteerd; schrijf het getal als tekst",
        )
    if isinstance(value, str):
        text = value.strip()
        if len(text) > NUMBER_MAX_CHARS:
            raise _oversized(OversizedNumber(text))
        if _DECIMAL_RE.fullmatch(text):
            try:
                return Decimal(text)
            except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
                pass
        raise ValueProblem(
            f'not a number: {value!r} (use digits and a decimal point, e.g. "1234.50")',
            f"geen getal: {value!r} (gebruik cijfers en een punt als decimaalteken, "
            'bijvoorbeeld "1234.50")',
        )
    raise ValueProblem(
        f"expected a number, got {_type_name(value)}",
        f"verwacht een getal, niet {_type_name_nl(value)}",
    )


def parse_date(value: object) -> date:
    """Read an ISO date ``YYYY-MM-DD`` (only that form)."""
    if isinstance(value, str) and _DATE_RE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
        raise ValueProblem(f"not a valid date: {value!r}", f"geen geldige datum: {value!r}")
    if isinstance(value, str):
        raise ValueProblem(
            f"not a date in the form YYYY-MM-DD: {value!r}",
            f"geen datum in de vorm JJJJ-MM-DD: {value!r}",
        )
    raise ValueProblem(
        f"expected a date string YYYY-MM-DD, got {_type_name(value)}",
        f"verwacht een datum als tekst JJJJ-MM-DD, niet {_type_name_nl(value)}",
    )


def parse_int(value: object) -> int:
    """Read a whole number: a JSON integer, an integral decimal, or a string of digits."""
    if isinstance(value, bool):
        raise ValueProblem(
            f"expected a whole number, got {json.dumps(value)}",
            f"verwacht een geheel getal, niet {json.dumps(value)}",
        )
    if isinstance(value, OversizedNumber):
        raise _oversized(value)
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal) and value.is_finite() and value.adjusted() > NUMBER_MAX_EXPONENT:
        raise _oversized(OversizedNumber(str(value)))
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        return int(value)
    if isinstance(value, str) and len(value.strip()) > NUMBER_MAX_CHARS:
        raise _oversized(OversizedNumber(value.strip()))
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
        return int(value.strip())
    raise ValueProblem(
        f"expected a whole number, got {_describe(value)}",
        f"verwacht een geheel getal, niet {_describe_nl(value)}",
    )


def _type_name(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    return "a number"


def _type_name_nl(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, Mapping):
        return "een object"
    if isinstance(value, list | tuple):
        return "een lijst"
    if isinstance(value, str):
        return "tekst"
    if isinstance(value, bool):
        return "een waar/onwaar-waarde"
    return "een getal"


def _describe(value: object) -> str:
    if isinstance(value, str | int | Decimal | float) and not isinstance(value, bool):
        return repr(value) if isinstance(value, str) else str(value)
    return _type_name(value)


def _describe_nl(value: object) -> str:
    if isinstance(value, str | int | Decimal | float) and not isinstance(value, bool):
        return repr(value) if isinstance(value, str) else str(value)
    return _type_name_nl(value)


# --- the document parser ----------------------------------------------------------------


class _Reader:
    """Collects problems while reading one document."""

    def __init__(self) -> None:
        self.problems: list[FileProblem] = []

    def add(self, field: str, message: str, message_nl: str) -> None:
        self.problems.append(FileProblem(field, message, message_nl))

    def unknown_keys(self, obj: Mapping[str, Any], allowed: frozenset[str], prefix: str) -> None:
        for key in obj:
            if key not in allowed:
                self.add(f"{prefix}{key}", "unknown field", "onbekend veld")

    def value(self, raw: object, field: str, read: Callable[[object], Any]) -> Any:
        """``read(raw)``, or None after recording the problem under ``field``."""
        try:
            return read(raw)
        except ValueProblem as exc:
            self.add(field, exc.message, exc.message_nl)
            return None

    def get(
        self,
        obj: Mapping[str, Any],
        key: str,
        field: str,
        read: Callable[[object], Any],
        *,
        required: bool = False,
        nullable: bool = False,
        default: Any = None,
    ) -> Any:
        raw = obj.get(key, _MISSING)
        if raw is _MISSING:
            if required:
                self.add(field, "required field is missing", "verplicht veld ontbreekt")
            return default
        if raw is None:
            if nullable:
                return None
            self.add(field, "may not be null", "mag niet leeg (null) zijn")
            return default
        try:
            return read(raw)
        except ValueProblem as exc:
            self.add(field, exc.message, exc.message_nl)
            return default


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise ValueProblem(
            f"expected a string, got {_type_name(value)}",
            f"verwacht tekst, niet {_type_name_nl(value)}",
        )
    return value


def _nonempty_text(value: object) -> str:
    text = _text(value)
    if not text.strip():
        raise ValueProblem("may not be empty", "mag niet leeg zijn")
    return text


def _identifier(value: object) -> str:
    text = _nonempty_text(value)
    if not _ID_RE.fullmatch(text):
        raise ValueProblem(
            f"{text!r} is not a valid id (lower-case letters, digits and hyphens)",
            f"{text!r} is geen geldige id (kleine letters, cijfers en koppeltekens)",
        )
    return text


def _code(value: object) -> str:
    text = _nonempty_text(value)
    if len(text) > CODE_MAX_LENGTH:
        raise ValueProblem(
            f"a code has at most {CODE_MAX_LENGTH} characters",
            f"een code heeft ten hoogste {CODE_MAX_LENGTH} tekens",
        )
    if text != text.strip() or any(ch.isspace() for ch in text):
        raise ValueProblem(
            f"{text!r} is not a valid code (no spaces)",
            f"{text!r} is geen geldige code (geen spaties)",
        )
    return text


def _non_negative_decimal(value: object) -> Decimal:
    number = parse_decimal(value)
    if number < 0:
        raise ValueProblem(f"may not be negative: {number}", f"mag niet negatief zijn: {number}")
    return number


def _percentage(value: object) -> Decimal:
    number = parse_decimal(value)
    if not Decimal(0) <= number <= Decimal(100):
        raise ValueProblem(
            f"a percentage must lie between 0 and 100, got {number}",
            f"een percentage ligt tussen 0 en 100, niet {number}",
        )
    return number


def _hours_per_week(value: object) -> Decimal:
    number = parse_decimal(value)
    if not Decimal(0) < number <= Decimal(168):
        raise ValueProblem(
            f"hours per week must lie above 0 and at most 168, got {number}",
            f"uren per week moet groter zijn dan 0 en ten hoogste 168, niet {number}",
        )
    return number


def _min_hours(value: object) -> Decimal:
    number = _non_negative_decimal(value)
    if number > Decimal(168):
        raise ValueProblem(
            f"hours per week can be at most 168, got {number}",
            f"uren per week is ten hoogste 168, niet {number}",
        )
    return number


def _non_negative_int(value: object) -> int:
    number = parse_int(value)
    if number < 0:
        raise ValueProblem(f"may not be negative: {number}", f"mag niet negatief zijn: {number}")
    return number


def _positive_int(value: object) -> int:
    number = parse_int(value)
    if number < 1:
        raise ValueProblem(
            f"must be at least 1, got {number}", f"moet minstens 1 zijn, niet {number}"
        )
    return number


def _enum_reader(
    enum: type[Basis] | type[BonusBasis] | type[Category] | type[RuleSetStatus] | type[PsoLevel],
    what: str,
    what_nl: str,
) -> Callable[[object], Any]:
    allowed = ", ".join(member.value for member in enum)

    def read(value: object) -> Any:
        text = _text(value)
        try:
            return enum(text)
        except ValueError:
            raise ValueProblem(
                f"unknown {what} {text!r} (one of: {allowed})",
                f"onbekende {what_nl} {text!r} (een van: {allowed})",
            ) from None

    return read


_read_basis = _enum_reader(Basis, "basis", "grondslag")
_read_bonus_basis = _enum_reader(BonusBasis, "bonus basis", "grondslag voor een toeslag")
_read_category = _enum_reader(Category, "category", "categorie")
_read_status = _enum_reader(RuleSetStatus, "status", "status")
_read_pso = _enum_reader(PsoLevel, "PSO level", "PSO-trede")


def _as_mapping(reader: _Reader, value: object, field: str) -> Mapping[str, Any] | None:
    if isinstance(value, Mapping):
        return value
    reader.add(
        field,
        f"expected an object, got {_type_name(value)}",
        f"verwacht een object, niet {_type_name_nl(value)}",
    )
    return None


def _as_list(reader: _Reader, value: object, field: str) -> list[Any] | None:
    if isinstance(value, list | tuple):
        return list(value)
    reader.add(
        field,
        f"expected a list, got {_type_name(value)}",
        f"verwacht een lijst, niet {_type_name_nl(value)}",
    )
    return None


def parse_ruleset(doc: Mapping[str, Any]) -> RuleSet:
    """Validate a rule-set document and build the engine's ``RuleSet``.

    Raises ``RuleSetFileError`` listing every problem, each naming its field.
    """
    reader = _Reader()
    top = _as_mapping(reader, doc, "ruleset")
    if top is None:
        raise RuleSetFileError(reader.problems)
    reader.unknown_keys(top, _TOP_KEYS, "")

    ruleset_id = reader.get(top, "id", "id", _identifier, required=True)
    version = reader.get(top, "version", "version", _code, required=True)
    name = reader.get(top, "name", "name", _nonempty_text, default=None)
    region = reader.get(top, "region", "region", _text, default="")
    status = reader.get(top, "status", "status", _read_status, default=RuleSetStatus.INDICATIVE)
    valid_from = reader.get(top, "valid_from", "valid_from", parse_date, required=True)
    valid_to = reader.get(top, "valid_to", "valid_to", parse_date, nullable=True)
    if valid_from is not None and valid_to is not None and valid_to < valid_from:
        reader.add(
            "valid_to",
            f"valid_to {valid_to.isoformat()} lies before valid_from {valid_from.isoformat()}",
            f"geldig tot {valid_to.isoformat()} ligt voor geldig vanaf {valid_from.isoformat()}",
        )

    source_urls: list[str] = []
    raw_urls = top.get("source_urls", [])
    urls = _as_list(reader, raw_urls, "source_urls")
    for index, url in enumerate(urls or ()):
        text = reader.value(url, f"source_urls[{index}]", _nonempty_text)
        if text is not None:
            source_urls.append(text)

    basis_hours = reader.get(
        top,
        "basis_hours_per_week",
        "basis_hours_per_week",
        _hours_per_week,
        default=Decimal("36"),
    )
    min_hours = reader.get(
        top, "min_hours_per_week", "min_hours_per_week", _min_hours, nullable=True
    )
    lookback = reader.get(top, "lookback_months", "lookback_months", _non_negative_int, default=0)
    notes = reader.get(top, "research_notes", "research_notes", _text, default="")

    default_percentage = Decimal("5")
    threshold: Decimal | None = None
    pso: list[tuple[PsoLevel, Decimal]] = []
    raw_obligation = top.get("obligation", _MISSING)
    if raw_obligation is not _MISSING:
        obligation = _as_mapping(reader, raw_obligation, "obligation")
        if obligation is not None:
            reader.unknown_keys(obligation, _OBLIGATION_KEYS, "obligation.")
            default_percentage = reader.get(
                obligation,
                "default_percentage",
                "obligation.default_percentage",
                _percentage,
                default=Decimal("5"),
            )
            threshold = reader.get(
                obligation,
                "threshold_eur",
                "obligation.threshold_eur",
                _non_negative_decimal,
                nullable=True,
            )
            raw_pso = obligation.get("pso_discount_pct", {})
            pso_map = _as_mapping(reader, raw_pso, "obligation.pso_discount_pct")
            for level_key, pct in (pso_map or {}).items():
                field = f"obligation.pso_discount_pct.{level_key}"
                level = reader.value(level_key, field, _read_pso)
                value = reader.value(pct, field, _percentage)
                if level is not None and value is not None:
                    pso.append((level, value))

    blocks = _parse_blocks(reader, top)
    bonuses = _parse_bonuses(reader, top)
    target_groups = _parse_target_groups(reader, top, {block.code for block in blocks})

    if reader.problems:
        raise RuleSetFileError(reader.problems)
    return RuleSet(
        id=ruleset_id,
        version=version,
        name=name if name is not None else ruleset_id,
        region=region,
        status=status,
        valid_from=valid_from,
        valid_to=valid_to,
        blocks=tuple(blocks),
        bonuses=tuple(bonuses),
        source_urls=tuple(source_urls),
        basis_hours_per_week=basis_hours,
        min_hours_per_week=min_hours,
        lookback_months=lookback,
        default_percentage=default_percentage,
        threshold_eur=threshold,
        # In the ladder's order, whatever order the document (or PostgreSQL's jsonb) keeps.
        pso_discount_pct=tuple(sorted(pso, key=lambda pair: list(PsoLevel).index(pair[0]))),
        notes=notes,
        target_group_blocks=target_groups,
    )


_TARGET_GROUP_RE = re.compile(r"[a-z][a-z0-9_]*")


def _parse_target_groups(
    reader: _Reader, top: Mapping[str, Any], block_codes: set[str]
) -> tuple[tuple[str, str | None], ...]:
    """``target_groups``: target group -> block code of this rule set, or null."""
    mapping = _as_mapping(reader, top.get("target_groups", {}), "target_groups")
    pairs: list[tuple[str, str | None]] = []
    for group in mapping or {}:
        field = f"target_groups.{group}"
        if not (isinstance(group, str) and _TARGET_GROUP_RE.fullmatch(group)):
            reader.add(
                field,
                "a target group is written in lower case letters, digits and underscores",
                "een doelgroep bestaat uit kleine letters, cijfers en liggende streepjes",
            )
            continue
        block = reader.get(mapping or {}, group, field, _code, nullable=True)
        if block is not None and block not in block_codes:
            reader.add(
                field,
                f"unknown block {block!r}: use a block code of this rule set, or null",
                f"onbekend bouwblok {block!r}: kies een bouwblok van dit rekenmodel, of null",
            )
            continue
        pairs.append((group, block))
    return tuple(sorted(pairs, key=lambda pair: pair[0]))


def _parse_blocks(reader: _Reader, top: Mapping[str, Any]) -> list[Block]:
    raw = top.get("blocks", _MISSING)
    if raw is _MISSING:
        reader.add("blocks", "required field is missing", "verplicht veld ontbreekt")
        return []
    items = _as_list(reader, raw, "blocks")
    if items is None:
        return []
    if not items:
        reader.add("blocks", "a rule set needs at least one block", "minstens een bouwblok nodig")
    blocks: list[Block] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        prefix = f"blocks[{index}]"
        obj = _as_mapping(reader, item, prefix)
        if obj is None:
            continue
        before = len(reader.problems)
        reader.unknown_keys(obj, _BLOCK_KEYS, f"{prefix}.")
        code = reader.get(obj, "code", f"{prefix}.code", _code, required=True)
        if code is not None:
            if code in seen:
                reader.add(
                    f"{prefix}.code",
                    f"duplicate block code {code!r}",
                    f"bouwblokcode {code!r} komt dubbel voor",
                )
            seen.add(code)
        label_nl = reader.get(obj, "label_nl", f"{prefix}.label_nl", _nonempty_text, required=True)
        label_en = reader.get(obj, "label_en", f"{prefix}.label_en", _nonempty_text, required=True)
        category = reader.get(obj, "category", f"{prefix}.category", _read_category, required=True)
        basis = reader.get(obj, "basis", f"{prefix}.basis", _read_basis, required=True)
        value = reader.get(
            obj, "value", f"{prefix}.value", _non_negative_decimal, required=True, nullable=True
        )
        if "value" in obj and obj["value"] is None and category not in (None, Category.CUSTOM):
            reader.add(
                f"{prefix}.value",
                "value may only be null for a custom block (category 'custom')",
                "de waarde mag alleen leeg (null) zijn bij een maatwerkblok (categorie 'custom')",
            )
        max_months = reader.get(
            obj,
            "max_duration_months",
            f"{prefix}.max_duration_months",
            _positive_int,
            nullable=True,
        )
        notes = reader.get(obj, "notes", f"{prefix}.notes", _text, default="")
        if len(reader.problems) == before:
            blocks.append(
                Block(
                    code=code,
                    label_nl=label_nl,
                    label_en=label_en,
                    category=category,
                    basis=basis,
                    value=value,
                    max_duration_months=max_months,
                    notes=notes,
                )
            )
    return blocks


def _parse_bonuses(reader: _Reader, top: Mapping[str, Any]) -> list[Bonus]:
    items = _as_list(reader, top.get("bonuses", []), "bonuses")
    bonuses: list[Bonus] = []
    seen: set[str] = set()
    for index, item in enumerate(items or ()):
        prefix = f"bonuses[{index}]"
        obj = _as_mapping(reader, item, prefix)
        if obj is None:
            continue
        before = len(reader.problems)
        reader.unknown_keys(obj, _BONUS_KEYS, f"{prefix}.")
        code = reader.get(obj, "code", f"{prefix}.code", _code, required=True)
        if code is not None:
            if code in seen:
                reader.add(
                    f"{prefix}.code",
                    f"duplicate bonus code {code!r}",
                    f"toeslagcode {code!r} komt dubbel voor",
                )
            seen.add(code)
        label_nl = reader.get(obj, "label_nl", f"{prefix}.label_nl", _nonempty_text, required=True)
        label_en = reader.get(obj, "label_en", f"{prefix}.label_en", _nonempty_text, required=True)
        basis = reader.get(obj, "basis", f"{prefix}.basis", _read_bonus_basis, required=True)
        value = reader.get(obj, "value", f"{prefix}.value", _non_negative_decimal, required=True)
        group = reader.get(
            obj, "exclusive_group", f"{prefix}.exclusive_group", _nonempty_text, nullable=True
        )
        notes = reader.get(obj, "notes", f"{prefix}.notes", _text, default="")
        if len(reader.problems) == before:
            bonuses.append(
                Bonus(
                    code=code,
                    label_nl=label_nl,
                    label_en=label_en,
                    basis=basis,
                    value=value,
                    exclusive_group=group,
                    notes=notes,
                )
            )
    return bonuses


# --- back to a document -------------------------------------------------------------------


def _decimal_text(value: Decimal) -> str:
    return format(value, "f")


def _optional_decimal_text(value: Decimal | None) -> str | None:
    return None if value is None else _decimal_text(value)


def ruleset_to_dict(ruleset: RuleSet) -> dict[str, Any]:
    """The document of ``ruleset``: ``parse_ruleset(ruleset_to_dict(r)) == r``.

    Plain JSON types only (amounts as strings), so it can be stored in a JSONField.
    """
    return {
        "id": ruleset.id,
        "version": ruleset.version,
        "name": ruleset.name,
        "region": ruleset.region,
        "status": ruleset.status.value,
        "source_urls": list(ruleset.source_urls),
        "valid_from": ruleset.valid_from.isoformat(),
        "valid_to": ruleset.valid_to.isoformat() if ruleset.valid_to else None,
        "basis_hours_per_week": _decimal_text(ruleset.basis_hours_per_week),
        "min_hours_per_week": _optional_decimal_text(ruleset.min_hours_per_week),
        "lookback_months": ruleset.lookback_months,
        "obligation": {
            "default_percentage": _decimal_text(ruleset.default_percentage),
            "threshold_eur": _optional_decimal_text(ruleset.threshold_eur),
            "pso_discount_pct": {
                level.value: _decimal_text(pct) for level, pct in ruleset.pso_discount_pct
            },
        },
        "blocks": [
            {
                "code": block.code,
                "label_nl": block.label_nl,
                "label_en": block.label_en,
                "category": block.category.value,
                "basis": block.basis.value,
                "value": _optional_decimal_text(block.value),
                "max_duration_months": block.max_duration_months,
                "notes": block.notes,
            }
            for block in ruleset.blocks
        ],
        "bonuses": [
            {
                "code": bonus.code,
                "label_nl": bonus.label_nl,
                "label_en": bonus.label_en,
                "basis": bonus.basis.value,
                "value": _decimal_text(bonus.value),
                "exclusive_group": bonus.exclusive_group,
                "notes": bonus.notes,
            }
            for bonus in ruleset.bonuses
        ],
        "target_groups": dict(ruleset.target_group_blocks),
        "research_notes": ruleset.notes,
    }


# --- the shipped files --------------------------------------------------------------------


def _periods_overlap(a: RuleSet, b: RuleSet) -> bool:
    a_end = a.valid_to or date.max
    b_end = b.valid_to or date.max
    return a.valid_from <= b_end and b.valid_from <= a_end


def check_no_overlap(rulesets: Iterable[RuleSet]) -> None:
    """Refuse two versions of one id with the same version or overlapping validity."""
    problems: list[FileProblem] = []
    by_id: dict[str, list[RuleSet]] = {}
    for ruleset in rulesets:
        by_id.setdefault(ruleset.id, []).append(ruleset)
    for ruleset_id, versions in sorted(by_id.items()):
        versions.sort(key=lambda r: (r.valid_from, r.version))
        for i, first in enumerate(versions):
            for second in versions[i + 1 :]:
                if first.version == second.version:
                    problems.append(
                        FileProblem(
                            f"{ruleset_id} {second.version}",
                            "duplicate version",
                            "versie komt dubbel voor",
                        )
                    )
                elif _periods_overlap(first, second):
                    problems.append(
                        FileProblem(
                            f"{ruleset_id} {second.version}.valid_from",
                            f"validity overlaps version {first.version}",
                            f"geldigheid overlapt met versie {first.version}",
                        )
                    )
    if problems:
        raise RuleSetFileError(problems)


def load_ruleset_text(text: str, *, source: str) -> RuleSet:
    """Parse one JSON document; problems are prefixed with ``source`` (a file name)."""
    try:
        doc = load_json(text)
    except JsonProblem as exc:
        raise RuleSetFileError(
            [FileProblem(f"{source}: {exc.field}", exc.message, exc.message_nl)]
        ) from exc
    try:
        return parse_ruleset(doc)
    except RuleSetFileError as exc:
        raise RuleSetFileError(
            [FileProblem(f"{source}: {p.field}", p.message, p.message_nl) for p in exc.problems]
        ) from exc


@functools.cache
def load_shipped_rulesets() -> tuple[RuleSet, ...]:
    """Every rule set shipped in ``sroi/rules/data/*.json``, sorted by id and valid_from."""
    folder = resources.files("sroi.rules").joinpath("data")
    rulesets: list[RuleSet] = []
    for entry in folder.iterdir():
        if not entry.name.endswith(".json"):
            continue
        ruleset = load_ruleset_text(entry.read_text(encoding="utf-8"), source=entry.name)
        expected = f"{ruleset.id}.{ruleset.version}.json"
        if entry.name != expected:
            raise RuleSetFileError(
                [
                    FileProblem(
                        entry.name,
                        f"file name should be {expected}",
                        f"bestandsnaam moet {expected} zijn",
                    )
                ]
            )
        rulesets.append(ruleset)
    check_no_overlap(rulesets)
    return tuple(sorted(rulesets, key=lambda r: (r.id, r.valid_from)))
