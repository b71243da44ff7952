"""CPU time per request of the hot pages, in this process (Django's test client). Prints only.

The same database, fixture and pages as ``benchmarks/pages.py``, without servers: each page is
requested a few times to fill the per-process caches, then ``--repeat`` times, in ``--rounds``
rounds over all pages; the script prints the lowest process CPU time (``time.process_time``)
per request of a round in ms (the least disturbed by other work on a shared machine) and the
queries of one request. The test environment is not set up: Django's test-only template
instrumentation (a signal and a copy of the context per template rendered) would make pages
with many includes look costlier than they are in production.
``--profile NAME`` prints the top of a cProfile of that page (a substring of its name).

    .venv/bin/python benchmarks/cpu.py
    .venv/bin/python benchmarks/cpu.py --profile "plan edit"
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pages
import support

URLENCODED = "application/x-www-form-urlencoded"


def _client_call(page: pages.Page) -> Any:
    from django.test import Client

    client = Client()
    for name, value in page.cookies.items():
        client.cookies[name] = value
    extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in page.headers.items()}
    form = urlencode(page.body, doseq=True) if isinstance(page.body, dict) else page.body

    def one() -> Any:
        if page.method == "GET":
            response = client.get(page.path, **extra)
        elif page.content_type:
            response = client.post(
                page.path, json.dumps(page.body), content_type=page.content_type, **extra
            )
        else:  # a form as browsers and htmx post it (the test client's default is multipart)
            response = client.post(page.path, form, content_type=URLENCODED, **extra)
        if response.status_code != 200:
            raise SystemExit(f"{page.name}: test client got {response.status_code}")
        return response

    return one


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeat", type=int, default=50, help="requests per page (default 50)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds; the lowest counts")
    parser.add_argument("--profile", default="", help="cProfile the page whose name has this")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="sroi-bench-cpu-"))
    env = support.app_environment(f"sqlite:///{workdir / 'bench.sqlite3'}", workdir)
    support.prepare_database(env)
    support.setup_django(env)
    fixture = pages.make_fixture()
    measured = pages.pages(fixture, csrf="x" * 32)
    calls = []
    for page in measured:
        call = _client_call(page)
        for _warm in range(3):
            call()
        page.queries = pages.count_queries(page)
        calls.append(call)
    best = [float("inf")] * len(measured)
    for _round in range(args.rounds):
        for number, call in enumerate(calls):
            start = time.process_time()
            for _ in range(args.repeat):
                call()
            cpu = (time.process_time() - start) / args.repeat * 1000
            best[number] = min(best[number], cpu)
    print(f"{'page':<28} {'CPU ms':>8} {'queries':>7}")
    for page, cpu in zip(measured, best, strict=True):
        print(f"{page.name:<28} {cpu:8.2f} {page.queries:>7}", flush=True)
    for page, call in zip(measured, calls, strict=True):
        if args.profile and args.profile in page.name:
            profile = cProfile.Profile()
            profile.enable()
            for _ in range(args.repeat):
                call()
            profile.disable()
            stats = pstats.Stats(profile)
            stats.sort_stats("cumulative").print_stats(45)
            stats.sort_stats("tottime").print_stats(25)
    shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
