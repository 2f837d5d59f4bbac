"""Synthetic partnerships for `make bench`: one partnership per statutory board of Wales (from
the reference data), a synthetic partnership manager of a member agency as each one's business
manager, and three self-assessment cycles each (two signed off, one open) in which every member
agency has rated every indicator. Deterministic by seed; bulk inserts; no audit entries.

Measure snapshots are not made here (they carry the time they were computed): the periodic job
makes them, and the benchmark of the national comparison runs it once before timing the page.
"""

from __future__ import annotations

import datetime
import random
from typing import Any

from cylch.core.synthetic import SyntheticExtension, register

# Periods of the synthetic cycles (fixed dates, so the same seed gives the same rows).
CYCLES = [
    (datetime.date(2023, 4, 1), datetime.date(2024, 3, 31), "signed_off"),
    (datetime.date(2024, 4, 1), datetime.date(2025, 3, 31), "signed_off"),
    (datetime.date(2025, 4, 1), datetime.date(2026, 3, 31), "open"),
]
SIGNED_OFF_AT = datetime.datetime(2025, 7, 1, 10, 0, tzinfo=datetime.UTC)


def _exists() -> bool:
    from cylch.partnerships.models import AssessmentCycle

    return AssessmentCycle.objects.filter(opened_by__email__endswith="@synthetic.cylch.invalid").exists()


def _build(*, scale: Any, seed: int) -> dict[str, int]:
    from cylch.framework.models import Indicator
    from cylch.organisations.management.commands.make_synthetic import EMAIL_DOMAIN
    from cylch.partnerships.models import AssessmentCycle, Partnership, PartnershipRole, Rating
    from cylch.partnerships.services import partnership_agencies_for_areas, partnerships_from_boards_unaudited
    from cylch.people.models import Membership, Role

    rng = random.Random(seed * 7919 + 17)  # noqa: S311 - synthetic data, not security
    made = partnerships_from_boards_unaudited()
    # Partnerships made before the synthetic agencies existed (by the demo, or an earlier run)
    # gain them as members too.
    for partnership in Partnership.objects.filter(board__isnull=False).select_related("board").prefetch_related("areas"):
        partnership.agencies.add(*partnership_agencies_for_areas([a.pk for a in partnership.areas.all()], partnership.board))
    indicators = list(Indicator.objects.order_by("pk").values_list("pk", "evidence_required"))
    managers = {
        agency_id: person_id
        for agency_id, person_id in Membership.objects.current()
        .filter(role=Role.PARTNERSHIP_MANAGER, person__email__endswith=f"@{EMAIL_DOMAIN}")
        .order_by("-person__email")
        .values_list("team__agency_id", "person_id")
    }
    cycles = ratings = roles = 0
    # Only the boards' partnerships: others (another domain's synthetic board) are theirs.
    for partnership in Partnership.objects.filter(board__isnull=False).order_by("code").prefetch_related("agencies"):
        member_ids = sorted(a.pk for a in partnership.agencies.all())
        manager = next((managers[a] for a in member_ids if a in managers), None)
        if manager is None:
            continue  # a board with no synthetic agencies at this scale
        if not PartnershipRole.objects.filter(partnership=partnership, person_id=manager).exists():
            PartnershipRole.objects.create(
                partnership=partnership, person_id=manager, role=PartnershipRole.Role.BUSINESS_MANAGER
            )
            roles += 1
        base = {a: rng.randint(1, 3) for a in member_ids}
        rows = []
        for number, (start, end, status) in enumerate(CYCLES):
            cycle = AssessmentCycle.objects.create(
                partnership=partnership,
                period_start=start,
                period_end=end,
                deadline=end + datetime.timedelta(days=60),
                opened_by_id=manager,
                status=status,
                signed_off_by_id=manager if status == "signed_off" else None,
                signed_off_at=SIGNED_OFF_AT - datetime.timedelta(days=365 * (1 - number)) if status == "signed_off" else None,
            )
            cycles += 1
            for agency_id in member_ids:
                for indicator_id, evidence in indicators:
                    score = min(4, max(1, base[agency_id] + number // 2 + rng.choice((-1, 0, 0, 1))))
                    rows.append(
                        Rating(
                            cycle=cycle,
                            agency_id=agency_id,
                            indicator_id=indicator_id,
                            score=str(score),
                            narrative="Synthetic rating.",
                            evidence_link="https://example.invalid/synthetic-evidence" if evidence else "",
                            rated_by_id=manager,
                        )
                    )
        Rating.objects.bulk_create(rows, batch_size=2000)
        ratings += len(rows)
    return {"partnerships": made, "partnership roles": roles, "self-assessment cycles": cycles, "self-assessment ratings": ratings}


def _delete() -> int:
    """Remove the synthetic cycles, ratings and roles (the partnerships stay: they are the boards')."""
    from cylch.organisations.management.commands.make_synthetic import EMAIL_DOMAIN
    from cylch.partnerships.models import AssessmentCycle, Challenge, EvidenceDocument, PartnershipRole, Rating

    cycles = AssessmentCycle.objects.filter(opened_by__email__endswith=f"@{EMAIL_DOMAIN}")
    Challenge.objects.filter(rating__cycle__in=cycles).delete()
    EvidenceDocument.objects.filter(rating__cycle__in=cycles).delete()
    deleted, _by_model = Rating.objects.filter(cycle__in=cycles).delete()
    deleted += cycles.delete()[0]
    deleted += PartnershipRole.objects.filter(person__email__endswith=f"@{EMAIL_DOMAIN}").delete()[0]
    return deleted


register(
    SyntheticExtension("partnerships and self-assessment", exists=_exists, build=_build, delete=_delete)
)
