"""Browser scenario: a new version of the missing-children practice note, tried as a new user would.

Two partnership managers. Eleri works in English: she starts a new version of the practice
note, first leaves the Welsh text empty (refused, with an error summary that leads to the
field), then writes both languages and a change note and sends it for review; she cannot
publish her own draft. Gwyn works in Welsh: he finds the Framework in the navigation,
reviews the draft with its word-by-word changes in both languages and publishes it as
version 2. Both then see what changed between version 1 and version 2, and version 1
stays readable. Every page visited passes axe-core and the CSP check; Welsh labels are
looked up in the compiled catalogue, so the test also proves the pages are translated.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from cylch.core import testing
from cylch.core.tests.browser import Visitor, cy, reference_data_after_flush, visit_fixture
from cylch.core.tests.test_browser import (
    assert_error_links_lead_somewhere,
    follow,
    html_lang,
)
from cylch.framework.models import Document, PracticeNote
from cylch.people.models import Person, Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_EN = "Report to the police at once. Offer a return interview within 72 hours of the child's return."
NEW_CY = "Rhowch wybod i'r heddlu ar unwaith. Cynigiwch gyfweliad dychwelyd o fewn 72 awr i'r plentyn ddychwelyd."


visit = visit_fixture()


@pytest.fixture
def content() -> None:
    """The shipped Framework content and the reference data (a transactional test's flush empties the tables)."""
    reference_data_after_flush()


def test_partnership_managers_publish_a_new_version_of_the_missing_children_note_in_both_languages(
    visit: Callable[[Person], Visitor], axe_source: str, content: None
) -> None:
    eleri = visit(testing.make_person(Role.PARTNERSHIP_MANAGER, full_name="Eleri Ffuglen", language="en"))
    gwyn = visit(testing.make_person(Role.PARTNERSHIP_MANAGER, full_name="Gwyn Ffuglen", language="cy"))
    note = PracticeNote.objects.get(slug="missing-children")

    # Eleri, in English, finds the note on the Framework's home page.
    page = eleri.page
    page.goto("/framework/")
    eleri.check(axe_source)
    assert page.get_by_test_id("placeholder-warning").is_visible()
    follow(page, page.get_by_test_id("practice-notes").get_by_role("link", name=note.title_en))
    assert page.get_by_test_id("version-number").inner_text() == "Version 1"
    eleri.check(axe_source)
    follow(page, page.get_by_role("button", name="Start a new version"))
    eleri.check(axe_source)

    # The Welsh text left empty: refused, nothing saved, the error leads to the field.
    page.get_by_label("Full text in English").fill(NEW_EN)
    page.get_by_label("Full text in Welsh").fill("")
    page.get_by_label("Change note in English").fill("Return interviews within 72 hours named.")
    page.get_by_label("Change note in Welsh").fill("Enwi cyfweliadau dychwelyd o fewn 72 awr.")
    follow(page, page.get_by_role("button", name="Save and send for review"))
    assert page.locator(".govuk-error-summary").is_visible()
    assert "Enter the Welsh wording" in page.locator(".govuk-error-summary").inner_text()
    assert_error_links_lead_somewhere(page)
    eleri.check(axe_source)
    assert PracticeNote.objects.get(slug="missing-children").body_en == note.body_en

    page.get_by_label("Full text in Welsh").fill(NEW_CY)
    follow(page, page.get_by_role("button", name="Save and send for review"))
    assert page.get_by_test_id("second-person").is_visible()
    assert page.get_by_role("button", name="Publish this version").count() == 0
    eleri.check(axe_source)

    # Gwyn, in Welsh, finds the Framework in the navigation and reviews the draft.
    page = gwyn.page
    page.goto("/")
    follow(page, page.locator(".govuk-service-navigation").get_by_role("link", name=cy("The Framework"), exact=True))
    assert html_lang(page) == "cy"
    gwyn.check(axe_source)
    follow(page, page.get_by_test_id("practice-notes").get_by_role("link", name=note.title_cy))
    follow(page, page.get_by_role("link", name=cy("Review the draft")))
    gwyn.check(axe_source)
    assert "Cynigiwch" in " ".join(page.get_by_test_id("change-body_cy").locator("ins").all_inner_texts())
    assert page.get_by_test_id("change-body_en").locator("del").count() >= 1
    follow(page, page.get_by_role("button", name=cy("Publish this version")))
    assert page.get_by_test_id("version-number").inner_text() == cy("Version %(number)s") % {"number": 2}
    assert NEW_CY in page.get_by_test_id("document-body").inner_text()
    gwyn.check(axe_source)
    follow(page, page.get_by_role("link", name=cy("See what changed between versions")))
    assert page.get_by_test_id("compare-heading").inner_text() == cy("From version %(a)s to version %(b)s") % {"a": 1, "b": 2}
    assert "Enwi cyfweliadau dychwelyd" in page.locator("main").inner_text()
    assert page.get_by_test_id("change-body_cy").locator("ins").count() >= 1
    gwyn.check(axe_source)

    # The stable row other domains read now holds version 2 in both languages.
    note.refresh_from_db()
    assert (note.body_en, note.body_cy) == (NEW_EN, NEW_CY)
    assert Document.objects.get(code="missing-children").published.published_by == gwyn.person  # type: ignore[union-attr]

    # Eleri sees the change in English, and version 1 is still there to read.
    page = eleri.page
    page.goto("/framework/practice-notes/missing-children/")
    assert page.get_by_test_id("version-number").inner_text() == "Version 2"
    follow(page, page.get_by_role("link", name="See what changed between versions"))
    assert page.get_by_test_id("compare-heading").inner_text() == "From version 1 to version 2"
    assert "Return interviews within 72 hours named." in page.locator("main").inner_text()
    eleri.check(axe_source)
    follow(page, page.get_by_role("link", name="Back to the version in force"))
    follow(page, page.get_by_test_id("versions").get_by_role("link", name="Version 1"))
    assert page.get_by_test_id("not-in-force").is_visible()
    assert page.get_by_test_id("version-body").inner_text().startswith("Placeholder")
    eleri.check(axe_source)


def test_a_practitioner_finds_the_conferences_practice_note_on_the_conference_page(
    visit: Callable[[Person], Visitor], axe_source: str, content: None
) -> None:
    """Contextual guidance: the note's title and short summary on the conference, one click from the note."""
    from django.utils import timezone

    from cylch.meetings import services as meetings

    team = testing.make_team()
    alys = testing.make_person(Role.PRACTITIONER, team, full_name="Alys Ffuglen", language="cy")
    child = testing.make_child(involved_team=team, practitioner=alys, is_lead=True)
    conference = meetings.meeting_arrange(
        actor=alys, child=child, meeting_type="initial_conference", scheduled_at=timezone.now(), location="", chair_name="", siblings=[]
    )
    note = PracticeNote.objects.get(slug="conferences")
    visitor = visit(alys)
    page = visitor.page
    page.goto(f"/children/{child.pk}/meetings/{conference.pk}/")
    guidance = page.get_by_test_id("practice-note-link")
    assert note.summary_cy in guidance.inner_text()
    assert cy("(placeholder wording)") in guidance.inner_text()
    visitor.check(axe_source)
    follow(page, guidance.get_by_role("link", name=note.title_cy))
    assert page.get_by_test_id("document-title").inner_text() == note.title_cy
    assert html_lang(page) == "cy"
    visitor.check(axe_source)
