"""A small multi-agency world around one child, shared by the plans tests.

Children's services hold the lead professional; police and a school are in the team
around the child too. Each of those agencies has a team manager and a designated
safeguarding lead; the police people read Cylch in Welsh. A practitioner in another
children's services is not involved.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest

from cylch.children.models import Child
from cylch.core import testing
from cylch.organisations.models import Agency, Team
from cylch.people.models import Person, Role

from .factories import involve


@dataclass
class World:
    cs_agency: Agency
    police_agency: Agency
    school_agency: Agency
    cs_team: Team
    police_team: Team
    school_team: Team
    lead: Person
    colleague: Person
    manager: Person
    cs_dsl: Person
    police: Person
    police_manager: Person
    police_dsl: Person
    school: Person
    school_manager: Person
    school_dsl: Person
    outsider: Person
    child: Child


@pytest.fixture
def world(db: Any) -> World:
    la = testing.make_area(name_en="Plan Test Area", name_cy="Ardal Prawf Cynllun")
    cs_agency = testing.make_agency(Agency.Kind.CHILDRENS_SERVICES, la, name_en="Test Children's Services", name_cy="Gwasanaethau Plant Prawf")
    police_agency = testing.make_agency(Agency.Kind.POLICE, la, name_en="Test Police", name_cy="Heddlu Prawf")
    school_agency = testing.make_agency(Agency.Kind.SCHOOL, la, name_en="Test School", name_cy="Ysgol Prawf")
    cs_team = testing.make_team(cs_agency)
    police_team = testing.make_team(police_agency)
    school_team = testing.make_team(school_agency)
    lead = testing.make_person(Role.PRACTITIONER, cs_team, full_name="Lowri Lead")
    child = testing.make_child(
        involved_team=cs_team, practitioner=lead, is_lead=True, given_names="Seren", family_name="Prawf", date_of_birth=datetime.date(2016, 5, 14)
    )
    police = testing.make_person(Role.PRACTITIONER, police_team, full_name="Pedr Police", language="cy")
    school = testing.make_person(Role.PRACTITIONER, school_team, full_name="Sioned School")
    involve(child, police_team, police, role="police_ppo")
    involve(child, school_team, school, role="school_dsp")
    return World(
        cs_agency=cs_agency,
        police_agency=police_agency,
        school_agency=school_agency,
        cs_team=cs_team,
        police_team=police_team,
        school_team=school_team,
        lead=lead,
        colleague=testing.make_person(Role.PRACTITIONER, cs_team, full_name="Carys Colleague"),
        manager=testing.make_person(Role.TEAM_MANAGER, cs_team, full_name="Mererid Manager"),
        cs_dsl=testing.make_person(Role.SAFEGUARDING_LEAD, testing.make_team(cs_agency), full_name="Siân Safeguarding"),
        police=police,
        police_manager=testing.make_person(Role.TEAM_MANAGER, police_team, full_name="Rheinallt Rheolwr", language="cy"),
        police_dsl=testing.make_person(Role.SAFEGUARDING_LEAD, testing.make_team(police_agency), full_name="Delyth Diogelu", language="cy"),
        school=school,
        school_manager=testing.make_person(Role.TEAM_MANAGER, school_team, full_name="Sam School Manager"),
        school_dsl=testing.make_person(Role.SAFEGUARDING_LEAD, testing.make_team(school_agency), full_name="Dana School DSL"),
        outsider=testing.make_person(Role.PRACTITIONER, testing.make_team(), full_name="Osian Outsider"),
        child=child,
    )
