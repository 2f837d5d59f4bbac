"""The board business manager's journey in the browser, on the demo region: record a board
meeting with a decision and an action owned by the health board, see it in the accountability
ledger, and produce the board's annual report as PDF in Welsh. The business manager (Dafydd)
reads Cylch in Welsh; the health board's safeguarding lead, who owns the action, reads English
and finds it in My work. Every page visited passes axe-core and the CSP check."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable

import pytest
from django.utils import timezone

from cylch.accountability.models import LedgerAction
from cylch.core.demo import DemoRegion
from cylch.core.tests.browser import Visitor, cy, region_fixture, visit_fixture
from cylch.core.tests.conftest import axe_source, browser  # noqa: F401 (browser fixtures)
from cylch.core.tests.test_browser import follow, html_lang, path_of
from cylch.governance.models import AnnualReport, BoardMeeting
from cylch.people.models import Person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


visit = visit_fixture(accept_downloads=True)
region = region_fixture()


def test_business_manager_records_a_board_meeting_sees_the_action_in_the_ledger_and_produces_the_welsh_report(
    region: DemoRegion, visit: Callable[[Person], Visitor], axe_source: str  # noqa: F811
) -> None:
    from pypdf import PdfReader

    dafydd = visit(region.people["partnership"])
    page = dafydd.page
    today = timezone.localdate()
    health_lead = region.people["healthdsl"]

    # Partnership governance, from the navigation, in Welsh.
    page.goto("/")
    follow(page, page.locator(".govuk-service-navigation").get_by_role("link", name=cy("Partnership governance"), exact=True))
    assert html_lang(page) == "cy"
    dafydd.check(axe_source)
    follow(page, page.get_by_role("link", name="Bwrdd Diogelu Cwm Demo"))
    partnership_path = path_of(page)
    dafydd.check(axe_source)

    # Record the meeting: bad input first (no date), then properly.
    follow(page, page.get_by_role("link", name=cy("Record a meeting")))
    follow(page, page.get_by_role("button", name=cy("Save the meeting")))
    assert page.locator(".govuk-error-summary").is_visible()
    dafydd.check(axe_source)
    page.get_by_role("radio", name="Bwrdd Diogelu Cwm Demo").check()
    page.get_by_label(cy("Date of the meeting")).fill(f"{today.day} {today.month} {today.year}")
    page.get_by_label(cy("Agenda in English")).fill("Accountability ledger\nAnnual report")
    page.get_by_label(cy("Agenda in Welsh (optional)")).fill("Y gofrestr atebolrwydd\nAdroddiad blynyddol")
    follow(page, page.get_by_role("button", name=cy("Save the meeting")))
    assert page.get_by_text(cy("Meeting recorded.")).is_visible()
    meeting = BoardMeeting.objects.filter(held_on=today).get()
    assert page.get_by_test_id("agenda").inner_text().startswith("Y gofrestr atebolrwydd")
    dafydd.check(axe_source)

    # A decision, in both languages.
    follow(page, page.get_by_role("link", name=cy("Record a decision")))
    dafydd.check(axe_source)
    page.get_by_label(cy("Decision in English")).fill("The health board leads a review of health assessments for children who return from missing episodes.")
    page.get_by_label(cy("Decision in Welsh (optional)")).fill(
        "Mae'r bwrdd iechyd yn arwain adolygiad o asesiadau iechyd ar gyfer plant sy'n dychwelyd ar ôl bod ar goll."
    )
    follow(page, page.get_by_role("button", name=cy("Record the decision")))
    assert "Mae'r bwrdd iechyd yn arwain adolygiad" in page.get_by_test_id("decisions").inner_text()

    # An action owned by the health board: a past date is refused, then it is agreed.
    follow(page, page.get_by_role("link", name=cy("Agree an action"), exact=True))
    what = "Health assessment offered to every child within 5 days of returning from a missing episode"
    page.get_by_label(cy("What will be done")).fill(what)
    page.get_by_label(cy("Owning agency")).select_option(label=region.agencies["demo-health"].name_cy)
    page.get_by_label(cy("Named person")).select_option(label=f"{health_lead.full_name} ({region.agencies['demo-health'].name_cy})")
    page.get_by_label(cy("Due date")).fill(f"1 1 {today.year - 1}")
    follow(page, page.get_by_role("button", name=cy("Agree the action")))
    assert page.locator(".govuk-error-summary").is_visible()
    dafydd.check(axe_source)
    due = today.replace(year=today.year + 1) if not (today.month == 2 and today.day == 29) else today.replace(year=today.year + 1, day=28)
    page.get_by_label(cy("Due date")).fill(f"{due.day} {due.month} {due.year}")
    follow(page, page.get_by_role("button", name=cy("Agree the action")))
    assert page.get_by_text(cy("Action agreed. It is in the partnership's accountability ledger and its owner has been told.")).is_visible()
    assert what in page.get_by_test_id("meeting-actions").inner_text()
    dafydd.check(axe_source)
    action = LedgerAction.objects.get(what=what)
    assert (action.source_kind, action.source_id, action.owner_id) == ("board_meeting", str(meeting.pk), health_lead.pk)

    # The ledger shows it beside the counts of case actions (no child named).
    follow(page, page.get_by_role("link", name=cy("Accountability ledger"), exact=True))
    assert what in page.get_by_test_id("ledger-actions").inner_text()
    assert "Seren" not in page.content()
    dafydd.check(axe_source)
    page.get_by_label(cy("Owning agency")).select_option(label=region.agencies["demo-health"].name_cy)
    follow(page, page.get_by_role("button", name=cy("Filter")))
    rows = page.get_by_test_id("ledger-actions").inner_text()
    assert what in rows and "Report return-interview timeliness" not in rows
    dafydd.check(axe_source)

    # The annual report: start it, check the prefilled Welsh, produce the PDF in Welsh.
    page.goto(partnership_path)
    follow(page, page.get_by_role("link", name=cy("Start the annual report")))
    dafydd.check(axe_source)
    # The form offers the last complete April-to-March year; this report covers the year to today.
    start = today - datetime.timedelta(days=364)
    page.get_by_label(cy("First day of the year reported on")).fill(f"{start.day} {start.month} {start.year}")
    page.get_by_label(cy("Last day of the year reported on")).fill(f"{today.day} {today.month} {today.year}")
    follow(page, page.get_by_role("button", name=cy("Start the report")))
    report = AnnualReport.objects.get()
    assert page.get_by_test_id("report-status").inner_text() == cy("Draft")
    assert "Bwrdd Diogelu Cwm Demo" in report.sections["introduction"]["cy"]
    dafydd.check(axe_source)
    page.get_by_label(f"{cy('Priorities for next year')}: yn Gymraeg").fill("Canolbwyntio ar gyfweliadau dychwelyd.")
    follow(page, page.get_by_role("button", name=cy("Save the draft")))
    assert page.get_by_text(cy("Report saved.")).is_visible()
    with page.expect_download() as download:
        page.get_by_test_id("pdf-cy").click()
    with open(download.value.path(), "rb") as pdf:
        text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read())).pages).replace("’", "'").split())
    assert "Adroddiad blynyddol" in text and "Bwrdd Diogelu Cwm Demo" in text
    assert "Mae'r bwrdd iechyd yn arwain adolygiad" in text
    assert what in text and "Canolbwyntio ar gyfweliadau dychwelyd." in text
    dafydd.check(axe_source)

    # The health board's safeguarding lead (English) finds the action in My work and opens it.
    meirion = visit(health_lead)
    owner = meirion.page
    owner.goto("/work/")
    assert html_lang(owner) == "en"
    follow(owner, owner.get_by_role("link", name=what))
    assert owner.get_by_test_id("action-what").inner_text() == what
    meirion.check(axe_source)
    owner.get_by_role("radio", name="Done").check()
    follow(owner, owner.get_by_role("button", name="Record progress"))
    assert owner.locator(".govuk-error-summary").is_visible()  # evidence is required
    meirion.check(axe_source)
    owner.get_by_label("Evidence of completion").fill("Protocol agreed by the health board on 1 March; link in the minutes.")
    follow(owner, owner.get_by_role("button", name="Record progress"))
    assert owner.get_by_text("Progress recorded.").is_visible()
    action.refresh_from_db()
    assert action.status == "done"
    meirion.check(axe_source)
