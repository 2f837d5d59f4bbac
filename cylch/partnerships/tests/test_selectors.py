"""Selectors other code builds on: the cycle summary for the board's annual report, progress,
the national comparison."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from cylch.framework.models import Indicator, Standard
from cylch.partnerships import selectors, services
from cylch.partnerships.measures import all_measures
from cylch.partnerships.models import MeasureSnapshot, Rating

pytestmark = pytest.mark.django_db


def test_cycle_summary_gives_ratings_measures_and_actions_per_standard(world: Any) -> None:
    cycle = world.cycle()
    world.rate_everything(cycle, score="2")
    delivery = Standard.objects.get(code="delivery")
    Rating.objects.filter(cycle=cycle, agency=world.health, indicator__standard=delivery).update(score="4")
    action = services.improvement_action_agree(
        actor=world.manager, cycle=cycle, standard=delivery, what="Audit", owner_agency=world.health,
        owner=world.health_lead, due_on=timezone.localdate() + datetime.timedelta(days=10),
    )
    summary = selectors.cycle_summary(actor=world.manager, cycle=cycle)
    assert summary["cycle"] == cycle and summary["partnership"] == world.partnership
    assert summary["period"] == (cycle.period_start, cycle.period_end) and summary["signed_off"] is False
    assert [code for code, _label, _descriptor in summary["scale"]] == ["1", "2", "3", "4"]
    by_code = {row["standard"].code: row for row in summary["standards"]}
    assert set(by_code) == set(Standard.objects.values_list("code", flat=True))
    indicators = Indicator.objects.filter(standard=delivery).count()
    row = by_code["delivery"]
    assert row["ratings"] == row["expected"] == 2 * indicators
    assert row["average"] == 3.0 and row["distribution"] == {"2": indicators, "4": indicators}
    assert {f.code for f in row["measures"]} == {m.code for m in all_measures() if m.standard == "delivery"}
    assert row["actions"] == [action] and summary["actions"] == [action]
    assert by_code["governance"]["actions"] == []


def test_progress_over_cycles(world: Any) -> None:
    first = world.cycle(period_start=datetime.date(2023, 4, 1), period_end=datetime.date(2024, 3, 31))
    world.rate_everything(first, score="1")
    services.cycle_sign_off(actor=world.manager, cycle=first)
    second = world.cycle()
    world.rate_everything(second, score="3")
    progress = selectors.progress(actor=world.manager, partnership=world.partnership)
    delivery = Standard.objects.get(code="delivery")
    assert [c.pk for c in progress.cycles] == [first.pk, second.pk]
    assert progress.by_standard[(first.pk, delivery.pk)] == 1.0
    assert progress.by_standard[(second.pk, delivery.pk)] == 3.0
    assert progress.by_agency[(second.pk, world.health.pk)] == 3.0


def test_national_comparison_reads_snapshots_and_says_how_fresh(world: Any) -> None:
    national = selectors.national_comparison(actor=world.manager)
    assert national.computed_at is None and national.is_stale
    cycle = world.cycle()
    world.rate_everything(cycle, score="2")
    services.cycle_sign_off(actor=world.manager, cycle=cycle)
    written = services.snapshots_refresh()
    assert written == len(all_measures()) * 1
    national = selectors.national_comparison(actor=world.manager)
    assert national.computed_at is not None and not national.is_stale
    row = next(r for r in national.rows if r.partnership == world.partnership)
    assert row.cycle == cycle and set(row.averages.values()) == {2.0}
    assert set(row.measures) == {m.code for m in all_measures()}
    MeasureSnapshot.objects.update(computed_at=timezone.now() - datetime.timedelta(days=3))
    assert selectors.national_comparison(actor=world.manager).is_stale


def test_the_periodic_job_refreshes_the_snapshots(world: Any) -> None:
    from cylch.partnerships.jobs import measure_snapshots_refresh
    from cylch.schedule import PERIODIC_JOBS

    assert any(job.task is measure_snapshots_refresh for job in PERIODIC_JOBS)
    result = measure_snapshots_refresh.enqueue()
    # The comparison's rolling period and the last four quarters, for every measure.
    assert result.return_value == 5 * len(all_measures())
    assert MeasureSnapshot.objects.filter(partnership=world.partnership).count() == 5 * len(all_measures())
