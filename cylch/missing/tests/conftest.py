"""A small multi-agency world around one looked-after child, shared by the missing tests.

Children's services hold the lead professional (who reads Cylch in Welsh) and a supervising
social worker; the police and a third-sector family support service are in the team around the
child. Another police team and a partnership manager are not involved with the child.
Photographs go to a temporary private directory.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest

from cylch.children.models import Child, Involvement
from cylch.core import testing
from cylch.core.tests.conftest import axe_source, browser  # noqa: F401 - the browser fixtures, for test_browser_missing
from cylch.organisations.models import Agency, Area, Team
from cylch.people.models import Person, Role
from cylch.plans.services import plan_create


@dataclass
class World:
    la: Area
    cs_team: Team
    police_team: Team
    family_team: Team
    lead: Person
    supervising: Person
    police: Person
    family: Person
    other_police: Person
    partnership: Person
    child: Child


def involve(child: Child, team: Team, practitioner: Person | None, role: str) -> Involvement:
    return Involvement.objects.create(
        child=child,
        agency=team.agency,
        team=team,
        practitioner=practitioner,
        role_for_child=role,
        reason="Test involvement",
        basis=Involvement.Basis.STATUTORY,
        statutory_basis="safeguarding",
        no_agreement_justification="Test",
    )


@pytest.fixture(autouse=True)
def private_photos(settings: Any, tmp_path: Any) -> Any:
    settings.MISSING_PHOTO_ROOT = tmp_path / "private-photos"
    return settings.MISSING_PHOTO_ROOT


@pytest.fixture
def world(db: Any) -> World:
    la = testing.make_area(name_en="Missing Test Area", name_cy="Ardal Prawf Coll")
    cs = testing.make_agency(Agency.Kind.CHILDRENS_SERVICES, la)
    police_agency = testing.make_agency(Agency.Kind.POLICE, la)
    family_agency = testing.make_agency(Agency.Kind.THIRD_SECTOR, la)
    cs_team, police_team, family_team = testing.make_team(cs), testing.make_team(police_agency), testing.make_team(family_agency)
    lead = testing.make_person(Role.PRACTITIONER, cs_team, full_name="Lowri Lead", language="cy")
    child = testing.make_child(
        involved_team=cs_team, practitioner=lead, is_lead=True, given_names="Lili", family_name="Prawf",
        date_of_birth=datetime.date(2013, 5, 14), local_authority=la,
    )
    police = testing.make_person(Role.PRACTITIONER, police_team, full_name="Pedr Police")
    family = testing.make_person(Role.PRACTITIONER, family_team, full_name="Ffion Family")
    # Looked after: a Part 6 plan is open, so anyone in the team may start the information form.
    plan_create(actor=lead, child=child, plan_type="looked_after", values={})
    involve(child, police_team, police, "police_ppo")
    involve(child, family_team, family, "family_support_worker")
    return World(
        la=la,
        cs_team=cs_team,
        police_team=police_team,
        family_team=family_team,
        lead=lead,
        supervising=testing.make_person(Role.PRACTITIONER, cs_team, full_name="Siwan Supervising"),
        police=police,
        family=family,
        other_police=testing.make_person(Role.PRACTITIONER, testing.make_team(police_agency), full_name="Osian Other Police"),
        partnership=testing.make_person(Role.PARTNERSHIP_MANAGER, testing.make_team(testing.make_agency(Agency.Kind.PARTNERSHIP, la))),
        child=child,
    )
