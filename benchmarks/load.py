"""Load and faults (``make bench``): simulated users against gunicorn on PostgreSQL.

Prepares its own database (default ``postgres://postgres@127.0.0.1:5432/sroi_bench``, dropped
and created here: migrate, import_rulesets, load_demo, then one complete draft plan per
simulated contractor), starts gunicorn (2 sync workers, DEBUG off) on the loopback, a local
SMTP server (aiosmtpd) and the outbox worker (``manage.py send_outbox --loop``), and runs
``--users`` simulated users for ``--seconds``. Four in five are contractors: they log in, use
the calculator (page and live update), edit their plan with autosave, and some submit and
withdraw it again; the others are coordinators: they log in and read the plan list (search and
status filter) and plans. Each user waits a moment between actions, as people do.

Every contractor records what the server acknowledged: its last autosaved text and the number
of submissions. Afterwards the script checks the database holds exactly that (a difference is
a lost write) and that every outbox message was either delivered to the SMTP server or is still
in the outbox (nothing lost).

With ``--faults`` (the default runs both), a second run kills one gunicorn worker (SIGKILL) a
third of the way in (the master starts a new one) and stops the SMTP server halfway: the mail
that could not be delivered must stay in the outbox.

Prints total requests, p95, the count of 5xx responses and of lost writes (targets: 0 and 0).
Bounded: each run stops after its duration (plus the requests in flight), every process this
script starts is stopped by its process id. Loopback only.

    .venv/bin/python benchmarks/load.py               # 50 users, 60 s, then the fault run
    .venv/bin/python benchmarks/load.py --short       # 20 users, 20 s each
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import support

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/sroi_bench"
MARK = "Lasttest"  # in every contract name this script makes


class FormValues(HTMLParser):
    """What a browser submits from the form with ``id`` (inputs, selects, textareas)."""

    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.values: list[tuple[str, str]] = []
        self._inside = False
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {name: value or "" for name, value in attrs}
        if tag == "form":
            self._inside = attr.get("id") == self.form_id
            return
        if not self._inside:
            return
        name = attr.get("name", "")
        if tag == "input" and name:
            kind = attr.get("type", "text")
            if kind in {"checkbox", "radio"}:
                if "checked" in attr:
                    self.values.append((name, attr.get("value", "on")))
            elif kind not in {"submit", "button", "file", "reset"}:
                self.values.append((name, attr.get("value", "")))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attr:
            self.values.append((self._select, attr.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.values.append((self._textarea, "".join(self._text).removeprefix("\n")))
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self._text.append(data)


def form_values(html: str, form_id: str) -> list[tuple[str, str]]:
    parser = FormValues(form_id)
    parser.feed(html)
    return parser.values


@dataclass
class Stats:
    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    by_action: Counter[str] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)
    server_errors: list[str] = field(default_factory=list)

    def add(self, action: str, reply: support.Reply, path: str) -> None:
        with self.lock:
            self.latencies.append(reply.seconds)
            self.statuses[reply.status] += 1
            self.by_action[action] += 1
            if reply.status >= 500:
                self.server_errors.append(f"{reply.status} {action} {path}")

    def fail(self, action: str, exc: Exception) -> None:
        with self.lock:
            self.failures[f"{action}: {type(exc).__name__}"] += 1


class Browser:
    """One simulated person: a cookie jar, a CSRF token and the time it may go on."""

    def __init__(self, port: int, stats: Stats, deadline: float, seed: int) -> None:
        self.port = port
        self.stats = stats
        self.deadline = deadline
        self.cookies: dict[str, str] = {}
        self.random = random.Random(seed)

    def go(
        self, action: str, method: str, path: str, body: Any = None, **headers: str
    ) -> support.Reply:
        sent = dict(headers)
        if method == "POST" and "csrftoken" in self.cookies:
            sent.setdefault("X-CSRFToken", self.cookies["csrftoken"])
        if isinstance(body, list):  # (name, value) pairs, as a form posts them
            from urllib.parse import urlencode

            body = urlencode(body)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        try:
            reply = support.request(
                self.port, method, path, body=body, headers=sent, cookies=self.cookies, timeout=60
            )
        except (OSError, http.client.HTTPException) as exc:  # no answer (a killed worker)
            self.stats.fail(action, exc)
            return support.Reply(0, {}, {}, b"", time.perf_counter() - started)
        self.cookies.update(reply.cookies)
        self.stats.add(action, reply, path)
        return reply

    def think(self) -> None:
        time.sleep(self.random.uniform(0.3, 1.2))

    @property
    def running(self) -> bool:
        return time.monotonic() < self.deadline

    def login(self, email: str, session: str | None = None) -> bool:
        if session is not None:  # signed in by the script (``--login-share``)
            self.cookies["sessionid"] = session
            self.go("home", "GET", "/")
            return True
        for _attempt in range(20):
            page = self.go("login page", "GET", "/accounts/login/")
            found = support.CSRF_INPUT.search(page.text)
            if found is None:
                if not self.running:
                    return False
                continue
            reply = self.go(
                "login",
                "POST",
                "/accounts/login/",
                [
                    ("csrfmiddlewaretoken", found.group(1)),
                    ("login", email),
                    ("password", support.PASSWORD),
                ],
            )
            if reply.status == 302:
                return True
            if reply.status not in (0, 429) or not self.running:
                return False
            time.sleep(2)  # allauth's login rate limit: wait, as a person would
        return False


LIVE_FORM = [
    ("ruleset", "utrecht"),
    ("shown_ruleset", "utrecht@2024-1"),
    ("value_eur", "1.000.000"),
    ("sroi_percentage", "5"),
    ("start", "2026-01-01"),
    ("end", "2027-12-31"),
    ("placements-TOTAL_FORMS", "1"),
    ("placements-INITIAL_FORMS", "0"),
    ("placements-0-block", "PW"),
    ("placements-0-hours_per_week", "36"),
    ("placements-0-start", "2026-01-01"),
    ("placements-0-end", "2026-12-31"),
    ("placements-0-count", "1"),
    ("amounts-TOTAL_FORMS", "0"),
    ("amounts-INITIAL_FORMS", "0"),
    ("activities-TOTAL_FORMS", "0"),
    ("activities-INITIAL_FORMS", "0"),
    ("other-TOTAL_FORMS", "0"),
    ("other-INITIAL_FORMS", "0"),
]


@dataclass
class Contractor:
    number: int
    email: str
    plan_id: int
    submits: bool
    saved_text: str | None = None  # the last text the server acknowledged
    unanswered: list[str] = field(default_factory=list)  # sent after it, without an answer
    submitted: int = 0  # submissions the server acknowledged
    submits_unanswered: int = 0
    conflicts: int = 0

    session: str | None = None

    def run(self, browser: Browser, delay: float) -> None:
        time.sleep(delay)  # people arrive one by one, not in the same second
        if not browser.login(self.email, self.session):
            return
        edit = f"/plannen/{self.plan_id}/bewerken/"
        values = self._form(browser, edit)
        edits = 0
        while browser.running:
            browser.think()
            if edits % 4 == 0:
                browser.go("calculator", "GET", "/rekenhulp/")
                browser.go(
                    "live update",
                    "POST",
                    "/rekenhulp/uitkomst/",
                    LIVE_FORM,
                    **{"HX-Request": "true"},
                )
            edits += 1
            text = f"Lasttest gebruiker {self.number}, wijziging {edits}."
            body = [(k, v) for k, v in values if k not in {"work_description", "action"}]
            body += [("work_description", text), ("action", "autosave")]
            reply = browser.go("autosave", "POST", edit, body)
            answer = _json(reply)
            if reply.status == 200 and answer.get("ok"):
                self.saved_text, self.unanswered = text, []
                values = _with_answer(values, answer)
            elif reply.status == 0:
                self.unanswered.append(text)  # it may or may not have been saved
            elif reply.status == 409:
                self.conflicts += 1
                values = self._form(browser, edit)
            if self.submits and self.submitted == 0 and edits == 3 and browser.running:
                self._submit_and_withdraw(browser)
                values = self._form(browser, edit)

    def _form(self, browser: Browser, edit: str) -> list[tuple[str, str]]:
        page = browser.go("plan edit", "GET", edit)
        return form_values(page.text, "plan-form") if page.status == 200 else []

    def _submit_and_withdraw(self, browser: Browser) -> None:
        detail = browser.go("plan detail", "GET", f"/plannen/{self.plan_id}/")
        found = support.CSRF_INPUT.search(detail.text)
        if found is None:
            return
        token = found.group(1)
        reply = browser.go(
            "submit",
            "POST",
            f"/plannen/{self.plan_id}/indienen/",
            [("csrfmiddlewaretoken", token)],
        )
        if reply.status == 302 and reply.headers.get("Location", "").endswith(
            f"/plannen/{self.plan_id}/"
        ):
            self.submitted += 1
        elif reply.status == 0:
            self.submits_unanswered += 1
        browser.go(
            "withdraw",
            "POST",
            f"/plannen/{self.plan_id}/intrekken/",
            [("csrfmiddlewaretoken", token), ("note", "Lasttest: nog een wijziging.")],
        )


def _json(reply: support.Reply) -> dict[str, Any]:
    try:
        answer = json.loads(reply.body)
    except ValueError:
        return {}
    return answer if isinstance(answer, dict) else {}


def _with_answer(values: list[tuple[str, str]], answer: dict[str, Any]) -> list[tuple[str, str]]:
    """Take over what an autosave answers for fields of the form (a revision number, say),
    as the page's script does."""
    names = {name for name, _value in values}
    updates = {k: str(v) for k, v in answer.items() if k in names and not isinstance(v, dict)}
    return [(k, updates.get(k, v)) for k, v in values]


