"""Browser tests: headless Chromium against the live server, with axe-core for accessibility.

Run with `make test-browser` (or `.venv/bin/pytest -m browser`). Fixtures are in
conftest.py next to this file. Every page visited is checked with axe-core
against WCAG 2.2 AA, and for Content Security Policy errors and the GOV.UK
Frontend JavaScript having started.
"""

from __future__ import annotations

import base64
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django_otp.oath import TOTP

from cylch.core import testing
from cylch.core.demo import demo_load
from cylch.core.tests.conftest import PageLog
from cylch.people.models import Person, Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_RUN = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.map((n) => n.target.join(' ')),
  }));
}"""


# Helpers ---------------------------------------------------------------------


def axe_violations(page: Any, axe_source: str) -> list[dict[str, Any]]:
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # evaluate, not add_script_tag: the CSP forbids inline script.
        page.evaluate(axe_source)
    return page.evaluate(AXE_RUN, AXE_TAGS)


def describe(violations: list[dict[str, Any]]) -> str:
    return "\n".join(f"  {v['id']} ({v['impact']}): {v['help']} at {', '.join(v['targets'])}" for v in violations)


def check_page(page: Any, axe_source: str, log: PageLog) -> None:
    """The page passes axe, the GOV.UK JS started, and nothing was refused by the CSP."""
    where = f"{page.url} (lang={page.evaluate('() => document.documentElement.lang')})"
    violations = axe_violations(page, axe_source)
    assert violations == [], f"axe found accessibility violations on {where}:\n{describe(violations)}"
    assert page.evaluate("() => document.body.classList.contains('govuk-frontend-supported')"), (
        f"GOV.UK Frontend JavaScript did not start on {where}"
    )
    assert log.csp_errors() == [], f"Content Security Policy errors on {where}: {log.csp_errors()}"
    assert log.page_errors == [], f"JavaScript errors on {where}: {log.page_errors}"
    assert log.failed_static == [], f"Static files failed to load on {where}: {log.failed_static}"


def html_lang(page: Any) -> str:
    return page.evaluate("() => document.documentElement.lang")


def follow(page: Any, target: Any) -> Any:
    """Click a link or button and wait for the page it leads to; return the response."""
    with page.expect_navigation() as navigation:
        target.click()
    return navigation.value


def path_of(page: Any) -> str:
    from urllib.parse import urlsplit

    return urlsplit(page.url).path


def enter_password(page: Any, person: Person, password: str = testing.TEST_PASSWORD) -> None:
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(person.email)
    page.get_by_label("Password").fill(password)
    follow(page, page.get_by_role("button", name="Continue"))


def assert_error_links_lead_somewhere(page: Any) -> None:
    """Every link in the error summary points at an element on the page."""
    hrefs = page.locator(".govuk-error-summary a").evaluate_all("(links) => links.map((a) => a.getAttribute('href'))")
    assert hrefs, "the error summary has no links"
    for href in hrefs:
        assert href.startswith("#") and page.locator(href).count() == 1, f"error summary link {href} leads nowhere"


def wrong_code() -> str:
    """A 6-digit code that is not accepted now (nor one step either side)."""
    near = {testing.current_code(offset=offset) for offset in (-2, -1, 0, 1, 2)}
    return next(code for code in ("000000", "111111", "222222", "333333", "444444", "555555") if code not in near)


def sign_in_by_cookie(browser_context: Any, live_server: Any, person: Person) -> None:
    """A verified session made on the server side, handed to the browser (fast: no forms)."""
    client = Client()
    testing.sign_in_verified(client, person)
    browser_context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            },
            # The sign-in form sets this; do the same so people see Cylch in their own language.
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": person.language, "url": live_server.url},
        ]
    )


# The helpers themselves --------------------------------------------------------


def test_checks_catch_a_missing_alt_text_and_an_inline_script(page: Any, axe_source: str, page_log: PageLog) -> None:
    """axe and the CSP watch would fail a page that broke the rules (so passing means something)."""
    page.goto("/sign-in/")
    page.evaluate(
        """() => {
        const img = document.createElement('img');
        img.src = '/static/cylch/favicon.svg';
        document.querySelector('main').appendChild(img);
        const script = document.createElement('script');
        script.textContent = 'window.inlineRan = true;';
        document.head.appendChild(script);
    }"""
    )
    ids = {v["id"] for v in axe_violations(page, axe_source)}
    assert "image-alt" in ids
    assert page.evaluate("() => window.inlineRan === undefined"), "the CSP let an inline script run"
    for _ in range(40):  # console messages arrive asynchronously
        if page_log.csp_errors():
            break
        page.wait_for_timeout(50)
    assert page_log.csp_errors(), f"no CSP error was reported: {page_log.console_errors}"


# 1. Sign-in page, English and Welsh ------------------------------------------


def test_sign_in_page_is_accessible_in_english_and_welsh(page: Any, axe_source: str, page_log: PageLog) -> None:
    page.goto("/sign-in/")
    assert html_lang(page) == "en"
    english_heading = page.get_by_role("heading", level=1).inner_text()
    assert english_heading == "Sign in to Cylch"
    check_page(page, axe_source, page_log)

    follow(page, page.get_by_role("navigation", name="Language").get_by_role("link", name="Cymraeg"))
    assert path_of(page) == "/sign-in/"
    assert html_lang(page) == "cy"
    # The words changed too (`make messages` compiles the Welsh catalogue).
    assert page.get_by_role("heading", level=1).inner_text() != english_heading
    check_page(page, axe_source, page_log)


# 2. Signing in with a password and a code, home in both languages, signing out ----


def test_person_with_authenticator_signs_in_and_out(page: Any, axe_source: str, page_log: PageLog) -> None:
    team = testing.make_team()
    person = testing.make_person(Role.PRACTITIONER, team)

    enter_password(page, person)
    assert path_of(page) == "/sign-in/code/"
    check_page(page, axe_source, page_log)

    page.get_by_label("Code").fill(testing.current_code())
    follow(page, page.get_by_role("button", name="Sign in"))
    assert path_of(page) == "/"
    header = page.get_by_test_id("signed-in-person")
    assert person.full_name in header.inner_text()
    assert team.agency.name_en in header.inner_text()
    assert html_lang(page) == "en"
    check_page(page, axe_source, page_log)

    follow(page, page.get_by_role("link", name="Cymraeg"))
    assert path_of(page) == "/"
    assert html_lang(page) == "cy"
    assert team.agency.name_cy in page.get_by_test_id("signed-in-person").inner_text()
    check_page(page, axe_source, page_log)
    person.refresh_from_db()
    assert person.language == "cy"

    follow(page, page.get_by_role("link", name="English"))
    assert html_lang(page) == "en"

    follow(page, page.get_by_role("button", name="Sign out"))
    assert path_of(page) == "/sign-in/"
    assert page.get_by_test_id("signed-in-person").count() == 0
    assert page.get_by_text("You have signed out.").is_visible()
    check_page(page, axe_source, page_log)

    # Signed out means signed out: home sends us back to sign-in.
    page.goto("/")
    assert path_of(page) == "/sign-in/"


# 3. Setting up an authenticator -----------------------------------------------


def test_person_without_authenticator_sets_one_up(page: Any, axe_source: str, page_log: PageLog) -> None:
    person = testing.make_person(Role.PRACTITIONER, with_device=False)

    enter_password(page, person)
    assert path_of(page) == "/sign-in/set-up-two-factor/"
    qr = page.locator("img.cylch-qr")
    assert qr.is_visible()
    assert (qr.get_attribute("alt") or "").strip(), "the QR code has no alt text"
    assert qr.evaluate("(img) => img.complete && img.naturalWidth > 0"), "the QR code did not load"
    check_page(page, axe_source, page_log)

    key_text = page.get_by_test_id("totp-secret").inner_text()
    assert " " in key_text, "the key should be grouped for reading aloud and typing"
    key = key_text.replace(" ", "")
    key += "=" * (-len(key) % 8)
    code = f"{TOTP(base64.b32decode(key)).token():06d}"

    page.get_by_label("Code from your authenticator app").fill(code)
    follow(page, page.get_by_role("button", name="Continue"))
    assert path_of(page) == "/sign-in/recovery-codes/"
    codes = page.get_by_test_id("recovery-codes").locator("li").all_inner_texts()
    assert len(codes) == 10
    assert len(set(codes)) == 10
    check_page(page, axe_source, page_log)

    follow(page, page.get_by_role("link", name="I have saved my codes"))
    assert path_of(page) == "/"
    assert person.full_name in page.get_by_test_id("signed-in-person").inner_text()


# 4. Error summary ---------------------------------------------------------------


def test_empty_sign_in_shows_focused_error_summary(page: Any, axe_source: str, page_log: PageLog) -> None:
    page.goto("/sign-in/")
    follow(page, page.get_by_role("button", name="Continue"))
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert page.title().startswith("Error:")
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.classList.contains('govuk-error-summary')"
    )
    assert summary.locator("a").count() == 2
    assert_error_links_lead_somewhere(page)
    check_page(page, axe_source, page_log)


def test_wrong_password_shows_error_summary(page: Any, axe_source: str, page_log: PageLog) -> None:
    person = testing.make_person(Role.PRACTITIONER)
    enter_password(page, person, password="not the password at all")
    assert path_of(page) == "/sign-in/"
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.classList.contains('govuk-error-summary')"
    )
    assert summary.get_by_role("link", name="Enter a correct email address and password.").is_visible()
    assert_error_links_lead_somewhere(page)
    check_page(page, axe_source, page_log)


# 5. Keyboard --------------------------------------------------------------------


def test_skip_link_is_first_and_moves_focus_to_main(page: Any, page_log: PageLog) -> None:
    page.goto("/sign-in/")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => ({cls: document.activeElement.className, text: document.activeElement.textContent.trim()})"
    )
    assert "govuk-skip-link" in focused["cls"]
    assert focused["text"] == "Skip to main content"
    assert page.locator(".govuk-skip-link").is_visible(), "the skip link should show when it has focus"
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'main-content'")
    # The next Tab goes into the page content, not back to the header.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.getElementById('main-content').contains(document.activeElement)")


# 6. Every page in the service navigation, for demo people ---------------------


@pytest.mark.parametrize("local", ["practitioner", "agencyadmin", "sysadmin"])
def test_service_navigation_pages_are_accessible(
    local: str, page: Any, browser_context: Any, live_server: Any, axe_source: str, page_log: PageLog
) -> None:
    region = demo_load()
    person = region.people[local]
    sign_in_by_cookie(browser_context, live_server, person)

    response = page.goto("/")
    assert response is not None and response.status == 200
    assert path_of(page) == "/"
    assert html_lang(page) == person.language
    links = page.locator("nav.govuk-service-navigation__wrapper a.govuk-service-navigation__link")
    hrefs = links.evaluate_all("(links) => links.map((a) => a.getAttribute('href'))")
    # Later features add links; these must be there (and the admin ones only for admins).
    must, must_not = {
        "practitioner": ({"/", "/agencies/", "/account/"}, {"/people/", "/audit/"}),
        "agencyadmin": ({"/", "/agencies/", "/people/", "/account/"}, {"/audit/"}),
        "sysadmin": ({"/", "/agencies/", "/people/", "/audit/", "/account/"}, set()),
    }[local]
    assert must <= set(hrefs), f"missing from the navigation: {must - set(hrefs)}"
    assert not must_not & set(hrefs), f"should not be in the navigation: {must_not & set(hrefs)}"

    for href in hrefs:
        response = page.goto(href)
        assert response is not None and response.status == 200, f"{href} answered {response and response.status}"
        current = page.locator("a.govuk-service-navigation__link[aria-current='page']")
        assert current.count() == 1 and current.get_attribute("href") == href
        check_page(page, axe_source, page_log)


# 7. Scripts, styles and the Content Security Policy ---------------------------


def test_pages_run_govuk_frontend_without_csp_errors(
    page: Any, browser_context: Any, live_server: Any, page_log: PageLog
) -> None:
    person = testing.make_person(Role.SYSTEM_ADMIN)
    for path in ["/sign-in/", "/password-reset/"]:
        page.goto(path)
        assert page.evaluate("() => document.body.classList.contains('govuk-frontend-supported')"), path
    sign_in_by_cookie(browser_context, live_server, person)
    for path in ["/", "/agencies/", "/people/", "/people/invite/", "/audit/", "/audit/mine/", "/account/"]:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        assert page.evaluate("() => document.body.classList.contains('govuk-frontend-supported')"), path
        # The stylesheet loaded and applies: the GOV.UK header is black.
        background = page.locator("header").evaluate("(el) => getComputedStyle(el).backgroundColor")
        assert background == "rgb(11, 12, 12)", f"{path}: cylch.css did not apply (header background {background})"
    assert page_log.csp_errors() == []
    assert page_log.page_errors == []
    assert page_log.failed_static == []


# 8. Wrong codes ---------------------------------------------------------------------


def test_six_wrong_codes_show_an_error_each_time(page: Any, axe_source: str, page_log: PageLog) -> None:
    person = testing.make_person(Role.PRACTITIONER)
    enter_password(page, person)
    assert path_of(page) == "/sign-in/code/"
    code = wrong_code()
    for attempt in range(1, 7):
        page.get_by_label("Code").fill(code)
        response = follow(page, page.get_by_role("button", name="Sign in"))
        assert response is not None and response.status == 200, (
            f"attempt {attempt} answered {response and response.status}"
        )
        assert path_of(page) == "/sign-in/code/"
        assert page.locator(".govuk-error-summary").is_visible(), f"no error summary after attempt {attempt}"
        assert page.locator("#id_code-error").is_visible()
    check_page(page, axe_source, page_log)


# Small screens -------------------------------------------------------------------


def test_small_screen_menu_and_reflow(
    page: Any, browser_context: Any, live_server: Any, axe_source: str, page_log: PageLog
) -> None:
    """At 320 CSS pixels (400% zoom) the navigation folds behind a Menu button and nothing scrolls sideways."""
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/sign-in/")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    check_page(page, axe_source, page_log)

    sign_in_by_cookie(browser_context, live_server, testing.make_person(Role.SYSTEM_ADMIN))
    page.goto("/account/")
    menu = page.get_by_role("button", name="Menu")
    assert menu.is_visible()
    assert menu.get_attribute("aria-expanded") == "false"
    assert not page.get_by_role("link", name="Agencies").is_visible()
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    assert page.get_by_role("link", name="Agencies").is_visible()
    assert page.get_by_role("button", name="Sign out").is_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    check_page(page, axe_source, page_log)
