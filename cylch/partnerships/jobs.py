"""Periodic jobs of partnerships (declared in cylch/schedule.py). Jobs are just another caller of services."""

from __future__ import annotations

from django_tasks import task

from cylch.audit.context import acting


@task()
def measure_snapshots_refresh() -> int:
    """Recompute the live measures of every partnership: the national comparison's rolling period,
    and the last four whole quarters that the learning pages show over time."""
    from django.utils import timezone

    from cylch.partnerships.measures import recent_quarters
    from cylch.partnerships.services import snapshot_period, snapshots_refresh

    with acting(channel="job"):
        return snapshots_refresh(periods=[snapshot_period(), *recent_quarters(timezone.localdate())])
