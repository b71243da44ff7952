"""``sroi calc``: valid documents print the valuation; invalid ones exit 2 with one line each."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.cli.conftest import Run
from tests.cli.documents import worked_example
from tests.rules.documents import valid_document

Sroi = Callable[..., Run]
WriteJson = Callable[[Any], Path]


def test_worked_example_to_the_cent(sroi: Sroi, write_json: WriteJson) -> None:
    # rekenregels.md, worked example (Utrecht 2024-1, 36 h basis, no cap):
    #   obligation 1,000,000 x 5 % = 50,000.00
    #   line 0: (40,000 + 10,000 bonus 50+) x 36/36 x 12/12 = 50,000.00
    #   line 1: 20,000 x 18/36 x (17/31 + 3) / 12 = 2,956.989... -> 2,956.99; months 3.5484
    #   line 2: factor 1 x 4,000 = 4,000.00
    #   total 56,956.99; remaining max(0, 50,000 - 56,956.99) = 0.00; 56,956.99 / 50,000 = 113.9 %
    result = sroi("calc", str(write_json(worked_example())))

    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    out = result.json()
    assert out["ruleset"] == {
        "id": "utrecht",
        "version": "2024-1",
        "name": "Gemeente Utrecht - social return berekenen (huidige bouwblokken)",
        "status": "sourced",
    }
    assert out["reference_date"] == "2026-01-01"
    assert out["obligation_eur"] == "50000.00"
    assert out["pso_discount_eur"] == "0.00"
    assert out["obligation_net_eur"] == "50000.00"
    assert out["total_eur"] == "56956.99"
    assert out["remaining_eur"] == "0.00"
    assert out["fulfilment_pct"] == "113.9"
    assert [line["value_eur"] for line in out["lines"]] == ["50000.00", "2956.99", "4000.00"]
    assert [line["months"] for line in out["lines"]] == ["12.0000", "3.5484", None]
    assert out["lines"][1]["counted_from"] == "2026-03-15"
    assert out["lines"][1]["counted_to"] == "2026-06-30"
    assert [line["reason"] for line in out["lines"]] == [None, None, None]
    assert all(line["explanation"] for line in out["lines"])
    assert out["warnings"] == []
    assert set(out) == {
        "ruleset",
        "reference_date",
        "obligation_eur",
        "pso_discount_eur",
        "obligation_net_eur",
        "total_eur",
        "remaining_eur",
        "fulfilment_pct",
        "lines",
        "warnings",
    }


def test_output_is_indented_utf8_json(sroi: Sroi, write_json: WriteJson) -> None:
    result = sroi("calc", str(write_json(worked_example())))
    assert result.stdout.startswith('{\n  "ruleset": {\n')
    assert result.stdout.endswith("}\n")


def test_reads_standard_input(sroi: Sroi) -> None:
    result = sroi("calc", "-", stdin=json.dumps(worked_example()))
    assert result.returncode == 0, result.stderr
    assert result.json()["total_eur"] == "56956.99"


def test_json_numbers_are_read_as_decimals(sroi: Sroi) -> None:
    # 1,000,000.10 x 5 % = 50,000.005 -> 50,000.01 (ROUND_HALF_UP); a float would give 50000.00
    text = json.dumps(worked_example()).replace('"1000000"', "1000000.10")
    result = sroi("calc", "-", stdin=text)
    assert result.returncode == 0, result.stderr
    assert result.json()["obligation_eur"] == "50000.01"


def test_english_explanation_on_request(sroi: Sroi, write_json: WriteJson) -> None:
    path = str(write_json(worked_example()))
    dutch = sroi("calc", path).json()
    english = sroi("calc", path, "--lang", "en").json()
    assert english["total_eur"] == dutch["total_eur"]
    assert english["lines"][0]["explanation"] != dutch["lines"][0]["explanation"]


def test_ref_is_echoed(sroi: Sroi, write_json: WriteJson) -> None:
    doc = worked_example()
    doc["lines"][0]["ref"] = "kandidaat-07"
    out = sroi("calc", str(write_json(doc))).json()
    assert out["lines"][0]["ref"] == "kandidaat-07"
    assert "ref" not in out["lines"][1]


def test_reference_date_selects_the_older_version(sroi: Sroi, write_json: WriteJson) -> None:
    # Utrecht 2015-1 is valid until 2023-12-31: PW > 2 jaar EUR 40,000, 36 h, 6 months
    #   40,000 x 1 x 6 / 12 = 20,000.00; obligation 400,000 x 5 % = 20,000.00 -> 100.0 %
    doc = {
        "ruleset": "utrecht",
        "contract": {"value_eur": "400000", "start": "2023-01-01", "end": "2023-12-31"},
        "lines": [
            {"block": "PW_GT2", "hours_per_week": 36, "start": "2023-01-01", "end": "2023-06-30"}
        ],
    }
    out = sroi("calc", str(write_json(doc))).json()
    assert out["ruleset"]["version"] == "2015-1"
    assert out["reference_date"] == "2023-01-01"
    assert out["lines"][0]["value_eur"] == "20000.00"
    assert out["fulfilment_pct"] == "100.0"


def test_indicative_ruleset_is_flagged(sroi: Sroi, write_json: WriteJson) -> None:
    doc = {
        "ruleset": "nhn-werksaam",
        "contract": {"value_eur": "500000", "start": "2026-01-01", "end": "2026-12-31"},
        "lines": [],
    }
    result = sroi("calc", str(write_json(doc)))
    assert result.returncode == 0, result.stderr
    out = result.json()
    assert out["ruleset"]["status"] == "indicative"
    assert "indicative_ruleset" in out["warnings"]
    # 500,000 x 5 % = 25,000.00, nothing placed: remaining 25,000.00, fulfilment 0.0 %
    assert (out["obligation_eur"], out["remaining_eur"], out["fulfilment_pct"]) == (
        "25000.00",
        "25000.00",
        "0.0",
    )


def test_inline_ruleset_is_used_as_given(sroi: Sroi, write_json: WriteJson) -> None:
    # Inline rule set (tests/rules/documents.py): PW EUR 40,000, PSO trede 1: 10 % off.
    #   obligation 200,000 x 5 % = 10,000.00; discount 10 % = 1,000.00; net 9,000.00
    #   PW 24 h, 2026-01-01..2026-06-30: 40,000 x 24/36 x 6/12 = 13,333.333... -> 13,333.33
    #   fulfilment 13,333.33 / 9,000 x 100 = 148.148... -> 148.1
    doc = {
        "ruleset": valid_document(),
        "contract": {"value_eur": "200000", "start": "2026-01-01", "end": "2026-12-31"},
        "pso_level": "trede_1",
        "lines": [
            {"block": "PW", "hours_per_week": "24", "start": "2026-01-01", "end": "2026-06-30"}
        ],
    }
    result = sroi("calc", str(write_json(doc)))
    assert result.returncode == 0, result.stderr
    out = result.json()
    assert out["ruleset"]["id"] == "testregio"
    assert out["obligation_eur"] == "10000.00"
    assert out["pso_discount_eur"] == "1000.00"
    assert out["obligation_net_eur"] == "9000.00"
    assert out["lines"][0]["value_eur"] == "13333.33"
    assert out["lines"][0]["months"] == "6.0000"
    assert out["remaining_eur"] == "0.00"
    assert out["fulfilment_pct"] == "148.1"


def _assert_refused(result: Run) -> None:
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip()
    assert "Traceback" not in result.stderr


def test_bad_json_exits_2_with_one_line(sroi: Sroi) -> None:
    result = sroi("calc", "-", stdin='{"ruleset": "utrecht",')
    _assert_refused(result)
    assert len(result.error_lines) == 1
    assert result.error_lines[0].startswith("stdin: ongeldige JSON")


def test_unreadable_file_exits_2(sroi: Sroi, tmp_path: Path) -> None:
    result = sroi("calc", str(tmp_path / "missing.json"), "--lang", "en")
    _assert_refused(result)
    assert result.error_lines == [
        f"{tmp_path / 'missing.json'}: cannot read the file: No such file or directory"
    ]


def test_not_an_object_exits_2(sroi: Sroi) -> None:
    result = sroi("calc", "-", "--lang", "en", stdin="[1, 2]")
    _assert_refused(result)
    assert result.error_lines == ["input: expected a JSON object"]


def test_every_problem_gets_its_own_line(sroi: Sroi, write_json: WriteJson) -> None:
    doc = worked_example()
    doc["contract"]["start"] = "2026-02-30"
    doc["lines"][0]["count"] = -1
    doc["lines"][1]["hours_per_week"] = "18,5"
    doc["lines"][2]["colour"] = "blue"
    doc["extra"] = True
    result = sroi("calc", str(write_json(doc)), "--lang", "en")
    _assert_refused(result)
    fields = sorted(line.split(": ", 1)[0] for line in result.error_lines)
    assert fields == [
        "contract.start",
        "extra",
        "lines[0].count",
        "lines[1].hours_per_week",
        "lines[2].colour",
    ]
    assert "lines[1].hours_per_week: not a number: '18,5'" in result.stderr


def test_problems_are_dutch_by_default(sroi: Sroi, write_json: WriteJson) -> None:
    doc = worked_example()
    doc["lines"][1]["hours_per_week"] = "18,5"
    result = sroi("calc", str(write_json(doc)))
    _assert_refused(result)
    assert result.error_lines == [
        "lines[1].hours_per_week: geen getal: '18,5' (gebruik cijfers en een punt als "
        'decimaalteken, bijvoorbeeld "1234.50")'
    ]


def test_engine_errors_exit_2_naming_line_and_field(sroi: Sroi, write_json: WriteJson) -> None:
    doc = worked_example()
    doc["lines"][0]["block"] = "NO_SUCH_BLOCK"
    doc["lines"][1]["end"] = "2026-01-01"  # before its start
    result = sroi("calc", str(write_json(doc)))
    _assert_refused(result)
    assert any(line.startswith("lines[0].block: ") for line in result.error_lines)
    assert any(line.startswith("lines[1].") for line in result.error_lines)


def test_unknown_ruleset_exits_2(sroi: Sroi, write_json: WriteJson) -> None:
    doc = worked_example()
    doc["ruleset"] = "atlantis"
    result = sroi("calc", str(write_json(doc)))
    _assert_refused(result)
    assert result.error_lines[0].startswith("ruleset: ")


def test_no_version_valid_on_reference_date_exits_2(sroi: Sroi, write_json: WriteJson) -> None:
    doc = worked_example()
    doc["reference_date"] = "2010-01-01"  # Utrecht's first shipped version starts 2015-01-01
    result = sroi("calc", str(write_json(doc)))
    _assert_refused(result)
    assert any(line.startswith("ruleset: ") for line in result.error_lines)


def test_bad_inline_ruleset_names_the_field(sroi: Sroi, write_json: WriteJson) -> None:
    ruleset = valid_document()
    ruleset["blocks"][3]["basis"] = "per_week"
    doc = {
        "ruleset": ruleset,
        "contract": {"value_eur": "200000", "start": "2026-01-01", "end": "2026-12-31"},
    }
    result = sroi("calc", str(write_json(doc)), "--lang", "en")
    _assert_refused(result)
    assert result.error_lines[0].startswith("ruleset.blocks[3].basis: unknown basis 'per_week'")


def test_calc_does_not_import_django(write_json: WriteJson) -> None:
    path = write_json(worked_example())
    code = (
        "import io, sys\n"
        "from contextlib import redirect_stdout\n"
        "from sroi.cli import main\n"
        "with redirect_stdout(io.StringIO()):\n"
        f"    rc = main(['calc', {str(path)!r}])\n"
        "django = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(rc, len(django))\n"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.split() == ["0", "0"], result.stderr
