"""Browser scenario: from a strategy discussion to an overdue plan action, tried as a new user would.

A social worker who uses Cylch in Welsh records a strategy discussion for a demo child
(Osian Ffuglen, whose team already holds children's services and the police), sees the
initial child protection conference fall due 15 working days later on "My work", holds
the conference and places Osian on the register, then agrees a child protection plan
with actions owned by three agencies. One action goes overdue: the periodic jobs (called
as the worker calls them, with an explicit `now` so the live server's clock is left
alone) remind the owner in Welsh and escalate to her manager in English, once each
however often they run.

Each step is its own test; the steps before it are set up through the services, the
same way the pages do them. Every page visited passes axe-core and the CSP check.
Labels are looked up in the Welsh catalogue, so the tests also prove the pages are
translated.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import formats, timezone, translation

from cylch.audit.context import acting
from cylch.children.models import Child, Involvement
from cylch.chronology.models import ChronologyEntry
from cylch.core.demo import DemoRegion
from cylch.core.models import Notification
from cylch.core.reference_data import code_choices, code_label
from cylch.core.tests.browser import Visitor, cy, region_fixture, visit_fixture
from cylch.core.tests.test_browser import follow, html_lang, path_of
from cylch.meetings import services as meetings
from cylch.meetings.models import Invitee, Meeting, MeetingChild
from cylch.people.models import Membership, Person
from cylch.plans.models import ActionEscalation, Plan, PlanAction
from cylch.plans.services import actions_escalate
from cylch.register.models import Registration
from cylch.timescales.calendar import WALES, add_working_days, is_working_day
from cylch.timescales.models import DueItem
from cylch.timescales.services import due_items_remind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# Helpers ---------------------------------------------------------------------------


class KnownAppBug(AssertionError):
    """Raised where a test meets a reported application bug (its xfail marker names the bug)."""


def shown(value: Any, fmt: str, language: str) -> str:
    """A date or moment as a page in that language shows it with the `date` filter."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value)
    with translation.override(language):
        return formats.date_format(value, fmt)


def typed(day: datetime.date) -> str:
    """A date as a person types it (day month year)."""
    return f"{day.day} {day.month} {day.year}"


def working_days_ago(count: int) -> datetime.date:
    day = timezone.localdate()
    while count > 0:
        day -= datetime.timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def a_minute_ago() -> datetime.datetime:
    """A local moment a page may record as 'held' today: just past, to the minute (never in the future)."""
    return timezone.localtime(timezone.now() - datetime.timedelta(minutes=1)).replace(second=0, microsecond=0)


def at_nine(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=WALES)


def run_jobs(now: datetime.datetime) -> tuple[int, int]:
    """The two periodic jobs, as the worker runs them (cylch/schedule.py), at `now`."""
    with acting(channel="job"):
        return actions_escalate(now=now), due_items_remind(now=now)


visit = visit_fixture(watch_static=True)
region = region_fixture()


def osian(region: DemoRegion) -> Child:
    child = region.children.get("osian") or Child.objects.get(given_names="Osian", family_name="Ffuglen")
    # The scenario needs a child with police and children's services in the team and no discussion yet.
    kinds = set(Involvement.objects.active().filter(child=child).values_list("agency__kind", flat=True))
    assert {"police", "childrens_services"} <= kinds, kinds
    assert not MeetingChild.objects.filter(child=child).exists()
    return child


def agency_of(person: Person) -> Any:
    membership = Membership.objects.current().filter(person=person).select_related("team__agency").first()
    assert membership is not None
    return membership.team.agency


# Setting up the earlier steps through the services (what the pages do) -------------------


def strategy_discussion_held(region: DemoRegion, child: Child, held_at: datetime.datetime) -> Meeting:
    alys, ifan = region.people["practitioner"], region.people["police"]
    meeting = meetings.meeting_arrange(
        actor=alys,
        child=child,
        meeting_type=meetings.STRATEGY_DISCUSSION,
        scheduled_at=held_at,
        chair_name=alys.full_name,
    )
    for person in (alys, ifan):
        meetings.invitee_add(actor=alys, meeting=meeting, agency=agency_of(person), person=person)
    meetings.attendance_record(
        actor=alys,
        meeting=meeting,
        attendance={i.pk: (Invitee.Attendance.ATTENDED, True) for i in meeting.invitees.all()},
    )
    return meetings.meeting_hold(
        actor=alys,
        meeting=meeting,
        held_at=held_at,
        chair_name=alys.full_name,
        record_summary="Agreed a joint section 47 enquiry.",
    )


