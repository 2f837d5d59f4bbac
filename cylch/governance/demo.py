"""Demo governance for the fictional Demo Valley Safeguarding Board: a board meeting held three
weeks ago with its agenda, attendance, a decision and two actions (one owned by the health board,
one by children's services that is now overdue), and a risk escalated to the board.
Every name is invented."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from cylch.accountability.models import LedgerAction
from cylch.governance.models import AgendaItem, Attendance, BoardMeeting, Decision, Risk
from cylch.organisations.models import Board
from cylch.partnerships.models import GovernanceBody, Partnership, PartnershipRole
from cylch.people.models import Membership, Person, Role

MEMBER_AGENCIES = ["demo-childrens-services", "demo-health", "demo-police-agency", "demo-education", "demo-partnership"]


def demo_partnership(region: Any) -> Partnership:
    """The demo safeguarding board as a partnership (made here if the partnerships demo has not)."""
    rsb = Board.objects.get(code="demo-rsb")
    partnership = Partnership.objects.filter(board=rsb).first()
    if partnership is None:
        partnership = Partnership.objects.create(
            code="demo-valley-safeguarding-board",
            kind=Partnership.Kind.REGIONAL_SAFEGUARDING_BOARD,
            board=rsb,
            name_en=rsb.name_en,
            name_cy=rsb.name_cy,
        )
    partnership.areas.add(region.areas["demo-valley"])
    partnership.agencies.add(*[region.agencies[code] for code in MEMBER_AGENCIES])
    return partnership


def _chair(region: Any) -> Person:
    email = "chair@demo.cylch.invalid"
    person = Person.objects.filter(email=email).first()
    if person is None:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from cylch.core.demo import DEMO_PASSWORD, DEMO_TOTP_KEY_HEX

        person = Person.objects.create_user(email=email, password=DEMO_PASSWORD, full_name="Demo Board Chair Siân Prawf", language="cy")
        Membership.objects.create(person=person, team=region.teams["demo-partnership-unit"], role=Role.PARTNERSHIP_MANAGER)
        TOTPDevice.objects.get_or_create(user=person, name="Demo authenticator", defaults={"key": DEMO_TOTP_KEY_HEX, "confirmed": True})
    region.people["chair"] = person
    return person


def _role(partnership: Partnership, person: Person, role: str, agency: Any, today: datetime.date) -> None:
    if not PartnershipRole.objects.filter(partnership=partnership, person=person, role=role).exists():
        PartnershipRole.objects.create(
            partnership=partnership, person=person, role=role, agency=agency, started_on=today - datetime.timedelta(days=365)
        )


def build_governance(region: Any) -> None:
    """Build once. Written directly (as the other demo builders do) so dates can lie in the past."""
    partnership = demo_partnership(region)
    today = timezone.localdate()
    manager = region.people["partnership"]
    _role(partnership, manager, PartnershipRole.Role.BUSINESS_MANAGER, region.agencies["demo-partnership"], today)
    chair_role = PartnershipRole.objects.filter(partnership=partnership, role=PartnershipRole.Role.CHAIR, ended_on__isnull=True).first()
    if chair_role is None:  # the partnerships demo names one; otherwise a demo chair is made here
        _role(partnership, _chair(region), PartnershipRole.Role.CHAIR, region.agencies["demo-partnership"], today)
        chair_role = PartnershipRole.objects.get(partnership=partnership, role=PartnershipRole.Role.CHAIR, ended_on__isnull=True)
    board = GovernanceBody.objects.filter(partnership=partnership, kind=GovernanceBody.Kind.BOARD, is_active=True).first()
    if board is None:
        board = GovernanceBody.objects.create(
            partnership=partnership, kind=GovernanceBody.Kind.BOARD, name_en="Demo Valley Safeguarding Board", name_cy="Bwrdd Diogelu Cwm Demo"
        )
    if BoardMeeting.objects.filter(partnership=partnership).exists():
        return
    held_on = today - datetime.timedelta(days=21)
    meeting = BoardMeeting.objects.create(
        partnership=partnership,
        body=board,
        held_on=held_on,
        location="Demo Valley Civic Centre",
        status=BoardMeeting.Status.HELD,
        minutes_en="The board reviewed the accountability ledger and the risk register, and agreed two actions.",
        minutes_cy="Adolygodd y bwrdd y gofrestr atebolrwydd a'r gofrestr risg, a chytunodd ar ddau gam gweithredu.",
        created_by=manager,
    )
    for position, (en, cy) in enumerate(
        [
            ("Welcome and apologies", "Croeso ac ymddiheuriadau"),
            ("Accountability ledger: overdue actions", "Y gofrestr atebolrwydd: camau gweithredu hwyr"),
            ("Return interviews after missing episodes", "Cyfweliadau dychwelyd ar ôl cyfnodau ar goll"),
        ]
    ):
        AgendaItem.objects.create(meeting=meeting, position=position, title_en=en, title_cy=cy)
    Attendance.objects.create(
        meeting=meeting, name=chair_role.person.full_name, agency=chair_role.agency or region.agencies["demo-partnership"], status=Attendance.Status.PRESENT
    )
    for person_key, agency_code, status in [
        ("partnership", "demo-partnership", Attendance.Status.PRESENT),
        ("healthdsl", "demo-health", Attendance.Status.PRESENT),
        ("police", "demo-police-agency", Attendance.Status.APOLOGIES),
    ]:
        Attendance.objects.create(meeting=meeting, name=region.people[person_key].full_name, agency=region.agencies[agency_code], status=status)
    Decision.objects.create(
        meeting=meeting,
        text_en="Every return interview is offered within 72 hours; the health board reviews its out-of-hours cover.",
        text_cy="Cynigir pob cyfweliad dychwelyd o fewn 72 awr; mae'r bwrdd iechyd yn adolygu ei ddarpariaeth y tu allan i oriau.",
        recorded_by=manager,
        recorded_at=timezone.make_aware(datetime.datetime.combine(held_on, datetime.time(11, 0))),
    )
    for what, person_key, agency_code, due_on in [
        ("Review out-of-hours health cover for children returning from missing episodes", "healthdsl", "demo-health", today + datetime.timedelta(days=30)),
        ("Report return-interview timeliness to the board every month", "csdsl", "demo-childrens-services", today - datetime.timedelta(days=6)),
    ]:
        LedgerAction.objects.create(
            partnership=partnership,
            source_kind=LedgerAction.Source.BOARD_MEETING,
            source_id=str(meeting.pk),
            what=what,
            owner_agency=region.agencies[agency_code],
            owner=region.people[person_key],
            due_on=due_on,
            created_by=manager,
            created_at=timezone.make_aware(datetime.datetime.combine(held_on, datetime.time(11, 30))),
        )
    Risk.objects.create(
        partnership=partnership,
        title="Return interviews not offered within 72 hours in the north of the valley",
        description="Staff shortages mean some children returning from a missing episode wait more than three days.",
        owner_agency=region.agencies["demo-childrens-services"],
        owner=region.people["csdsl"],
        likelihood="4",
        impact="4",
        controls="Weekly list of returns sent to team managers; duty worker covers weekends.",
        review_on=today + datetime.timedelta(days=28),
        escalated_on=held_on,
        escalation_reason="Score of 16 and rising; needs a decision on cross-agency cover.",
        created_by=manager,
    )
