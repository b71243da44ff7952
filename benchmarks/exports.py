"""Time and peak memory of the portfolio's exports (issue 9's target: the Excel export of
100,000 realisations in <= 15 s with a peak memory <= 300 MB).

For each database the script makes a fresh database (migrate, import_rulesets) and a region
with ``sroi.portfolio.scale.seed_scale`` (5,000 contracts, 100,000 realisations by default).
Then every export is measured in a FRESH process: Django set up, the coordinator signed in
(test client, in-process, through the URL, the view and the middleware), one GET whose body is
read to the end and thrown away. Printed per export: the wall-clock and CPU seconds of the
request (CPU: this process only, so a busy machine shows as wall >> CPU), the file size, and
the peak resident memory of the process (``resource.getrusage(RUSAGE_SELF).ru_maxrss``, which
includes Python and Django, about 60-80 MB, printed before the request as "base MB").
Prints only (speed is never asserted in tests).

    .venv/bin/python benchmarks/exports.py
    .venv/bin/python benchmarks/exports.py --realisations 10000 --no-postgres
"""

from __future__ import annotations

import argparse
import json
import logging
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import support

EXPORTS = [
    ("realisaties", "xlsx"),
    ("realisaties", "csv"),
    ("contracten", "xlsx"),
    ("afspraken", "xlsx"),
]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def measure(env_file: str, dataset: str, fmt: str) -> None:
    """One export in this (fresh) process; prints one JSON line."""
    env = json.loads(Path(env_file).read_text())
    support.setup_django(env)
    logging.getLogger("django.request").setLevel(logging.ERROR)
    from django.test import Client

    from sroi.accounts.models import User

    coordinator = User.objects.get(email="coordinator@scale.example")
    client = Client()
    client.force_login(coordinator)
    base = _peak_mb()
    started, cpu = time.perf_counter(), time.process_time()
    response = client.get(f"/coordinator/portefeuille/export/{dataset}.{fmt}")
    size = sum(len(piece) for piece in response.streaming_content)  # type: ignore[attr-defined]
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    print(
        json.dumps(
            {
                "status": response.status_code,
                "seconds": seconds,
                "cpu": cpu_seconds,
                "mb": size / 1e6,
                "base": base,
                "peak": _peak_mb(),
            }
        ),
        flush=True,
    )


def child(database: str, contracts: int, realisations: int, pg_url: str) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="sroi-bench-exports-"))
    try:
        if database == "postgresql":
            support.postgres_recreate(pg_url)
            url = pg_url
        else:
            url = f"sqlite:///{workdir / 'bench.sqlite3'}"
        env = support.app_environment(url, workdir)
        support.manage(env, "migrate", "--noinput")
        support.manage(env, "import_rulesets")
        started = time.perf_counter()
        support.manage(
            env,
            "seed_scale_data",
            "--contracts",
            str(contracts),
            "--realisations",
            str(realisations),
            "--yes-i-know",
        )
        print(
            f"{database:<11} seeded {contracts} contracts, {realisations} realisations"
            f" in {time.perf_counter() - started:.0f} s",
            flush=True,
        )
        env_file = workdir / "env.json"
        env_file.write_text(json.dumps(env))
        for dataset, fmt in EXPORTS:
            out = subprocess.run(  # noqa: S603 (our own interpreter and script)
                [sys.executable, __file__, "--measure", str(env_file), dataset, fmt],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            r = json.loads(out.strip().splitlines()[-1])
            print(
                f"{database:<11} {dataset + '.' + fmt:<17} {r['status']:>4} {r['seconds']:8.2f}"
                f" {r['cpu']:8.2f} {r['mb']:8.1f} {r['base']:8.0f} {r['peak']:8.0f}",
                flush=True,
            )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--contracts", type=int, default=5000)
    parser.add_argument("--realisations", type=int, default=100_000)
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument("--only-postgres", action="store_true", help="PostgreSQL only")
    parser.add_argument(
        "--database-url",
        default="postgres://postgres@127.0.0.1:5432/sroi_bench_exports",
        help="PostgreSQL database to drop and create (its name must contain 'bench')",
    )
    parser.add_argument("--child", default="", help=argparse.SUPPRESS)
    parser.add_argument("--measure", nargs=3, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(*args.measure)
        return 0
    if args.child:
        child(args.child, args.contracts, args.realisations, args.database_url)
        return 0
    print("Portfolio exports as the coordinator, through the view (in-process), one fresh")
    print("process per export. Target (issue 9): Excel of 100,000 realisations <= 15 s and")
    print("peak memory <= 300 MB. 'peak MB': the process's max RSS (ru_maxrss), incl. Django.")
    print(
        f"{'database':<11} {'export':<17} {'HTTP':>4} {'wall s':>8} {'cpu s':>8} {'file MB':>8}"
        f" {'base MB':>8} {'peak MB':>8}"
    )
    databases = ["sqlite", "postgresql"]
    if args.no_postgres:
        databases = ["sqlite"]
    elif args.only_postgres:
        databases = ["postgresql"]
    for database in databases:
        subprocess.run(  # noqa: S603 (our own interpreter and script)
            [
                sys.executable,
                __file__,
                "--child",
                database,
                "--contracts",
                str(args.contracts),
                "--realisations",
                str(args.realisations),
                "--database-url",
                args.database_url,
            ],
            check=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
