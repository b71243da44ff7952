"""What ``pages.py`` and ``load.py`` share: a prepared database, gunicorn servers on the
loopback, and a bounded load generator (threads with ``http.client``).

Every server is started here, by its process id, and stopped here (``Server.stop``); every
load run stops by itself after its duration.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "benchmarks"
BIN = Path(sys.executable).parent
GUNICORN = BIN / "gunicorn"
HOST = "127.0.0.1"
PASSWORD = "demo-sroi-2026"  # noqa: S105 (the public demo password, README)


def app_environment(database_url: str, workdir: Path, **extra: str) -> dict[str, str]:
    """The environment of the app under test: DEBUG off, its own database, mail and files in
    ``workdir``, no API throttle in the way of the measurement."""
    env = dict(os.environ)
    env.update(
        {
            "SROI_ENVIRONMENT": "development",
            "SROI_DEBUG": "0",
            "SROI_DATABASE_URL": database_url,
            "SROI_ALLOWED_HOSTS": f"{HOST},localhost,testserver",
            "SROI_API_CALC_RATE": "1000000/second",
            "SROI_EMAIL_FILE_PATH": str(workdir / "mail"),
            "SROI_MEDIA_ROOT": str(workdir / "media"),
            "SROI_LOG_LEVEL": "ERROR",
            "DJANGO_SETTINGS_MODULE": "sroi.settings",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    env.update(extra)
    return env


def postgres_recreate(url: str) -> None:
    """Drop and create the database of ``url`` (only a database whose name says it is a
    benchmark's: ``*bench*``)."""
    name = url.rsplit("/", 1)[-1]
    if "bench" not in name:
        raise SystemExit(f"Refusing to recreate {name!r}: a benchmark database has 'bench' in it.")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    import psycopg

    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def manage(env: dict[str, str], *args: str) -> None:
    """``manage.py <args>`` in a child process with the app's environment."""
    subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, str(ROOT / "manage.py"), *args, "--verbosity", "0"],
        env=env,
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def prepare_database(env: dict[str, str]) -> None:
    """migrate, import_rulesets, load_demo: what ``make demo`` does."""
    manage(env, "migrate", "--noinput")
    manage(env, "import_rulesets")
    manage(env, "load_demo")


def setup_django(env: dict[str, str]) -> None:
    """Configure Django in this process with the app's environment (for data and counts)."""
    os.environ.update(env)
    import django

    django.setup()


# --- servers -------------------------------------------------------------------------------


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    def worker_pids(self) -> list[int]:
        """The gunicorn workers (children of the master), from /proc."""
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            if parent == self.process.pid:
                pids.append(int(entry.name))
        return sorted(pids)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


def start_gunicorn(
    name: str,
    app: str,
    port: int,
    env: dict[str, str],
    workdir: Path,
    *,
    workers: int = 2,
    pythonpath: Path | None = None,
) -> Server:
    """gunicorn with ``workers`` sync workers on 127.0.0.1:``port``; waits until it answers."""
    log = workdir / f"gunicorn-{name}.log"
    args = [
        str(GUNICORN),
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--bind",
        f"{HOST}:{port}",
        "--timeout",
        "60",
        "--log-level",
        "warning",
    ]
    if pythonpath is not None:
        args += ["--pythonpath", str(pythonpath)]
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603 (our own gunicorn)
            [*args, app], env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT
        )
    server = Server(name, port, process, log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{name} did not start; see {log}")
        with contextlib.suppress(OSError), socket.create_connection((HOST, port), timeout=1):
            if len(server.worker_pids()) >= workers:
                return server
        time.sleep(0.2)
    server.stop()
    raise SystemExit(f"{name} did not answer within 60 s; see {log}")


@contextlib.contextmanager
def running(servers: list[Server]) -> Iterator[None]:
    try:
        yield
    finally:
        for server in servers:
            server.stop()


# --- HTTP ----------------------------------------------------------------------------------


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    cookies: dict[str, str]
    body: bytes
    seconds: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def request(
    port: int,
    method: str,
    path: str,
    *,
    body: bytes | str | dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
    cookies: dict[str, str] | None = None,
    timeout: float = 60,
) -> Reply:
    """One request on a new connection (gunicorn's sync workers close each one)."""
    sent = dict(headers or {})
    if isinstance(body, dict):
        body = urlencode(body, doseq=True)
        sent.setdefault("Content-Type", "application/x-www-form-urlencoded")
    if cookies:
        sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    started = time.perf_counter()
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=sent)
        response = conn.getresponse()
        data = response.read()
    finally:
        conn.close()
    seconds = time.perf_counter() - started
    jar: dict[str, str] = {}
    for header in response.headers.get_all("Set-Cookie") or []:
        parsed = SimpleCookie()
        parsed.load(header)
        jar.update({key: morsel.value for key, morsel in parsed.items()})
    return Reply(response.status, dict(response.headers.items()), jar, data, seconds)


CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def csrf_from(reply: Reply) -> str:
    found = CSRF_INPUT.search(reply.text)
    if found is None:
        raise SystemExit("No CSRF token in the page")
    return found.group(1)


# --- load ----------------------------------------------------------------------------------


@dataclass
class LoadResult:
    name: str
    seconds: float
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)

    @property
    def count(self) -> int:
        return len(self.latencies)

    @property
    def rate(self) -> float:
        return self.count / self.seconds if self.seconds else 0.0

    def quantile(self, q: int) -> float:
        """The ``q``-th percentile in milliseconds."""
        if not self.latencies:
            return float("nan")
        if len(self.latencies) == 1:
            return self.latencies[0] * 1000
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[q - 1] * 1000


Call = Callable[[int], Reply]  # (thread number) -> the reply of one request


def drive(name: str, call: Call, *, seconds: float, threads: int) -> LoadResult:
    """Run ``call`` in ``threads`` threads until ``seconds`` have passed (each thread finishes
    the request it is in); collect latencies and statuses."""
    result = LoadResult(name, seconds)
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker(number: int) -> None:
        while time.monotonic() < deadline:
            try:
                reply = call(number)
            except (OSError, http.client.HTTPException) as exc:
                with lock:
                    result.failures[type(exc).__name__] += 1
                continue
            with lock:
                result.latencies.append(reply.seconds)
                result.statuses[reply.status] += 1

    started = time.monotonic()
    pool = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(timeout=seconds + 120)
    result.seconds = time.monotonic() - started
    return result
