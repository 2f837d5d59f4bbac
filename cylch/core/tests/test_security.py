from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_security_headers_on_every_page() -> None:
    response = Client().get("/sign-in/")
    csp = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in csp
    assert directives["frame-ancestors"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_no_inline_script_in_pages() -> None:
    import re

    page = Client().get("/sign-in/").content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, re.S)
    assert scripts, "expected the module script"
    for attributes, body in scripts:
        assert "src=" in attributes and body.strip() == ""


def _production(env: dict[str, str], code: str = "import django; django.setup()") -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE"}}
    clean.update({"DJANGO_SETTINGS_MODULE": "cylch.settings", "CYLCH_ENV": "production", **env})
    return subprocess.run([sys.executable, "-c", code], env=clean, capture_output=True, text=True, check=False)  # noqa: S603


def test_production_refuses_debug() -> None:
    result = _production({"DEBUG": "true", "SECRET_KEY": "x" * 50})
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_production_refuses_default_secret_key() -> None:
    result = _production({})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_sets_hsts_and_secure_cookies() -> None:
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.DEBUG)"
    )
    result = _production({"SECRET_KEY": "k" * 50}, code)
    assert result.returncode == 0, result.stderr
    hsts, session_secure, csrf_secure, debug = result.stdout.split()
    assert int(hsts) >= 31536000
    assert (session_secure, csrf_secure, debug) == ("True", "True", "False")


def test_production_response_carries_hsts() -> None:
    code = (
        "import django; django.setup(); from django.test import Client; "
        "r = Client().get('/healthz', secure=True, HTTP_HOST='127.0.0.1'); "
        "print(r.status_code, r.headers.get('Strict-Transport-Security'))"
    )
    result = _production({"SECRET_KEY": "k" * 50, "DATABASE_URL": "sqlite:///:memory:"}, code)
    assert result.returncode == 0, result.stderr
    assert "max-age=63072000" in result.stdout


def test_health_endpoint() -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