def conference_held_and_registered(region: DemoRegion, child: Child, held_at: datetime.datetime) -> Meeting:
    alys = region.people["practitioner"]
    meeting = meetings.meeting_arrange(
        actor=alys,
        child=child,
        meeting_type=meetings.INITIAL_CONFERENCE,
        scheduled_at=held_at,
        chair_name="Independent chair",
    )
    meetings.meeting_hold(
        actor=alys, meeting=meeting, held_at=held_at, chair_name="Independent chair", record_summary="Registered."
    )
    meetings.decision_record(
        actor=alys,
        place=MeetingChild.objects.get(meeting=meeting, child=child),
        reasons="Continuing risk of emotional harm.",
        register_decision=MeetingChild.RegisterDecision.REGISTER,
        categories=["emotional"],
    )
    return meeting


# 1. The strategy discussion starts the clock on the initial conference ----------------------


def test_strategy_discussion_puts_the_initial_conference_on_my_work(
    region: DemoRegion, visit: Callable[[Person], Visitor], axe_source: str
) -> None:
    child = osian(region)
    alys_person, ifan = region.people["practitioner"], region.people["police"]
    childrens_services, police = agency_of(alys_person), agency_of(ifan)
    alys = visit(alys_person)
    page = alys.page

    page.goto(f"/children/{child.pk}/")
    assert html_lang(page) == "cy"
    alys.check(axe_source)
    follow(
        page, page.get_by_role("navigation", name=cy("Sections of the record")).get_by_role("link", name=cy("Meetings"))
    )
    assert path_of(page) == f"/children/{child.pk}/meetings/"
    alys.check(axe_source)

    # Arrange it: a strategy discussion, today.
    follow(page, page.get_by_role("link", name=cy("Arrange a meeting")))
    assert page.get_by_role("heading", level=1).inner_text() == cy("Arrange a meeting")
    alys.check(axe_source)
    held = a_minute_ago()
    with translation.override("cy"):
        strategy_label = code_label("meeting_type", meetings.STRATEGY_DISCUSSION)
    page.get_by_role("radio", name=strategy_label, exact=True).check()
    page.get_by_label(cy("Date"), exact=True).fill(typed(held.date()))
    page.get_by_label(cy("Time"), exact=True).fill(held.strftime("%H:%M"))
    page.get_by_label(cy("Where"), exact=True).fill("Galwad fideo")
    page.get_by_label(cy("Chair"), exact=True).fill(alys_person.full_name)
    follow(page, page.get_by_role("button", name=cy("Save"), exact=True))
    meeting = Meeting.objects.get(meeting_children__child=child)
    assert path_of(page) == f"/children/{child.pk}/meetings/{meeting.pk}/"
    assert page.get_by_text(cy("Meeting arranged. Now invite the people who should come.")).is_visible()
    # Until the police and children's services attend with authority, it cannot be held.
    missing = page.get_by_test_id("missing-agencies").inner_text()
    with translation.override("cy"):
        for _code, label in code_choices("strategy_discussion_required_agency"):
            assert label in missing
    alys.check(axe_source)

    # Invite the social worker herself and the police officer.
    for person, agency, role in [
        (alys_person, childrens_services, "Gweithiwr cymdeithasol"),
        (ifan, police, "Swyddog PPU"),
    ]:
        follow(page, page.get_by_role("link", name=cy("Invite someone"), exact=True))
        assert page.get_by_role("heading", level=1).inner_text() == cy("Invite someone")
        alys.check(axe_source)
        page.get_by_label(cy("Agency"), exact=True).select_option(str(agency.pk))
        page.get_by_label(cy("Person who uses Cylch"), exact=True).select_option(str(person.pk))
        page.get_by_label(cy("Their role"), exact=True).fill(role)
        follow(page, page.get_by_role("button", name=cy("Save"), exact=True))
        assert page.get_by_text(cy("Invitation recorded.")).is_visible()
        alys.check(axe_source)
    invitees = page.get_by_test_id("invitees")
    assert alys_person.full_name in invitees.inner_text() and ifan.full_name in invitees.inner_text()

    # Both attended, each able to decide for their agency.
    follow(page, page.get_by_role("link", name=cy("Record who attended"), exact=True))
    assert page.get_by_role("heading", level=1).inner_text() == cy("Who attended")
    alys.check(axe_source)
    for invitee in meeting.invitees.select_related("agency", "person"):
        with translation.override("cy"):
            legend = f"{invitee.display_name}, {invitee.agency.name}"
        page.get_by_role("group", name=legend).get_by_role("radio", name=cy("Attended"), exact=True).check()
        # Each checkbox is named for its invitee, so a screen reader tells them apart.
        authority = f"{cy('Attended with authority to decide for their agency')} ({legend})"
        page.get_by_role("checkbox", name=authority, exact=True).check()
    follow(page, page.get_by_role("button", name=cy("Save"), exact=True))
    assert page.get_by_text(cy("Attendance recorded.")).is_visible()
    assert page.get_by_test_id("missing-agencies").count() == 0
    assert invitees.get_by_text(cy("With authority to decide for their agency")).count() == 2
    alys.check(axe_source)

    # Held today.
    follow(page, page.get_by_role("link", name=cy("Record the meeting as held"), exact=True))
    alys.check(axe_source)
    assert page.get_by_label(cy("Date it was held"), exact=True).input_value() == timezone.localdate().strftime(
        "%d %m %Y"
    )
    page.get_by_label(cy("Date it was held"), exact=True).fill(typed(held.date()))
    page.get_by_label(cy("Time it started"), exact=True).fill(held.strftime("%H:%M"))
    page.get_by_label(cy("Record of the meeting"), exact=True).fill(
        "Rhannodd yr heddlu a'r gwasanaethau plant yr hyn a wyddant. Cytunwyd ar ymholiad adran 47 ar y cyd."
    )
    follow(page, page.get_by_role("button", name=cy("Save"), exact=True))
    assert path_of(page) == f"/children/{child.pk}/meetings/{meeting.pk}/"
    assert page.get_by_text(
        cy("The meeting is recorded as held. Now record each child's decision and the actions agreed.")
    ).is_visible()
    alys.check(axe_source)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD

    # "My work": the initial conference, due by the end of the 15th working day after the discussion.
    expected_day = add_working_days(held.date(), 15)
    item = DueItem.objects.get(child=child, rule__code="initial-conference", state=DueItem.State.OPEN)
    assert timezone.localtime(item.due_at).date() == expected_day
    assert item.owner_person == alys_person
    page.goto("/work/")
    assert page.get_by_role("heading", level=1).inner_text() == cy("My work")
    with translation.override("cy"):
        conference_name = item.rule.name
    row = (
        page.get_by_test_id("work-items")
        .locator("tbody tr")
        .filter(has_text=conference_name)
        .filter(has_text="Osian Ffuglen")
    )
    assert row.count() == 1
    cells = row.locator("td").all_inner_texts()
    assert cells[0] == cy("Upcoming")
    assert cells[3] == shown(
        datetime.datetime.combine(expected_day, datetime.time(23, 59), tzinfo=WALES), "j M Y H:i", "cy"
    )
    assert cells[4] == alys_person.full_name
    alys.check(axe_source)


