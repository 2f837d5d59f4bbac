"""Reads about children: every list goes through the access rules."""

from __future__ import annotations

import datetime

import pytest
from django.http import Http404
from django.utils import timezone

from cylch.access import rules
from cylch.access.models import AccessGrant
from cylch.children import selectors, services
from cylch.children.models import Involvement, JoinRequest, NetworkMember, VoiceEntry
from cylch.core import testing
from cylch.people.models import Role

from .conftest import World

pytestmark = pytest.mark.django_db


def _summary(world: World, person):  # type: ignore[no-untyped-def]
    return selectors.child_summary(actor=person, child=world.child, access=rules.child_access(person, world.child))


def test_summary_names_the_lead_the_agencies_and_the_trusted_adults(world: World) -> None:
    NetworkMember.objects.create(
        child=world.child, full_name="Mam-gu", relationship="grandparent", is_trusted_adult=True
    )
    NetworkMember.objects.create(
        child=world.child,
        full_name="Uncle Ended",
        relationship="aunt_uncle",
        is_trusted_adult=True,
        ended_on=timezone.localdate(),
    )
    NetworkMember.objects.create(
        child=world.child, full_name="Wrong Person", relationship="other", entered_in_error=True
    )
    s = _summary(world, world.health)
    assert s.lead == world.lead_involvement
    assert s.involvements[0] == world.lead_involvement
    assert sorted(s.agencies) == sorted(["Test Children's Services", "Test Health Board", "Test Police"])
    assert [m.full_name for m in s.trusted_adults] == ["Mam-gu"]
    assert [m.full_name for m in s.network] == ["Mam-gu"]
    assert s.pending_join_requests == 0  # only counted for the lead and managers


def test_summary_counts_pending_join_requests_for_the_lead(world: World) -> None:
    JoinRequest.objects.create(
        child=world.child,
        team=world.school_team,
        requested_by=world.school_dsl,
        role_for_child="school_dsp",
        reason="r",
    )
    assert _summary(world, world.lead).pending_join_requests == 1
    assert _summary(world, world.manager).pending_join_requests == 1
    assert _summary(world, world.police).pending_join_requests == 0


def test_ended_involvements_are_not_in_the_summary_but_are_in_the_team_history(world: World) -> None:
    services.involvement_end(actor=world.lead, involvement=world.police_involvement, reason="Done")
    s = _summary(world, world.lead)
    assert world.police_involvement.pk not in [i.pk for i in s.involvements]
    around = selectors.team_around(actor=world.lead, child=world.child)
    assert [i.pk for i in around["ended"]] == [world.police_involvement.pk]
    assert around["current"][0].is_lead
    assert {i.pk for i in around["current"]} == {world.lead_involvement.pk, world.health_involvement.pk}


def test_an_involvement_starting_in_the_future_does_not_yet_give_access(world: World) -> None:
    Involvement.objects.filter(pk=world.police_involvement.pk).update(
        started_on=timezone.localdate() + datetime.timedelta(days=1)
    )
    assert not rules.child_access(world.police, world.child).can_read
    assert not rules.children_visible_to(world.police).exists()


def test_join_requests_go_to_the_lead_and_the_managers_of_the_leads_team(world: World) -> None:
    request = JoinRequest.objects.create(
        child=world.child,
        team=world.school_team,
        requested_by=world.school_dsl,
        role_for_child="school_dsp",
        reason="r",
    )
    for person in [world.lead, world.manager, world.cs_safeguarding_lead]:
        assert list(selectors.join_requests_to_decide(actor=person)) == [request], person
    for person in [world.health, world.police, world.colleague, world.outsider_manager]:
        assert list(selectors.join_requests_to_decide(actor=person)) == [], person


def test_without_a_lead_the_managers_of_involved_teams_decide(world: World) -> None:
    team = testing.make_team()
    manager = testing.make_person(Role.TEAM_MANAGER, team)
    practitioner = testing.make_person(Role.PRACTITIONER, team)
    child = testing.make_child(involved_team=team, practitioner=practitioner)
    request = JoinRequest.objects.create(
        child=child, team=world.school_team, requested_by=world.school_dsl, role_for_child="school_dsp", reason="r"
    )
    assert list(selectors.join_requests_to_decide(actor=manager)) == [request]
    assert list(selectors.join_requests_to_decide(actor=practitioner)) == []


