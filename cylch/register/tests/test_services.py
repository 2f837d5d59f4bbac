"""The register: placed on it only by a conference, off it only by a review conference or the listed events."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from cylch.audit.models import AuditEntry
from cylch.chronology.models import ChronologyEntry
from cylch.core.models import Notification
from cylch.core.reference_data import policy
from cylch.meetings import services as meetings
from cylch.meetings.models import MeetingChild
from cylch.meetings.tests.factories import World, hold, place, register_at_conference, wales
from cylch.register import services
from cylch.register.models import DutyLine, Registration
from cylch.timescales.models import DueItem

pytestmark = pytest.mark.django_db


def test_a_conference_decision_places_the_child_on_the_register_with_a_chronology_entry_and_audit(world: World) -> None:
    register_at_conference(world, at=wales(2026, 6, 10, 11))
    registration = Registration.objects.get(child=world.child)
    assert registration.is_open
    assert registration.decision.meeting.meeting_type == "initial_conference"
    entry = ChronologyEntry.objects.get(child=world.child, entry_type="registration")
    assert entry.summary == "Placed on the child protection register. Categories: Emotional or psychological abuse, Neglect"
    assert "Cam-drin emosiynol neu seicolegol, Esgeulustod" in entry.summary_cy
    assert entry.significance == "critical"
    assert AuditEntry.objects.filter(action="cylch.register.registration.made", child_id=world.child.pk).count() == 1


def test_the_lead_professional_is_told_when_someone_else_records_the_registration(world: World) -> None:
    meeting = hold(world, meetings.INITIAL_CONFERENCE, at=wales(2026, 6, 10, 11))
    meetings.decision_record(
        actor=world.colleague, place=place(meeting, world.child), reasons="Risk", register_decision="register", categories=["neglect"]
    )
    notice = Notification.objects.get(recipient=world.lead, kind="cylch.register.registered")
    assert notice.params["due"] == "24/06/2026"


def test_a_child_cannot_be_registered_twice(world: World) -> None:
    register_at_conference(world, at=wales(2026, 6, 1, 11))
    second = hold(world, meetings.INITIAL_CONFERENCE, at=wales(2026, 6, 10, 11))
    with pytest.raises(ValidationError):
        meetings.decision_record(actor=world.lead, place=place(second, world.child), reasons="r", register_decision="register", categories=["neglect"])
    assert Registration.objects.filter(child=world.child).count() == 1
    assert not place(second, world.child).has_decision


def test_registration_is_made_only_from_a_registering_conference_decision(world: World) -> None:
    meeting = hold(world, meetings.CORE_GROUP, at=wales(2026, 6, 10, 11))
    decision = place(meeting, world.child)
    decision.register_decision = MeetingChild.RegisterDecision.REGISTER
    decision.categories = ["neglect"]
    with pytest.raises(ValidationError):
        services.registration_make(actor=world.lead, decision=decision)
    assert not Registration.objects.exists()


@pytest.mark.parametrize("reason", ["died", "moved_out_of_uk"])
def test_the_listed_events_end_a_registration_with_reasons(world: World, reason: str) -> None:
    register_at_conference(world, at=wales(2026, 6, 1, 11))
    registration = Registration.objects.get(child=world.child)
    with pytest.raises(ValidationError) as error:
        services.registration_end(actor=world.lead, registration=registration, reason=reason, detail=" ", ended_on=datetime.date(2026, 6, 9))
    assert "detail" in error.value.message_dict
    services.registration_end(actor=world.lead, registration=registration, reason=reason, detail="Confirmed by the family", ended_on=datetime.date(2026, 6, 9))
    registration.refresh_from_db()
    assert registration.ended_on == datetime.date(2026, 6, 9)
    assert registration.end_reason == reason
    assert not registration.categories.filter(removed_on__isnull=True).exists()
    summaries = list(ChronologyEntry.objects.filter(child=world.child, entry_type="registration").values_list("summary", flat=True))
    assert len(summaries) == 2
    assert any(s.startswith("Removed from the child protection register: ") for s in summaries)


def test_a_registration_cannot_be_ended_for_any_other_reason_or_by_the_review_reason_outside_a_conference(world: World) -> None:
    register_at_conference(world, at=wales(2026, 6, 1, 11))
    registration = Registration.objects.get(child=world.child)
    for reason in ["improved", "review_conference", ""]:
        with pytest.raises(ValidationError):
            services.registration_end(actor=world.lead, registration=registration, reason=reason, detail="Things are better", ended_on=datetime.date(2026, 6, 9))
    registration.refresh_from_db()
    assert registration.is_open


def test_reaching_18_is_checked_against_the_date_of_birth(world: World) -> None:
    register_at_conference(world, at=wales(2026, 6, 1, 11))
    registration = Registration.objects.get(child=world.child)
    with pytest.raises(ValidationError) as error:
        services.registration_end(actor=world.lead, registration=registration, reason="turned_18", detail="18", ended_on=datetime.date(2026, 6, 9))
    assert "18" in error.value.message_dict["reason"][0]
    assert policy("register_end_age") == 18
    world.child.date_of_birth = datetime.date(2008, 6, 5)
    world.child.save()
    registration.refresh_from_db()
    services.registration_end(actor=world.lead, registration=registration, reason="turned_18", detail="Now an adult", ended_on=datetime.date(2026, 6, 5))
    registration.refresh_from_db()
    assert registration.ended_on == datetime.date(2026, 6, 5)


@pytest.mark.parametrize(("ended_on", "field"), [(datetime.date(2026, 6, 11), "ended_on"), (datetime.date(2026, 5, 31), "ended_on")])
def test_the_end_date_is_neither_future_nor_before_registration(world: World, ended_on: datetime.date, field: str) -> None:
    register_at_conference(world, at=wales(2026, 6, 1, 11))
    registration = Registration.objects.get(child=world.child)
    with pytest.raises(ValidationError) as error:
        services.registration_end(actor=world.lead, registration=registration, reason="died", detail="d", ended_on=ended_on)
    assert field in error.value.message_dict


def test_someone_outside_the_team_cannot_end_a_registration(world: World) -> None:
    register_at_conference(world, at=wales(2026, 6, 1, 11))
    registration = Registration.objects.get(child=world.child)
    with pytest.raises(Http404):
        services.registration_end(actor=world.outsider, registration=registration, reason="died", detail="d", ended_on=datetime.date(2026, 6, 9))


def test_a_transfer_in_starts_the_transfer_in_conference_clock_and_the_conference_meets_it(world: World, clock: Any) -> None:
    services.transfer_in_record(
        actor=world.lead, child=world.child, notified_at=wales(2026, 6, 1, 9), from_area="Cyngor Gwynedd", categories=["neglect"]
    )
    item = DueItem.objects.get(child=world.child, rule__code="transfer-in-conference")
    assert item.due_at == wales(2026, 6, 22, 23, 59, 59)
    with pytest.raises(ValidationError):
        services.transfer_in_record(actor=world.lead, child=world.child, notified_at=wales(2026, 6, 12, 9), from_area="Gwynedd")
    with pytest.raises(ValidationError):
        services.transfer_in_record(actor=world.lead, child=world.child, notified_at=wales(2026, 6, 1, 9), from_area=" ")
    conference = hold(world, meetings.TRANSFER_IN_CONFERENCE, at=wales(2026, 6, 10, 11))
    item.refresh_from_db()
    assert item.state == DueItem.State.MET
    meetings.decision_record(
        actor=world.lead, place=place(conference, world.child), reasons="Continue registration here", register_decision="register", categories=["neglect"]
    )
    assert Registration.objects.get(child=world.child).registered_on == datetime.date(2026, 6, 10)


def test_duty_lines_are_set_by_the_agency_administrators_only(world: World) -> None:
    from cylch.core import testing
    from cylch.people.models import Role

    admin = testing.make_person(Role.AGENCY_ADMIN, testing.make_team(world.cs_agency))
    with pytest.raises(PermissionDenied):
        services.duty_line_set(actor=world.lead, agency=world.cs_agency, phone="01970 000000")
    with pytest.raises(PermissionDenied):
        services.duty_line_set(actor=admin, agency=world.police_agency, phone="01970 000000")
    with pytest.raises(ValidationError):
        services.duty_line_set(actor=admin, agency=world.cs_agency, phone="none")
    services.duty_line_set(actor=admin, agency=world.cs_agency, phone="01970 633 000", notes_en="Out of hours: 0800 000 000", notes_cy="Tu allan i oriau: 0800 000 000")
    services.duty_line_set(actor=admin, agency=world.cs_agency, phone="01970 633 001")
    assert DutyLine.objects.get(agency=world.cs_agency).phone == "01970 633 001"
    assert AuditEntry.objects.filter(action="cylch.register.duty_line.set").count() == 2