# 2. The initial conference places Osian on the register -------------------------------


def test_initial_conference_registers_the_child_and_the_record_shows_it(
    region: DemoRegion, visit: Callable[[Person], Visitor], axe_source: str
) -> None:
    child = osian(region)
    alys_person = region.people["practitioner"]
    discussed_on = working_days_ago(10)
    strategy_discussion_held(region, child, datetime.datetime.combine(discussed_on, datetime.time(10, 0), tzinfo=WALES))
    due_day = add_working_days(discussed_on, 15)
    alys = visit(alys_person)
    page = alys.page
    with translation.override("cy"):
        conference_label = code_label("meeting_type", meetings.INITIAL_CONFERENCE)

    # From "My work" to the child's record.
    page.goto("/work/")
    row = (
        page.get_by_test_id("work-items")
        .locator("tbody tr")
        .filter(has_text=conference_label)
        .filter(has_text="Osian Ffuglen")
    )
    assert row.count() == 1
    assert shown(due_day, "j M Y", "cy") in row.inner_text()
    alys.check(axe_source)
    follow(page, row.get_by_role("link"))
    assert path_of(page) == f"/children/{child.pk}/"
    alys.check(axe_source)
    follow(
        page, page.get_by_role("navigation", name=cy("Sections of the record")).get_by_role("link", name=cy("Meetings"))
    )
    alys.check(axe_source)

    # Arrange and hold the conference today.
    follow(page, page.get_by_role("link", name=cy("Arrange a meeting")))
    alys.check(axe_source)
    held = a_minute_ago()
    page.get_by_role("radio", name=conference_label, exact=True).check()
    page.get_by_label(cy("Date"), exact=True).fill(typed(held.date()))
    page.get_by_label(cy("Time"), exact=True).fill(held.strftime("%H:%M"))
    page.get_by_label(cy("Chair"), exact=True).fill("Cadeirydd Annibynnol Nia Ffuglen")
    follow(page, page.get_by_role("button", name=cy("Save"), exact=True))
    meeting = Meeting.objects.get(meeting_children__child=child, meeting_type=meetings.INITIAL_CONFERENCE)
    assert path_of(page) == f"/children/{child.pk}/meetings/{meeting.pk}/"
    due = page.get_by_test_id("due-item")
    assert due.count() == 1 and shown(due_day, "j F Y", "cy") in due.inner_text()
    alys.check(axe_source)

    follow(page, page.get_by_role("link", name=cy("Record the meeting as held"), exact=True))
    alys.check(axe_source)
    page.get_by_label(cy("Date it was held"), exact=True).fill(typed(held.date()))
    page.get_by_label(cy("Time it started"), exact=True).fill(held.strftime("%H:%M"))
    assert page.get_by_label(cy("Chair"), exact=True).input_value() == "Cadeirydd Annibynnol Nia Ffuglen"
    page.get_by_label(cy("Record of the meeting"), exact=True).fill(
        "Mae Osian yn parhau i fod mewn perygl o niwed emosiynol."
    )
    follow(page, page.get_by_role("button", name=cy("Save"), exact=True))
    # Holding it meets the item to hold it; the outline plan is now due within 5 working days.
    due = page.get_by_test_id("due-item")
    assert due.count() == 1
    with translation.override("cy"):
        outline = DueItem.objects.get(child=child, rule__code="outline-plan-circulated").rule.name
    assert outline in due.inner_text() and conference_label not in due.inner_text()
    assert shown(add_working_days(held.date(), 5), "j F Y", "cy") in due.inner_text()
    alys.check(axe_source)

    # The decision: register, under the category the conference agreed. (Several categories
    # cannot be chosen yet: see test_a_conference_may_register_under_several_categories.)
    follow(page, page.get_by_role("link", name=f"{cy('Record the decision')} Osian Ffuglen"))
    assert path_of(page) == f"/children/{child.pk}/meetings/{meeting.pk}/decision/"
    alys.check(axe_source)
    page.get_by_role("radio", name=cy("Place on the child protection register"), exact=True).check()
    with translation.override("cy"):
        neglect = code_label("register_category", "neglect")
    page.get_by_label(neglect, exact=True).check()
    page.get_by_label(cy("The decision and the reasons for it"), exact=True).fill(
        "Mae'r gynhadledd yn cytuno bod Osian mewn perygl parhaus o esgeulustod."
    )
    follow(page, page.get_by_role("button", name=cy("Save"), exact=True))
    assert path_of(page) == f"/children/{child.pk}/meetings/{meeting.pk}/"
    assert page.get_by_text(
        cy("The decision for %(child)s has been recorded.") % {"child": "Osian Ffuglen"}
    ).is_visible()
    decision = page.get_by_test_id("decision").inner_text()
    assert cy("Place on the child protection register") in decision and neglect in decision
    alys.check(axe_source)
    registration = Registration.objects.get(child=child, ended_on__isnull=True)
    assert registration.registered_on == held.date()

    # The summary carries the register alert, in Welsh.
    follow(
        page, page.get_by_role("navigation", name=cy("Sections of the record")).get_by_role("link", name=cy("Summary"))
    )
    with translation.override("cy"):
        alert = cy("On the child protection register since %(date)s, categories: %(categories)s") % {
            "date": formats.date_format(held.date(), "j F Y"),
            "categories": neglect,
        }
    warning = page.locator(".govuk-warning-text").filter(has_text=alert)
    assert warning.count() == 1, page.locator(".govuk-warning-text").all_inner_texts()
    alys.check(axe_source)

    # The chronology: both meetings and the registration, newest first, in Welsh.
    follow(
        page,
        page.get_by_role("navigation", name=cy("Sections of the record")).get_by_role("link", name=cy("Chronology")),
    )
    timeline = page.get_by_test_id("timeline")
    with translation.override("cy"):
        held_text = cy("%(meeting)s held, chaired by %(chair)s")
        strategy_entry = held_text % {
            "meeting": code_label("meeting_type", meetings.STRATEGY_DISCUSSION),
            "chair": alys_person.full_name,
        }
        conference_entry = held_text % {"meeting": conference_label, "chair": "Cadeirydd Annibynnol Nia Ffuglen"}
    registration_entry = ChronologyEntry.objects.get(child=child, entry_type="registration").summary_cy
    assert registration_entry.startswith(
        cy("Placed on the child protection register. Categories: %(categories)s").split("%")[0]
    )
    for text in (strategy_entry, conference_entry, registration_entry):
        assert timeline.locator("tbody tr").filter(has_text=text).count() == 1, f"{text!r} not in the chronology"
    rows = timeline.locator("tbody tr").all_inner_texts()
    positions = [
        next(n for n, row in enumerate(rows) if text in row)
        for text in (registration_entry, conference_entry, strategy_entry)
    ]
    assert positions[0] <= positions[1] < positions[2], "newest first"
    assert cy("Critical") in rows[positions[0]]
    alys.check(axe_source)

    # "My work" now has the next clocks: the first core group and the outline plan.
    page.goto("/work/")
    work = "\n".join(
        page.get_by_test_id("work-items").locator("tbody tr").filter(has_text="Osian Ffuglen").all_inner_texts()
    )
    assert conference_label not in work
    first_core_group = DueItem.objects.get(child=child, rule__code="first-core-group")
    with translation.override("cy"):
        assert first_core_group.rule.name in work
    assert timezone.localtime(first_core_group.due_at).date() == add_working_days(held.date(), 10)
    alys.check(axe_source)


