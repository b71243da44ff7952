"""Fail when a Dutch translation is missing or fuzzy in any of the project's catalogues.

Two checks per app catalogue (``src/sroi/<app>/locale/nl/LC_MESSAGES/django.po``):
1. every entry has a translation and none is fuzzy;
2. the catalogue is up to date: ``makemessages`` run on a scratch copy of the app finds no
   msgid that the committed catalogue lacks (the working tree is never changed).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
ROOT = PROJECT / "src" / "sroi"
MSGID = re.compile(r'^msgid "((?:[^"\\]|\\.)*)"\n((?:"(?:[^"\\]|\\.)*"\n)*)', re.MULTILINE)


def msgids(text: str) -> set[str]:
    found: set[str] = set()
    for match in MSGID.finditer(text):
        continuation = "".join(line[1:-1] for line in match.group(2).splitlines())
        found.add(match.group(1) + continuation)
    found.discard("")
    return found


def missing_msgids(po: Path) -> list[str]:
    """msgids that makemessages would add to ``po`` (run on a scratch copy of the app)."""
    app_dir = po.parents[3]
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / app_dir.name
        shutil.copytree(app_dir, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        env = {**os.environ, "PYTHONPATH": str(PROJECT / "src")}
        env.setdefault("DJANGO_SETTINGS_MODULE", "sroi.settings")
        subprocess.run(
            [
                sys.executable,
                str(Path(sys.executable).parent / "django-admin"),
                "makemessages",
                "-l",
                "nl",
                "--no-obsolete",
                "-v",
                "0",
            ],
            cwd=copy,
            env=env,
            check=True,
        )
        fresh = (copy / "locale" / "nl" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    committed = msgids(po.read_text(encoding="utf-8"))
    return sorted(msgids(fresh) - committed)


def problems_in(po: Path) -> list[str]:
    problems: list[str] = []
    entries = po.read_text(encoding="utf-8").split("\n\n")
    for entry in entries:
        lines = [line for line in entry.strip().splitlines() if line]
        if not lines or any(line.startswith("#~") for line in lines):
            continue
        msgid = "".join(
            line.split(" ", 1)[1].strip('"') if line.startswith("msgid ") else line.strip('"')
            for line in _section(lines, "msgid")
        )
        if msgid == "":
            continue  # the header
        if any(line.startswith("#,") and "fuzzy" in line for line in lines):
            problems.append(f"{po}: fuzzy: {msgid!r}")
            continue
        for key in ("msgstr", "msgstr[0]"):
            section = _section(lines, key)
            if section:
                text = "".join(
                    line.split(" ", 1)[1].strip('"')
                    if line.startswith(key + " ")
                    else line.strip('"')
                    for line in section
                )
                if not text:
                    problems.append(f"{po}: untranslated: {msgid!r}")
                break
    return problems


def _section(lines: list[str], key: str) -> list[str]:
    out: list[str] = []
    inside = False
    for line in lines:
        if line.startswith(key + " "):
            inside = True
            out.append(line)
        elif inside and line.startswith('"'):
            out.append(line)
        elif inside:
            break
    return out


def main() -> int:
    files = sorted(ROOT.glob("**/locale/nl/LC_MESSAGES/django.po"))
    if not files:
        print("check_translations: no Dutch .po files found", file=sys.stderr)
        return 1
    problems = [p for po in files for p in problems_in(po)]
    if "--no-refresh" not in sys.argv:
        for po in files:
            problems.extend(
                f"{po}: not in the catalogue (run makemessages): {m!r}" for m in missing_msgids(po)
            )
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"check_translations: {len(files)} files, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
