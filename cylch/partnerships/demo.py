"""Demo partnerships: one for each statutory board (the demo region's safeguarding and
partnership boards, and the boards of Wales loaded as reference data), with the demo people in
roles. In the Demo Valley Safeguarding Board the demo partnership manager is the business
manager, a children's services safeguarding lead chairs, the health safeguarding lead leads on
Delivery, and one cycle from last year is signed off so progress has something to show.
Every name is invented."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from cylch.framework.models import Indicator, Standard
from cylch.partnerships import services
from cylch.partnerships.models import (
    AccountabilityPart,
    AssessmentCycle,
    GovernanceBody,
    Partnership,
    PartnershipRole,
    Rating,
)

DEMO_PARTNERSHIP = "demo-rsb"


def _role(partnership: Partnership, person: Any, role: str, *, agency: Any = None, standard: Any = None) -> None:
    if not PartnershipRole.objects.filter(partnership=partnership, person=person, role=role, ended_on__isnull=True).exists():
        PartnershipRole.objects.create(partnership=partnership, person=person, role=role, agency=agency, standard=standard)


def build_partnerships(region: Any) -> None:
    services.partnerships_from_boards(actor=None)
    partnership = Partnership.objects.filter(code=DEMO_PARTNERSHIP).first()
    if partnership is None:
        return
    agencies = region.agencies
    # A safeguarding board's partners, and the third sector as a member of the demo partnership.
    partnership.agencies.add(agencies["demo-partnership"], agencies["demo-third-sector"])
    people = region.people
    delivery = Standard.objects.filter(code="delivery").first()
    _role(partnership, people["partnership"], PartnershipRole.Role.BUSINESS_MANAGER, agency=agencies["demo-partnership"])
    _role(partnership, people["csdsl"], PartnershipRole.Role.CHAIR, agency=agencies["demo-childrens-services"])
    if delivery is not None:
        _role(partnership, people["healthdsl"], PartnershipRole.Role.STANDARD_LEAD, agency=agencies["demo-health"], standard=delivery)
    board = partnership.bodies.get(kind=GovernanceBody.Kind.BOARD, is_active=True)
    sub_group = partnership.bodies.filter(kind=GovernanceBody.Kind.SUB_GROUP, standard=delivery).first()
    if sub_group is None:
        sub_group = GovernanceBody.objects.create(
            partnership=partnership,
            kind=GovernanceBody.Kind.SUB_GROUP,
            name_en="Practice and Delivery Sub-group (demo)",
            name_cy="Is-grŵp Ymarfer a Chyflawni (demo)",
            reports_to=board,
            standard=delivery,
        )
    manager = people["partnership"]
    if not partnership.priorities.exists():
        services.priority_create(
            actor=manager,
            partnership=partnership,
            title_en="Children protected without delay",
            title_cy="Plant yn cael eu hamddiffyn yn ddi-oed",
            description_en="Demo priority: conferences on time and plan actions done when agreed.",
            description_cy="Blaenoriaeth demo: cynadleddau ar amser a chamau gweithredu cynlluniau wedi'u gwneud pan gytunwyd.",
            standard=delivery,
            measure_codes=["delivery-initial-conferences-on-time", "delivery-plan-actions-overdue"],
        )
    if delivery is not None and not partnership.matrix_entries.filter(standard=delivery).exists():
        parts: dict[int, str] = {
            agencies["demo-childrens-services"].pk: AccountabilityPart.Part.RESPONSIBLE,
            agencies["demo-health"].pk: AccountabilityPart.Part.RESPONSIBLE,
            agencies["demo-police-agency"].pk: AccountabilityPart.Part.RESPONSIBLE,
            agencies["demo-education"].pk: AccountabilityPart.Part.CONSULTED,
            agencies["demo-housing"].pk: AccountabilityPart.Part.INFORMED,
        }
        parts = {k: v for k, v in parts.items() if partnership.agencies.filter(pk=k).exists()}
        services.matrix_entry_save(
            actor=manager, partnership=partnership, accountable_body=sub_group, lead=people["healthdsl"], parts=parts, standard=delivery
        )
    _past_cycle(partnership, manager, people["csdsl"])


def _past_cycle(partnership: Partnership, manager: Any, chair: Any) -> None:
    """Last year's cycle, signed off, rated directly (demo data, not a journey)."""
    if partnership.cycles.exists():
        return
    today = timezone.localdate()
    start = datetime.date(today.year - 2, 4, 1)
    end = datetime.date(today.year - 1, 3, 31)
    cycle = AssessmentCycle.objects.create(
        partnership=partnership,
        period_start=start,
        period_end=end,
        deadline=end + datetime.timedelta(days=60),
        opened_by=manager,
        status=AssessmentCycle.Status.SIGNED_OFF,
        signed_off_by=chair,
        signed_off_at=timezone.now() - datetime.timedelta(days=300),
        sign_off_note="Demo: signed off at the board meeting.",
    )
    ratings = []
    for n, agency in enumerate(partnership.agencies.order_by("pk")):
        for m, indicator in enumerate(Indicator.objects.order_by("pk")):
            ratings.append(
                Rating(
                    cycle=cycle,
                    agency=agency,
                    indicator=indicator,
                    score=str(1 + (n + m) % 4),
                    narrative="Demo rating.",
                    evidence_link="https://example.invalid/demo-evidence" if indicator.evidence_required else "",
                    rated_by=manager,
                )
            )
    Rating.objects.bulk_create(ratings)
