from __future__ import annotations

from django_tasks import task

from cylch.audit.context import acting
from cylch.sharing.services import agreement_review_reminders


@task()
def agreement_review_reminders_send() -> int:
    with acting(channel="job"):
        return agreement_review_reminders()
