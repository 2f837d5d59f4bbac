"""Overdue actions climb the escalation ladder: a reminder to the owner on the first day
overdue, their team manager three days later, their agency's safeguarding lead at seven.
Each step happens once, in the recipient's language, whatever the job does."""

from __future__ import annotations

import datetime
import logging
from collections import Counter
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from cylch.audit.models import AuditEntry
from cylch.core.models import Notification, PolicySetting
from cylch.people.models import Membership
from cylch.plans import services
from cylch.plans.models import ActionEscalation, PlanAction

from .conftest import World
from .factories import add_action, agree, draft_plan

pytestmark = pytest.mark.django_db

# A Monday after the world is made. The actions fall due on Saturday 8 June 2030,
# so day 0 overdue is Sunday 9 June, the manager hears on 12 June and the DSL on 16 June.
START = datetime.datetime(2030, 6, 3, 9, 0, tzinfo=datetime.UTC)
DUE = datetime.date(2030, 6, 8)


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


@pytest.fixture
def plan_actions(world: World) -> dict[str, PlanAction]:
    with time_machine.travel(START, tick=False):
        plan = draft_plan(world.child, world.lead)
        police = add_action(plan, world.lead, world.police, days=5, what="Share every police call-out")
        school = add_action(plan, world.lead, world.school, days=5, what="Quiet place at school")
        agree(plan, world.lead)
    police.refresh_from_db()
    school.refresh_from_db()
    assert police.due_on == DUE
    return {"police": police, "school": school}


def _run(moment: datetime.datetime, capture: Any) -> int:
    with time_machine.travel(moment, tick=False), capture(execute=True):
        return services.actions_escalate(now=timezone.now())


def _sent(kind_suffix: str = "") -> list[tuple[str, int]]:
    return sorted(
        (n.kind.rsplit(".", 1)[-1], n.recipient_id)
        for n in Notification.objects.filter(kind__startswith="cylch.plans.action.overdue." + kind_suffix)
    )


def test_the_ladder_takes_each_step_once_on_its_day_however_often_the_job_runs(
    world: World, plan_actions: dict[str, PlanAction], django_capture_on_commit_callbacks: Any
) -> None:
    police = plan_actions["police"]
    plan_actions["school"].status = PlanAction.Status.DONE
    PlanAction.objects.filter(pk=plan_actions["school"].pk).update(status=PlanAction.Status.DONE)
    mail.outbox.clear()
    moment = _at(DUE - datetime.timedelta(days=2), hour=0)
    end = _at(DUE + datetime.timedelta(days=12))
    while moment <= end:  # every three hours for two weeks
        _run(moment, django_capture_on_commit_callbacks)
        moment += datetime.timedelta(hours=3)
    seen = [(timezone.localdate(e.at), e.step) for e in ActionEscalation.objects.filter(action=police).order_by("at")]
    assert seen == [
        (datetime.date(2030, 6, 9), "owner_reminder"),
        (datetime.date(2030, 6, 12), "team_manager"),
        (datetime.date(2030, 6, 16), "safeguarding_lead"),
    ]
    assert _sent() == sorted(
        [("owner_reminder", world.police.pk), ("team_manager", world.police_manager.pk), ("safeguarding_lead", world.police_dsl.pk)]
    )
    escalations = list(ActionEscalation.objects.filter(action=police).order_by("at"))
    assert [e.days_overdue for e in escalations] == [0, 3, 7]
    assert [e.recipients for e in escalations] == [
        [{"id": world.police.pk, "name": "Pedr Police"}],
        [{"id": world.police_manager.pk, "name": "Rheinallt Rheolwr"}],
        [{"id": world.police_dsl.pk, "name": "Delyth Diogelu"}],
    ]
    assert AuditEntry.objects.filter(action="cylch.plans.action.escalated").count() == 3
    # One email per step, each in the recipient's language (the police people read Welsh).
    assert len(mail.outbox) == 3
    assert {m.to[0] for m in mail.outbox} == {world.police.email, world.police_manager.email, world.police_dsl.email}
    assert all(m.extra_headers["Content-Language"] == "cy" for m in mail.outbox)


