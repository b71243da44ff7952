"""Security headers on every page, no inline script or style (CSP), and a clean deploy check."""

from __future__ import annotations

import os
import re
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from sroi.accounts.models import User

pytestmark = pytest.mark.django_db

PROJECT_DIR = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("path", ["/", "/bestaat-niet/"])
def test_pages_send_the_security_headers(client: Client, path: str) -> None:
    response = client.get(path)

    csp = response["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_pages_have_no_inline_script_or_style(client: Client, contractor_a: User) -> None:
    client.force_login(contractor_a)

    html = client.get("/").content.decode()

    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts, "expected the site's scripts"
    assert all(" src=" in tag for tag in scripts), scripts
    assert not re.search(r"<style\b", html)
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"\son[a-z]+=", html)  # no inline event handlers


def _production_environment() -> dict[str, str]:
    # Without the test run's own settings: SROI_* and the browser tests' async switch.
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("SROI_") and key != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    alphabet = string.ascii_letters + string.digits + "!#%&()*+-=@^_"
    environment.update(
        {
            "SROI_ENVIRONMENT": "production",
            "SROI_SECRET_KEY": "".join(secrets.choice(alphabet) for _ in range(50)),
            "SROI_ALLOWED_HOSTS": "sroi.example.org",
            "SROI_DATABASE_URL": "postgres://sroi@db.example.org:5432/sroi",
            "SROI_EMAIL_HOST": "smtp.example.org",
            "SROI_BASE_URL": "https://sroi.example.org",
            "DJANGO_SETTINGS_MODULE": "sroi.settings",
        }
    )
    return environment


def test_deploy_check_passes_in_production() -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT_DIR,
        env=_production_environment(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    "missing", ["SROI_SECRET_KEY", "SROI_DATABASE_URL", "SROI_EMAIL_HOST", "SROI_BASE_URL"]
)
def test_production_refuses_to_start_without_its_settings(missing: str) -> None:
    environment = _production_environment()
    del environment[missing]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=PROJECT_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert missing in result.stderr


def test_production_refuses_a_database_url_it_cannot_use_without_showing_it() -> None:
    environment = _production_environment()
    environment["SROI_DATABASE_URL"] = "mysql://sroi:geheim-wachtwoord@db.example.org/sroi"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=PROJECT_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SROI_DATABASE_URL" in result.stderr
    assert "geheim-wachtwoord" not in result.stdout + result.stderr
