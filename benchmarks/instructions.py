"""Instructions per request of the hot pages and of the hello-world page (valgrind). Prints only.

``benchmarks/pages.py`` measures throughput, which on a shared 2-core machine moves by 10 to
25 % between two runs of the same code. This counts the CPU instructions one request costs
instead: the same figure for the same code, whatever else the machine does (callgrind counts,
it does not time), so a change of a few per cent shows up, and before and after can be run
one after the other.

The pages, their data and the hello-world page are those of ``pages.py``. Each page runs in
its own process under ``valgrind --tool=callgrind --instr-atstart=no``: Django is set up and
the page requested a few times (its caches filled) without counting, then counting is switched
on (``callgrind_control -i on``) for ``--requests`` requests through the WSGI handler (no
server, no socket), and off again. The script prints per page the instructions of one request
and how many hello-world requests cost as much (the hello-world page's instructions divided by
the page's, in per cent: not the throughput ratio of ``pages.py``, which also counts the
servers' and the client's own work, but it moves with it).

    .venv/bin/python benchmarks/instructions.py                       # every page, 40 requests
    .venv/bin/python benchmarks/instructions.py --page "live update"  # the pages with this name
"""

from __future__ import annotations

import argparse
import concurrent.futures
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import support

HELLO = "hello-world template"
CSRF = "x" * 32


def _wsgi_call(application: Any, page: Any) -> Any:
    """One request of ``page`` through ``application``; raises unless it answers 200."""
    if page is None:  # the hello-world page
        method, path, body, headers, cookies, content_type = "GET", "/", b"", {}, {}, ""
    else:
        method, path, headers, cookies = page.method, page.path, page.headers, page.cookies
        if page.content_type:
            body, content_type = json.dumps(page.body).encode(), page.content_type
        elif isinstance(page.body, dict):
            body = urlencode(page.body, doseq=True).encode()
            content_type = "application/x-www-form-urlencoded"
        else:
            body, content_type = b"", ""
    base = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": support.HOST,
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": support.HOST,
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "CONTENT_LENGTH": str(len(body)),
    }
    if content_type:
        base["CONTENT_TYPE"] = content_type
    if cookies:
        base["HTTP_COOKIE"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    for name, value in headers.items():
        base["HTTP_" + name.upper().replace("-", "_")] = value

    def one() -> None:
        statuses: list[str] = []
        result = application(
            {**base, "wsgi.input": io.BytesIO(body)},
            lambda status, _headers, _exc=None: statuses.append(status),
        )
        try:
            b"".join(result)
        finally:
            getattr(result, "close", lambda: None)()
        if not statuses[0].startswith("200"):
            raise SystemExit(f"{path}: {statuses[0]}")

    return one


def _callgrind(switch: str) -> None:
    subprocess.run(  # noqa: S603 (valgrind's own tool, for this process)
        ["callgrind_control", "-i", switch, str(os.getpid())],  # noqa: S607
        check=True,
        capture_output=True,
    )


def inside(args: argparse.Namespace) -> int:
    """Runs under valgrind: warm up, then count ``args.requests`` requests."""
    if args.inside == HELLO:
        sys.path.insert(0, str(support.BENCHMARKS))
        os.environ["DJANGO_SETTINGS_MODULE"] = "hello_site"  # not the app's, inherited
        import hello_site  # noqa: F401 (settings, URLconf and application in one module)
        from django.core.wsgi import get_wsgi_application

        page = None
    else:
        import pages

        env = support.app_environment(args.database_url, Path(args.workdir))
        support.setup_django(env)
        from django.core.wsgi import get_wsgi_application

        fixture = pages.Fixture(**json.loads(args.fixture))
        page = next(p for p in pages.pages(fixture, csrf=CSRF) if p.name == args.inside)
    one = _wsgi_call(get_wsgi_application(), page)
    for _warm in range(5):
        one()
    _callgrind("on")
    for _request in range(args.requests):
        one()
    _callgrind("off")
    return 0


def _count(name: str, args: argparse.Namespace, workdir: Path, fixture: str, requests: int) -> int:
    """The instructions callgrind counted for ``requests`` requests of ``name``."""
    out = workdir / f"callgrind-{abs(hash((name, requests)))}.out"
    completed = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [  # noqa: S607 (valgrind from PATH)
            "valgrind",
            "--tool=callgrind",
            "--instr-atstart=no",
            f"--callgrind-out-file={out}",
            sys.executable,
            __file__,
            "--inside",
            name,
            "--requests",
            str(requests),
            "--database-url",
            args.database_url,
            "--workdir",
            str(workdir),
            "--fixture",
            fixture,
        ],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONHASHSEED": "0"},  # the same dict and set order every run
    )
    for line in completed.stderr.splitlines():
        if "Collected :" in line:
            return int(line.rsplit(":", 1)[1].strip().replace(",", ""))
    raise SystemExit(f"{name}: valgrind gave no count\n{completed.stderr[-2000:]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--requests", type=int, default=40, help="counted per page (default 40)")
    parser.add_argument("--page", default="", help="only the pages whose name has this")
    parser.add_argument("--jobs", type=int, default=2, help="pages counted at once (default 2)")
    parser.add_argument("--inside", help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    parser.add_argument("--fixture", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inside:
        return inside(args)
    if args.requests < 1:
        parser.error("--requests: at least 1")
    if shutil.which("valgrind") is None or shutil.which("callgrind_control") is None:
        print("valgrind is not installed (apt install valgrind): nothing counted")
        return 2

    workdir = Path(tempfile.mkdtemp(prefix="sroi-bench-instructions-"))
    try:
        return _count_pages(args, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _count_pages(args: argparse.Namespace, workdir: Path) -> int:
    import pages

    args.database_url = f"sqlite:///{workdir / 'bench.sqlite3'}"
    env = support.app_environment(args.database_url, workdir)
    print(f"Preparing {args.database_url} (migrate, import_rulesets, load_demo) ...", flush=True)
    support.prepare_database(env)
    support.setup_django(env)
    fixture = pages.make_fixture()
    names = [HELLO] + [
        page.name for page in pages.pages(fixture, csrf=CSRF) if args.page in page.name
    ]
    fixture_json = json.dumps(asdict(fixture))
    print(f"valgrind --tool=callgrind, {args.requests} requests per page through the WSGI handler")
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        # What this process spends switching the counting on and off (starting and waiting
        # for callgrind_control; the child itself is not traced) is counted too: measured once
        # with no request in between, subtracted from every page.
        overhead = pool.submit(_count, HELLO, args, workdir, fixture_json, 0)
        counts = {
            name: pool.submit(_count, name, args, workdir, fixture_json, args.requests)
            for name in names
        }
        switching = overhead.result()
        per_request = {
            name: (future.result() - switching) / args.requests for name, future in counts.items()
        }
    hello = per_request[HELLO]
    print(f"{'page':<28} {'instructions':>14} {'hello/page':>10}")
    for name, count in per_request.items():
        print(f"{name:<28} {count:14,.0f} {hello / count:10.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