def test_a_conference_may_register_under_several_categories(
    region: DemoRegion, visit: Callable[[Person], Visitor], axe_source: str
) -> None:
    child = osian(region)
    alys_person = region.people["practitioner"]
    strategy_discussion_held(
        region, child, datetime.datetime.combine(working_days_ago(10), datetime.time(10, 0), tzinfo=WALES)
    )
    held = a_minute_ago()
    meeting = meetings.meeting_arrange(
        actor=alys_person, child=child, meeting_type=meetings.INITIAL_CONFERENCE, scheduled_at=held, chair_name="Chair"
    )
    meetings.meeting_hold(actor=alys_person, meeting=meeting, held_at=held, chair_name="Chair", record_summary="")
    alys = visit(alys_person)
    page = alys.page
    page.goto(f"/children/{child.pk}/meetings/{meeting.pk}/decision/")
    alys.check(axe_source)
    with translation.override("cy"):
        legend = cy("Categories of registration")
        labels = [code_label("register_category", code) for code in ("emotional", "neglect")]
    group = page.get_by_role("group", name=legend)
    if group.get_by_role("radio").count():
        raise KnownAppBug(f"the categories are {group.get_by_role('radio').count()} radios, not checkboxes")
    page.get_by_role("radio", name=cy("Place on the child protection register"), exact=True).check()
    for label in labels:
        group.get_by_role("checkbox", name=label, exact=True).check()
    page.get_by_label(cy("The decision and the reasons for it"), exact=True).fill(
        "Perygl o niwed emosiynol ac esgeulustod."
    )
    follow(page, page.get_by_role("button", name=cy("Save"), exact=True))
    assert path_of(page) == f"/children/{child.pk}/meetings/{meeting.pk}/"
    registration = Registration.objects.get(child=child, ended_on__isnull=True)
    assert sorted(registration.categories.values_list("code", flat=True)) == ["emotional", "neglect"]
    alys.check(axe_source)


