"""``sroi rulesets`` and ``sroi --help``."""

from __future__ import annotations

from collections.abc import Callable

from tests.cli.conftest import Run

Sroi = Callable[..., Run]


def test_rulesets_lists_every_shipped_version_aligned(sroi: Sroi) -> None:
    result = sroi("rulesets")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    header, rows = lines[0], lines[1:]
    assert header.split()[:2] == ["ID", "VERSION"]
    assert len(rows) == 8
    by_key = {tuple(row.split()[:2]): row.split() for row in rows}
    assert by_key[("utrecht", "2015-1")][2:5] == ["2015-01-01", "2023-12-31", "sourced"]
    assert by_key[("utrecht", "2024-1")][2:5] == ["2024-01-01", "-", "sourced"]
    assert by_key[("nhn-werksaam", "indicative-1")][4] == "indicative"
    assert by_key[("oost-nederland", "1")][4] == "partial"
    # aligned: every column starts at the same position on every line
    for title in ("VERSION", "VALID FROM", "STATUS"):
        column = header.index(title)
        assert all(row[column - 2 : column] == "  " and row[column] != " " for row in rows)


def test_help_names_the_commands(sroi: Sroi) -> None:
    result = sroi("--help")
    assert result.returncode == 0
    assert "calc" in result.stdout and "rulesets" in result.stdout
    calc_help = sroi("calc", "--help")
    assert "--lang" in calc_help.stdout


def test_unknown_command_is_a_usage_error(sroi: Sroi) -> None:
    result = sroi("frobnicate")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "usage:" in result.stderr
