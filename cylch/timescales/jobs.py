from __future__ import annotations

from django_tasks import task

from cylch.audit.context import acting
from cylch.timescales.services import due_items_recalculate, due_items_remind


@task()
def due_items_remind_send() -> int:
    with acting(channel="job"):
        return due_items_remind()


@task()
def due_items_recalculate_all() -> int:
    with acting(channel="job"):
        return due_items_recalculate()
