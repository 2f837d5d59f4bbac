"""Periodic jobs of partnership governance. Jobs are just another caller of services."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from cylch.audit.context import acting
from cylch.governance.services import risk_reviews_remind


@task()
def risk_review_reminders_send() -> int:
    """Remind risk owners whose review is due (declared in cylch/schedule.py)."""
    with acting(channel="job"):
        return risk_reviews_remind(now=timezone.now())
