"""The small lookups on RuleSet that other layers use (forms, templates, loaders)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from sroi.rules.engine import PsoLevel
from tests.engine.builders import utrecht_2024


def test_block_and_bonus_lookup_by_code() -> None:
    ruleset = utrecht_2024()
    block = ruleset.block("WW")
    assert block is not None
    assert block.value == Decimal("20000")
    assert ruleset.block("NOPE") is None
    bonus = ruleset.bonus("BONUS_50PLUS")
    assert bonus is not None
    assert bonus.exclusive_group == "age"
    assert ruleset.bonus("NOPE") is None


def test_pso_discount_of_a_level_missing_from_the_map_is_zero() -> None:
    ruleset = replace(utrecht_2024(), pso_discount_pct=((PsoLevel.TREDE_3, Decimal("20")),))
    assert ruleset.pso_discount(PsoLevel.TREDE_3) == Decimal("20")
    assert ruleset.pso_discount(PsoLevel.TREDE_1) == Decimal("0")
    assert ruleset.pso_discount(None) == Decimal("0")


def test_validity_includes_both_ends() -> None:
    ruleset = replace(utrecht_2024(), valid_from=date(2024, 1, 1), valid_to=date(2024, 12, 31))
    assert ruleset.is_valid_on(date(2024, 1, 1))
    assert ruleset.is_valid_on(date(2024, 12, 31))
    assert not ruleset.is_valid_on(date(2023, 12, 31))
    assert not ruleset.is_valid_on(date(2025, 1, 1))
    assert replace(ruleset, valid_to=None).is_valid_on(date(2999, 1, 1))


def test_target_group_block_lookup() -> None:
    ruleset = replace(utrecht_2024(), target_group_blocks=(("pw_lt2", "PW"), ("vsv_27", None)))
    assert ruleset.target_group_block("pw_lt2") == "PW"
    assert ruleset.target_group_block("vsv_27") is None
    assert ruleset.target_group_block("unknown") is None