# 3. A plan with three agencies' actions; one goes overdue ---------------------------------


def test_overdue_action_reminds_the_owner_in_welsh_and_escalates_to_the_manager_in_english(
    region: DemoRegion, visit: Callable[[Person], Visitor], axe_source: str
) -> None:
    child = osian(region)
    alys_person, ifan_person = region.people["practitioner"], region.people["police"]
    carys, bryn = region.people["dsl"], region.people["manager"]
    assert alys_person.language == "cy" and bryn.language == "en"
    strategy_discussion_held(
        region, child, datetime.datetime.combine(working_days_ago(10), datetime.time(10, 0), tzinfo=WALES)
    )
    conference_held_and_registered(region, child, a_minute_ago())
    school_team = region.teams["demo-school-safeguarding"]
    childrens_services, police, school = agency_of(alys_person), agency_of(ifan_person), school_team.agency
    today = timezone.localdate()
    alys = visit(alys_person)
    page = alys.page
    sections = page.get_by_role("navigation", name=cy("Sections of the record"))

    # The school joins the team around Osian, so it can own an action.
    page.goto(f"/children/{child.pk}/team/")
    alys.check(axe_source)
    follow(page, page.get_by_role("link", name=cy("Add an agency"), exact=True))
    assert page.get_by_role("heading", level=1).inner_text() == cy("Add an agency to the team around the child")
    alys.check(axe_source)
    page.get_by_label(cy("Team"), exact=True).select_option(str(school_team.pk))
    page.get_by_label(cy("Role for this child"), exact=True).select_option("school_dsp")
    page.get_by_label(cy("Why this agency is involved"), exact=True).fill(
        "Mae Osian yn ddisgybl yn yr ysgol; mae'r ysgol yn rhan o'r cynllun."
    )
    page.get_by_role("radio", name=cy("Statutory basis"), exact=True).check()
    page.get_by_role("combobox", name=cy("Statutory basis"), exact=True).select_option("safeguarding")
    page.get_by_label(cy("If there is no agreement: why sharing is justified")).fill(
        "Diogelu: mae angen rhannu i gadw Osian yn ddiogel."
    )
    follow(page, page.get_by_role("button", name=cy("Add"), exact=True))
    assert path_of(page) == f"/children/{child.pk}/team/"
    assert page.get_by_text(cy("The team has joined the team around the child.")).is_visible()
    alys.check(axe_source)
    assert Involvement.objects.active().filter(child=child, team=school_team).exists()

    # Start the child protection plan.
    follow(page, sections.get_by_role("link", name=cy("Plans")))
    alys.check(axe_source)
    follow(page, page.get_by_role("link", name=cy("Start a plan"), exact=True))
    alys.check(axe_source)
    with translation.override("cy"):
        plan_label = code_label("plan_type", "child_protection")
    page.get_by_role("radio", name=plan_label, exact=True).check()
    words = "Dw i eisiau aros yn fy ysgol a dal i chwarae pêl-droed. Huw yw'r un dw i'n siarad ag ef."
    page.get_by_label(cy("Personal outcomes: what matters to the child"), exact=True).fill(words)
    page.get_by_label(cy("Needs to be met"), exact=True).fill("Cartref heb ofn; oedolyn dibynadwy yn yr ysgol.")
    page.get_by_label(cy("How progress will be measured"), exact=True).fill(
        "Graddfa Osian ei hun o 1 i 10 ym mhob ymweliad."
    )
    page.get_by_label(cy("Review arrangements"), exact=True).fill("Grŵp craidd bob chwe wythnos.")
    review_on = today + datetime.timedelta(days=90)
    page.get_by_label(cy("Next review date"), exact=True).fill(typed(review_on))
    follow(page, page.get_by_role("button", name=cy("Save"), exact=True))
    plan = Plan.objects.get(child=child)
    assert path_of(page) == f"/children/{child.pk}/plans/{plan.pk}/"
    assert page.get_by_text(cy("Draft plan started. Add the actions, then agree the plan.")).is_visible()
    alys.check(axe_source)

    # Three actions, three agencies. The social worker's own falls due soonest.
    actions = [
        (
            "Ymweld ag Osian gartref bob pythefnos a'i weld ar ei ben ei hun.",
            childrens_services,
            alys_person,
            today + datetime.timedelta(days=2),
        ),
        (
            "Rhannu unrhyw alwad i'r cartref gyda'r gweithiwr arweiniol erbyn y diwrnod gwaith nesaf.",
            police,
            ifan_person,
            today + datetime.timedelta(days=14),
        ),
        (
            "Trefnu oedolyn dibynadwy yn yr ysgol a lle tawel i Osian bob bore.",
            school,
            carys,
            today + datetime.timedelta(days=7),
        ),
    ]
    follow(page, page.get_by_role("link", name=cy("Add an action"), exact=True))
    for n, (what, agency, owner, due_on) in enumerate(actions):
        assert page.get_by_role("heading", level=1).inner_text() == cy("Add an action")
        alys.check(axe_source)
        page.get_by_label(cy("What will be done"), exact=True).fill(what)
        page.get_by_label(cy("Owning agency"), exact=True).select_option(str(agency.pk))
        page.get_by_label(cy("Named person"), exact=True).select_option(str(owner.pk))
        page.get_by_label(cy("Due date"), exact=True).fill(typed(due_on))
        last = n == len(actions) - 1
        follow(page, page.get_by_role("button", name=cy("Save") if last else cy("Save and add another"), exact=True))
        assert page.get_by_text(cy("Action added to the plan.")).is_visible()
    assert path_of(page) == f"/children/{child.pk}/plans/{plan.pk}/"
    table = page.get_by_test_id("actions")
    assert table.locator("tbody tr").count() == 3
    for what, agency, owner, due_on in actions:
        row = table.locator("tbody tr").filter(has_text=what)
        with translation.override("cy"):
            assert agency.name in row.inner_text()
        assert owner.full_name in row.inner_text()
        assert shown(due_on, "j M Y", "cy") in row.inner_text()
        assert cy("Not yet agreed") in row.inner_text()
    alys.check(axe_source)

    # Agree it.
    follow(page, page.get_by_role("link", name=cy("Record that the plan is agreed"), exact=True))
    assert page.get_by_test_id("agreement-problems").count() == 0
    alys.check(axe_source)
    page.get_by_label(cy("Where and by whom it was agreed"), exact=True).fill(
        "Y gynhadledd amddiffyn plant gychwynnol heddiw"
    )
    follow(page, page.get_by_role("button", name=cy("Record that the plan is agreed"), exact=True))
    assert path_of(page) == f"/children/{child.pk}/plans/{plan.pk}/"
    with translation.override("cy"):
        agreed = cy("Agreed, version %(number)s") % {"number": 1}
    assert page.get_by_text(agreed, exact=True).is_visible()
    assert table.get_by_text(cy("Not yet agreed")).count() == 0
    alys.check(axe_source)
    plan.refresh_from_db()
    assert plan.status == Plan.Status.AGREED

    # The police officer (English) is told the action is his; the social worker agreed it, so is not told.
    ifan = visit(ifan_person)
    ifan.page.goto("/messages/")
    police_what, police_due = actions[1][0], actions[1][3]
    assigned = (
        f"A plan for Osian Ffuglen has been agreed. You own this action, due on {police_due:%d/%m/%Y}: {police_what}"
    )
    assert ifan.page.locator("tbody tr").filter(has_text=assigned).count() == 1
    ifan.check(axe_source)
    assert not Notification.objects.filter(recipient=alys_person, kind="cylch.plans.action.assigned").exists()

    # The day after her action fell due, the jobs run (twice, as after a worker restart).
    own = PlanAction.objects.get(plan=plan, owner=alys_person)
    assert own.agreed_on is not None and own.due_on == actions[0][3]
    first_day_overdue = at_nine(own.due_on + datetime.timedelta(days=1))
    assert run_jobs(first_day_overdue)[0] >= 1  # (the demo's own overdue actions climb their ladders too)
    assert run_jobs(first_day_overdue) == (0, 0), "the second run sends nothing again"
    assert list(ActionEscalation.objects.filter(action=own).values_list("step", flat=True)) == ["owner_reminder"]

    with translation.override("cy"):
        reminder = cy(
            "Overdue: your action in the plan for {child} was due on {due} and is still open: {action}"
        ).format(child="Osian Ffuglen", due=f"{own.due_on:%d/%m/%Y}", action=own.what)
    page.goto("/messages/")
    assert page.get_by_role("heading", level=1).inner_text() == cy("Messages")
    line = page.locator("tbody tr").filter(has_text=reminder)
    assert line.count() == 1, page.locator("tbody tr").all_inner_texts()
    assert cy("New") in line.inner_text()
    alys.check(axe_source)
    follow(page, line.get_by_role("link"))
    assert path_of(page) == f"/children/{child.pk}/plans/{plan.pk}/actions/{own.pk}/"
    alys.check(axe_source)

    # Three days overdue: her manager is told, in English; running again changes nothing.
    third_day_overdue = at_nine(own.due_on + datetime.timedelta(days=4))
    assert run_jobs(third_day_overdue)[0] >= 1
    assert run_jobs(third_day_overdue) == (0, 0)
    assert list(ActionEscalation.objects.filter(action=own).order_by("pk").values_list("step", flat=True)) == [
        "owner_reminder",
        "team_manager",
    ]
    manager = visit(bryn)
    manager.page.goto("/messages/")
    assert html_lang(manager.page) == "en"
    escalation = (
        f"Escalation: an action in the plan for Osian Ffuglen, owned by {alys_person.full_name}, "
        f"was due on {own.due_on:%d/%m/%Y} and is still open: {own.what}"
    )
    line = manager.page.locator("tbody tr").filter(has_text=escalation)
    assert line.count() == 1, manager.page.locator("tbody tr").all_inner_texts()
    manager.check(axe_source)
    follow(manager.page, line.get_by_role("link"))
    assert path_of(manager.page) == f"/children/{child.pk}/plans/{plan.pk}/actions/{own.pk}/"
    manager.check(axe_source)

    # The owner still has her one reminder, and not the manager's escalation.
    page.goto("/messages/")
    assert page.locator("tbody tr").filter(has_text=reminder).count() == 1
    about_own = Notification.objects.filter(link=f"/children/{child.pk}/plans/{plan.pk}/actions/{own.pk}/")
    assert list(about_own.filter(recipient=alys_person).values_list("kind", flat=True)) == [
        "cylch.plans.action.overdue.owner_reminder"
    ]
    assert list(about_own.filter(recipient=bryn).values_list("kind", flat=True)) == [
        "cylch.plans.action.overdue.team_manager"
    ]
    alys.check(axe_source)


