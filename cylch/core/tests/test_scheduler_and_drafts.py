from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.urls import reverse
from django_tasks import task

from cylch.core import testing
from cylch.core.models import Draft, ScheduledRun
from cylch.core.scheduling import scheduled_jobs_enqueue
from cylch.core.services import draft_for
from cylch.people.models import Role
from cylch.schedule import PERIODIC_JOBS, PeriodicJob

pytestmark = pytest.mark.django_db

RUNS: list[int] = []


@task()
def count_run() -> None:
    RUNS.append(1)


def test_each_periodic_job_runs_once_per_slot_however_often_the_scheduler_wakes() -> None:
    RUNS.clear()
    job = PeriodicJob("test-count", count_run, every_seconds=3600)
    start = dt.datetime(2026, 3, 29, 0, 0, tzinfo=dt.UTC)
    for minute in range(0, 60, 5):
        scheduled_jobs_enqueue(now=start + dt.timedelta(minutes=minute), jobs=[job])
    assert len(RUNS) == 1
    scheduled_jobs_enqueue(now=start + dt.timedelta(hours=1), jobs=[job])
    assert len(RUNS) == 2
    assert ScheduledRun.objects.filter(job="test-count").count() == 2


def test_the_declared_jobs_run() -> None:
    names = scheduled_jobs_enqueue(now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    assert set(names) == {job.name for job in PERIODIC_JOBS}


def test_a_failing_job_does_not_stop_the_others() -> None:
    RUNS.clear()

    class Broken:
        def enqueue(self) -> None:
            raise RuntimeError("boom")

    jobs = [PeriodicJob("broken", Broken(), 60), PeriodicJob("fine", count_run, 60)]  # type: ignore[arg-type]
    names = scheduled_jobs_enqueue(now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC), jobs=jobs)
    assert names == ["fine"]
    assert RUNS == [1]


def test_drafts_are_saved_and_restored_for_their_owner_only() -> None:
    person = testing.make_person(Role.PRACTITIONER)
    client = testing.sign_in_verified(Client(), person)
    payload = {"form_key": "/children/1/voice/", "data": {"summary": "What matters to me is…", "password": "never"}}
    response = client.post(reverse("core:draft_save"), json.dumps(payload), content_type="application/json")
    assert response.status_code == 200
    saved = draft_for(actor=person, form_key="/children/1/voice/")
    assert saved == {"summary": "What matters to me is…"}
    other = testing.make_person(Role.PRACTITIONER)
    assert draft_for(actor=other, form_key="/children/1/voice/") is None
    assert Draft.objects.count() == 1
