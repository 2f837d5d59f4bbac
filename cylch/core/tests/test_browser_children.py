"""Browser tests for the child's record: finding, joining, emergency access, stale edits,
session timeouts with drafts, and opening records. Headless Chromium against the live
server, on the demo region; every page visited passes axe-core and the CSP check.

Several people take part in one story, each in their own browser context (their own
cookies), signed in the fast way (a verified session made on the server side).
Labels are looked up in the Welsh catalogue for the Welsh-speaking demo people, so the
tests also prove the pages they use are translated.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from cylch.access.models import AccessGrant
from cylch.children.models import Child, Involvement, JoinRequest, VoiceEntry
from cylch.core import testing
from cylch.core.demo import DEMO_PASSWORD, DEMO_TOTP_KEY_HEX, DemoRegion
from cylch.core.models import Draft
from cylch.core.tests.browser import Visitor, cy, region_fixture, visit_fixture
from cylch.core.tests.test_browser import follow, html_lang, path_of
from cylch.people.models import Person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# Helpers ---------------------------------------------------------------------------


class KnownAppBug(AssertionError):
    """Raised where a test meets a reported application bug (its xfail marker names the bug)."""


def path_of_url(url: str) -> str:
    return urlsplit(url).path


def dob(child: Child) -> str:
    """The date of birth as a person types it (day month year)."""
    assert child.date_of_birth is not None
    return f"{child.date_of_birth.day} {child.date_of_birth.month} {child.date_of_birth.year}"


visit = visit_fixture(watch_static=True)
region = region_fixture()


def search(page: Any, *, name: str = "", date_of_birth: str = "", english: bool = True) -> None:
    t = (lambda s: s) if english else cy
    page.goto("/children/")
    page.get_by_label(t("Name"), exact=True).fill(name)
    page.get_by_label(t("Date of birth"), exact=True).fill(date_of_birth)
    follow(page, page.get_by_role("button", name=t("Search"), exact=True))


# 1. A school's safeguarding lead asks to join; the social worker accepts --------------


def test_school_lead_asks_to_join_is_accepted_and_reads_the_summary_in_welsh(
    region: DemoRegion, visit: Callable[[Person], Visitor], axe_source: str
) -> None:
    seren = region.children["seren"]
    dsl = visit(region.people["dsl"])
    page = dsl.page

    # A name alone never reveals a record the school is not involved with.
    search(page, name="Seren Enghraifft")
    assert page.get_by_role("heading", name="0 children found").is_visible()
    assert page.get_by_text("A record exists").count() == 0
    assert page.get_by_role("link", name="Ask to join the team around this child").count() == 0
    dsl.check(axe_source)

    # With her date of birth, Cylch says a record exists and who holds it, but no more.
    search(page, name="Seren Enghraifft", date_of_birth=dob(seren))
    row = page.locator("tbody tr").filter(has_text="A record exists")
    assert row.count() == 1
    assert "held by Demo Valley Children's Services" in row.inner_text()
    assert "Seren" not in row.inner_text()
    dsl.check(axe_source)

    follow(page, row.get_by_role("link", name="Ask to join the team around this child"))
    assert path_of(page) == f"/children/{seren.pk}/join/"
    dsl.check(axe_source)
    page.get_by_label("Your role for this child").select_option("school_dsp")
    reason = "Seren's attendance has dropped and she told her teacher home is noisy and frightening."
    page.get_by_label("Why your agency needs to be in the team around this child").fill(reason)
    follow(page, page.get_by_role("button", name="Send request"))
    assert path_of(page) == "/children/my-requests/"
    assert page.get_by_text("Your request has been sent to the lead professional.").is_visible()
    dsl.check(axe_source)

    # The lead professional (who uses Cylch in Welsh) decides.
    alys = visit(region.people["practitioner"])
    lead = alys.page
    lead.goto("/children/join-requests/")
    assert html_lang(lead) == "cy"
    assert lead.get_by_role("heading", level=1).inner_text() == cy("Requests to join")
    request_row = lead.locator("tbody tr").filter(has_text=region.people["dsl"].full_name)
    assert request_row.count() == 1
    assert reason in request_row.inner_text()
    alys.check(axe_source)

    follow(lead, request_row.get_by_role("link", name=f"{cy('Decide')} {region.people['dsl'].full_name}"))
    assert lead.get_by_role("heading", level=1).inner_text() == cy("Decide a request to join")
    alys.check(axe_source)
    lead.get_by_role("radio", name=cy("Accept"), exact=True).check()
    lead.get_by_role("radio", name=cy("Statutory basis"), exact=True).check()
    lead.get_by_role("combobox", name=cy("Statutory basis"), exact=True).select_option("safeguarding")
    lead.get_by_label(cy("Information-sharing agreement relied on")).select_option(label=region.agreements["isp"].title)
    follow(lead, lead.get_by_role("button", name=cy("Record decision")))
    assert path_of(lead) == "/children/join-requests/"
    assert lead.get_by_text(cy("Decision recorded. The person who asked has been told.")).is_visible()
    assert lead.get_by_text(cy("No requests are waiting for you.")).is_visible()
    alys.check(axe_source)

    join_request = JoinRequest.objects.get(child=seren, requested_by=region.people["dsl"])
    assert join_request.status == JoinRequest.Status.ACCEPTED
    involvement = Involvement.objects.active().get(child=seren, practitioner=region.people["dsl"])
    assert involvement.statutory_basis == "safeguarding"
    assert involvement.agreement == region.agreements["isp"]

    # Now the school sees Seren by name, and reads her summary in Welsh.
    search(page, name="Seren Enghraifft")
    follow(page, page.get_by_role("link", name="Seren Enghraifft", exact=True))
    assert path_of(page) == f"/children/{seren.pk}/"
    assert page.get_by_role("heading", name="At a glance").is_visible()
    dsl.check(axe_source)

    follow(page, page.get_by_role("navigation", name="Language").get_by_role("link", name="Cymraeg"))
    assert path_of(page) == f"/children/{seren.pk}/"
    assert html_lang(page) == "cy"
    assert page.get_by_role("heading", level=1).inner_text() == "Seren Enghraifft"
    assert page.get_by_role("heading", level=2, name=cy("At a glance")).is_visible()
    assert page.get_by_role("heading", level=2, name=cy("What matters to me")).is_visible()
    lead_professional = page.get_by_test_id("lead-professional").inner_text()
    assert region.people["practitioner"].full_name in lead_professional
    assert region.agencies["demo-childrens-services"].name_cy in lead_professional
    assert "Nain Gwenllian Enghraifft" in page.get_by_test_id("trusted-adult").inner_text()
    latest = VoiceEntry.objects.filter(child=seren).latest("captured_on")
    voice = page.get_by_test_id("latest-voice")
    assert latest.words[:40] in voice.inner_text()
    assert voice.get_attribute("lang") == "cy"
    assert page.get_by_test_id("child-language").inner_text().strip() == f"{cy('Language:')} {cy('Welsh')}"
    dsl.check(axe_source)


# 2. A health visitor not involved uses emergency access; the lead is told -------------


def test_health_visitor_uses_emergency_access_and_the_lead_is_told(
    region: DemoRegion, visit: Callable[[Person], Visitor], axe_source: str
) -> None:
    seren = region.children["seren"]
    health_visitor = region.people["healthvisitor"]
    hv = visit(health_visitor)
    page = hv.page

    # Not involved: the record itself is simply not found.
    response = page.goto(f"/children/{seren.pk}/")
    assert response is not None and response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Page not found"
    assert "Seren" not in page.locator("main").inner_text()
    hv.check(axe_source)

    search(page, name="Seren Enghraifft", date_of_birth=dob(seren))
    row = page.locator("tbody tr").filter(has_text="A record exists")
    assert row.count() == 1
    hv.check(axe_source)

    follow(page, row.get_by_role("link", name="Emergency access"))
    assert path_of(page) == f"/children/{seren.pk}/emergency-access/"
    hv.check(axe_source)
    reason = "Seren was brought to clinic with bruising; I need to know who holds parental responsibility now."
    page.get_by_label("Why you need to see this record now").fill(reason)
    page.get_by_label("I understand my use of this record is recorded and will be reviewed").check()
    follow(page, page.get_by_role("button", name="Open the record"))
    assert path_of(page) == f"/children/{seren.pk}/"
    assert page.locator(".govuk-warning-text").filter(has_text="through emergency access").is_visible()
    assert page.get_by_role("heading", level=1).inner_text() == "Seren Enghraifft"
    hv.check(axe_source)
    assert (
        AccessGrant.objects.filter(kind=AccessGrant.Kind.BREAK_GLASS, person=health_visitor, child=seren).count() == 1
    )

    # The lead professional was told at once, in Welsh, with the reason.
    alys = visit(region.people["practitioner"])
    alys.page.goto("/messages/")
    assert html_lang(alys.page) == "cy"
    message = alys.page.locator("tbody tr").filter(has_text=health_visitor.full_name)
    assert message.count() == 1
    assert reason in message.inner_text()
    assert "Seren Enghraifft" in message.inner_text()
    alys.check(axe_source)

    # The health visitor's own safeguarding lead reviews it.
    meirion = visit(region.people["healthdsl"])
    review = meirion.page
    review.goto("/")
    follow(review, review.get_by_role("link", name="Emergency access to review"))
    assert path_of(review) == "/children/emergency-access/"
    use = review.locator("tbody tr").filter(has_text=health_visitor.full_name)
    assert use.count() == 1
    assert reason in use.inner_text()
    meirion.check(axe_source)

    follow(review, use.get_by_role("link", name=f"Review {health_visitor.full_name}"))
    meirion.check(axe_source)
    review.get_by_role("radio", name="Yes, confirm it").check()
    follow(review, review.get_by_role("button", name="Record review"))
    assert path_of(review) == "/children/emergency-access/"
    assert review.get_by_text("Review recorded.").is_visible()
    assert "Confirmed" in review.locator("tbody tr").filter(has_text=health_visitor.full_name).inner_text()
    meirion.check(axe_source)
    grant = AccessGrant.objects.get(kind=AccessGrant.Kind.BREAK_GLASS, person=health_visitor)
    assert grant.review == "confirmed"


def test_the_leads_emergency_access_message_leads_to_a_page_they_may_see(
    region: DemoRegion, visit: Callable[[Person], Visitor], axe_source: str
) -> None:
    from cylch.children import services

    services.break_glass_open(
        actor=region.people["healthvisitor"], child=region.children["seren"], reason="Bruising seen at clinic today."
    )
    alys = visit(region.people["practitioner"])
    alys.page.goto("/messages/")
    message = alys.page.locator("tbody tr").filter(has_text=region.people["healthvisitor"].full_name)
    response = follow(alys.page, message.get_by_role("link"))
    assert response is not None
    if response.status != 200:
        raise KnownAppBug(f"{path_of(alys.page)} answered {response.status}")
    alys.check(axe_source)


# 3. Two people edit the same details; the second is told, and nothing is lost ------------


def test_second_of_two_edits_is_refused_and_shows_what_changed(
    region: DemoRegion, visit: Callable[[Person], Visitor], axe_source: str
) -> None:
    seren = region.children["seren"]
    version_before = seren.version
    first = visit(region.people["practitioner"])
    second = visit(region.people["csdsl"])
    label = cy("Name the child likes to be called")
    for visitor in (first, second):
        visitor.page.goto(f"/children/{seren.pk}/details/")
        assert html_lang(visitor.page) == "cy"
        assert visitor.page.get_by_label(label).input_value() == "Seren"
    first.check(axe_source)

    first.page.get_by_label(label).fill("Seren Fach")
    follow(first.page, first.page.get_by_role("button", name=cy("Save"), exact=True))
    assert path_of(first.page) == f"/children/{seren.pk}/"
    assert first.page.get_by_role("heading", level=1).inner_text() == "Seren Fach Enghraifft"

    second.page.get_by_label(label).fill("Sêr")
    response = follow(second.page, second.page.get_by_role("button", name=cy("Save"), exact=True))
    assert response is not None and response.status == 200
    assert path_of(second.page) == f"/children/{seren.pk}/details/"
    summary = second.page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert (
        cy(
            "Someone else saved changes to this record while you were editing. Your changes have not been saved. "
            "Check what they changed, then save again."
        )
        in summary.inner_text()
    )
    second.page.wait_for_function(
        "() => document.activeElement && document.activeElement.classList.contains('govuk-error-summary')"
    )
    changes = second.page.get_by_test_id("stale-changes")
    assert changes.get_by_role("heading", name=cy("What the other person changed")).is_visible()
    row = changes.locator("tbody tr")
    assert row.count() == 1
    # The field by its label (not its name in the code), what was saved, and what was typed.
    assert row.locator("td").all_inner_texts() == [label, "Seren Fach", "Sêr"]
    second.check(axe_source)

    seren.refresh_from_db()
    assert seren.preferred_name == "Seren Fach"
    assert seren.version == version_before + 1, "only the first person's save counted"


# 4. The session times out while typing; the draft comes back after signing in -------------


def test_session_timeout_keeps_the_draft(
    region: DemoRegion, visit: Callable[[Person], Visitor], axe_source: str, settings: Any
) -> None:
    settings.SESSION_COOKIE_AGE = 8
    settings.SESSION_WARNING_SECONDS = 4
    # As cylch/settings.py works it out; the page errs early by this much (warning after 2 s, end after 6 s).
    settings.SESSION_TOUCH_SECONDS = settings.SESSION_COOKIE_AGE // 4
    seren = region.children["seren"]
    alys_person = region.people["practitioner"]
    alys = visit(alys_person)
    page = alys.page
    voice_path = f"/children/{seren.pk}/what-matters/"

    page.goto(voice_path)
    assert html_lang(page) == "cy"
    words = "Dw i eisiau aros yn yr un ysgol gyda fy ffrindiau."
    page.get_by_label(cy("What matters to me, in the child's own words")).fill(words)

    banner = page.locator("[data-session-warning]")
    banner.wait_for(state="visible", timeout=8_000)
    assert (
        cy(
            "You will be signed out soon because you have not done anything for a while. "
            "Anything you are typing is saved as a draft."
        )
        in banner.inner_text()
    )
    alys.check(axe_source)

    # The page's own timer goes to sign-in when the idle time is up.
    with page.expect_response(lambda response: path_of_url(response.url) == "/sign-in/", timeout=12_000) as sign_in:
        pass
    if sign_in.value.status != 200:
        raise KnownAppBug(
            f"the timed-out page went to sign-in, which answered {sign_in.value.status} and sent it back to "
            f"{sign_in.value.headers.get('location')}: the session was still alive"
        )
    page.wait_for_url(lambda url: path_of_url(url) == "/sign-in/")
    assert page.get_by_text(
        cy(
            "You were signed out because you had not done anything for a while. "
            "Sign in again to carry on: your draft has been kept."
        )
    ).is_visible()
    alys.check(axe_source)
    assert Draft.objects.get(person=alys_person, form_key=voice_path).data["words"] == words

    page.get_by_label(cy("Email address")).fill(alys_person.email)
    page.get_by_label(cy("Password")).fill(DEMO_PASSWORD)
    follow(page, page.get_by_role("button", name=cy("Continue")))
    assert path_of(page) == "/sign-in/code/"
    page.get_by_label(cy("Code")).fill(testing.current_code(DEMO_TOTP_KEY_HEX))
    follow(page, page.get_by_role("button", name=cy("Sign in")))

    assert path_of(page) == voice_path
    assert page.get_by_label(cy("What matters to me, in the child's own words")).input_value() == words
    alys.check(axe_source)


# 5. Opening a new record: possible matches first, then straight through ---------------------


def fill_register_form(page: Any, region: DemoRegion, *, given: str, family: str, born: str) -> None:
    page.get_by_label(cy("Given names (legal)")).fill(given)
    page.get_by_label(cy("Family name (legal)")).fill(family)
    page.get_by_label(cy("Date of birth"), exact=True).fill(born)
    page.get_by_label(cy("Your role for this child")).select_option("social_worker")
    page.get_by_label(cy("Why your agency is involved")).fill("Referral from the school about neglect.")
    page.get_by_role("radio", name=cy("Statutory basis"), exact=True).check()
    page.get_by_role("combobox", name=cy("Statutory basis"), exact=True).select_option("safeguarding")
    page.get_by_label(cy("Information-sharing agreement relied on")).select_option(label=region.agreements["isp"].title)


def test_opening_a_record_checks_for_matches_first(
    region: DemoRegion, visit: Callable[[Person], Visitor], axe_source: str
) -> None:
    seren = region.children["seren"]
    alys = visit(region.people["practitioner"])
    page = alys.page

    search(page, name="Seren Enghraifft", english=False)
    follow(page, page.get_by_role("link", name=cy("Open a new record")))
    assert path_of(page) == "/children/register/"
    assert page.get_by_role("heading", level=1).inner_text() == cy("Open a child's record")
    alys.check(axe_source)

    # Same name and date of birth as Seren: Cylch shows her before opening another record.
    fill_register_form(page, region, given="Seren Haf", family="Enghraifft", born=dob(seren))
    follow(page, page.get_by_role("button", name=cy("Continue"), exact=True))
    assert path_of(page) == "/children/register/"
    matches = page.get_by_test_id("possible-matches")
    assert matches.get_by_role("link", name="Seren Enghraifft").get_attribute("href") == f"/children/{seren.pk}/"
    assert Child.objects.filter(family_name="Enghraifft", given_names="Seren Haf").count() == 1
    alys.check(axe_source)

    follow(page, page.get_by_role("button", name=cy("None of these: open a new record")))
    twins = Child.objects.filter(family_name="Enghraifft", given_names="Seren Haf").order_by("pk")
    assert twins.count() == 2
    new = twins.last()
    assert new is not None and new.pk != seren.pk
    assert path_of(page) == f"/children/{new.pk}/"
    assert page.get_by_text(cy("Record opened. Your team is in the team around the child.")).is_visible()
    alys.check(axe_source)

    # A name nobody has: no matches, straight to the new summary.
    born = timezone.localdate() - datetime.timedelta(days=3 * 365)
    page.goto("/children/register/")
    fill_register_form(page, region, given="Gwydion", family="Anhysbysiad", born=f"{born.day} {born.month} {born.year}")
    follow(page, page.get_by_role("button", name=cy("Continue"), exact=True))
    child = Child.objects.get(family_name="Anhysbysiad")
    assert path_of(page) == f"/children/{child.pk}/"
    assert page.get_by_role("heading", level=1).inner_text() == "Gwydion Anhysbysiad"
    assert Involvement.objects.active().get(child=child).practitioner == region.people["practitioner"]
    alys.check(axe_source)
