"""Shared helpers for the Playwright browser scenarios of every app.

- `cy(text)`: the Welsh of an interface string, asserting the catalogue translates it;
- `Visitor`: one person signed in, in a browser context of their own, with a `PageLog`;
- `visit_fixture(...)`: makes the `visit` fixture, `visit(person) -> Visitor`, whose teardown
  lets requests finish and stops the pages' timers before closing the contexts;
- `reference_data_after_flush()`: reloads what a transactional test's flush empties;
- `region_fixture()`: makes the `region` fixture (that data, then the demo region).

A test module takes the fixtures by assignment, so pytest finds them there:

    visit = visit_fixture()
    region = region_fixture()

The `browser`, `axe_source` and `live_server` fixtures come from cylch.core.tests.conftest and
pytest-django, as before.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import Error as PlaywrightError

from cylch.core.demo import DemoRegion
from cylch.core.tests.conftest import PageLog
from cylch.core.tests.test_browser import check_page, sign_in_by_cookie
from cylch.people.models import Person

VIEWPORT = {"width": 1280, "height": 900}


def cy(text: str) -> str:
    """The Welsh for an interface string, from the compiled catalogue."""
    with translation.override("cy"):
        welsh = gettext(text)
    assert welsh != text, f"no Welsh for {text!r}: run `make messages`"
    return welsh


@dataclass
class Visitor:
    """One person in their own browser context."""

    person: Person
    page: Any
    log: PageLog
    axe: str | None = None  # set when the visit fixture binds axe-core (then `check()` needs no argument)

    def check(self, axe_source: str | None = None) -> None:
        source = axe_source if axe_source is not None else self.axe
        assert source is not None, "pass axe_source, or make the visit fixture with bind_axe=True"
        check_page(self.page, source, self.log)


def watch(page: Any, log: PageLog, *, static: bool = False) -> None:
    """Record the page's console errors and JavaScript errors in `log` (and failed static files if `static`)."""

    def record_console(message: Any) -> None:
        if message.type == "error":
            log.console_errors.append(message.text)

    def record_response(response: Any) -> None:
        if response.status >= 400 and "/static/" in response.url:
            log.failed_static.append(f"{response.status} {response.url}")

    page.on("console", record_console)
    page.on("pageerror", lambda error: log.page_errors.append(str(error)))
    if static:
        page.on("response", record_response)


def contexts_close(contexts: list[Any]) -> None:
    for context in contexts:
        for page in context.pages:
            # Let requests under way finish, then stop the page's timers (drafts, session), so the
            # live server is idle when the test database is flushed: SQLite would say "table is locked".
            with contextlib.suppress(PlaywrightError):
                page.wait_for_load_state("networkidle", timeout=5_000)
                page.goto("about:blank")
        context.close()


def visit_fixture(*, bind_axe: bool = False, watch_static: bool = False, locale: str = "en-GB", **context_options: Any) -> Any:
    """The `visit` fixture: visit(person) is that person, signed in, in a browser context of their own.

    bind_axe: the Visitor keeps axe-core, so `check()` takes no argument.
    watch_static: static files that fail to load are recorded too (check_page then fails on them).
    locale, context_options: passed to `browser.new_context` (viewport, accept_downloads...).
    """
    options = {"viewport": VIEWPORT, **context_options}

    @pytest.fixture
    def visit(browser: Any, live_server: Any, request: Any) -> Iterator[Callable[[Person], Visitor]]:
        axe = request.getfixturevalue("axe_source") if bind_axe else None
        contexts: list[Any] = []

        def open_for(person: Person) -> Visitor:
            context = browser.new_context(base_url=live_server.url, locale=locale, **options)
            context.set_default_timeout(10_000)
            contexts.append(context)
            sign_in_by_cookie(context, live_server, person)
            page = context.new_page()
            log = PageLog()
            watch(page, log, static=watch_static)
            return Visitor(person, page, log, axe)

        yield open_for
        contexts_close(contexts)

    return visit


def reference_data_after_flush() -> None:
    """What the migrations load and a transactional test's flush empties: the reference lists,
    policy figures, timescale and sensitivity rules of every domain, and the Framework's content
    (its documents and their stable rows: standards, indicators, practice notes). Loading twice
    changes nothing."""
    from cylch.core.demo import _configuration_load
    from cylch.framework.services import framework_load

    _configuration_load()
    framework_load()


def region_fixture() -> Any:
    """The `region` fixture: the reference data (see above), then the demo region."""

    @pytest.fixture
    def region() -> DemoRegion:
        from cylch.core.demo import demo_load

        reference_data_after_flush()
        return demo_load()

    return region
