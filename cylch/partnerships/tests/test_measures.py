"""Live measures: figures from practice data for a partnership's areas and period, and the
children behind them only for people the access rules allow."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from cylch.children.models import Involvement
from cylch.core import testing
from cylch.partnerships.measures import all_measures, measure_get, measures_for
from cylch.partnerships.selectors import measure_children
from cylch.people.models import Role
from cylch.timescales.models import DueItem, TimescaleRule

pytestmark = pytest.mark.django_db


def _due(child: Any, *, due: datetime.datetime, state: str, rule: TimescaleRule) -> DueItem:
    return DueItem.objects.create(
        child=child, rule=rule, trigger_type="meeting", trigger_id=str(child.pk) + state,
        triggered_at=due - datetime.timedelta(days=21), due_at=due, state=state,
    )


def test_every_measure_names_its_standard_and_definition() -> None:
    codes = {m.code for m in all_measures()}
    assert {
        "delivery-initial-conferences-on-time",
        "delivery-plan-actions-overdue",
        "infrastructure-involvements-lawful-basis",
        "infrastructure-agreements-in-date",
        "governance-ledger-actions-owned",
        "governance-ledger-actions-overdue",
    } <= codes
    for m in all_measures():
        assert m.standard in {"infrastructure", "strategy", "learning", "governance", "delivery"}
        assert str(m.definition) and str(m.title)


def test_initial_conferences_on_time_counts_only_the_partnerships_areas(world: Any) -> None:
    area = world.partnership.areas.get()
    elsewhere = testing.make_area()
    rule = TimescaleRule.objects.get(code="initial-conference", is_current=True)
    when = timezone.now() - datetime.timedelta(days=10)
    on_time = testing.make_child(local_authority=area)
    late = testing.make_child(local_authority=area)
    missed = testing.make_child(local_authority=area)
    other = testing.make_child(local_authority=elsewhere)
    _due(on_time, due=when, state=DueItem.State.MET, rule=rule)
    _due(late, due=when, state=DueItem.State.MET_LATE, rule=rule)
    _due(missed, due=when, state=DueItem.State.OPEN, rule=rule)
    _due(other, due=when, state=DueItem.State.MET, rule=rule)
    # Not yet due: not counted.
    _due(testing.make_child(local_authority=area), due=timezone.now() + datetime.timedelta(days=3), state=DueItem.State.OPEN, rule=rule)
    measure = measure_get("delivery-initial-conferences-on-time")
    assert measure is not None
    today = timezone.localdate()
    result = measure.compute(area_ids=[area.pk], start=today - datetime.timedelta(days=30), end=today)
    assert (result.numerator, result.denominator, result.percent) == (1, 3, 33.3)


def test_lawful_basis_measure(world: Any) -> None:
    area = world.partnership.areas.get()
    child = testing.make_child(involved_team=world.cs_team, local_authority=area)  # statutory, named
    other = testing.make_child(local_authority=area)
    Involvement.objects.create(
        child=other, agency=world.health, team=world.health_team, role_for_child="x", reason="r",
        basis=Involvement.Basis.STATUTORY, statutory_basis="",
    )
    measure = measure_get("infrastructure-involvements-lawful-basis")
    assert measure is not None
    today = timezone.localdate()
    result = measure.compute(area_ids=[area.pk], start=today - datetime.timedelta(days=30), end=today)
    assert (result.numerator, result.denominator) == (1, 2)
    assert list(measure.children(area_ids=[area.pk], start=today - datetime.timedelta(days=30), end=today).values_list("child_id", flat=True)) == [other.pk]  # type: ignore[misc]
    assert child.pk != other.pk


def test_children_behind_a_measure_only_for_those_allowed(world: Any) -> None:
    area = world.partnership.areas.get()
    team_child = testing.make_child(involved_team=world.cs_team, local_authority=area)
    Involvement.objects.filter(child=team_child).update(statutory_basis="")
    cycle = world.cycle(period_end=timezone.localdate())
    measure = measure_get("infrastructure-involvements-lawful-basis")
    assert measure is not None
    # The practitioner's team works with the child: they see it. The partnership manager does not.
    assert list(measure_children(actor=world.practitioner, cycle=cycle, measure=measure)) == [team_child]
    assert list(measure_children(actor=world.manager, cycle=cycle, measure=measure)) == []


def test_measures_for_a_standard() -> None:
    assert {m.code for m in measures_for("governance")} >= {"governance-ledger-actions-owned", "governance-ledger-actions-overdue"}


def test_a_broken_measure_is_shown_as_unavailable_not_an_error(world: Any) -> None:
    from cylch.partnerships.measures import Measure, MeasureResult, measure_compute

    def broken(**kwargs: Any) -> MeasureResult:
        raise RuntimeError("boom")

    result = measure_compute(Measure("x", "delivery", "X", "X", broken), area_ids=[], start=timezone.localdate(), end=timezone.localdate())
    assert result.denominator == 0


def test_a_manager_is_still_a_partnership_role_only(world: Any) -> None:
    # A partnership manager is not given child-level access by the role.
    from cylch.access.rules import children_visible_to

    testing.make_child(involved_team=world.cs_team, local_authority=world.partnership.areas.get())
    assert not children_visible_to(world.manager).exists()
    assert testing.make_person(Role.PRACTITIONER, world.cs_team) is not None
