"""Periodic jobs of the missing-children domain. Jobs are just another caller of services."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from cylch.audit.context import acting
from cylch.missing.services import long_episodes_check, strategy_items_meet


@task()
def missing_long_episodes_check() -> int:
    """Ask for a strategy discussion when a child has been missing longer than configured, and
    meet the requests a strategy discussion has answered (declared in cylch/schedule.py)."""
    with acting(channel="job"):
        now = timezone.now()
        return long_episodes_check(now=now) + strategy_items_meet(now=now)
