"""Periodic jobs of the plans domain. Jobs are just another caller of services."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from cylch.audit.context import acting
from cylch.plans.services import actions_escalate


@task()
def plan_actions_escalate() -> int:
    """Climb the escalation ladder for overdue plan actions (declared in cylch/schedule.py)."""
    with acting(channel="job"):
        return actions_escalate(now=timezone.now())