def test_my_contributions_are_only_for_children_no_longer_visible(world: World) -> None:
    entry = services.voice_entry_add(
        actor=world.police,
        child=world.child,
        words="Kept",
        language="en",
        captured_on=timezone.localdate(),
        method="play",
    )
    assert selectors.my_contributions_elsewhere(actor=world.police) == []
    services.involvement_end(actor=world.lead, involvement=world.police_involvement, reason="Done")
    assert selectors.my_contributions_elsewhere(actor=world.police) == [entry]
    assert selectors.my_contributions_elsewhere(actor=world.health) == []


def test_voice_entries_include_those_entered_in_error_but_the_summary_does_not(world: World) -> None:
    entry = services.voice_entry_add(
        actor=world.lead,
        child=world.child,
        words="Wrong child",
        language="en",
        captured_on=timezone.localdate(),
        method="play",
    )
    services.voice_entry_mark_in_error(actor=world.lead, entry=entry, reason="Wrong record")
    access = rules.child_access(world.lead, world.child)
    assert [v.pk for v in selectors.voice_entries(actor=world.lead, child=world.child, access=access)] == [entry.pk]
    assert _summary(world, world.lead).latest_voice is None


def test_record_history_is_for_the_lead_and_managers_only(world: World) -> None:
    rules.access_child(world.health, world.child.pk)
    for person in [world.lead, world.manager, world.cs_safeguarding_lead]:
        entries = selectors.record_history(
            actor=person, child=world.child, access=rules.child_access(person, world.child)
        )
        assert any(e.actor_id == world.health.pk for e in entries)
    for person in [world.health, world.colleague]:
        with pytest.raises(Http404):
            selectors.record_history(actor=person, child=world.child, access=rules.child_access(person, world.child))


def test_break_glass_to_review_is_for_the_users_agency(world: World) -> None:
    grant = AccessGrant.objects.create(
        kind="break_glass",
        person=world.outsider,
        child=world.child,
        agency=world.elsewhere_agency,
        reason="r",
        ends_at=timezone.now() + datetime.timedelta(hours=1),
        granted_by=world.outsider,
    )
    assert list(selectors.break_glass_to_review(actor=world.outsider_manager)) == [grant]
    assert list(selectors.break_glass_to_review(actor=world.outsider_safeguarding_lead)) == [grant]
    assert list(selectors.break_glass_to_review(actor=world.manager)) == []
    assert list(selectors.break_glass_to_review(actor=world.outsider)) == []


def test_caseload_lists_the_children_of_the_persons_teams_only(world: World) -> None:
    mine = testing.make_child(involved_team=world.health_team, given_names="Alaw", family_name="Ap Huw")
    testing.make_child(involved_team=world.police_team)
    closed_elsewhere = testing.make_child(involved_team=world.health_team, status="entered_in_error")
    caseload = selectors.caseload(actor=world.health)
    assert [c.pk for c in caseload] == [mine.pk, world.child.pk]  # by family name: Ap Huw, Davies
    assert closed_elsewhere.pk not in [c.pk for c in caseload]
    assert selectors.caseload(actor=testing.make_person(Role.SYSTEM_ADMIN)) == []


def test_a_deactivated_person_sees_nothing(world: World) -> None:
    world.health.is_active = False
    world.health.save()
    rules.forget(world.health)
    assert not rules.child_access(world.health, world.child).can_read


def test_an_ended_membership_ends_access(world: World) -> None:
    world.health.memberships.update(ended_at=timezone.now())
    rules.forget(world.health)
    assert not rules.child_access(world.health, world.child).can_read
    assert not rules.children_visible_to(world.health).exists()


def test_voice_entries_hidden_by_sensitivity_are_filtered_for_break_glass_too(world: World) -> None:
    VoiceEntry.objects.create(
        child=world.child,
        words="Clinic",
        language="en",
        captured_on=timezone.localdate(),
        captured_by=world.health,
        method="play",
        sensitivity="sexual_health",
    )
    AccessGrant.objects.create(
        kind="break_glass",
        person=world.outsider,
        child=world.child,
        agency=world.elsewhere_agency,
        reason="r",
        ends_at=timezone.now() + datetime.timedelta(hours=1),
        granted_by=world.outsider,
    )
    access = rules.child_access(world.outsider, world.child)
    assert access.via == "break_glass" and not access.can_write
    assert selectors.voice_entries(actor=world.outsider, child=world.child, access=access) == []
