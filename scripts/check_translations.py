"""Fail when a Dutch translation is missing or fuzzy in any of the project's .po files."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "src" / "sroi"


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
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"check_translations: {len(files)} files, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