def coordinator(
    browser: Browser, email: str, plan_ids: list[int], delay: float, session: str | None
) -> None:
    time.sleep(delay)
    if not browser.login(email, session):
        return
    while browser.running:
        browser.think()
        browser.go("coordinator list", "GET", "/plannen/")
        browser.think()
        browser.go("coordinator search", "GET", f"/plannen/?q={MARK}")
        browser.go("coordinator filter", "GET", "/plannen/?status=submitted")
        browser.think()
        browser.go("plan detail", "GET", f"/plannen/{browser.random.choice(plan_ids)}/")


# --- setup and checks (Django in this process, same database) ------------------------------


@dataclass
class People:
    contractors: list[Contractor]
    coordinators: list[str]
    sessions: dict[str, str] = field(default_factory=dict)  # e-mail -> session (no login form)


def make_people(users: int, submit_share: float, login_share: float, run: str) -> People:
    from sroi.accounts.constants import Role
    from sroi.accounts.models import Organisation, User
    from sroi.plans import services
    from sroi.plans.constants import EffortKind, TargetGroup
    from sroi.plans.models import Buyer

    from allauth.account.models import EmailAddress  # isort: skip

    from django.contrib.auth.hashers import make_password

    hashed = make_password(support.PASSWORD)  # once: hashing is slow by design
    template = Organisation.objects.get(name="Bouwbedrijf Westfries B.V.")
    buyer = Buyer.objects.get(name="Gemeente Hoorn")
    rng = random.Random(users)
    people = People([], [])
    signed_in = 0
    for number in range(users):
        email = f"{run}-{number}@lasttest.example.org"
        if number % 5 == 4:
            user = User.objects.create_user(
                email=email, password=None, full_name=f"Coordinator {number}", role=Role.COORDINATOR
            )
            user.password = hashed
            user.save(update_fields=["password"])
            EmailAddress.objects.create(email=email, verified=True, primary=True, user=user)
            people.coordinators.append(email)
            signed_in = _session(people, user, signed_in, number, login_share)
            continue
        organisation = Organisation.objects.get(pk=template.pk)
        organisation.pk = None
        organisation.name = f"{MARK} {run} {number} B.V."
        organisation.kvk_number = f"{90000000 + number + (0 if run == 'load' else 500)}"
        organisation.save()
        user = User.objects.create_user(
            email=email,
            password=None,
            full_name=f"Aannemer {number}",
            role=Role.CONTRACTOR,
            organisation=organisation,
        )
        user.password = hashed
        user.save(update_fields=["password"])
        EmailAddress.objects.create(email=email, verified=True, primary=True, user=user)
        contract = services.contract_create(
            acting_user=user,
            organisation=organisation,
            data={
                "name": f"{MARK} {run} contract {number}",
                "buyer": buyer,
                "value_eur": Decimal("800000"),
                "start_date": date(2026, 3, 1),
                "end_date": date(2027, 2, 28),
                "sroi_percentage": Decimal("5"),
            },
        )
        plan = services.plan_create(
            acting_user=user,
            contract=contract,
            data={
                "effort_kinds": [EffortKind.JOBS],
                "target_groups": [TargetGroup.PW_LT2],
                "work_description": "Grondwerk.",
            },
            lines=[
                {
                    "target_group": TargetGroup.PW_LT2,
                    "count": 1,
                    "hours_per_week": Decimal("36"),
                    "start_date": date(2026, 4, 1),
                    "end_date": date(2027, 2, 28),
                }
            ],
        )
        people.contractors.append(
            Contractor(number, email, plan.pk, submits=rng.random() < submit_share)
        )
        signed_in = _session(people, user, signed_in, number, login_share)
    return people


