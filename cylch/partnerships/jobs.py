"""Periodic jobs of partnerships (declared in cylch/schedule.py). Jobs are just another caller of services."""

from __future__ import annotations

from django_tasks import task

from cylch.audit.context import acting


@task()
def measure_snapshots_refresh() -> int:
    """Recompute the national comparison's live measures for every partnership."""
    from cylch.partnerships.services import snapshots_refresh

    with acting(channel="job"):
        return snapshots_refresh()
