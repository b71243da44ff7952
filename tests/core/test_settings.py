"""Settings from the environment: the database URL (dj-database-url) and the dependency files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from sroi.settings import database_from_url

PROJECT_DIR = Path(__file__).resolve().parents[2]
REQUIREMENTS = sorted((PROJECT_DIR / "requirements").glob("*.txt"))


def test_database_url_keeps_encoded_characters_and_query_options() -> None:
    database = database_from_url(
        "postgres://sroi:p%40ss%2Fword@db.example.org:5433/sroi?sslmode=verify-full"
    )

    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["NAME"] == "sroi"
    assert database["USER"] == "sroi"
    assert database["PASSWORD"] == "p@ss/word"
    assert database["HOST"] == "db.example.org"
    assert str(database["PORT"]) == "5433"
    assert database["OPTIONS"] == {"sslmode": "verify-full"}
    assert database["CONN_MAX_AGE"] == 60
    assert database["CONN_HEALTH_CHECKS"] is True


def test_sqlite_database_url_gives_the_absolute_path() -> None:
    database = database_from_url("sqlite:////srv/sroi/db.sqlite3")

    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == "/srv/sroi/db.sqlite3"


@pytest.mark.parametrize(
    "url", ["mysql://sroi:secret@db/sroi", "oracle://sroi:secret@db/sroi", "db.example.org/sroi"]
)
def test_database_url_of_an_unsupported_kind_is_refused_by_name(url: str) -> None:
    with pytest.raises(ImproperlyConfigured, match="SROI_DATABASE_URL") as refused:
        database_from_url(url)

    assert "secret" not in str(refused.value)


def test_there_are_requirement_files() -> None:
    assert [path.name for path in REQUIREMENTS] == ["base.txt", "dev.txt"]


@pytest.mark.parametrize("path", REQUIREMENTS, ids=lambda path: path.name)
def test_requirement_files_name_no_local_index_or_path(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    options = [
        line
        for line in text.splitlines()
        if re.match(r"\s*(-i|-f|--index-url|--extra-index-url|--find-links|--trusted-host)\b", line)
    ]

    assert options == []
    assert "file://" not in text
    assert "/opt/" not in text


@pytest.mark.parametrize("path", REQUIREMENTS, ids=lambda path: path.name)
def test_every_pinned_requirement_carries_a_hash(path: Path) -> None:
    # pip-compile --generate-hashes: "name==version \" then "--hash=sha256:..." lines.
    text = path.read_text(encoding="utf-8").replace("\\\n", " ")
    requirements = [
        line.strip()
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith(("#", "-"))
    ]
    unpinned_or_unhashed = [
        line.split()[0]
        for line in requirements
        if not re.match(r"^[A-Za-z0-9._-]+==\S+\s", line) or "--hash=sha256:" not in line
    ]

    assert requirements
    assert unpinned_or_unhashed == []
