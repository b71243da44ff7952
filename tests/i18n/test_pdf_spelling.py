"""One spelling of "PDF" in the Dutch catalogues (the UI, the mails and the admin)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(ROOT.glob("src/sroi/**/locale/nl/LC_MESSAGES/django.po"))


def _translations(po: Path) -> list[str]:
    """The msgstr texts of a catalogue (continuation lines joined)."""
    texts: list[str] = []
    in_msgstr = False
    for line in po.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgstr"):
            in_msgstr = True
            texts.append(line.split(" ", 1)[1].strip('"'))
        elif in_msgstr and line.startswith('"'):
            texts[-1] += line.strip('"')
        else:
            in_msgstr = False
    return texts


def test_pdf_is_spelled_in_capitals_in_every_dutch_message() -> None:
    assert CATALOGUES
    lowercase = [
        text for po in CATALOGUES for text in _translations(po) if re.search(r"(?<![.\w])pdf", text)
    ]
    assert lowercase == []
