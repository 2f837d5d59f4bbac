from __future__ import annotations

import logging
from datetime import datetime

from django.db import IntegrityError, transaction

from cylch.core.models import ScheduledRun
from cylch.schedule import PERIODIC_JOBS, PeriodicJob

logger = logging.getLogger(__name__)


def scheduled_jobs_enqueue(*, now: datetime, jobs: list[PeriodicJob] | None = None) -> list[str]:
    """Enqueue each job whose current slot has not run yet. Returns the names enqueued."""
    enqueued = []
    for job in jobs if jobs is not None else PERIODIC_JOBS:
        slot = int(now.timestamp()) // job.every_seconds
        try:
            with transaction.atomic():
                ScheduledRun.objects.create(job=job.name, slot=slot)
                job.task.enqueue()
        except IntegrityError:
            continue  # another scheduler (or an earlier run) already took this slot
        except Exception:
            # One failing job must not stop the others.
            logger.exception("Could not enqueue periodic job %s", job.name)
            continue
        enqueued.append(job.name)
    return enqueued