def test_nothing_is_sent_before_the_day_after_the_due_date(world: World, plan_actions: dict[str, PlanAction], django_capture_on_commit_callbacks: Any) -> None:
    assert _run(_at(DUE, hour=23), django_capture_on_commit_callbacks) == 0
    assert _run(_at(DUE + datetime.timedelta(days=1), hour=0), django_capture_on_commit_callbacks) == 2
    assert _sent() == sorted([("owner_reminder", world.police.pk), ("owner_reminder", world.school.pk)])


def test_a_first_run_late_takes_every_step_due_and_then_nothing_more(
    world: World, plan_actions: dict[str, PlanAction], django_capture_on_commit_callbacks: Any
) -> None:
    assert _run(_at(DUE + datetime.timedelta(days=10)), django_capture_on_commit_callbacks) == 6
    assert _run(_at(DUE + datetime.timedelta(days=10), hour=10), django_capture_on_commit_callbacks) == 0
    assert _run(_at(DUE + datetime.timedelta(days=30)), django_capture_on_commit_callbacks) == 0
    assert Counter(step for step, _person in _sent()) == {"owner_reminder": 2, "team_manager": 2, "safeguarding_lead": 2}


class WorkerKilled(BaseException):
    """Stands for the worker process dying part-way through a run."""


