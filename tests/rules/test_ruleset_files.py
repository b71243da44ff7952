"""Rule-set documents: a bad document is refused with a message naming the field."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from sroi.rules.engine import Basis, BonusBasis, Category, PsoLevel, RuleSetStatus
from sroi.rules.files import (
    RuleSetFileError,
    check_no_overlap,
    load_ruleset_text,
    load_shipped_rulesets,
    parse_ruleset,
    ruleset_to_dict,
)
from tests.rules.documents import valid_document

Edit = Callable[[dict[str, Any]], None]


def _set(path: str, value: object) -> Edit:
    """An edit setting ``path`` ("blocks.0.basis") to ``value``."""

    def edit(doc: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = doc
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        if last.isdigit():
            target[int(last)] = value
        else:
            target[last] = value

    return edit


def _delete(path: str) -> Edit:
    def edit(doc: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = doc
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        del target[last]

    return edit


def _append_copy(collection: str, index: int) -> Edit:
    def edit(doc: dict[str, Any]) -> None:
        doc[collection].append(dict(doc[collection][index]))

    return edit


BAD_DOCUMENTS: list[tuple[str, Edit, str, str]] = [
    # (case, edit, field named in the message, words in the message)
    ("missing id", _delete("id"), "id", "missing"),
    ("missing version", _delete("version"), "version", "missing"),
    ("missing valid_from", _delete("valid_from"), "valid_from", "missing"),
    ("id with capitals", _set("id", "Utrecht"), "id", "not a valid id"),
    ("bad date", _set("valid_from", "2026-02-30"), "valid_from", "not a valid date"),
    ("dutch date", _set("valid_from", "01-01-2026"), "valid_from", "YYYY-MM-DD"),
    ("end before start", _set("valid_to", "2025-12-31"), "valid_to", "before valid_from"),
    ("unknown status", _set("status", "official"), "status", "unknown status 'official'"),
    (
        "unknown basis",
        _set("blocks.3.basis", "per_week"),
        "blocks[3].basis",
        "unknown basis 'per_week'",
    ),
    (
        "unknown category",
        _set("blocks.0.category", "baan"),
        "blocks[0].category",
        "unknown category",
    ),
    ("non-decimal value", _set("blocks.0.value", "40.000,00"), "blocks[0].value", "not a number"),
    ("float value", _set("blocks.0.value", 40000.5), "blocks[0].value", "floating-point"),
    ("negative value", _set("blocks.1.value", "-1"), "blocks[1].value", "negative"),
    ("null value, not custom", _set("blocks.0.value", None), "blocks[0].value", "custom"),
    ("missing value", _delete("blocks.0.value"), "blocks[0].value", "missing"),
    ("missing label_en", _delete("blocks.2.label_en"), "blocks[2].label_en", "missing"),
    (
        "duplicate block code",
        _set("blocks.1.code", "PW"),
        "blocks[1].code",
        "duplicate block code 'PW'",
    ),
    (
        "zero cap",
        _set("blocks.0.max_duration_months", 0),
        "blocks[0].max_duration_months",
        "at least 1",
    ),
    (
        "fractional cap",
        _set("blocks.0.max_duration_months", "1.5"),
        "blocks[0].max_duration_months",
        "whole number",
    ),
    ("unknown block key", _set("blocks.0.waarde", "1"), "blocks[0].waarde", "unknown field"),
    (
        "bonus basis per_month",
        _set("bonuses.0.basis", "per_month"),
        "bonuses[0].basis",
        "unknown bonus basis 'per_month'",
    ),
    ("bonus null value", _set("bonuses.1.value", None), "bonuses[1].value", "null"),
    (
        "duplicate bonus code",
        _append_copy("bonuses", 0),
        "bonuses[2].code",
        "duplicate bonus code 'BONUS_50PLUS'",
    ),
    (
        "unknown pso level",
        _set("obligation.pso_discount_pct.trede_4", "5"),
        "obligation.pso_discount_pct.trede_4",
        "unknown PSO level",
    ),
    (
        "percentage above 100",
        _set("obligation.default_percentage", "105"),
        "obligation.default_percentage",
        "between 0 and 100",
    ),
    (
        "negative threshold",
        _set("obligation.threshold_eur", "-5"),
        "obligation.threshold_eur",
        "negative",
    ),
    ("zero basis hours", _set("basis_hours_per_week", "0"), "basis_hours_per_week", "above 0"),
    ("negative lookback", _set("lookback_months", -1), "lookback_months", "negative"),
    ("unknown top key", _set("bonussen", []), "bonussen", "unknown field"),
    ("blocks not a list", _set("blocks", {"PW": "1"}), "blocks", "expected a list"),
    ("no blocks", _set("blocks", []), "blocks", "at least one block"),
    ("source url not text", _set("source_urls", [3]), "source_urls[0]", "expected a string"),
    ("boolean lookback", _set("lookback_months", True), "lookback_months", "whole number"),
]


@pytest.mark.parametrize(
    ("edit", "field", "words"),
    [case[1:] for case in BAD_DOCUMENTS],
    ids=[case[0] for case in BAD_DOCUMENTS],
)
def test_bad_document_is_refused_naming_the_field(edit: Edit, field: str, words: str) -> None:
    doc = valid_document()
    edit(doc)
    with pytest.raises(RuleSetFileError) as excinfo:
        parse_ruleset(doc)
    fields = [problem.field for problem in excinfo.value.problems]
    assert field in fields, str(excinfo.value)
    assert f"{field}: " in str(excinfo.value)
    problem = next(p for p in excinfo.value.problems if p.field == field)
    assert words in problem.message
    assert problem.message_nl and problem.message_nl != problem.message


def test_every_problem_is_reported_at_once() -> None:
    doc = valid_document()
    doc["blocks"][0]["basis"] = "per_week"
    doc["bonuses"][0]["basis"] = "per_hour"
    del doc["valid_from"]
    with pytest.raises(RuleSetFileError) as excinfo:
        parse_ruleset(doc)
    assert {p.field for p in excinfo.value.problems} == {
        "blocks[0].basis",
        "bonuses[0].basis",
        "valid_from",
    }


def test_valid_document_gives_the_engine_rule_set() -> None:
    ruleset = parse_ruleset(valid_document())
    assert (ruleset.id, ruleset.version, ruleset.status) == (
        "testregio",
        "2026-1",
        RuleSetStatus.SOURCED,
    )
    assert ruleset.valid_from == date(2026, 1, 1)
    assert ruleset.valid_to is None
    pw = ruleset.block("PW")
    assert pw is not None
    assert (pw.basis, pw.category, pw.value, pw.max_duration_months) == (
        Basis.PER_FTE_YEAR,
        Category.JOB,
        Decimal("40000"),
        24,
    )
    custom = ruleset.block("MAATWERK")
    assert custom is not None
    assert custom.value is None
    bonus = ruleset.bonus("BONUS_NA_STAGE")
    assert bonus is not None
    assert bonus.basis is BonusBasis.FIXED
    assert ruleset.threshold_eur == Decimal("100000")
    assert ruleset.pso_discount(PsoLevel.TREDE_1) == Decimal("10")
    assert ruleset.pso_discount(PsoLevel.TREDE_2) == Decimal("0")


def test_numbers_may_be_json_numbers_read_as_decimal() -> None:
    text = json.dumps(valid_document()).replace('"value": "40000"', '"value": 40000.50')
    ruleset = load_ruleset_text(text, source="test.json")
    block = ruleset.block("PW")
    assert block is not None
    assert block.value == Decimal("40000.50")


def test_optional_fields_take_the_documented_defaults() -> None:
    doc = valid_document()
    for key in ("name", "region", "status", "valid_to", "source_urls", "obligation"):
        del doc[key]
    del doc["basis_hours_per_week"], doc["lookback_months"], doc["bonuses"]
    ruleset = parse_ruleset(doc)
    assert ruleset.name == "testregio"
    assert ruleset.status is RuleSetStatus.INDICATIVE  # not a published table: not sourced
    assert ruleset.basis_hours_per_week == Decimal("36")
    assert ruleset.default_percentage == Decimal("5")
    assert ruleset.bonuses == ()


def test_document_round_trips() -> None:
    ruleset = parse_ruleset(valid_document())
    assert parse_ruleset(ruleset_to_dict(ruleset)) == ruleset
    assert ruleset_to_dict(ruleset)["blocks"][0]["value"] == "40000"


def test_every_shipped_file_parses_and_round_trips() -> None:
    rulesets = load_shipped_rulesets()
    assert {(r.id, r.version) for r in rulesets} == {
        ("nhn-werksaam", "indicative-1"),
        ("utrecht", "2015-1"),
        ("utrecht", "2024-1"),
        ("haaglanden-zhc", "2023-07"),
        ("holland-rijnland-dzb", "2023-09"),
        ("rijnvicus", "1"),
        ("harlingen", "1"),
        ("oost-nederland", "1"),
    }
    for ruleset in rulesets:
        assert parse_ruleset(ruleset_to_dict(ruleset)) == ruleset
        assert ruleset.source_urls, ruleset.id
        for block in ruleset.blocks:
            assert block.label_nl and block.label_en, (ruleset.id, block.code)
        for bonus in ruleset.bonuses:
            assert bonus.label_nl and bonus.label_en, (ruleset.id, bonus.code)


def test_shipped_nhn_is_indicative_and_says_so() -> None:
    nhn = [r for r in load_shipped_rulesets() if r.id == "nhn-werksaam"]
    assert len(nhn) == 1
    assert nhn[0].status is RuleSetStatus.INDICATIVE
    assert "indicatieve waarden" in nhn[0].name
    assert "niet in openbare bronnen gevonden" in nhn[0].notes


def test_shipped_oost_nederland_is_partial() -> None:
    (oost,) = [r for r in load_shipped_rulesets() if r.id == "oost-nederland"]
    assert oost.status is RuleSetStatus.PARTIAL


def test_shipped_utrecht_tables_keep_their_published_values() -> None:
    # utrecht.nl, social return berekenen (bouwblokken): Participatiewet EUR 40,000 per year,
    # 50+ bonus EUR 10,000; the 2015 table had PW > 2 jaar EUR 40,000 and ended 2023-12-31.
    by_version = {r.version: r for r in load_shipped_rulesets() if r.id == "utrecht"}
    current, old = by_version["2024-1"], by_version["2015-1"]
    assert current.valid_from == date(2024, 1, 1) and current.valid_to is None
    assert old.valid_to == date(2023, 12, 31)
    pw, bonus = current.block("PW"), current.bonus("BONUS_50PLUS")
    assert pw is not None and pw.value == Decimal("40000")
    assert bonus is not None and bonus.value == Decimal("10000")
    harlingen = next(r for r in load_shipped_rulesets() if r.id == "harlingen")
    assert harlingen.min_hours_per_week == Decimal("12")
    haaglanden = next(r for r in load_shipped_rulesets() if r.id == "haaglanden-zhc")
    assert haaglanden.lookback_months == 12


def test_overlapping_versions_of_one_id_are_refused() -> None:
    first = parse_ruleset(valid_document())
    doc = valid_document()
    doc["version"] = "2026-2"
    doc["valid_from"] = "2026-06-01"
    second = parse_ruleset(doc)
    with pytest.raises(RuleSetFileError, match=r"testregio 2026-2\.valid_from: validity overlaps"):
        check_no_overlap([first, second])


def test_consecutive_versions_of_one_id_are_accepted() -> None:
    doc = valid_document()
    doc["valid_to"] = "2026-05-31"
    first = parse_ruleset(doc)
    doc = valid_document()
    doc["version"] = "2026-2"
    doc["valid_from"] = "2026-06-01"
    check_no_overlap([first, parse_ruleset(doc)])  # raises on overlap


def test_files_and_calcio_do_not_need_django() -> None:
    import subprocess

    code = (
        "import sys; import sroi.rules.files, sroi.rules.calcio; "
        "sroi.rules.files.load_shipped_rulesets(); "
        "sys.exit(1 if any(m == 'django' or m.startswith('django.') for m in sys.modules) else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], check=False)  # noqa: S603
    assert result.returncode == 0


def test_key_order_of_the_pso_discounts_does_not_matter() -> None:
    # PostgreSQL's jsonb keeps object keys sorted by length, not as written: the stored
    # document must still give the same rule set as the shipped file.
    document = valid_document()
    document["obligation"]["pso_discount_pct"] = {
        "aspirant": "5",
        "trede_1": "10",
        "pso_30plus": "20",
    }
    reordered = valid_document()
    reordered["obligation"]["pso_discount_pct"] = {
        "trede_1": "10",
        "pso_30plus": "20",
        "aspirant": "5",
    }
    ruleset = parse_ruleset(document)
    assert parse_ruleset(reordered) == ruleset
    assert [level for level, _pct in ruleset.pso_discount_pct] == [
        PsoLevel.ASPIRANT,
        PsoLevel.TREDE_1,
        PsoLevel.PSO_30PLUS,
    ]
