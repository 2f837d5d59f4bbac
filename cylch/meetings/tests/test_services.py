"""Arranging, holding and recording meetings: the rules of practice they enforce and what they leave behind."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import translation

from cylch.audit.models import AuditEntry
from cylch.chronology.models import ChronologyEntry
from cylch.core.models import Notification
from cylch.meetings import hooks, services
from cylch.meetings.models import Invitee, Meeting, MeetingAction, MeetingChild
from cylch.register.models import Registration
from cylch.timescales.models import DueItem

from .conftest import NOW
from .factories import (
    World,
    arrange,
    hold,
    hold_strategy_discussion,
    invite_and_attend,
    place,
    register_at_conference,
    wales,
)

pytestmark = pytest.mark.django_db


def open_codes(child: Any) -> set[str]:
    return set(DueItem.objects.filter(child=child, state=DueItem.State.OPEN).values_list("rule__code", flat=True))


# --- Arranging and inviting -------------------------------------------------------------


def test_arranging_a_meeting_about_siblings_places_each_child_and_audits_for_each(world: World) -> None:
    meeting = arrange(world, services.INITIAL_CONFERENCE, at=NOW + datetime.timedelta(days=3), siblings=True)
    assert set(meeting.children.all()) == {world.child, world.sibling}
    assert meeting.convened_by_agency == world.cs_agency
    assert meeting.status == Meeting.Status.ARRANGED
    entries = AuditEntry.objects.filter(action="cylch.meetings.meeting.arranged")
    assert set(entries.values_list("child_id", flat=True)) == {world.child.pk, world.sibling.pk}


def test_a_sibling_the_actor_cannot_change_is_refused(world: World) -> None:
    from cylch.core import testing

    stranger = testing.make_child(involved_team=testing.make_team())
    with pytest.raises(ValidationError) as error:
        services.meeting_arrange(
            actor=world.lead, child=world.child, meeting_type="core_group", scheduled_at=NOW, siblings=[stranger]
        )
    assert "siblings" in error.value.message_dict
    assert not Meeting.objects.exists()


def test_an_unknown_meeting_type_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        services.meeting_arrange(actor=world.lead, child=world.child, meeting_type="tea_party", scheduled_at=NOW)
    assert "meeting_type" in error.value.message_dict


def test_someone_outside_the_team_around_the_child_cannot_arrange(world: World) -> None:
    with pytest.raises(Http404):
        services.meeting_arrange(actor=world.outsider, child=world.child, meeting_type="core_group", scheduled_at=NOW)


def test_inviting_a_cylch_user_tells_them_in_their_language(world: World) -> None:
    world.police.language = "cy"
    world.police.save()
    meeting = arrange(world, services.STRATEGY_DISCUSSION, at=NOW + datetime.timedelta(hours=2))
    services.invitee_add(actor=world.lead, meeting=meeting, agency=world.police_agency, person=world.police)
    notice = Notification.objects.get(recipient=world.police, kind="cylch.meetings.invited")
    assert notice.params["meeting"] == "Trafodaeth strategaeth"
    assert notice.params["agency"] == "Heddlu Prawf"


def test_a_person_must_work_for_the_agency_they_are_invited_for(world: World) -> None:
    meeting = arrange(world, services.STRATEGY_DISCUSSION, at=NOW)
    with pytest.raises(ValidationError) as error:
        services.invitee_add(actor=world.lead, meeting=meeting, agency=world.health_agency, person=world.police)
    assert "person" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.invitee_add(actor=world.lead, meeting=meeting, agency=world.health_agency)  # neither person nor name
    invitee = services.invitee_add(actor=world.lead, meeting=meeting, agency=world.health_agency, name="Dr Rhys GP", role="GP")
    assert invitee.display_name == "Dr Rhys GP"


# --- Strategy discussions ---------------------------------------------------------------------


def test_a_strategy_discussion_without_the_police_is_refused_as_held(world: World) -> None:
    meeting = arrange(world, services.STRATEGY_DISCUSSION, at=NOW - datetime.timedelta(hours=2))
    invite_and_attend(world, meeting, with_police=False)
    with pytest.raises(ValidationError) as error:
        services.meeting_hold(actor=world.lead, meeting=meeting, held_at=NOW - datetime.timedelta(hours=2), chair_name="Nia", record_summary="")
    assert "Police" in " ".join(error.value.messages)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.ARRANGED
    assert not DueItem.objects.exists()


def test_a_strategy_discussion_whose_attendees_could_not_decide_is_refused(world: World) -> None:
    meeting = arrange(world, services.STRATEGY_DISCUSSION, at=NOW - datetime.timedelta(hours=2))
    invite_and_attend(world, meeting, authority=False)
    with pytest.raises(ValidationError) as error:
        services.meeting_hold(actor=world.lead, meeting=meeting, held_at=NOW - datetime.timedelta(hours=2), chair_name="Nia", record_summary="")
    text = " ".join(error.value.messages)
    assert "Police" in text and "Children's services" in text


def test_a_strategy_discussion_held_starts_the_initial_conference_clock_for_each_child(world: World) -> None:
    meeting = hold_strategy_discussion(world, at=wales(2026, 6, 10, 10), siblings=True)
    assert meeting.status == Meeting.Status.HELD
    for child in (world.child, world.sibling):
        item = DueItem.objects.get(child=child, rule__code="initial-conference")
        # 15 working days after Wednesday 10 June 2026.
        assert item.due_at == wales(2026, 7, 1, 23, 59, 59)
        assert item.owner_person == world.lead
        entry = ChronologyEntry.objects.get(child=child, entry_type="strategy_discussion")
        assert entry.summary == "Strategy discussion held, chaired by Nia Chair"
        assert "Trafodaeth strategaeth" in entry.summary_cy


def test_a_later_strategy_discussion_moves_the_clock_and_an_earlier_one_recorded_late_does_not(world: World, clock: Any) -> None:
    hold_strategy_discussion(world, at=wales(2026, 6, 3, 10))
    hold_strategy_discussion(world, at=wales(2026, 6, 10, 10))
    items = DueItem.objects.filter(child=world.child, rule__code="initial-conference", state=DueItem.State.OPEN)
    assert items.count() == 1
    assert items.get().due_at == wales(2026, 7, 1, 23, 59, 59)
    hold_strategy_discussion(world, at=wales(2026, 6, 1, 10))
    assert items.get().due_at == wales(2026, 7, 1, 23, 59, 59)


def test_section_47_determination_is_recorded_per_child_and_in_the_chronology(world: World) -> None:
    meeting = hold_strategy_discussion(world, at=wales(2026, 6, 10, 10), siblings=True)
    services.decision_record(
        actor=world.lead, place=place(meeting, world.child), reasons="Concerns substantiated.", section47_determination="determination_3"
    )
    services.decision_record(
        actor=world.lead, place=place(meeting, world.sibling), reasons="Not substantiated.", section47_determination="determination_1"
    )
    assert place(meeting, world.child).section47_determination == "determination_3"
    assert place(meeting, world.sibling).section47_determination == "determination_1"
    entry = ChronologyEntry.objects.filter(child=world.child, entry_type="strategy_discussion").order_by("-pk").first()
    assert entry is not None and "determination" in entry.summary
    with translation.override("cy"):
        assert entry.summary_shown == entry.summary_cy


# --- Holding: bad input ------------------------------------------------------------------------


def test_a_meeting_dated_in_the_future_cannot_be_recorded_as_held(world: World) -> None:
    meeting = arrange(world, services.CORE_GROUP, at=NOW + datetime.timedelta(days=2))
    with pytest.raises(ValidationError) as error:
        services.meeting_hold(actor=world.lead, meeting=meeting, held_at=NOW + datetime.timedelta(days=2), chair_name="Nia", record_summary="")
    assert "held_on" in error.value.message_dict
    assert "future" in error.value.message_dict["held_on"][0]


def test_an_initial_conference_dated_before_its_strategy_discussion_is_refused(world: World) -> None:
    hold_strategy_discussion(world, at=wales(2026, 6, 8, 10))
    meeting = arrange(world, services.INITIAL_CONFERENCE, at=wales(2026, 6, 5, 10))
    with pytest.raises(ValidationError) as error:
        services.meeting_hold(actor=world.lead, meeting=meeting, held_at=wales(2026, 6, 5, 10), chair_name="Nia", record_summary="")
    assert error.value.message_dict["held_on"] == [
        "An initial child protection conference cannot be dated before the strategy discussion of 8 June 2026 that it follows."
    ]
    assert open_codes(world.child) == {"initial-conference"}


def test_a_meeting_needs_a_chair_and_cannot_be_held_twice_or_after_cancellation(world: World) -> None:
    meeting = arrange(world, services.CORE_GROUP, at=NOW - datetime.timedelta(hours=1))
    with pytest.raises(ValidationError):
        services.meeting_hold(actor=world.lead, meeting=meeting, held_at=NOW - datetime.timedelta(hours=1), chair_name=" ", record_summary="")
    services.meeting_hold(actor=world.lead, meeting=meeting, held_at=NOW - datetime.timedelta(hours=1), chair_name="Nia", record_summary="")
    with pytest.raises(ValidationError):
        services.meeting_hold(actor=world.lead, meeting=meeting, held_at=NOW - datetime.timedelta(hours=1), chair_name="Nia", record_summary="")
    cancelled = arrange(world, services.CORE_GROUP, at=NOW + datetime.timedelta(days=1))
    services.meeting_cancel(actor=world.lead, meeting=cancelled, reason="Family unwell")
    with pytest.raises(ValidationError):
        services.meeting_hold(actor=world.lead, meeting=cancelled, held_at=NOW, chair_name="Nia", record_summary="")


def test_holding_late_needs_a_reason_and_is_met_late(world: World, clock: Any) -> None:
    hold_strategy_discussion(world, at=wales(2026, 5, 1, 10))  # initial conference due 26 May (bank holidays 4 and 25 May)
    meeting = arrange(world, services.INITIAL_CONFERENCE, at=wales(2026, 6, 9, 10))
    with pytest.raises(ValidationError) as error:
        services.meeting_hold(actor=world.lead, meeting=meeting, held_at=wales(2026, 6, 9, 10), chair_name="Nia", record_summary="")
    assert "late_reason" in error.value.message_dict
    services.meeting_hold(
        actor=world.lead, meeting=meeting, held_at=wales(2026, 6, 9, 10), chair_name="Nia", record_summary="", late_reason="Police unavailable"
    )
    item = DueItem.objects.get(child=world.child, rule__code="initial-conference")
    assert item.state == DueItem.State.MET_LATE
    assert item.late_reason == "Police unavailable"


# --- Holding conferences: items met and raised -------------------------------------------------


def test_holding_the_initial_conference_meets_its_item_and_starts_the_plan_and_review_clocks(world: World) -> None:
    hold_strategy_discussion(world, at=wales(2026, 6, 1, 10))
    hold(world, services.INITIAL_CONFERENCE, at=wales(2026, 6, 10, 11))
    item = DueItem.objects.get(child=world.child, rule__code="initial-conference")
    assert item.state == DueItem.State.MET
    assert item.met_at == wales(2026, 6, 10, 11)
    assert open_codes(world.child) == {"outline-plan-circulated", "first-review-conference"}
    outline = DueItem.objects.get(child=world.child, rule__code="outline-plan-circulated")
    assert outline.due_at == wales(2026, 6, 17, 23, 59, 59)


def test_circulating_the_outline_plan_meets_its_item(world: World, clock: Any) -> None:
    meeting = hold(world, services.INITIAL_CONFERENCE, at=wales(2026, 6, 10, 11))
    clock.move_to(wales(2026, 6, 12, 9))
    with pytest.raises(ValidationError):
        services.meeting_record_circulate(actor=world.lead, meeting=meeting, circulated_at=wales(2026, 6, 9, 12))
    services.meeting_record_circulate(actor=world.lead, meeting=meeting, circulated_at=wales(2026, 6, 11, 12))
    meeting.refresh_from_db()
    assert meeting.circulated_at == wales(2026, 6, 11, 12)
    outline = DueItem.objects.get(child=world.child, rule__code="outline-plan-circulated")
    assert outline.state == DueItem.State.MET
    with pytest.raises(ValidationError):
        services.meeting_record_circulate(actor=world.lead, meeting=meeting, circulated_at=wales(2026, 6, 11, 12))


def test_circulating_late_needs_a_reason(world: World, clock: Any) -> None:
    meeting = hold(world, services.INITIAL_CONFERENCE, at=wales(2026, 6, 10, 11))
    clock.move_to(wales(2026, 6, 22, 9))
    with pytest.raises(ValidationError) as error:
        services.meeting_record_circulate(actor=world.lead, meeting=meeting, circulated_at=wales(2026, 6, 19, 12))
    assert "late_reason" in error.value.message_dict
    services.meeting_record_circulate(actor=world.lead, meeting=meeting, circulated_at=wales(2026, 6, 19, 12), late_reason="Chair on leave")
    assert DueItem.objects.get(child=world.child, rule__code="outline-plan-circulated").state == DueItem.State.MET_LATE


def test_registration_at_the_conference_starts_the_core_group_clock(world: World) -> None:
    register_at_conference(world, at=wales(2026, 6, 10, 11))
    registration = Registration.objects.get(child=world.child)
    assert registration.registered_on == datetime.date(2026, 6, 10)
    assert sorted(c.code for c in registration.categories.all()) == ["emotional", "neglect"]
    item = DueItem.objects.get(child=world.child, rule__code="first-core-group")
    assert item.due_at == wales(2026, 6, 24, 23, 59, 59)


def test_core_groups_meet_the_first_and_raise_the_next(world: World, clock: Any) -> None:
    register_at_conference(world, at=wales(2026, 6, 1, 11))
    hold(world, services.CORE_GROUP, at=wales(2026, 6, 10, 11))
    assert DueItem.objects.get(child=world.child, rule__code="first-core-group").state == DueItem.State.MET
    next_group = DueItem.objects.get(child=world.child, rule__code="next-core-group", state=DueItem.State.OPEN)
    assert next_group.due_at == wales(2026, 7, 22, 23, 59, 59)
    clock.move_to(wales(2026, 7, 20, 12))
    hold(world, services.CORE_GROUP, at=wales(2026, 7, 20, 11))
    assert DueItem.objects.filter(child=world.child, rule__code="next-core-group", state=DueItem.State.MET).count() == 1
    assert DueItem.objects.get(child=world.child, rule__code="next-core-group", state=DueItem.State.OPEN).due_at == wales(2026, 8, 31, 23, 59, 59)


def test_a_core_group_dated_before_the_registration_is_refused(world: World) -> None:
    register_at_conference(world, at=wales(2026, 6, 8, 11))
    meeting = arrange(world, services.CORE_GROUP, at=wales(2026, 6, 5, 11))
    with pytest.raises(ValidationError) as error:
        services.meeting_hold(actor=world.lead, meeting=meeting, held_at=wales(2026, 6, 5, 11), chair_name="Nia", record_summary="")
    assert "held_on" in error.value.message_dict


def test_looked_after_reviews_follow_first_second_then_later(world: World, clock: Any) -> None:
    hold(world, services.LAC_REVIEW, at=wales(2026, 6, 1, 11))
    assert open_codes(world.child) == {"lac-second-review"}
    hold(world, services.LAC_REVIEW, at=wales(2026, 6, 10, 11))
    assert open_codes(world.child) == {"lac-next-review"}


# --- Decisions -----------------------------------------------------------------------------


def test_decisions_are_per_child_and_need_the_meeting_held(world: World) -> None:
    meeting = arrange(world, services.INITIAL_CONFERENCE, at=wales(2026, 6, 10, 11), siblings=True)
    with pytest.raises(ValidationError):
        services.decision_record(actor=world.lead, place=place(meeting, world.child), reasons="x", register_decision="register", categories=["neglect"])
    services.meeting_hold(actor=world.lead, meeting=meeting, held_at=wales(2026, 6, 10, 11), chair_name="Nia", record_summary="")
    services.decision_record(actor=world.lead, place=place(meeting, world.child), reasons="Risk", register_decision="register", categories=["neglect"])
    services.decision_record(actor=world.lead, place=place(meeting, world.sibling), reasons="No continuing risk", register_decision="do_not_register")
    assert Registration.objects.filter(child=world.child, ended_on__isnull=True).exists()
    assert not Registration.objects.filter(child=world.sibling).exists()
    assert "first-core-group" in open_codes(world.child)
    assert "first-core-group" not in open_codes(world.sibling)
    with pytest.raises(ValidationError):
        services.decision_record(actor=world.lead, place=place(meeting, world.child), reasons="again", register_decision="do_not_register")


@pytest.mark.parametrize(
    ("decision", "categories", "field"),
    [
        ("", [], "register_decision"),
        ("remain_registered", ["neglect"], "register_decision"),
        ("register", [], "categories"),
        ("register", ["cruelty"], "categories"),
    ],
)
def test_a_registering_conference_needs_a_valid_decision(world: World, decision: str, categories: list[str], field: str) -> None:
    meeting = hold(world, services.INITIAL_CONFERENCE, at=wales(2026, 6, 10, 11))
    with pytest.raises(ValidationError) as error:
        services.decision_record(actor=world.lead, place=place(meeting, world.child), reasons="r", register_decision=decision, categories=categories)
    assert field in error.value.message_dict
    assert not Registration.objects.exists()


def test_only_conferences_decide_about_the_register(world: World) -> None:
    meeting = hold(world, services.CORE_GROUP, at=wales(2026, 6, 10, 11))
    with pytest.raises(ValidationError):
        services.decision_record(actor=world.lead, place=place(meeting, world.child), reasons="r", register_decision="register", categories=["neglect"])
    with pytest.raises(ValidationError):
        services.decision_record(actor=world.lead, place=place(meeting, world.child), reasons="r", section47_determination="determination_3")
    services.decision_record(actor=world.lead, place=place(meeting, world.child), reasons="Keep the plan as it is.")


def test_a_review_conference_keeps_a_child_on_the_register_with_new_categories_or_removes_them(world: World, clock: Any) -> None:
    register_at_conference(world, at=wales(2026, 6, 1, 11), categories=["neglect", "physical"])
    review = hold(world, services.REVIEW_CONFERENCE, at=wales(2026, 6, 10, 11))
    assert DueItem.objects.get(child=world.child, rule__code="first-review-conference").state == DueItem.State.MET
    assert "next-review-conference" in open_codes(world.child)
    services.decision_record(
        actor=world.lead, place=place(review, world.child), reasons="Physical harm no longer a concern", register_decision="remain_registered", categories=["neglect"]
    )
    registration = Registration.objects.get(child=world.child)
    assert [c.code for c in registration.categories.filter(removed_on__isnull=True)] == ["neglect"]
    assert registration.categories.get(code="physical").removed_on == datetime.date(2026, 6, 10)
    clock.move_to(wales(2026, 6, 20, 12))
    second = hold(world, services.REVIEW_CONFERENCE, at=wales(2026, 6, 19, 11))
    services.decision_record(actor=world.lead, place=place(second, world.child), reasons="Plan achieved", register_decision="deregister")
    registration.refresh_from_db()
    assert registration.ended_on == datetime.date(2026, 6, 19)
    assert registration.end_reason == "review_conference"
    assert registration.end_decision == place(second, world.child)


def test_a_review_conference_cannot_review_a_child_not_on_the_register(world: World) -> None:
    meeting = hold(world, services.REVIEW_CONFERENCE, at=wales(2026, 6, 10, 11))
    with pytest.raises(ValidationError):
        services.decision_record(actor=world.lead, place=place(meeting, world.child), reasons="r", register_decision="deregister")
    assert MeetingChild.objects.get(meeting=meeting).decided_at is None


# --- Actions, views, attendance ---------------------------------------------------------------


def test_an_agreed_action_is_data_for_the_plans_domain_and_tells_its_owner(world: World) -> None:
    seen: list[MeetingAction] = []

    def handler(*, actor: Any, action: MeetingAction) -> None:
        seen.append(action)

    # The owner must be in the team around the child for the action to join the child's plan.
    from cylch.children.models import Involvement

    health_team = world.health.memberships.first().team  # type: ignore[union-attr]
    Involvement.objects.create(
        child=world.sibling,
        agency=world.health_agency,
        team=health_team,
        practitioner=world.health,
        role_for_child="health_visitor",
        reason="Test",
        basis=Involvement.Basis.STATUTORY,
        statutory_basis="safeguarding",
        no_agreement_justification="Test",
        started_on=datetime.date(2026, 6, 1),
    )
    hooks.register_agreed_action_handler(handler)
    try:
        meeting = hold(world, services.INITIAL_CONFERENCE, at=wales(2026, 6, 10, 11), siblings=True)
        action = services.action_agree(
            actor=world.lead,
            meeting=meeting,
            what="Health visitor to visit weekly",
            owner_agency=world.health_agency,
            owner_person=world.health,
            due_on=datetime.date(2026, 6, 24),
            child=world.sibling,
        )
    finally:
        hooks.unregister_agreed_action_handler(handler)
    assert seen == [action]
    from cylch.plans.models import PlanAction

    plan_action = PlanAction.objects.get(plan__child=world.sibling, what="Health visitor to visit weekly")
    assert plan_action.owner == world.health and plan_action.due_on == datetime.date(2026, 6, 24)
    assert plan_action.plan.plan_type == "child_protection"
    assert Notification.objects.filter(recipient=world.health, kind="cylch.meetings.action_assigned").exists()
    assert AuditEntry.objects.filter(action="cylch.meetings.action.agreed", child_id=world.sibling.pk).exists()
    assert not AuditEntry.objects.filter(action="cylch.meetings.action.agreed", child_id=world.child.pk).exists()


def test_a_handler_that_refuses_rolls_the_action_back(world: World) -> None:
    def refuse(*, actor: Any, action: MeetingAction) -> None:
        raise ValidationError({"what": "Plan closed"})

    hooks.register_agreed_action_handler(refuse)
    try:
        meeting = hold(world, services.CORE_GROUP, at=wales(2026, 6, 10, 11))
        with pytest.raises(ValidationError):
            services.action_agree(actor=world.lead, meeting=meeting, what="x", owner_agency=world.cs_agency, due_on=datetime.date(2026, 7, 1))
    finally:
        hooks.unregister_agreed_action_handler(refuse)
    assert not MeetingAction.objects.exists()
    assert not AuditEntry.objects.filter(action="cylch.meetings.action.agreed").exists()


@pytest.mark.parametrize("due_on", [datetime.date(2026, 6, 9), datetime.date(2030, 1, 1)])
def test_an_action_must_be_due_after_the_meeting_and_within_reason(world: World, due_on: datetime.date) -> None:
    meeting = hold(world, services.CORE_GROUP, at=wales(2026, 6, 10, 11))
    with pytest.raises(ValidationError) as error:
        services.action_agree(actor=world.lead, meeting=meeting, what="x", owner_agency=world.cs_agency, due_on=due_on)
    assert "due_on" in error.value.message_dict


def test_the_child_and_family_views_are_recorded_in_their_words(world: World) -> None:
    meeting = hold(world, services.INITIAL_CONFERENCE, at=wales(2026, 6, 10, 11))
    services.views_record(
        actor=world.lead,
        place=place(meeting, world.child),
        child_participation="views_through_advocate",
        child_views="Dw i eisiau aros gyda Mam.",
        family_participation="attended",
        family_views="We want help with the house.",
    )
    saved = place(meeting, world.child)
    assert saved.child_views == "Dw i eisiau aros gyda Mam."
    with pytest.raises(ValidationError):
        services.views_record(actor=world.lead, place=saved, child_participation="telepathy", child_views="", family_participation="attended", family_views="")


def test_attendance_only_for_invitees_and_authority_only_for_strategy_discussions(world: World) -> None:
    meeting = arrange(world, services.CORE_GROUP, at=NOW)
    invitee = services.invitee_add(actor=world.lead, meeting=meeting, agency=world.police_agency, person=world.police)
    services.attendance_record(actor=world.lead, meeting=meeting, attendance={invitee.pk: (Invitee.Attendance.SENT_REPORT, True)})
    invitee.refresh_from_db()
    assert invitee.attendance == "sent_report" and invitee.had_authority is None
    with pytest.raises(ValidationError):
        services.attendance_record(actor=world.lead, meeting=meeting, attendance={999999: ("attended", None)})


def test_changing_a_meeting_over_a_newer_version_is_refused(world: World) -> None:
    meeting = arrange(world, services.CORE_GROUP, at=NOW + datetime.timedelta(days=1))
    services.meeting_change(actor=world.lead, meeting=meeting, expected_version=1, scheduled_at=NOW + datetime.timedelta(days=2), location="Room 2", chair_name="Nia")
    with pytest.raises(ValidationError):
        services.meeting_change(actor=world.colleague, meeting=meeting, expected_version=1, scheduled_at=NOW, location="Room 3", chair_name="Nia")
    meeting.refresh_from_db()
    assert meeting.location == "Room 2"


def test_cancelling_tells_those_invited(world: World) -> None:
    meeting = arrange(world, services.CORE_GROUP, at=NOW + datetime.timedelta(days=1))
    services.invitee_add(actor=world.lead, meeting=meeting, agency=world.police_agency, person=world.police)
    with pytest.raises(ValidationError):
        services.meeting_cancel(actor=world.lead, meeting=meeting, reason=" ")
    services.meeting_cancel(actor=world.lead, meeting=meeting, reason="Family moved")
    assert Notification.objects.filter(recipient=world.police, kind="cylch.meetings.cancelled").exists()
