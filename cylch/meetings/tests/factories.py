"""A small multi-agency world around two siblings, and steps for meetings, shared by the
meetings and register tests.

Children's services hold the lead professional; police and health are involved; a
school and a children's services team elsewhere are not. A hospital emergency
department has a register checker.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.test import Client

from cylch.children.models import Child, Identifier, Involvement
from cylch.core import testing
from cylch.meetings import services
from cylch.meetings.models import Invitee, Meeting, MeetingChild
from cylch.organisations.models import Agency, Area, Team
from cylch.people.models import Person, Role
from cylch.timescales.calendar import WALES

NHS_NUMBER = "9434765919"


def wales(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, second, tzinfo=WALES)


def signed_in_client(person: Person) -> Client:
    return testing.sign_in_verified(Client(), person)


def involve(child: Child, team: Team, practitioner: Person | None = None, *, is_lead: bool = False, role: str = "key_worker") -> Involvement:
    return Involvement.objects.create(
        child=child,
        agency=team.agency,
        team=team,
        practitioner=practitioner,
        role_for_child="lead_professional" if is_lead else role,
        is_lead=is_lead,
        reason="Test involvement",
        basis=Involvement.Basis.STATUTORY,
        statutory_basis="safeguarding",
        no_agreement_justification="Test",
    )


@dataclass
class World:
    la: Area
    cs_agency: Agency
    police_agency: Agency
    health_agency: Agency
    hospital_agency: Agency
    cs_team: Team
    police_team: Team
    health_team: Team
    lead: Person  # social worker, the lead professional
    colleague: Person  # another social worker in the lead's team
    police: Person
    health: Person
    outsider: Person  # a practitioner elsewhere, not involved
    school: Person  # a practitioner in a school, not involved
    checker: Person  # emergency department: may check the register only
    child: Child
    sibling: Child


def build_world() -> World:
    la = testing.make_area(name_en="Powys Test", name_cy="Powys Prawf")
    cs_agency = testing.make_agency(Agency.Kind.CHILDRENS_SERVICES, la, name_en="Test Children's Services", name_cy="Gwasanaethau Plant Prawf")
    police_agency = testing.make_agency(Agency.Kind.POLICE, la, name_en="Test Police", name_cy="Heddlu Prawf")
    health_agency = testing.make_agency(Agency.Kind.HEALTH, la, name_en="Test Health Board", name_cy="Bwrdd Iechyd Prawf")
    hospital_agency = testing.make_agency(Agency.Kind.HEALTH, la, name_en="Test Hospital", name_cy="Ysbyty Prawf")
    school_agency = testing.make_agency(Agency.Kind.SCHOOL, la)
    cs_team = testing.make_team(cs_agency)
    police_team = testing.make_team(police_agency)
    health_team = testing.make_team(health_agency)
    lead = testing.make_person(Role.PRACTITIONER, cs_team, full_name="Lowri Lead")
    colleague = testing.make_person(Role.PRACTITIONER, cs_team, full_name="Carys Colleague")
    police = testing.make_person(Role.PRACTITIONER, police_team, full_name="Pedr Police")
    health = testing.make_person(Role.PRACTITIONER, health_team, full_name="Huw Health")
    outsider = testing.make_person(Role.PRACTITIONER, testing.make_team(), full_name="Osian Outsider")
    school = testing.make_person(Role.PRACTITIONER, testing.make_team(school_agency), full_name="Sioned School")
    checker = testing.make_person(Role.REGISTER_CHECKER, testing.make_team(hospital_agency), full_name="Elin Emergency")
    child = testing.make_child(
        involved_team=cs_team,
        practitioner=lead,
        is_lead=True,
        given_names="Megan",
        family_name="Pritchard",
        date_of_birth=datetime.date(2017, 2, 3),
        local_authority=la,
    )
    Identifier.objects.create(child=child, kind=Identifier.Kind.NHS_NUMBER, value=NHS_NUMBER)
    involve(child, police_team, police, role="police_ppo")
    involve(child, health_team, health, role="health_visitor")
    sibling = testing.make_child(
        involved_team=cs_team,
        practitioner=lead,
        is_lead=True,
        given_names="Tomos",
        family_name="Pritchard",
        date_of_birth=datetime.date(2019, 8, 9),
        local_authority=la,
    )
    involve(sibling, police_team, police, role="police_ppo")
    return World(
        la=la,
        cs_agency=cs_agency,
        police_agency=police_agency,
        health_agency=health_agency,
        hospital_agency=hospital_agency,
        cs_team=cs_team,
        police_team=police_team,
        health_team=health_team,
        lead=lead,
        colleague=colleague,
        police=police,
        health=health,
        outsider=outsider,
        school=school,
        checker=checker,
        child=child,
        sibling=sibling,
    )


def arrange(world: World, meeting_type: str, *, at: datetime.datetime, siblings: bool = False) -> Meeting:
    return services.meeting_arrange(
        actor=world.lead,
        child=world.child,
        meeting_type=meeting_type,
        scheduled_at=at,
        chair_name="Nia Chair",
        siblings=[world.sibling] if siblings else [],
    )


def invite_and_attend(world: World, meeting: Meeting, *, authority: bool = True, with_police: bool = True) -> None:
    people = [(world.lead, world.cs_agency)] + ([(world.police, world.police_agency)] if with_police else [])
    for person, agency in people:
        services.invitee_add(actor=world.lead, meeting=meeting, agency=agency, person=person, role="Test")
    services.attendance_record(
        actor=world.lead,
        meeting=meeting,
        attendance={i.pk: (Invitee.Attendance.ATTENDED, authority) for i in meeting.invitees.all()},
    )


def hold_strategy_discussion(world: World, *, at: datetime.datetime, siblings: bool = False) -> Meeting:
    meeting = arrange(world, services.STRATEGY_DISCUSSION, at=at, siblings=siblings)
    invite_and_attend(world, meeting)
    return services.meeting_hold(actor=world.lead, meeting=meeting, held_at=at, chair_name="Nia Chair", record_summary="Shared concerns.")


def hold(world: World, meeting_type: str, *, at: datetime.datetime, siblings: bool = False, late_reason: str = "") -> Meeting:
    meeting = arrange(world, meeting_type, at=at, siblings=siblings)
    return services.meeting_hold(
        actor=world.lead, meeting=meeting, held_at=at, chair_name="Nia Chair", record_summary="Record.", late_reason=late_reason
    )


def place(meeting: Meeting, child: Child) -> MeetingChild:
    return MeetingChild.objects.select_related("meeting", "child").get(meeting=meeting, child=child)


def register_at_conference(world: World, *, at: datetime.datetime, categories: list[str] | None = None, siblings: bool = False) -> Meeting:
    """An initial conference held at `at` that places the child on the register."""
    meeting = hold(world, services.INITIAL_CONFERENCE, at=at, siblings=siblings)
    services.decision_record(
        actor=world.lead,
        place=place(meeting, world.child),
        reasons="Continuing risk of significant harm.",
        register_decision=MeetingChild.RegisterDecision.REGISTER,
        categories=categories or ["neglect", "emotional"],
    )
    return meeting
