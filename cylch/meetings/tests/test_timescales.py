"""Meetings and the statutory timescales, end to end, across Easter and the May bank holiday."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from cylch.meetings import services
from cylch.meetings.models import MeetingChild
from cylch.timescales.models import DueItem

from .factories import World, arrange, build_world, hold_strategy_discussion, place, wales

pytestmark = pytest.mark.django_db


def item(world: World, code: str) -> DueItem:
    return DueItem.objects.get(child=world.child, rule__code=code)


def test_from_strategy_discussion_before_easter_to_the_first_core_group(db: Any, clock: Any) -> None:
    # Thursday 2 April 2026: Good Friday (3 April) and Easter Monday (6 April) are bank holidays.
    clock.move_to(wales(2026, 4, 2, 16))
    world = build_world()
    hold_strategy_discussion(world, at=wales(2026, 4, 2, 10))
    conference_item = item(world, "initial-conference")
    # 15 working days later, skipping the weekend, Good Friday and Easter Monday.
    assert conference_item.due_at == wales(2026, 4, 27, 23, 59, 59)
    assert conference_item.state == DueItem.State.OPEN

    # A conference dated before the strategy discussion, or in the future, is refused.
    conference = arrange(world, services.INITIAL_CONFERENCE, at=wales(2026, 4, 1, 10))
    with pytest.raises(ValidationError):
        services.meeting_hold(actor=world.lead, meeting=conference, held_at=wales(2026, 4, 1, 10), chair_name="Nia", record_summary="")
    with pytest.raises(ValidationError):
        services.meeting_hold(actor=world.lead, meeting=conference, held_at=wales(2026, 4, 20, 10), chair_name="Nia", record_summary="")

    # Held on Monday 20 April: the item is met, on time.
    clock.move_to(wales(2026, 4, 20, 15))
    services.meeting_hold(actor=world.lead, meeting=conference, held_at=wales(2026, 4, 20, 11), chair_name="Nia", record_summary="")
    conference_item.refresh_from_db()
    assert conference_item.state == DueItem.State.MET
    assert conference_item.met_at == wales(2026, 4, 20, 11)
    assert item(world, "outline-plan-circulated").due_at == wales(2026, 4, 27, 23, 59, 59)
    assert item(world, "first-review-conference").due_at == wales(2026, 7, 20, 23, 59, 59)

    # Registered at the conference: the first core group is due 10 working days later,
    # skipping the early May bank holiday (4 May).
    services.decision_record(
        actor=world.lead,
        place=place(conference, world.child),
        reasons="Continuing risk",
        register_decision=MeetingChild.RegisterDecision.REGISTER,
        categories=["neglect"],
    )
    core_group_item = item(world, "first-core-group")
    assert core_group_item.due_at == wales(2026, 5, 5, 23, 59, 59)
    assert core_group_item.trigger_type == "register.registration"

    # The outline plan goes out two days later: met.
    clock.move_to(wales(2026, 4, 22, 17))
    services.meeting_record_circulate(actor=world.lead, meeting=conference, circulated_at=wales(2026, 4, 22, 16))
    assert item(world, "outline-plan-circulated").state == DueItem.State.MET

    # The first core group on 1 May meets its item and starts the six-weekly clock.
    clock.move_to(wales(2026, 5, 1, 15))
    core_group = arrange(world, services.CORE_GROUP, at=wales(2026, 5, 1, 10))
    services.meeting_hold(actor=world.lead, meeting=core_group, held_at=wales(2026, 5, 1, 10), chair_name="Nia", record_summary="")
    assert item(world, "first-core-group").state == DueItem.State.MET
    assert item(world, "next-core-group").due_at == wales(2026, 6, 12, 23, 59, 59)
