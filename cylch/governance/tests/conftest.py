"""A small partnership: a council's children's services and a health board are members; each has
a team with a practitioner, a team manager and a safeguarding lead; the health board people read
Cylch in Welsh. The business manager is a partnership manager in the council; the chair sits in
the health board. An outsider is a partnership manager in an agency that is not a member."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from cylch.core import testing
from cylch.organisations.models import Agency
from cylch.partnerships.models import Partnership, PartnershipRole
from cylch.people.models import Person, Role

from .factories import give_role, make_partnership


@dataclass
class Board:
    partnership: Partnership
    council: Agency
    health: Agency
    business_manager: Person
    chair: Person
    council_worker: Person
    council_manager: Person
    council_dsl: Person
    health_worker: Person
    health_manager: Person
    health_dsl: Person
    member: Person
    outsider: Person


@pytest.fixture
def world(db: None) -> Board:
    area = testing.make_area()
    council = testing.make_agency(area=area)
    health = testing.make_agency(kind=Agency.Kind.HEALTH, area=area)
    council_team, health_team = testing.make_team(agency=council), testing.make_team(agency=health)
    partnership = make_partnership(agencies=[council, health], areas=[area])
    business_manager = testing.make_person(Role.PARTNERSHIP_MANAGER, testing.make_team(agency=council), full_name="Bethan Business")
    give_role(partnership, business_manager, PartnershipRole.Role.BUSINESS_MANAGER, council)
    chair = testing.make_person(Role.PARTNERSHIP_MANAGER, testing.make_team(agency=health), language="cy", full_name="Cadeirydd Chair")
    give_role(partnership, chair, PartnershipRole.Role.CHAIR, health)
    member = testing.make_person(Role.PRACTITIONER, testing.make_team(agency=council), full_name="Morgan Member")
    give_role(partnership, member, PartnershipRole.Role.MEMBER, council)
    outsider = testing.make_person(Role.PARTNERSHIP_MANAGER, testing.make_team(), full_name="Olwen Outsider")
    return Board(
        partnership=partnership,
        council=council,
        health=health,
        business_manager=business_manager,
        chair=chair,
        council_worker=testing.make_person(Role.PRACTITIONER, council_team, full_name="Carys Council"),
        council_manager=testing.make_person(Role.TEAM_MANAGER, council_team, full_name="Cai Manager"),
        council_dsl=testing.make_person(Role.SAFEGUARDING_LEAD, council_team, full_name="Ceri Lead"),
        health_worker=testing.make_person(Role.PRACTITIONER, health_team, language="cy", full_name="Heledd Iechyd"),
        health_manager=testing.make_person(Role.TEAM_MANAGER, health_team, language="cy", full_name="Huw Rheolwr"),
        health_dsl=testing.make_person(Role.SAFEGUARDING_LEAD, health_team, language="cy", full_name="Hawys Arweinydd"),
        member=member,
        outsider=outsider,
    )
