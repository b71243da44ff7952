"""Benchmark of the engine and the command line (``make bench``). Prints figures, asserts nothing.

Targets (on the 2-core development machine):
- value 100,000 placement lines with ``engine.calculate``: < 1 s;
- that time divided by ``json.loads`` of the same document: <= 5;
- wall time of ``sroi calc`` on a one-line document (median): < 0.3 s.

A line's explanation is written when it is first read (``LineResult.explanation``), so two
figures are printed: ``calculate`` alone (explanations rendered on demand, as a caller that
shows only totals gets it) and ``calculate`` plus reading every explanation (as the CLI, the
API and the calculator page do). Each is the best of a few runs, as wall time and as CPU time
of this process (``time.process_time``): on a machine busy with other work, the CPU time is the
steadier figure.
"""

from __future__ import annotations

import gc
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sroi.rules.calcio import parse_request
from sroi.rules.engine import CalculationRequest, RuleSet, calculate
from sroi.rules.files import load_shipped_rulesets

LINES = 100_000
REPEATS = 3
CLI_RUNS = 9
SROI = Path(sys.executable).with_name("sroi")


def placement_document(lines: int) -> dict[str, Any]:
    """A calc-io document with ``lines`` placements (Utrecht 2024-1, varied hours and dates)."""
    start = date(2026, 1, 1)
    blocks = ("PW", "WW", "DOELGROEPREGISTER", "BBL_2_4", "NUG")
    items = []
    for i in range(lines):
        first = start + timedelta(days=i % 300)
        last = first + timedelta(days=30 + (i * 7) % 400)
        item: dict[str, Any] = {
            "block": blocks[i % len(blocks)],
            "hours_per_week": str(12 + i % 25),
            "start": first.isoformat(),
            "end": last.isoformat(),
        }
        if i % 3 == 0:
            item["bonuses"] = ["BONUS_50PLUS"]
        if i % 10 == 0:
            item["count"] = 2
        items.append(item)
    return {
        "ruleset": "utrecht",
        "contract": {"value_eur": "250000000", "start": "2026-01-01", "end": "2027-12-31"},
        "lines": items,
    }


def best_of(repeats: int, action: Callable[[], object]) -> tuple[float, float]:
    """The shortest wall time and the shortest CPU time of ``repeats`` runs, in seconds."""
    walls, cpus = [], []
    for _ in range(repeats):
        gc.collect()
        began, began_cpu = time.perf_counter(), time.process_time()
        action()
        walls.append(time.perf_counter() - began)
        cpus.append(time.process_time() - began_cpu)
    return min(walls), min(cpus)


def calculate_and_read_explanations(request: CalculationRequest, ruleset: RuleSet) -> int:
    """``calculate`` and read every explanation text; the number of texts."""
    valuation = calculate(request, ruleset)
    texts = len(valuation.obligation_explanation)
    for line in valuation.lines:
        texts += len(line.explanation)
    return texts


def cli_wall_time(path: Path) -> list[float]:
    command = (
        [str(SROI), "calc", str(path)]
        if SROI.exists()
        else [
            sys.executable,
            "-m",
            "sroi.cli",
            "calc",
            str(path),
        ]
    )
    times = []
    for _ in range(CLI_RUNS):
        began = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)  # noqa: S603
        times.append(time.perf_counter() - began)
    return times


def main() -> None:
    rulesets = load_shipped_rulesets()
    doc = placement_document(LINES)
    text = json.dumps(doc)
    request, ruleset = parse_request(doc, rulesets=rulesets)

    t_loads = best_of(REPEATS, lambda: json.loads(text, parse_float=Decimal))
    t_parse = best_of(REPEATS, lambda: parse_request(doc, rulesets=rulesets))
    t_calc = best_of(REPEATS, lambda: calculate(request, ruleset))
    t_full = best_of(REPEATS, lambda: calculate_and_read_explanations(request, ruleset))
    valuation = calculate(request, ruleset)
    texts = calculate_and_read_explanations(request, ruleset)

    print(f"engine.calculate, {LINES:,} placement lines ({ruleset.id} {ruleset.version})")
    print(f"  total value               EUR {valuation.total_eur}, {texts:,} explanation texts")
    print("                               wall      cpu")
    figures = [
        ("valuation, explanation rendered on demand", t_calc),
        ("valuation incl. explanation rendering", t_full),
    ]
    print(f"  json.loads same document  {t_loads[0]:7.3f} s {t_loads[1]:7.3f} s   "
          f"({len(text) / 1e6:.1f} MB)")  # fmt: skip
    for label, (wall, cpu) in figures:
        print(f"  {label}")
        print(f"    time                    {wall:7.3f} s {cpu:7.3f} s   (target < 1 s)")
        print(f"    ratio to json.loads     {wall / t_loads[0]:7.2f}   {cpu / t_loads[1]:7.2f}     "
              "(target <= 5)")  # fmt: skip
    print(f"  calcio.parse_request      {t_parse[0]:7.3f} s {t_parse[1]:7.3f} s")
    print(f"  best of {REPEATS} runs each")

    one_line = dict(doc, lines=doc["lines"][:1])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "one-line.json"
        path.write_text(json.dumps(one_line), encoding="utf-8")
        times = cli_wall_time(path)
    print(f"sroi calc, one-line document, {CLI_RUNS} runs")
    print(f"  median wall time          {statistics.median(times):8.3f} s   (target < 0.3 s)")
    print(f"  min / max                 {min(times):.3f} / {max(times):.3f} s")


if __name__ == "__main__":
    main()