def _session(people: People, user: Any, signed_in: int, number: int, share: float) -> int:
    """Give every user beyond ``share`` of the first ``number + 1`` a session made here
    (Django's test client), so it skips the login form; returns how many log in themselves."""
    if signed_in < share * (number + 1):
        return signed_in + 1
    from django.test import Client

    client = Client()
    client.force_login(user)
    people.sessions[user.email] = client.cookies["sessionid"].value
    return signed_in


def lost_writes(people: People) -> list[str]:
    from sroi.plans.models import Plan, PlanVersion

    lost = []
    for person in people.contractors:
        plan = Plan.objects.get(pk=person.plan_id)
        allowed = {person.saved_text, *person.unanswered}
        if person.saved_text is not None and plan.work_description not in allowed:
            lost.append(
                f"plan {plan.pk}: acknowledged {person.saved_text!r}, "
                f"stored {plan.work_description!r}"
            )
        versions = PlanVersion.objects.filter(plan=plan).count()
        if not person.submitted <= versions <= person.submitted + person.submits_unanswered:
            lost.append(
                f"plan {plan.pk}: {person.submitted} submits acknowledged, {versions} stored"
            )
    return lost


def outbox_last_id() -> int:
    from sroi.core.models import OutboxMessage

    return OutboxMessage.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def outbox_state(after_id: int) -> Counter[str]:
    """The outbox messages written after ``after_id`` (this run's), by status."""
    from sroi.core.models import OutboxMessage

    return Counter(OutboxMessage.objects.filter(pk__gt=after_id).values_list("status", flat=True))