# 4. A missed timescale: the reminder in Welsh, the escalation in English ------------------


def test_missed_timescale_reminds_the_owner_in_welsh_and_escalates_in_english(
    region: DemoRegion, visit: Callable[[Person], Visitor], axe_source: str
) -> None:
    child = osian(region)
    alys_person, bryn = region.people["practitioner"], region.people["manager"]
    strategy_discussion_held(
        region, child, datetime.datetime.combine(working_days_ago(10), datetime.time(10, 0), tzinfo=WALES)
    )
    conference_held_and_registered(region, child, a_minute_ago())
    item = DueItem.objects.select_related("rule").get(
        child=child, rule__code="outline-plan-circulated", state=DueItem.State.OPEN
    )
    assert item.owner_person == alys_person

    # Nobody circulates the outline plan; three days after it was due the job runs, twice.
    later = item.due_at + datetime.timedelta(days=3, hours=1)
    run_jobs(later)
    assert run_jobs(later) == (0, 0), "the second run sends nothing again"
    sent = Notification.objects.filter(dedupe_key__startswith=f"due-{item.pk}-").order_by("pk")
    assert [(n.recipient, n.kind) for n in sent] == [
        (alys_person, "cylch.timescales.overdue.owner_reminder"),
        (bryn, "cylch.timescales.overdue.team_manager"),
    ]
    due = timezone.localtime(item.due_at).strftime("%d/%m/%Y %H:%M")

    manager = visit(bryn)
    manager.page.goto("/messages/")
    escalation = (
        f"Escalation: {item.rule.name_en} for Osian Ffuglen, owned by {alys_person.full_name}, is 3 days overdue."
    )
    assert manager.page.locator("tbody tr").filter(has_text=escalation).count() == 1
    manager.check(axe_source)

    alys = visit(alys_person)
    alys.page.goto("/messages/")
    alys.check(axe_source)
    with translation.override("cy"):
        template = cy("Overdue for {child}: {item} was due by {due}.")

    def reminder(name: str) -> str:  # the Welsh may name the item {item} or {item_cy}: either way, this name
        return template.format(child="Osian Ffuglen", item=name, item_cy=name, due=due)

    lines = alys.page.locator("tbody tr")
    if lines.filter(has_text=reminder(item.rule.name_en)).count():
        raise KnownAppBug(
            f"the Welsh reminder names the item in English: {item.rule.name_en!r}, not {item.rule.name_cy!r}"
        )
    assert lines.filter(has_text=reminder(item.rule.name_cy)).count() == 1, lines.all_inner_texts()
