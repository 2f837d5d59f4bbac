"""Periodic jobs of the accountability ledger. Jobs are just another caller of services."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from cylch.accountability.services import ledger_actions_escalate
from cylch.audit.context import acting


@task()
def partnership_actions_escalate() -> int:
    """Climb the escalation ladder for overdue partnership actions (declared in cylch/schedule.py)."""
    with acting(channel="job"):
        return ledger_actions_escalate(now=timezone.now())
