"""What the in-process page benchmarks share (``workspace.py``, ``monitoring.py``,
``portfolio.py``): one child process per database and size, a fresh database in it, and a page
timed through Django's test client.

Each measurement runs in a child process of the script (Django is set up once per process):
``run_child`` starts it, ``fresh_database`` makes its database (a SQLite file in a temporary
folder, or the PostgreSQL database of ``pg_url`` dropped and created: its name must contain
``bench``), migrates it, imports the shipped rule sets and sets Django up in the process.
``time_page`` requests a page twice to warm up, once to count its queries and ``repeat`` times
for its server time (without the network).
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import support


def percentiles(times: list[float]) -> tuple[float, float]:
    """p50 and p95 (nearest rank) of ``times``."""
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def settle_after_bulk_load() -> None:
    """On PostgreSQL, what autovacuum does soon after a bulk load (``VACUUM ANALYZE``): without
    statistics the planner picks nested loops over the freshly loaded tables, and without the
    visibility map no index-only scan. Measuring before that would time the minutes after a
    restore, not the service. Nothing on SQLite."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


@dataclass(frozen=True)
class PageTime:
    status: int  # of the warm-up request; the figures are 0 unless it is 200
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    queries: int = 0
    # This process's CPU time per request (the app's Python; not a PostgreSQL server's):
    # steadier than the server time on a busy machine.
    cpu_p95_ms: float = 0.0


def time_page(client: Any, path: str, repeat: int) -> PageTime:
    """Server time of ``path`` for the signed-in ``client``: p50 and p95 over ``repeat``
    requests after two warm-ups, and the queries of one request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _warm in range(2):
        response = client.get(path)
    if response.status_code != 200:
        return PageTime(response.status_code)
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    # Read now: the next request's request_started signal empties the connection's log.
    queries = len(captured)
    times, cpu_times = [], []
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        cpu_times.append((time.process_time() - cpu) * 1000)
    p50, p95 = percentiles(times)
    return PageTime(200, p50, p95, queries, percentiles(cpu_times)[1])


def run_child(script: str, database: str, *args: str) -> None:
    """``script --child <database> <args>`` in a child process (our own interpreter)."""
    subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, script, "--child", database, *args],
        check=True,
    )


@contextlib.contextmanager
def fresh_database(database: str, pg_url: str, prefix: str, **extra_env: str) -> Iterator[Path]:
    """A new database (``sqlite`` or ``postgresql``) migrated with the shipped rule sets, and
    Django set up on it in this process; yields the temporary folder (removed afterwards).
    ``extra_env`` values may name the folder as ``{workdir}``."""
    workdir = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        if database == "postgresql":
            support.postgres_recreate(pg_url)
            url = pg_url
        else:
            url = f"sqlite:///{workdir / 'bench.sqlite3'}"
        extra = {key: value.format(workdir=workdir) for key, value in extra_env.items()}
        env = support.app_environment(url, workdir, **extra)
        support.manage(env, "migrate", "--noinput")
        support.manage(env, "import_rulesets")
        support.setup_django(env)
        from django.test.utils import setup_test_environment

        setup_test_environment()
        logging.getLogger("django.request").setLevel(logging.ERROR)
        yield workdir
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
