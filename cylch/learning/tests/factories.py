"""A small partnership for the learning tests: three agencies in one area, a business manager,
reviewers and auditors from each agency, and children with multi-agency chronologies."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.test import Client
from django.utils import timezone

from cylch.children.models import Child, Involvement
from cylch.chronology.models import ChronologyEntry
from cylch.core import testing
from cylch.framework.models import Standard
from cylch.learning import services
from cylch.learning.models import AuditTool, Review, Theme
from cylch.organisations.models import Agency, Area, Team
from cylch.partnerships.models import Partnership, PartnershipRole
from cylch.people.models import Person, Role


def signed_in(person: Person) -> Client:
    return testing.sign_in_verified(Client(), person)


def themes_ensure() -> None:
    for code, en, cy in [
        ("neglect", "Neglect", "Esgeulustod"),
        ("childs-voice", "The child's voice", "Llais y plentyn"),
    ]:
        Theme.objects.get_or_create(code=code, defaults={"name_en": en, "name_cy": cy})


@dataclass
class Board:
    area: Area
    partnership: Partnership
    cs: Agency
    police: Agency
    health: Agency
    cs_team: Team
    police_team: Team
    health_team: Team
    manager: Person  # business manager (PartnershipRole), no child-level access of their own
    member: Person  # a member of the board (PartnershipRole MEMBER)
    social_worker: Person  # in the team around the children
    reviewer_cs: Person
    reviewer_police: Person
    auditor_health: Person
    outsider: Person
    children: list[Child] = field(default_factory=list)

    @property
    def child(self) -> Child:
        return self.children[0]


def involve(child: Child, team: Team, practitioner: Person | None = None) -> Involvement:
    return Involvement.objects.create(
        child=child,
        agency=team.agency,
        team=team,
        practitioner=practitioner,
        role_for_child="key_worker",
        reason="Test",
        basis=Involvement.Basis.STATUTORY,
        statutory_basis="safeguarding",
        no_agreement_justification="Test",
    )


def chronology(child: Child, agencies: list[Agency], *, count: int, days: int = 300) -> None:
    now = timezone.now()
    ChronologyEntry.objects.bulk_create(
        [
            ChronologyEntry(
                child=child,
                occurred_at=now - datetime.timedelta(days=10 + days * i / max(count, 1)),
                entry_type="visit",
                summary=f"Entry {i}",
                source_agency=agencies[i % len(agencies)],
            )
            for i in range(count)
        ]
    )


def build_board(*, children: int = 2, entries: int = 6) -> Board:
    themes_ensure()
    area = testing.make_area()
    cs = testing.make_agency(
        Agency.Kind.CHILDRENS_SERVICES, area, name_en="Test Children's Services", name_cy="Gwasanaethau Plant Prawf"
    )
    police = testing.make_agency(Agency.Kind.POLICE, area, name_en="Test Police", name_cy="Heddlu Prawf")
    health = testing.make_agency(Agency.Kind.HEALTH, area, name_en="Test Health", name_cy="Iechyd Prawf")
    cs_team, police_team, health_team = testing.make_team(cs), testing.make_team(police), testing.make_team(health)
    partnership = Partnership.objects.create(
        code=f"test-board-{area.pk}",
        kind=Partnership.Kind.REGIONAL_SAFEGUARDING_BOARD,
        name_en="Test Board",
        name_cy="Bwrdd Prawf",
    )
    partnership.areas.set([area])
    partnership.agencies.set([cs, police, health])
    manager = testing.make_person(Role.PARTNERSHIP_MANAGER, testing.make_team(cs), full_name="Bethan Manager")
    PartnershipRole.objects.create(
        partnership=partnership, person=manager, role=PartnershipRole.Role.BUSINESS_MANAGER, agency=cs
    )
    member = testing.make_person(Role.SAFEGUARDING_LEAD, testing.make_team(health), full_name="Mel Member")
    PartnershipRole.objects.create(
        partnership=partnership, person=member, role=PartnershipRole.Role.MEMBER, agency=health
    )
    board = Board(
        area=area,
        partnership=partnership,
        cs=cs,
        police=police,
        health=health,
        cs_team=cs_team,
        police_team=police_team,
        health_team=health_team,
        manager=manager,
        member=member,
        social_worker=testing.make_person(Role.PRACTITIONER, cs_team, full_name="Sian Worker"),
        reviewer_cs=testing.make_person(Role.PRACTITIONER, testing.make_team(cs), full_name="Rhys Reviewer"),
        reviewer_police=testing.make_person(
            Role.PRACTITIONER, testing.make_team(police), full_name="Pat Police Reviewer"
        ),
        auditor_health=testing.make_person(
            Role.PRACTITIONER, testing.make_team(health), full_name="Huw Health Auditor"
        ),
        outsider=testing.make_person(Role.PRACTITIONER, testing.make_team(), full_name="Olwen Outsider"),
    )
    for _ in range(children):
        child = testing.make_child(local_authority=area)
        involve(child, cs_team, board.social_worker)
        involve(child, police_team)
        chronology(child, [cs, police, health], count=entries)
        board.children.append(child)
    return board


def referred(board: Board, **extra: Any) -> Review:
    return services.review_refer(
        actor=board.manager,
        partnership=board.partnership,
        title=extra.pop("title", "Review concerning Child A"),
        referral_summary="Serious harm; agencies were involved.",
        referred_by_agency=board.cs,
        referred_on=timezone.localdate(),
        event_on=timezone.localdate() - datetime.timedelta(days=5),
        children=extra.pop("children", board.children),
    )


def decided(board: Board, review: Review | None = None) -> Review:
    review = review or referred(board)
    return services.review_decide(
        actor=board.manager,
        review=review,
        decision=Review.Decision.PROCEED,
        reasons="The criteria for a review are met.",
        decided_by_name="Chair Name",
        decided_on=timezone.localdate(),
        expected_version=review.version,
    )


def published_tool(board: Board) -> AuditTool:
    tool = services.audit_tool_create(
        actor=board.manager, partnership=board.partnership, name_en="Core audit", name_cy="Archwiliad craidd"
    )
    for code in ["delivery", "learning"]:
        services.audit_question_add(
            actor=board.manager,
            tool=tool,
            standard=Standard.objects.get(code=code),
            text_en=f"How well does practice meet {code}?",
            text_cy=f"Pa mor dda mae ymarfer yn cwrdd â {code}?",
            descriptors={
                g: (f"{g} en", f"{g} cy") for g in ["outstanding", "good", "requires_improvement", "inadequate"]
            },
        )
    return services.audit_tool_publish(actor=board.manager, tool=tool)
