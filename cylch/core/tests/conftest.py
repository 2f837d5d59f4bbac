"""Browser fixtures: one headless Chromium per test session, a fresh context per test.

Chromium comes from Debian (/usr/bin/chromium) and axe-core from npm
(node_modules/axe-core); nothing is downloaded here.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

CHROMIUM = Path(os.environ.get("CYLCH_CHROMIUM", "/usr/bin/chromium"))
AXE_JS = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class PageLog:
    """What the browser reported while a test ran."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_static: list[str] = field(default_factory=list)

    def csp_errors(self) -> list[str]:
        return [m for m in self.console_errors if "content security policy" in m.lower()]


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run `npm ci` (or `make frontend`) in {settings.BASE_DIR}")
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Chromium for one test module.

    Playwright's sync API keeps an asyncio loop running in this thread while it
    is started, so Django would refuse the tests' own (synchronous) ORM calls.
    Allow them for the module only, and stop Playwright afterwards so the rest
    of the suite runs without a loop and without the allowance.
    """
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `apt-get install -y chromium`")
    css = Path(settings.BASE_DIR) / "var" / "build" / "cylch" / "cylch.css"
    if not css.exists():
        pytest.fail(f"{css} is missing: run `make frontend`")
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
            try:
                yield chromium
            finally:
                chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page_log() -> PageLog:
    return PageLog()


@pytest.fixture
def browser_context(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def page(browser_context: Any, page_log: PageLog) -> Any:
    page = browser_context.new_page()

    def record_console(message: Any) -> None:
        if message.type == "error":
            page_log.console_errors.append(message.text)

    def record_page_error(error: Any) -> None:
        page_log.page_errors.append(str(error))

    def record_response(response: Any) -> None:
        if response.status >= 400 and "/static/" in response.url:
            page_log.failed_static.append(f"{response.status} {response.url}")

    page.on("console", record_console)
    page.on("pageerror", record_page_error)
    page.on("response", record_response)
    return page