def test_a_run_that_crashes_halfway_and_is_run_again_sends_no_duplicates_and_misses_nothing(
    world: World, plan_actions: dict[str, PlanAction], django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = services.notice_send
    calls = {"n": 0}

    def dies_on_the_fourth(**kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 4:
            raise WorkerKilled
        return real(**kwargs)

    monkeypatch.setattr(services, "notice_send", dies_on_the_fourth)
    with pytest.raises(WorkerKilled):
        _run(_at(DUE + datetime.timedelta(days=8)), django_capture_on_commit_callbacks)
    # Three steps were taken whole; the fourth left nothing behind.
    assert ActionEscalation.objects.count() == 3
    assert Notification.objects.filter(kind__startswith="cylch.plans.action.overdue.").count() == 3
    monkeypatch.setattr(services, "notice_send", real)
    assert _run(_at(DUE + datetime.timedelta(days=8), hour=10), django_capture_on_commit_callbacks) == 3
    assert _run(_at(DUE + datetime.timedelta(days=8), hour=11), django_capture_on_commit_callbacks) == 0
    expected = [
        ("owner_reminder", world.police.pk),
        ("owner_reminder", world.school.pk),
        ("team_manager", world.police_manager.pk),
        ("team_manager", world.school_manager.pk),
        ("safeguarding_lead", world.police_dsl.pk),
        ("safeguarding_lead", world.school_dsl.pk),
    ]
    assert _sent() == sorted(expected)
    assert ActionEscalation.objects.count() == 6


def test_one_failing_action_is_logged_and_the_others_carry_on(
    world: World,
    plan_actions: dict[str, PlanAction],
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    school = plan_actions["school"]
    real = services._escalation_recipients

    def broken_for_school(action: PlanAction, step: str) -> Any:
        if action.pk == school.pk:
            raise RuntimeError("directory unavailable")
        return real(action, step)

    monkeypatch.setattr(services, "_escalation_recipients", broken_for_school)
    with caplog.at_level(logging.ERROR, logger="cylch.plans.services"):
        assert _run(_at(DUE + datetime.timedelta(days=4)), django_capture_on_commit_callbacks) == 2
    assert f"for plan action {school.pk}" in caplog.text
    assert not ActionEscalation.objects.filter(action=school).exists()
    monkeypatch.setattr(services, "_escalation_recipients", real)
    assert _run(_at(DUE + datetime.timedelta(days=4), hour=10), django_capture_on_commit_callbacks) == 2
    assert sorted(ActionEscalation.objects.filter(action=school).values_list("step", flat=True)) == ["owner_reminder", "team_manager"]


def test_finished_actions_and_ended_plans_are_not_chased(
    world: World, plan_actions: dict[str, PlanAction], django_capture_on_commit_callbacks: Any
) -> None:
    police, school = plan_actions["police"], plan_actions["school"]
    assert _run(_at(DUE + datetime.timedelta(days=1)), django_capture_on_commit_callbacks) == 2
    with time_machine.travel(_at(DUE + datetime.timedelta(days=2)), tick=False):
        police.refresh_from_db()
        services.action_progress_record(actor=world.police, action=police, expected_version=police.version, status="done", evidence="Log shared")
    assert _run(_at(DUE + datetime.timedelta(days=4)), django_capture_on_commit_callbacks) == 1  # the school's manager only
    with time_machine.travel(_at(DUE + datetime.timedelta(days=5)), tick=False):
        services.plan_end(actor=world.lead, plan=school.plan, reason="De-registered at review conference")
    assert _run(_at(DUE + datetime.timedelta(days=20)), django_capture_on_commit_callbacks) == 0
    assert list(ActionEscalation.objects.filter(action=police).values_list("step", flat=True)) == ["owner_reminder"]
    assert sorted(ActionEscalation.objects.filter(action=school).values_list("step", flat=True)) == ["owner_reminder", "team_manager"]


def test_the_ladder_is_configuration(world: World, plan_actions: dict[str, PlanAction], django_capture_on_commit_callbacks: Any) -> None:
    PolicySetting.objects.update_or_create(
        key="action_escalation_ladder",
        defaults={"value": [{"step": "owner_reminder", "days_overdue": 0}, {"step": "team_manager", "days_overdue": 1}]},
    )
    assert _run(_at(DUE + datetime.timedelta(days=2)), django_capture_on_commit_callbacks) == 4
    assert _run(_at(DUE + datetime.timedelta(days=20)), django_capture_on_commit_callbacks) == 0
    assert not Notification.objects.filter(kind="cylch.plans.action.overdue.safeguarding_lead").exists()


def test_a_team_without_a_manager_escalates_to_the_agencys_safeguarding_lead(
    world: World, plan_actions: dict[str, PlanAction], django_capture_on_commit_callbacks: Any
) -> None:
    Membership.objects.filter(person=world.school_manager).update(ended_at=timezone.now())
    _run(_at(DUE + datetime.timedelta(days=4)), django_capture_on_commit_callbacks)
    step = ActionEscalation.objects.get(action=plan_actions["school"], step="team_manager")
    assert step.recipients == [{"id": world.school_dsl.pk, "name": "Dana School DSL"}]


def test_a_new_due_date_climbs_the_ladder_again(world: World, plan_actions: dict[str, PlanAction], django_capture_on_commit_callbacks: Any) -> None:
    police = plan_actions["police"]
    _run(_at(DUE + datetime.timedelta(days=1)), django_capture_on_commit_callbacks)
    new_due = DUE + datetime.timedelta(days=5)
    with time_machine.travel(_at(DUE + datetime.timedelta(days=2)), tick=False):
        police.refresh_from_db()
        services.action_update(actor=world.lead, action=police, expected_version=police.version, changes={"due_on": new_due})
    assert _run(_at(DUE + datetime.timedelta(days=4)), django_capture_on_commit_callbacks) == 1  # the school's manager only
    _run(_at(new_due + datetime.timedelta(days=1)), django_capture_on_commit_callbacks)
    reminders = ActionEscalation.objects.filter(action=police, step="owner_reminder").order_by("due_on")
    assert [r.due_on for r in reminders] == [DUE, new_due]
    assert Notification.objects.filter(kind="cylch.plans.action.overdue.owner_reminder", recipient=world.police).count() == 2


def test_the_periodic_job_runs_the_service_and_is_declared_in_the_schedule(
    world: World, plan_actions: dict[str, PlanAction], django_capture_on_commit_callbacks: Any
) -> None:
    from cylch.plans.jobs import plan_actions_escalate
    from cylch.schedule import PERIODIC_JOBS

    assert any(job.task is plan_actions_escalate for job in PERIODIC_JOBS)
    with time_machine.travel(_at(DUE + datetime.timedelta(days=1)), tick=False), django_capture_on_commit_callbacks(execute=True):
        result = plan_actions_escalate.enqueue()
    assert result.return_value == 2
    assert AuditEntry.objects.filter(action="cylch.plans.action.escalated", channel="job").count() == 2