# --- SMTP ----------------------------------------------------------------------------------


class Sink:
    """aiosmtpd on the loopback that counts the messages it receives."""

    def __init__(self, port: int) -> None:
        from aiosmtpd.controller import Controller

        self.received = 0
        sink = self

        class Handler:
            async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
                sink.received += 1
                return "250 OK"

        self.controller = Controller(Handler(), hostname=support.HOST, port=port)

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()


# --- one run -------------------------------------------------------------------------------


@dataclass
class RunResult:
    name: str
    stats: Stats
    seconds: float
    lost: list[str]
    outbox: Counter[str]
    mail_received: int
    acknowledged_submits: int
    conflicts: int
    events: list[str]
    logins: str


def run(
    name: str,
    args: argparse.Namespace,
    env: dict[str, str],
    workdir: Path,
    *,
    faults: bool,
    port: int,
) -> RunResult:
    people = make_people(args.users, args.submit_share, args.login_share, name)
    first_mail = outbox_last_id()
    plan_ids = [c.plan_id for c in people.contractors]
    sink = Sink(port + 1)
    sink.start()
    app = support.start_gunicorn("app", "sroi.wsgi:application", port, env, workdir)
    worker_log = (workdir / f"outbox-{name}.log").open("wb")
    outbox = subprocess.Popen(  # noqa: S603 (our own manage.py)
        [
            sys.executable,
            str(support.ROOT / "manage.py"),
            "send_outbox",
            "--loop",
            "--interval",
            "1",
        ],
        env=env,
        cwd=support.ROOT,
        stdout=worker_log,
        stderr=subprocess.STDOUT,
    )
    stats = Stats()
    events: list[str] = []
    started = time.monotonic()
    deadline = started + args.seconds
    threads = []
    try:
        ramp = args.seconds * 0.3 / max(1, args.users)
        for index, person in enumerate(people.contractors):
            person.session = people.sessions.get(person.email)
            browser = Browser(port, stats, deadline, seed=index)
            delay = ramp * (index * 5 // 4)
            threads.append(threading.Thread(target=person.run, args=(browser, delay), daemon=True))
        for index, email in enumerate(people.coordinators):
            browser = Browser(port, stats, deadline, seed=1000 + index)
            delay = ramp * (index * 5 + 4)
            threads.append(
                threading.Thread(
                    target=coordinator,
                    args=(browser, email, plan_ids, delay, people.sessions.get(email)),
                    daemon=True,
                )
            )
        for thread in threads:
            thread.start()
        if faults:
            time.sleep(args.seconds / 3)
            workers = app.worker_pids()
            if workers:
                os.kill(workers[0], signal.SIGKILL)
                events.append(
                    f"{time.monotonic() - started:.0f} s: SIGKILL gunicorn worker {workers[0]}"
                )
            time.sleep(args.seconds / 2 - args.seconds / 3)
            sink.stop()
            events.append(f"{time.monotonic() - started:.0f} s: SMTP server stopped")
        for thread in threads:
            thread.join(timeout=max(1.0, deadline - time.monotonic()) + 180)
        seconds = time.monotonic() - started
        if not faults:
            time.sleep(3)  # the outbox worker's last pass
    finally:
        app.stop()
        outbox.send_signal(signal.SIGTERM)
        try:
            outbox.wait(timeout=10)
        except subprocess.TimeoutExpired:
            outbox.kill()
            outbox.wait(timeout=5)
        worker_log.close()
        if not faults:
            sink.stop()
    return RunResult(
        name=name,
        stats=stats,
        seconds=seconds,
        lost=lost_writes(people),
        outbox=outbox_state(first_mail),
        mail_received=sink.received,
        acknowledged_submits=sum(c.submitted for c in people.contractors),
        conflicts=sum(c.conflicts for c in people.contractors),
        events=events,
        logins=f"{args.users - len(people.sessions)} log in through the form",
    )


def report(result: RunResult, users: int) -> None:
    stats = result.stats
    latencies = sorted(stats.latencies)
    p95 = latencies[int(0.95 * (len(latencies) - 1))] * 1000 if latencies else float("nan")
    p50 = latencies[len(latencies) // 2] * 1000 if latencies else float("nan")
    errors = sum(n for status, n in stats.statuses.items() if status >= 500)
    unanswered = sum(stats.failures.values())
    sent = result.outbox.get("sent", 0)
    print(f"\n== {result.name}: {users} users, {result.seconds:.0f} s, {result.logins}")
    for event in result.events:
        print(f"   {event}")
    print(f"requests        {len(latencies)} ({len(latencies) / result.seconds:.1f}/s)")
    print(f"p50 / p95       {p50:.0f} ms / {p95:.0f} ms")
    print(f"statuses        {dict(sorted(stats.statuses.items()))}")
    print(f"5xx             {errors}")
    print(f"lost writes     {len(result.lost)}")
    for line in result.lost[:10]:
        print(f"   {line}")
    print(f"by action       {dict(stats.by_action.most_common())}")
    print(f"no answer       {unanswered} {dict(stats.failures) if stats.failures else ''}")
    for line in stats.server_errors[:5]:
        print(f"   {line}")
    print(
        f"submits         {result.acknowledged_submits} acknowledged; "
        f"autosave conflicts {result.conflicts}"
    )
    written = sum(result.outbox.values())
    expected = 2 * result.acknowledged_submits  # to the coordinator and to the contractor
    print(
        f"outbox          {written} written (at least {expected} expected) {dict(result.outbox)};"
        f" SMTP server received {result.mail_received}"
    )
    print(
        f"lost mail       {max(0, expected - written) + max(0, sent - result.mail_received)}"
        " (not written, or marked sent but never received)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--short", action="store_true", help="20 users, 20 s per run")
    parser.add_argument("--submit-share", type=float, default=0.25, help="contractors submitting")
    parser.add_argument(
        "--login-share",
        type=float,
        default=1.0,
        help="users who log in through the form (default all; the rest get a session made "
        "by the script: each login costs the server a password hash)",
    )
    parser.add_argument("--no-faults", action="store_true", help="skip the fault run")
    parser.add_argument("--port", type=int, default=18110, help="gunicorn; SMTP on port+1")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE)
    args = parser.parse_args()
    if args.short:
        args.users, args.seconds = 20, 20.0
    if not args.database_url.startswith("postgres"):
        raise SystemExit("The load test runs on PostgreSQL (--database-url postgres://...).")

    workdir = Path(tempfile.mkdtemp(prefix="sroi-bench-load-"))
    support.postgres_recreate(args.database_url)
    print(f"Preparing {args.database_url.split('@')[-1]} ...", flush=True)
    # The demo's own mail goes to files, so the SMTP server sees only the runs' mail.
    support.prepare_database(support.app_environment(args.database_url, workdir))
    env = support.app_environment(
        args.database_url,
        workdir,
        SROI_EMAIL_HOST=support.HOST,
        SROI_EMAIL_PORT=str(args.port + 1),
        SROI_EMAIL_USE_TLS="0",
        SROI_EMAIL_BACKEND="",
    )
    support.setup_django(env)
    results = [run("load", args, env, workdir, faults=False, port=args.port)]
    if not args.no_faults:
        results.append(run("faults", args, env, workdir, faults=True, port=args.port + 2))
    for result in results:
        report(result, args.users)
    shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
