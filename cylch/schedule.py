"""Every periodic job of Cylch, declared in one place.

The scheduler (`manage.py scheduler`) enqueues each job once per interval
slot; the worker (`manage.py db_worker`) runs it. Later domains add their
reminder and escalation jobs here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django_tasks.base import Task

from cylch.accountability.jobs import partnership_actions_escalate
from cylch.core.jobs import audit_chain_check
from cylch.governance.jobs import risk_review_reminders_send
from cylch.missing.jobs import missing_long_episodes_check
from cylch.partnerships.jobs import measure_snapshots_refresh
from cylch.plans.jobs import plan_actions_escalate
from cylch.sharing.jobs import agreement_review_reminders_send
from cylch.timescales.jobs import due_items_recalculate_all, due_items_remind_send


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    task: Task  # type: ignore[type-arg]
    every_seconds: int


PERIODIC_JOBS: list[PeriodicJob] = [
    PeriodicJob("audit-chain-check", audit_chain_check, every_seconds=24 * 3600),
    # The national comparison reads these snapshots; the page says when they were computed.
    PeriodicJob("partnership-measure-snapshots", measure_snapshots_refresh, every_seconds=6 * 3600),
    PeriodicJob("sharing-agreement-review-reminders", agreement_review_reminders_send, every_seconds=24 * 3600),
    PeriodicJob("due-item-reminders", due_items_remind_send, every_seconds=15 * 60),
    PeriodicJob("due-item-recalculation", due_items_recalculate_all, every_seconds=24 * 3600),
    PeriodicJob("plan-action-escalation", plan_actions_escalate, every_seconds=3600),
    PeriodicJob("partnership-action-escalation", partnership_actions_escalate, every_seconds=3600),
    PeriodicJob("risk-review-reminders", risk_review_reminders_send, every_seconds=24 * 3600),
    PeriodicJob("missing-long-episodes", missing_long_episodes_check, every_seconds=15 * 60),
]
