"""Server time and queries of the portfolio page at region scale.

Issue 9's targets: with 5,000 contracts and 100,000 realisations, the portfolio's server time
p95 <= 300 ms over 20 requests on SQLite and on PostgreSQL, and the same number of queries
(<= 20) at 500 and at 5,000 contracts. Prints only (speed is never asserted in tests).

For each database and size the script makes a fresh database in a child process (migrate,
import_rulesets; PostgreSQL: ``--database-url``, dropped and created), seeds a region with
``sroi.portfolio.scale.seed_scale`` (N contracts, 20 realisations a contract, 10 buyers, one
contractor per 25 contracts) and requests the page in this process through Django's test
client (the server's time without the network), after two warm-up requests: p50 and p95 over
``--repeat`` requests, the queries of one request and the p95 of this process's CPU time per
request (steadier on a busy machine; on PostgreSQL without the database server's), as the
coordinator (unfiltered and with a filter that reads the agreements) and as the user of the
buyer with the most contracts. At the end it says whether the targets are met.

``--page`` is a URL name or a path (default the portfolio, ``portfolio:portfolio``);
``--page /contracten/`` measures the contract list on the same data.

    .venv/bin/python benchmarks/portfolio.py
    .venv/bin/python benchmarks/portfolio.py --sizes 500 --repeat 5 --no-postgres
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import _harness

P95_TARGET_MS = 300.0
QUERIES_TARGET = 20
REALISATIONS_PER_CONTRACT = 20
CONTRACTS_PER_CONTRACTOR = 25
BUYERS = 10
FILTER = "jaar=2025&doelgroep=pw_lt2&sorteer=-realised"


def _path(page: str) -> str | None:
    """The path of ``page`` (a URL name or a path); None when the name does not exist."""
    if page.startswith("/"):
        return page
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(page)
    except NoReverseMatch:
        return None


def child(database: str, size: int, repeat: int, pg_url: str, page: str, out: Path) -> None:
    with _harness.fresh_database(database, pg_url, "sroi-bench-pf-"):
        from django.test import Client

        from sroi.plans.models import Contract
        from sroi.portfolio.scale import seed_scale

        started = time.perf_counter()
        cpu = time.process_time()
        region = seed_scale(
            contracts=size,
            realisations=size * REALISATIONS_PER_CONTRACT,
            buyers=BUYERS,
            organisations=max(1, size // CONTRACTS_PER_CONTRACTOR),
            big_buyer_contracts=size // 5,  # the first buyer has a fifth of the region
        )
        seeded, seeded_cpu = time.perf_counter() - started, time.process_time() - cpu
        _harness.settle_after_bulk_load()
        path = _path(page)
        results: list[dict[str, Any]] = []
        if path is None:
            print(f"{database:<11} {size:>6} page {page!r} does not exist on this branch")
        else:
            buyer = region.buyer_users[0]
            views = (
                ("coordinator", region.coordinator, path),
                ("coordinator, filtered", region.coordinator, f"{path}?{FILTER}"),
                (f"buyer ({Contract.objects.filter(buyer=region.buyers[0]).count()})", buyer, path),
            )
            for name, user, url in views:
                client = Client()
                client.force_login(user)
                timed = _harness.time_page(client, url, repeat)
                results.append({"view": name.split(" (")[0], **timed.__dict__})
                if timed.status != 200:
                    print(f"{database:<11} {size:>6} {name:<24} HTTP {timed.status}", flush=True)
                    continue
                print(
                    f"{database:<11} {size:>6} {name:<24} {timed.p50_ms:8.1f} {timed.p95_ms:8.1f}"
                    f" {timed.queries:>7} {timed.cpu_p95_ms:8.1f}",
                    flush=True,
                )
        print(
            f"{database:<11} {size:>6} (seeded {region.contracts} contracts, {region.realisations}"
            f" realisations in {seeded:.1f} s, {seeded_cpu:.1f} s CPU)",
            flush=True,
        )
        out.write_text(json.dumps(results))


def verdict(results: dict[tuple[str, int], list[dict[str, Any]]], sizes: list[int]) -> bool:
    """Print whether the targets are met; True when they are."""
    met = True
    for database in sorted({database for database, _size in results}):
        largest = results.get((database, max(sizes)), [])
        for row in largest:
            view = row["view"]
            counts = [
                next((r["queries"] for r in results.get((database, s), []) if r["view"] == view), 0)
                for s in sizes
            ]
            same = len(set(counts)) == 1
            ok_time = row["status"] == 200 and row["p95_ms"] <= P95_TARGET_MS
            ok_queries = same and row["status"] == 200 and counts[0] <= QUERIES_TARGET
            met = met and ok_time and ok_queries
            time_verdict = "met" if ok_time else "NOT met"
            print(
                f"{database:<11} {view:<24} p95 {row['p95_ms']:6.1f} ms"
                f" {'<=' if ok_time else '>'} {P95_TARGET_MS:.0f}: {time_verdict};"
                f" queries {'/'.join(map(str, counts))}"
                f" {'the same' if same else 'grow'}, <= {QUERIES_TARGET}:"
                f" {'met' if ok_queries else 'NOT met'}"
            )
    return met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="500,5000", help="contract counts (default 500,5000)")
    parser.add_argument("--repeat", type=int, default=20, help="requests per view (default 20)")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument(
        "--page",
        default="portfolio:portfolio",
        help="URL name or path of the page (default portfolio:portfolio)",
    )
    parser.add_argument(
        "--database-url",
        default="postgres://postgres@127.0.0.1:5432/sroi_bench_portfolio",
        help="PostgreSQL database to drop and create (its name must contain 'bench')",
    )
    parser.add_argument("--child", default="", help=argparse.SUPPRESS)
    parser.add_argument("--out", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    if args.child:
        child(args.child, sizes[0], args.repeat, args.database_url, args.page, Path(args.out))
        return 0
    print(f"Server time in ms (Django test client, in process) and queries of {args.page}.")
    print(
        f"Targets (issue 9): p95 <= {P95_TARGET_MS:.0f} ms at 5,000 contracts and 100,000"
        f" realisations; the same query count at every size, <= {QUERIES_TARGET}."
    )
    print(
        f"{'database':<11} {'size':>6} {'view':<24} {'p50 ms':>8} {'p95 ms':>8} {'queries':>7}"
        f" {'CPU p95':>8}"
    )
    databases = ["sqlite"] if args.no_postgres else ["sqlite", "postgresql"]
    results: dict[tuple[str, int], list[dict[str, Any]]] = {}
    with tempfile.TemporaryDirectory(prefix="sroi-bench-pf-results-") as folder:
        for database in databases:
            for size in sizes:
                out = Path(folder) / f"{database}-{size}.json"
                _harness.run_child(
                    __file__,
                    database,
                    "--sizes",
                    str(size),
                    "--repeat",
                    str(args.repeat),
                    "--database-url",
                    args.database_url,
                    "--page",
                    args.page,
                    "--out",
                    str(out),
                )
                results[(database, size)] = json.loads(out.read_text())
    verdict(results, sizes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
