"""The meeting pages: the flow through a conference, clear refusals, need-to-know and query counts."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, reverse

from cylch.audit.models import AuditEntry
from cylch.core import testing
from cylch.meetings import services, urls
from cylch.meetings.models import Invitee, Meeting, MeetingAction, MeetingChild
from cylch.people.models import Role
from cylch.register import urls as register_urls
from cylch.register.models import Registration
from cylch.timescales.models import DueItem

from .conftest import NOW
from .factories import World, arrange, hold, hold_strategy_discussion, involve, signed_in_client, wales

pytestmark = pytest.mark.django_db


def _day(moment: datetime.datetime) -> str:
    return moment.strftime("%d %m %Y")


def test_a_conference_from_arranging_to_registration(world: World) -> None:
    hold_strategy_discussion(world, at=wales(2026, 6, 5, 10))
    client = signed_in_client(world.lead)
    response = client.post(
        reverse("meetings:arrange", args=[world.child.pk]),
        {"meeting_type": "initial_conference", "scheduled_on": "10 6 2026", "scheduled_time": "11:00", "location": "Room 1", "chair_name": "Nia"},
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(meeting_type="initial_conference")
    detail = reverse("meetings:detail", args=[world.child.pk, meeting.pk])
    assert response["Location"] == detail
    page = client.get(detail).content.decode()
    assert "Initial child protection conference" in page
    assert "Initial child protection conference for Megan Pritchard: due by" in page

    response = client.post(
        reverse("meetings:invite", args=[world.child.pk, meeting.pk]),
        {"agency": world.police_agency.pk, "person": world.police.pk, "role": "Detective constable"},
    )
    assert response.status_code == 302
    invitee = Invitee.objects.get(meeting=meeting)
    response = client.post(reverse("meetings:attendance", args=[world.child.pk, meeting.pk]), {f"attendance_{invitee.pk}": "attended"})
    assert response.status_code == 302
    response = client.post(
        reverse("meetings:held", args=[world.child.pk, meeting.pk]),
        {"held_on": "10 6 2026", "held_time": "11:00", "chair_name": "Nia Chair", "record_summary": "Concerns about neglect."},
    )
    assert response.status_code == 302
    assert DueItem.objects.get(child=world.child, rule__code="initial-conference").state == DueItem.State.MET
    response = client.post(
        reverse("meetings:views", args=[world.child.pk, meeting.pk]),
        {"child_participation": "views_in_writing", "child_views": "I miss my dad.", "family_participation": "attended", "family_views": ""},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("meetings:decision", args=[world.child.pk, meeting.pk]),
        {"register_decision": "register", "categories": ["neglect", "emotional"], "reasons": "Continuing risk of harm."},
    )
    assert response.status_code == 302
    assert Registration.objects.filter(child=world.child, ended_on__isnull=True).exists()
    response = client.post(
        reverse("meetings:action_add", args=[world.child.pk, meeting.pk]),
        {"what": "Police to share the incident log", "owner_agency": world.police_agency.pk, "owner_person": world.police.pk, "due_on": "17 6 2026"},
    )
    assert response.status_code == 302
    assert MeetingAction.objects.get(meeting=meeting).owner_person == world.police
    response = client.post(reverse("meetings:circulated", args=[world.child.pk, meeting.pk]), {"circulated_on": "10 6 2026"})
    assert response.status_code == 302
    page = client.get(detail).content.decode()
    assert "Place on the child protection register" in page
    assert "I miss my dad." in page
    assert "Police to share the incident log" in page
    summary = client.get(reverse("children:summary", args=[world.child.pk])).content.decode()
    assert "On the child protection register since 10 June 2026, categories: Emotional or psychological abuse, Neglect" in summary


def test_bad_input_is_refused_with_clear_messages(world: World) -> None:
    hold_strategy_discussion(world, at=wales(2026, 6, 8, 10))
    meeting = arrange(world, services.INITIAL_CONFERENCE, at=wales(2026, 6, 12, 10))
    client = signed_in_client(world.lead)
    url = reverse("meetings:held", args=[world.child.pk, meeting.pk])
    future = client.post(url, {"held_on": "12 6 2026", "held_time": "10:00", "chair_name": "Nia"})
    assert future.status_code == 200
    assert "A meeting cannot be recorded as held in the future" in future.content.decode()
    before = client.post(url, {"held_on": "5 6 2026", "held_time": "10:00", "chair_name": "Nia"})
    assert "cannot be dated before the strategy discussion of 8 June 2026" in before.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.ARRANGED


def test_a_strategy_discussion_page_says_who_is_still_needed(world: World) -> None:
    meeting = arrange(world, services.STRATEGY_DISCUSSION, at=NOW - datetime.timedelta(hours=1))
    client = signed_in_client(world.lead)
    page = client.get(reverse("meetings:detail", args=[world.child.pk, meeting.pk])).content.decode()
    assert "record someone attending with authority to decide for: Police" in page
    response = client.post(
        reverse("meetings:held", args=[world.child.pk, meeting.pk]), {"held_on": _day(NOW), "held_time": "14:00", "chair_name": "Nia"}
    )
    assert response.status_code == 200
    assert "A strategy discussion needs someone attending from each of these agencies" in response.content.decode()


def test_the_welsh_page_shows_welsh_labels(world: World) -> None:
    meeting = hold(world, services.CORE_GROUP, at=wales(2026, 6, 10, 11))
    client = signed_in_client(world.lead)
    client.cookies["cylch_language"] = "cy"
    page = client.get(reverse("meetings:detail", args=[world.child.pk, meeting.pk]), HTTP_ACCEPT_LANGUAGE="cy").content.decode()
    assert "Cyfarfod grŵp craidd" in page


# --- Need to know ---------------------------------------------------------------------------


def _child_patterns() -> list[tuple[str, URLPattern]]:
    return [
        (namespace, p)
        for namespace, module in [("meetings", urls), ("register", register_urls)]
        for p in module.urlpatterns
        if isinstance(p, URLPattern) and "child_id" in p.pattern.converters
    ]


@pytest.mark.parametrize("who", ["outsider", "school", "checker"])
def test_someone_outside_the_team_around_the_child_gets_404_on_every_meeting_and_register_page(world: World, who: str) -> None:
    meeting = hold(world, services.INITIAL_CONFERENCE, at=wales(2026, 6, 10, 11))
    client = signed_in_client(getattr(world, who))
    patterns = _child_patterns()
    assert len(patterns) >= 15
    for namespace, pattern in patterns:
        values = {"child_id": world.child.pk, "meeting_id": meeting.pk}
        url = reverse(f"{namespace}:{pattern.name}", kwargs={k: values[k] for k in pattern.pattern.converters})
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"reasons": "x", "held_on": "10 6 2026"}).status_code == 404, url
    assert not MeetingChild.objects.exclude(decided_at=None).exists()


def test_a_meeting_is_reached_only_through_a_child_it_is_about(world: World) -> None:
    from cylch.core import testing as t

    other = t.make_child(involved_team=world.cs_team, practitioner=world.lead)
    meeting = hold(world, services.CORE_GROUP, at=wales(2026, 6, 10, 11))
    client = signed_in_client(world.lead)
    assert client.get(reverse("meetings:detail", args=[other.pk, meeting.pk])).status_code == 404
    assert client.get(reverse("meetings:detail", args=[world.child.pk, 999999])).status_code == 404


def test_a_sibling_the_reader_may_not_see_is_not_named(world: World) -> None:
    meeting = hold(world, services.INITIAL_CONFERENCE, at=wales(2026, 6, 10, 11), siblings=True)
    # Health is involved with Megan only.
    page = signed_in_client(world.health).get(reverse("meetings:detail", args=[world.child.pk, meeting.pk])).content.decode()
    assert "Megan Pritchard" in page
    assert "Tomos" not in page
    assert "also about 1 child whose record you cannot see" in page
    assert signed_in_client(world.health).get(reverse("meetings:detail", args=[world.sibling.pk, meeting.pk])).status_code == 404


def test_viewing_a_meeting_is_audited(world: World) -> None:
    meeting = hold(world, services.CORE_GROUP, at=wales(2026, 6, 10, 11))
    signed_in_client(world.police).get(reverse("meetings:detail", args=[world.child.pk, meeting.pk]))
    entry = AuditEntry.objects.filter(action="cylch.meetings.meeting.viewed").latest("pk")
    assert entry.actor == world.police and entry.child_id == world.child.pk and entry.kind == AuditEntry.Kind.ACCESS


# --- Queries ------------------------------------------------------------------------------


def _meeting_with(world: World, people: int) -> Meeting:
    meeting = hold(world, services.INITIAL_CONFERENCE, at=wales(2026, 6, 10, 11), siblings=True)
    for n in range(people):
        team = testing.make_team(testing.make_agency(area=world.la))
        person = testing.make_person(Role.PRACTITIONER, team)
        involve(world.child, team, person)
        invitee = Invitee.objects.create(meeting=meeting, agency=team.agency, person=person if n % 2 else None, name="" if n % 2 else f"Guest {n}", invited_by=world.lead, attendance="attended")
        MeetingAction.objects.create(meeting=meeting, what=f"Action {n}", owner_agency=team.agency, owner_person=person, due_on=datetime.date(2026, 7, 1), recorded_by=world.lead, child=world.child if n % 3 else None)
        assert invitee.pk
    return meeting


def _queries(world: World, meeting: Meeting) -> int:
    client = signed_in_client(world.lead)
    url = reverse("meetings:detail", args=[world.child.pk, meeting.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_meeting_page_takes_the_same_queries_however_many_attend(world: World) -> None:
    small = _queries(world, _meeting_with(world, 2))
    big = _queries(world, _meeting_with(world, 30))
    assert small == big
    assert big <= 40

