"""A small multi-agency world around one child, shared by the children tests.

One local authority; a children's services team holds the child's lead
professional; health and police teams are involved too; a school team and a
children's services team elsewhere are not involved.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import models
from django.forms.models import model_to_dict
from django.test import Client
from django.utils import timezone

from cylch.access.models import AccessGrant
from cylch.audit.models import AuditEntry
from cylch.children.models import (
    ActiveOffer,
    Address,
    Child,
    Identifier,
    Involvement,
    JoinRequest,
    NetworkMember,
    VoiceEntry,
)
from cylch.core import testing
from cylch.core.models import Draft, Notification
from cylch.organisations.models import Agency, Area, Team
from cylch.people.models import Person, Role


def signed_in_client(person: Person) -> Client:
    return testing.sign_in_verified(Client(), person)


def involve(
    child: Child, team: Team, practitioner: Person | None = None, *, is_lead: bool = False, role: str = "key_worker"
) -> Involvement:
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


def make_agreement(*agencies: Agency, created_by: Person, title: str = "Test ISP") -> Any:
    from cylch.sharing.models import SharingAgreement

    agreement = SharingAgreement.objects.create(
        kind=SharingAgreement.Kind.ISP,
        title=title,
        purpose="p",
        people_covered="c",
        data_categories="d",
        lawful_basis="l",
        starts_on=timezone.localdate() - datetime.timedelta(days=10),
        review_date=timezone.localdate() + datetime.timedelta(days=100),
        owner_agency=agencies[0],
        created_by=created_by,
    )
    agreement.parties.set(agencies)
    return agreement


DOMAIN_MODELS: list[type[models.Model]] = [
    Child,
    Identifier,
    Address,
    NetworkMember,
    ActiveOffer,
    VoiceEntry,
    Involvement,
    JoinRequest,
    AccessGrant,
    Draft,
]


def fingerprint() -> dict[str, list[Any]]:
    """Every row of every table a child's record lives in, plus changes in the audit trail and notices."""
    rows: dict[str, list[Any]] = {}
    for model in DOMAIN_MODELS:
        rows[model.__name__] = [
            {k: (sorted(v) if isinstance(v, list) else v) for k, v in model_to_dict(obj).items()}
            for obj in model._default_manager.order_by("pk")
        ]
    rows["changes"] = list(AuditEntry.objects.filter(kind=AuditEntry.Kind.CHANGE).values_list("pk", "action"))
    rows["notifications"] = list(Notification.objects.values_list("pk", "kind"))
    return rows


@dataclass
class World:
    la: Area
    cs_agency: Agency
    health_agency: Agency
    police_agency: Agency
    school_agency: Agency
    elsewhere_agency: Agency
    cs_team: Team
    cs_other_team: Team
    health_team: Team
    police_team: Team
    school_team: Team
    elsewhere_team: Team
    lead: Person  # lead professional, children's services
    colleague: Person  # second practitioner in the lead's team
    manager: Person  # team manager of the lead's team
    cs_safeguarding_lead: Person  # safeguarding lead in another team of the same agency
    health: Person
    police: Person
    school_dsl: Person  # practitioner in a school team: not involved
    outsider: Person  # practitioner in children's services elsewhere: not involved
    outsider_safeguarding_lead: Person
    outsider_manager: Person
    child: Child
    lead_involvement: Involvement
    health_involvement: Involvement
    police_involvement: Involvement


