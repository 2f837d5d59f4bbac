"""Raising, recalculating and meeting due items; changing a rule."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cylch.audit.models import AuditEntry
from cylch.core import testing
from cylch.people.models import Role
from cylch.timescales import services
from cylch.timescales.models import DueItem, TimescaleRule

from .conftest import NOW, World, wales

pytestmark = pytest.mark.django_db


def raise_conference(world: World, *, at: datetime.datetime | None = None, trigger_id: Any = 1) -> list[DueItem]:
    """An initial conference held: starts the outline plan (5 working days) and first review (3 months)."""
    return services.due_items_raise(
        actor=world.recorder,
        child=world.child,
        trigger="initial_conference_held",
        trigger_type="conference",
        trigger_id=trigger_id,
        triggered_at=at or NOW - datetime.timedelta(hours=1),
    )


def by_code(items: list[DueItem]) -> dict[str, DueItem]:
    return {item.rule.code: item for item in items}


# --- Raising ------------------------------------------------------------------------------------


def test_raise_creates_one_open_item_per_current_rule_owned_by_the_lead_professional(world: World) -> None:
    items = by_code(raise_conference(world))
    assert set(items) == {"outline-plan-circulated", "first-review-conference"}
    assert DueItem.objects.count() == 2
    for item in items.values():
        item.refresh_from_db()
        assert item.state == DueItem.State.OPEN
        assert item.child == world.child
        assert item.owner_person == world.lead
        assert item.owner_agency == world.team.agency
        assert (item.trigger_type, item.trigger_id) == ("conference", "1")
        assert item.triggered_at == NOW - datetime.timedelta(hours=1)
    assert items["outline-plan-circulated"].due_at == wales(2026, 6, 17, 23, 59, 59)
    assert items["first-review-conference"].due_at == wales(2026, 9, 10, 23, 59, 59)
    entries = AuditEntry.objects.filter(action="cylch.timescales.due_item.raised")
    assert entries.count() == 2
    assert set(entries.values_list("child_id", flat=True)) == {world.child.pk}
    assert set(entries.values_list("actor", flat=True)) == {world.recorder.pk}


def test_raise_uses_only_the_current_version_of_each_rule(world: World) -> None:
    services.rule_change(actor=world.manager, code="outline-plan-circulated", unit="working_days", amount=3, note="Test")
    item = by_code(raise_conference(world))["outline-plan-circulated"]
    assert item.rule.version == 2
    assert item.due_at == wales(2026, 6, 15, 23, 59, 59)


def test_an_event_recorder_rule_is_owned_by_whoever_recorded_the_event(world: World) -> None:
    items = by_code(
        services.due_items_raise(
            actor=world.recorder,
            child=world.child,
            trigger="report_received",
            trigger_type="report",
            trigger_id=7,
            triggered_at=NOW,
            agency_id=world.recorder.memberships.get().team.agency_id,
        )
    )
    follow_up, next_steps = items["report-acknowledgement-follow-up"], items["report-next-steps-decided"]
    assert follow_up.owner_person == world.recorder
    assert follow_up.owner_agency_id == world.recorder.memberships.get().team.agency_id
    assert follow_up.due_at == wales(2026, 6, 19, 23, 59, 59)
    assert next_steps.owner_person == world.lead
    assert next_steps.owner_agency == world.team.agency
    assert next_steps.due_at == wales(2026, 6, 11, 23, 59, 59)


def test_with_no_lead_professional_the_recorder_owns_the_item(world: World) -> None:
    (item,) = services.due_items_raise(
        actor=world.recorder,
        child=world.unled_child,
        trigger="strategy_discussion_held",
        trigger_type="strategy",
        trigger_id=3,
        triggered_at=NOW,
    )
    assert item.rule.code == "initial-conference"
    assert item.owner_person == world.recorder


def test_an_hour_rule_runs_in_clock_time(world: World) -> None:
    ended = wales(2026, 6, 9, 22, 30)
    (item,) = services.due_items_raise(
        actor=world.recorder,
        child=world.child,
        trigger="missing_episode_ended",
        trigger_type="missing_episode",
        trigger_id=5,
        triggered_at=ended,
    )
    assert item.rule.code == "return-interview"
    assert item.due_at == wales(2026, 6, 12, 22, 30)


def test_a_trigger_no_rule_uses_raises_nothing(world: World) -> None:
    assert services.due_items_raise(
        actor=world.recorder, child=world.child, trigger="nothing_like_this", trigger_type="x", trigger_id=1, triggered_at=NOW
    ) == []
    assert not DueItem.objects.exists()


def test_raising_again_for_the_same_trigger_recalculates_instead_of_duplicating(world: World) -> None:
    first = by_code(raise_conference(world, at=wales(2026, 6, 8, 10)))
    assert first["outline-plan-circulated"].due_at == wales(2026, 6, 15, 23, 59, 59)
    # The conference date was corrected: it was held two days later.
    second = by_code(raise_conference(world, at=wales(2026, 6, 10, 9)))
    assert DueItem.objects.count() == 2
    assert {i.pk for i in first.values()} == {i.pk for i in second.values()}
    item = DueItem.objects.get(pk=first["outline-plan-circulated"].pk)
    assert item.triggered_at == wales(2026, 6, 10, 9)
    assert item.due_at == wales(2026, 6, 17, 23, 59, 59)
    assert DueItem.objects.get(pk=first["first-review-conference"].pk).due_at == wales(2026, 9, 10, 23, 59, 59)
    assert AuditEntry.objects.filter(action="cylch.timescales.due_item.recalculated").count() == 2


def test_another_trigger_of_the_same_kind_raises_its_own_items(world: World) -> None:
    raise_conference(world, trigger_id=1)
    raise_conference(world, trigger_id=2)
    assert DueItem.objects.count() == 4


def test_a_met_item_is_not_reopened_by_raising_again(world: World) -> None:
    item = by_code(raise_conference(world))["outline-plan-circulated"]
    services.due_item_meet(actor=world.lead, item=item, met_at=NOW)
    raise_conference(world)
    assert DueItem.objects.filter(rule__code="outline-plan-circulated").count() == 2
    assert DueItem.objects.get(pk=item.pk).state == DueItem.State.MET


def test_a_future_dated_event_is_refused(world: World) -> None:
    with pytest.raises(ValidationError):
        raise_conference(world, at=NOW + datetime.timedelta(days=1))
    assert not DueItem.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="cylch.timescales.").exists()


def test_a_few_minutes_of_clock_drift_is_allowed(world: World) -> None:
    assert len(raise_conference(world, at=NOW + datetime.timedelta(minutes=4))) == 2


# --- Meeting ------------------------------------------------------------------------------------


def test_met_on_time(world: World, clock: Any) -> None:
    item = by_code(raise_conference(world))["outline-plan-circulated"]
    clock.move_to(wales(2026, 6, 17, 16))
    services.due_item_meet(actor=world.lead, item=item, met_at=wales(2026, 6, 17, 15))
    item.refresh_from_db()
    assert (item.state, item.met_at, item.late_reason) == (DueItem.State.MET, wales(2026, 6, 17, 15), "")
    assert AuditEntry.objects.filter(action="cylch.timescales.due_item.met", subject_id=str(item.pk)).exists()


def test_met_at_the_last_second_of_the_due_day_is_on_time(world: World, clock: Any) -> None:
    item = by_code(raise_conference(world))["outline-plan-circulated"]
    clock.move_to(wales(2026, 6, 18, 9))
    services.due_item_meet(actor=world.lead, item=item, met_at=wales(2026, 6, 17, 23, 59, 59), late_reason="ignored")
    item.refresh_from_db()
    assert (item.state, item.late_reason) == (DueItem.State.MET, "")


def test_met_late_needs_a_reason(world: World, clock: Any) -> None:
    item = by_code(raise_conference(world))["outline-plan-circulated"]
    clock.move_to(wales(2026, 6, 19, 12))
    with pytest.raises(ValidationError) as error:
        services.due_item_meet(actor=world.lead, item=item, met_at=wales(2026, 6, 18, 10), late_reason="   ")
    assert "late_reason" in error.value.message_dict
    item.refresh_from_db()
    assert item.state == DueItem.State.OPEN
    services.due_item_meet(actor=world.lead, item=item, met_at=wales(2026, 6, 18, 10), late_reason=" Chair was ill ")
    item.refresh_from_db()
    assert (item.state, item.late_reason) == (DueItem.State.MET_LATE, "Chair was ill")
    entry = AuditEntry.objects.get(action="cylch.timescales.due_item.met")
    assert entry.reason == "Chair was ill"


def test_met_before_the_trigger_is_refused(world: World) -> None:
    item = by_code(raise_conference(world))["outline-plan-circulated"]
    with pytest.raises(ValidationError) as error:
        services.due_item_meet(actor=world.lead, item=item, met_at=item.triggered_at - datetime.timedelta(minutes=1))
    assert "met_at" in error.value.message_dict
    assert DueItem.objects.get(pk=item.pk).state == DueItem.State.OPEN


def test_met_in_the_future_is_refused(world: World) -> None:
    item = by_code(raise_conference(world))["outline-plan-circulated"]
    with pytest.raises(ValidationError):
        services.due_item_meet(actor=world.lead, item=item, met_at=NOW + datetime.timedelta(hours=2))
    assert DueItem.objects.get(pk=item.pk).state == DueItem.State.OPEN


def test_an_item_is_met_only_once(world: World) -> None:
    item = by_code(raise_conference(world))["outline-plan-circulated"]
    services.due_item_meet(actor=world.lead, item=item, met_at=NOW)
    with pytest.raises(ValidationError):
        services.due_item_meet(actor=world.lead, item=item, met_at=NOW)


def test_close_for_meets_the_items_an_event_answers(world: World) -> None:
    by_code(raise_conference(world))
    closed = services.due_items_close_for(actor=world.lead, child=world.child, rule_codes=["outline-plan-circulated"], met_at=NOW)
    assert [i.rule.code for i in closed] == ["outline-plan-circulated"]
    assert DueItem.objects.get(rule__code="outline-plan-circulated").state == DueItem.State.MET
    assert DueItem.objects.get(rule__code="first-review-conference").state == DueItem.State.OPEN


# --- Status -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (wales(2026, 6, 10, 10), "upcoming"),
        (wales(2026, 6, 16, 23, 59, 59), "upcoming"),
        (wales(2026, 6, 17, 0, 0), "due_today"),
        (wales(2026, 6, 17, 9, 0), "due_today"),
        (wales(2026, 6, 17, 23, 59, 58), "due_today"),
        (wales(2026, 6, 18, 0, 0), "overdue"),
        (wales(2026, 7, 1, 12, 0), "overdue"),
    ],
)
def test_status_at_frozen_times(world: World, clock: Any, moment: datetime.datetime, expected: str) -> None:
    item = by_code(raise_conference(world))["outline-plan-circulated"]  # due end of 17 June
    clock.move_to(moment)
    assert item.status() == expected
    assert item.status(moment) == expected


def test_status_of_an_hour_deadline_on_its_day(world: World, clock: Any) -> None:
    (item,) = services.due_items_raise(
        actor=world.recorder,
        child=world.child,
        trigger="missing_episode_ended",
        trigger_type="missing_episode",
        trigger_id=5,
        triggered_at=wales(2026, 6, 9, 22, 30),
    )  # due 22:30 on 12 June
    clock.move_to(wales(2026, 6, 12, 8))
    assert item.status() == "due_today"
    clock.move_to(wales(2026, 6, 12, 22, 31))
    assert item.status() == "overdue"


def test_status_of_closed_items(world: World, clock: Any) -> None:
    items = by_code(raise_conference(world))
    on_time = services.due_item_meet(actor=world.lead, item=items["outline-plan-circulated"], met_at=NOW)
    clock.move_to(wales(2027, 1, 5, 12))
    late = services.due_item_meet(
        actor=world.lead, item=items["first-review-conference"], met_at=wales(2027, 1, 4, 12), late_reason="Postponed by the chair"
    )
    assert on_time.status() == "met"
    assert late.status() == "met_late"


# --- Changing a rule ----------------------------------------------------------------------------


def test_rule_change_creates_a_new_version_keeps_the_old_and_recalculates(world: World) -> None:
    (open_item,) = services.due_items_raise(
        actor=world.recorder, child=world.child, trigger="strategy_discussion_held", trigger_type="strategy", trigger_id=1, triggered_at=NOW
    )
    (met_item,) = services.due_items_raise(
        actor=world.recorder, child=world.child, trigger="strategy_discussion_held", trigger_type="strategy", trigger_id=2, triggered_at=NOW
    )
    services.due_item_meet(actor=world.lead, item=met_item, met_at=NOW)
    assert open_item.due_at == wales(2026, 7, 1, 23, 59, 59)  # 15 working days
    v1 = TimescaleRule.objects.get(code="initial-conference", is_current=True)

    new = services.rule_change(
        actor=world.manager, code="initial-conference", unit="working_days", amount=10, note=" Procedures revised 2026 "
    )

    assert (new.version, new.is_current, new.unit, new.amount) == (2, True, "working_days", 10)
    assert (new.changed_by, new.change_note) == (world.manager, "Procedures revised 2026")
    assert (new.name_en, new.name_cy, new.trigger, new.owner, new.source) == (v1.name_en, v1.name_cy, v1.trigger, v1.owner, v1.source)
    v1.refresh_from_db()
    assert (v1.version, v1.is_current, v1.amount) == (1, False, 15)
    assert TimescaleRule.objects.filter(code="initial-conference").count() == 2
    assert getattr(new, "recalculated") == 1  # noqa: B009

    entry = AuditEntry.objects.get(action="cylch.timescales.rule.changed")
    assert (entry.actor, entry.reason, entry.subject_id) == (world.manager, "Procedures revised 2026", str(new.pk))
    assert entry.changes["old"] == {"unit": "working_days", "amount": 15}
    assert entry.changes["new"] == {"unit": "working_days", "amount": 10}

    open_item.refresh_from_db()
    assert open_item.rule == new
    assert open_item.due_at == wales(2026, 6, 24, 23, 59, 59)
    met_item.refresh_from_db()
    assert met_item.rule == v1  # history stays as it was
    assert met_item.due_at == wales(2026, 7, 1, 23, 59, 59)


def test_rule_change_can_change_the_unit_and_again_to_version_3(world: World) -> None:
    services.rule_change(actor=world.manager, code="return-interview", unit="working_days", amount=3, note="First")
    third = services.rule_change(actor=world.manager, code="return-interview", unit="hours", amount=48, note="Second")
    versions = list(TimescaleRule.objects.filter(code="return-interview").order_by("version").values_list("version", "is_current", "unit", "amount"))
    assert versions == [(1, False, "hours", 72), (2, False, "working_days", 3), (3, True, "hours", 48)]
    assert third.version == 3


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.TEAM_MANAGER, Role.SAFEGUARDING_LEAD, Role.SYSTEM_ADMIN, None])
def test_only_those_who_manage_timescales_can_change_a_rule(world: World, role: str | None) -> None:
    person = testing.make_person(role)
    with pytest.raises(PermissionDenied):
        services.rule_change(actor=person, code="initial-conference", unit="working_days", amount=10, note="No")
    assert TimescaleRule.objects.filter(code="initial-conference").count() == 1
    assert not AuditEntry.objects.filter(action="cylch.timescales.rule.changed").exists()


@pytest.mark.parametrize(
    ("unit", "amount", "note", "field"),
    [
        ("fortnights", 2, "Note", "unit"),
        ("working_days", 0, "Note", "amount"),
        ("working_days", 1001, "Note", "amount"),
        ("working_days", 10, "   ", "note"),
    ],
)
def test_rule_change_refuses_bad_input(world: World, unit: str, amount: int, note: str, field: str) -> None:
    with pytest.raises(ValidationError) as error:
        services.rule_change(actor=world.manager, code="initial-conference", unit=unit, amount=amount, note=note)
    assert field in error.value.message_dict
    assert TimescaleRule.objects.filter(code="initial-conference").count() == 1


def test_rule_change_of_an_unknown_code_changes_nothing(world: World) -> None:
    with pytest.raises(TimescaleRule.DoesNotExist):
        services.rule_change(actor=world.manager, code="no-such-rule", unit="hours", amount=1, note="x")
    assert not AuditEntry.objects.filter(action="cylch.timescales.rule.changed").exists()


# --- Recalculating ------------------------------------------------------------------------------


def test_recalculate_is_idempotent(world: World) -> None:
    items = by_code(raise_conference(world))
    assert services.due_items_recalculate() == 0
    item = items["outline-plan-circulated"]
    DueItem.objects.filter(pk=item.pk).update(due_at=NOW)  # drifted, e.g. a rule loaded by hand
    assert services.due_items_recalculate() == 1
    assert services.due_items_recalculate() == 0
    item.refresh_from_db()
    assert item.due_at == wales(2026, 6, 17, 23, 59, 59)


def test_recalculate_after_a_rule_change_has_nothing_left_to_do(world: World) -> None:
    raise_conference(world)
    services.rule_change(actor=world.manager, code="outline-plan-circulated", unit="working_days", amount=2, note="x")
    assert services.due_items_recalculate() == 0
    assert services.due_items_recalculate(rule_codes=["outline-plan-circulated"]) == 0


def test_recalculate_can_be_narrowed_and_works_in_batches(world: World) -> None:
    for n in range(5):
        raise_conference(world, trigger_id=n)
    DueItem.objects.update(due_at=NOW)
    assert services.due_items_recalculate(child_ids=[world.unled_child.pk]) == 0
    assert services.due_items_recalculate(rule_codes=["first-review-conference"], batch_size=2) == 5
    assert services.due_items_recalculate(batch_size=2) == 5
    assert services.due_items_recalculate(batch_size=2) == 0
    assert set(DueItem.objects.filter(rule__code="outline-plan-circulated").values_list("due_at", flat=True)) == {
        wales(2026, 6, 17, 23, 59, 59)
    }


def test_recalculate_leaves_closed_items_alone(world: World) -> None:
    item = by_code(raise_conference(world))["outline-plan-circulated"]
    services.due_item_meet(actor=world.lead, item=item, met_at=NOW)
    DueItem.objects.filter(pk=item.pk).update(due_at=NOW)
    assert services.due_items_recalculate() == 0
    assert DueItem.objects.get(pk=item.pk).due_at == NOW
