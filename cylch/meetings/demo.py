"""Demo meetings: a strategy discussion about Seren Enghraifft held five working days ago,
so her initial child protection conference is due. Built through the services, so the
due items, chronology and audit trail are what a real discussion leaves behind."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from cylch.children.models import Child, Identifier
from cylch.meetings import services
from cylch.meetings.models import Invitee, MeetingChild
from cylch.people.models import Membership, Person
from cylch.timescales.calendar import WALES, is_working_day


def _working_days_ago(count: int) -> datetime.date:
    day = timezone.localdate()
    while count > 0:
        day -= datetime.timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def _seren(region: Any) -> Child | None:
    child = getattr(region, "children", {}).get("seren")
    if child is not None:
        return child  # type: ignore[no-any-return]
    identifier = Identifier.objects.filter(kind=Identifier.Kind.LA_CASE_NUMBER, value="DV-CS-0001").select_related("child").first()
    return identifier.child if identifier else None


def build_meetings(region: Any) -> None:
    """Safe to run more than once: does nothing if Seren already has a strategy discussion."""
    seren = _seren(region)
    if seren is None:
        return
    if MeetingChild.objects.filter(child=seren, meeting__meeting_type=services.STRATEGY_DISCUSSION).exists():
        return
    social_worker = region.people.get("practitioner") or Person.objects.get(email="practitioner@demo.cylch.invalid")
    police = region.people.get("police") or Person.objects.get(email="police@demo.cylch.invalid")
    held_at = datetime.datetime.combine(_working_days_ago(5), datetime.time(10, 0), tzinfo=WALES)
    meeting = services.meeting_arrange(
        actor=social_worker,
        child=seren,
        meeting_type=services.STRATEGY_DISCUSSION,
        scheduled_at=held_at,
        location="Demo Valley Children's Services, by video call",
        chair_name=social_worker.full_name,
    )
    for person, role in [(social_worker, "Social worker"), (police, "Public Protection Unit officer")]:
        membership = Membership.objects.current().filter(person=person).select_related("team__agency").first()
        if membership is None:
            continue
        services.invitee_add(actor=social_worker, meeting=meeting, agency=membership.team.agency, person=person, role=role)
    services.attendance_record(
        actor=social_worker,
        meeting=meeting,
        attendance={i.pk: (Invitee.Attendance.ATTENDED, True) for i in meeting.invitees.all()},
    )
    services.meeting_hold(
        actor=social_worker,
        meeting=meeting,
        held_at=held_at,
        chair_name=social_worker.full_name,
        record_summary=(
            "Demo: police and children's services shared what they know after the school's referral and the police call-out. "
            "Agreed a joint section 47 enquiry and to convene an initial child protection conference."
        ),
    )