@pytest.fixture
def world(db: Any) -> World:
    la = testing.make_area(name_en="Ceredigion Test", name_cy="Ceredigion Prawf")
    cs_agency = testing.make_agency(
        Agency.Kind.CHILDRENS_SERVICES, la, name_en="Test Children's Services", name_cy="Gwasanaethau Plant Prawf"
    )
    health_agency = testing.make_agency(
        Agency.Kind.HEALTH, la, name_en="Test Health Board", name_cy="Bwrdd Iechyd Prawf"
    )
    police_agency = testing.make_agency(Agency.Kind.POLICE, la, name_en="Test Police", name_cy="Heddlu Prawf")
    school_agency = testing.make_agency(
        Agency.Kind.SCHOOL, la, name_en="Ysgol Test Primary", name_cy="Ysgol Gynradd Prawf"
    )
    elsewhere_agency = testing.make_agency(
        Agency.Kind.CHILDRENS_SERVICES, name_en="Elsewhere Children's Services", name_cy="Gwasanaethau Plant Arall"
    )
    cs_team = testing.make_team(cs_agency)
    cs_other_team = testing.make_team(cs_agency)
    health_team = testing.make_team(health_agency)
    police_team = testing.make_team(police_agency)
    school_team = testing.make_team(school_agency)
    elsewhere_team = testing.make_team(elsewhere_agency)
    lead = testing.make_person(Role.PRACTITIONER, cs_team, full_name="Lowri Lead")
    colleague = testing.make_person(Role.PRACTITIONER, cs_team, full_name="Carys Colleague")
    manager = testing.make_person(Role.TEAM_MANAGER, cs_team, full_name="Mererid Manager")
    cs_safeguarding_lead = testing.make_person(Role.SAFEGUARDING_LEAD, cs_other_team, full_name="Siân Safeguarding")
    health = testing.make_person(Role.PRACTITIONER, health_team, full_name="Huw Health")
    police = testing.make_person(Role.PRACTITIONER, police_team, full_name="Pedr Police")
    school_dsl = testing.make_person(Role.PRACTITIONER, school_team, full_name="Sioned School")
    outsider = testing.make_person(Role.PRACTITIONER, elsewhere_team, full_name="Osian Outsider")
    outsider_safeguarding_lead = testing.make_person(
        Role.SAFEGUARDING_LEAD, testing.make_team(elsewhere_agency), full_name="Olwen Overseer"
    )
    outsider_manager = testing.make_person(Role.TEAM_MANAGER, elsewhere_team, full_name="Owain Manager")
    child = testing.make_child(
        involved_team=cs_team,
        practitioner=lead,
        is_lead=True,
        given_names="Rhys",
        family_name="Davies",
        date_of_birth=datetime.date(2016, 5, 14),
        local_authority=la,
    )
    lead_involvement = Involvement.objects.get(child=child, team=cs_team)
    health_involvement = involve(child, health_team, health, role="health_visitor")
    police_involvement = involve(child, police_team, police, role="police_ppo")
    return World(
        la=la,
        cs_agency=cs_agency,
        health_agency=health_agency,
        police_agency=police_agency,
        school_agency=school_agency,
        elsewhere_agency=elsewhere_agency,
        cs_team=cs_team,
        cs_other_team=cs_other_team,
        health_team=health_team,
        police_team=police_team,
        school_team=school_team,
        elsewhere_team=elsewhere_team,
        lead=lead,
        colleague=colleague,
        manager=manager,
        cs_safeguarding_lead=cs_safeguarding_lead,
        health=health,
        police=police,
        school_dsl=school_dsl,
        outsider=outsider,
        outsider_safeguarding_lead=outsider_safeguarding_lead,
        outsider_manager=outsider_manager,
        child=child,
        lead_involvement=lead_involvement,
        health_involvement=health_involvement,
        police_involvement=police_involvement,
    )


@pytest.fixture
def welsh_catalogue() -> None:
    """Emails in Welsh need the compiled catalogue."""
    from pathlib import Path

    from django.conf import settings

    mo = Path(settings.BASE_DIR) / "cylch" / "locale" / "cy" / "LC_MESSAGES" / "django.mo"
    po = mo.with_suffix(".po")
    if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
        pytest.fail(
            f"{mo} is missing or older than the catalogue: run `manage.py compilemessages --ignore=.venv --ignore=node_modules --ignore=var`"
        )
