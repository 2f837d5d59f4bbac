"""Factories for partnership tests: a partnership of a few agencies, people in them, a cycle."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from cylch.core import testing
from cylch.framework.models import Indicator
from cylch.organisations.models import Agency
from cylch.partnerships.models import AssessmentCycle, GovernanceBody, Partnership, PartnershipRole, Rating
from cylch.people.models import Role


def make_partnership(*agencies: Any, **extra: Any) -> Partnership:
    area = testing.make_area()
    n = Partnership.objects.count() + 1
    partnership = Partnership.objects.create(
        code=extra.pop("code", f"test-partnership-{n}-{area.pk}"),
        kind=extra.pop("kind", Partnership.Kind.REGIONAL_SAFEGUARDING_BOARD),
        name_en=f"Test Partnership {n}",
        name_cy=f"Partneriaeth Prawf {n}",
        **extra,
    )
    partnership.areas.add(area)
    partnership.agencies.add(*agencies)
    GovernanceBody.objects.create(partnership=partnership, kind=GovernanceBody.Kind.BOARD, name_en="Test Board", name_cy="Bwrdd Prawf")
    return partnership


class World:
    """A partnership of children's services and health, a manager who is its business manager,
    a health safeguarding lead, and an outsider."""

    def __init__(self) -> None:
        self.cs_team = testing.make_team()
        self.health_team = testing.make_team(agency=testing.make_agency(kind=Agency.Kind.HEALTH))
        self.cs = self.cs_team.agency
        self.health = self.health_team.agency
        self.partnership = make_partnership(self.cs, self.health)
        self.manager = testing.make_person(Role.PARTNERSHIP_MANAGER, self.cs_team)
        PartnershipRole.objects.create(
            partnership=self.partnership, person=self.manager, role=PartnershipRole.Role.BUSINESS_MANAGER, agency=self.cs
        )
        self.health_lead = testing.make_person(Role.SAFEGUARDING_LEAD, self.health_team)
        self.practitioner = testing.make_person(Role.PRACTITIONER, self.cs_team)
        self.outsider_manager = testing.make_person(Role.PARTNERSHIP_MANAGER, testing.make_team())
        self.board = self.partnership.bodies.get()

    def cycle(self, **extra: Any) -> AssessmentCycle:
        today = timezone.localdate()
        return AssessmentCycle.objects.create(
            partnership=self.partnership,
            period_start=extra.pop("period_start", today - datetime.timedelta(days=365)),
            period_end=extra.pop("period_end", today - datetime.timedelta(days=1)),
            deadline=extra.pop("deadline", today + datetime.timedelta(days=30)),
            opened_by=self.manager,
            **extra,
        )

    def rate_everything(self, cycle: AssessmentCycle, score: str = "3", skip: Any = None) -> None:
        rows = []
        for agency in (self.cs, self.health):
            for indicator in Indicator.objects.all():
                if skip is not None and (agency, indicator) == skip:
                    continue
                rows.append(
                    Rating(
                        cycle=cycle,
                        agency=agency,
                        indicator=indicator,
                        score=score,
                        evidence_link="https://example.invalid/e" if indicator.evidence_required else "",
                        rated_by=self.manager,
                    )
                )
        Rating.objects.bulk_create(rows)
