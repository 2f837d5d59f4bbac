"""Reminders and escalations for missed timescales reach the right people once, in
their own language, even when the worker stops part-way and starts again."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cylch.core import testing
from cylch.core.models import Notification
from cylch.people.models import Role
from cylch.timescales import services as timescales
from cylch.timescales.models import DueItem

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC)  # a Monday


@pytest.fixture
def world(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    with time_machine.travel(START - datetime.timedelta(days=30), tick=False):
        team = testing.make_team()
        lead = testing.make_person(Role.PRACTITIONER, team, language="cy")
        manager = testing.make_person(Role.TEAM_MANAGER, team, language="en")
        dsl = testing.make_person(Role.SAFEGUARDING_LEAD, testing.make_team(agency=team.agency), language="en")
        child = testing.make_child(involved_team=team, practitioner=lead, is_lead=True)
    with time_machine.travel(START, tick=False):
        items = timescales.due_items_raise(
            actor=lead,
            child=child,
            trigger="strategy_discussion_held",
            trigger_type="test",
            trigger_id=1,
            triggered_at=timezone.now(),
            agency_id=team.agency_id,
        )
    return {"lead": lead, "manager": manager, "dsl": dsl, "child": child, "item": items[0]}


def _run(moment: datetime.datetime, capture) -> int:  # type: ignore[no-untyped-def]
    with time_machine.travel(moment, tick=False), capture(execute=True):
        return timescales.due_items_remind(now=timezone.now())


def test_ladder_steps_arrive_once_each_in_the_recipients_language(world, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    item: DueItem = world["item"]
    assert item.owner_person == world["lead"]
    # 15 working days from Monday 1 June 2026: Monday 22 June.
    assert timezone.localtime(item.due_at).date() == datetime.date(2026, 6, 22)
    due_day = datetime.datetime(2026, 6, 22, 8, 0, tzinfo=datetime.UTC)
    assert _run(due_day, django_capture_on_commit_callbacks) == 1
    assert _run(due_day + datetime.timedelta(hours=2), django_capture_on_commit_callbacks) == 0
    # Day 1 overdue: the owner only.
    _run(due_day + datetime.timedelta(days=1, hours=2), django_capture_on_commit_callbacks)
    kinds = list(Notification.objects.order_by("id").values_list("recipient_id", "kind"))
    assert kinds[-1] == (world["lead"].pk, "cylch.timescales.overdue.owner_reminder")
    # Day 4: the team manager; day 8: the safeguarding lead. Repeated runs add nothing.
    for day in (4, 4, 5, 8, 8, 9):
        _run(due_day + datetime.timedelta(days=day, hours=2), django_capture_on_commit_callbacks)
    by_kind: dict[str, list[int]] = {}
    for recipient, kind in Notification.objects.values_list("recipient_id", "kind"):
        by_kind.setdefault(kind, []).append(recipient)
    assert by_kind["cylch.timescales.due_today"] == [world["lead"].pk]
    assert by_kind["cylch.timescales.overdue.owner_reminder"] == [world["lead"].pk]
    assert by_kind["cylch.timescales.overdue.team_manager"] == [world["manager"].pk]
    assert by_kind["cylch.timescales.overdue.safeguarding_lead"] == [world["dsl"].pk]
    assert len(mail.outbox) == 4
    welsh = [m for m in mail.outbox if m.to == [world["lead"].email]]
    english = [m for m in mail.outbox if m.to == [world["manager"].email]]
    assert welsh and english
    assert welsh[0].extra_headers["Content-Language"] == "cy"
    assert welsh[0].subject != english[0].subject


def test_a_worker_that_stops_part_way_sends_nothing_twice_and_misses_nothing(world, django_capture_on_commit_callbacks, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from cylch.core import notices

    # A second child so there is more than one item to process.
    with time_machine.travel(START, tick=False):
        other = testing.make_child(involved_team=world["lead"].memberships.first().team, practitioner=world["lead"], is_lead=True)
        timescales.due_items_raise(
            actor=world["lead"], child=other, trigger="strategy_discussion_held", trigger_type="test", trigger_id=2, triggered_at=timezone.now()
        )
    moment = datetime.datetime(2026, 6, 23, 10, 0, tzinfo=datetime.UTC)
    real_send = notices.notice_send
    calls = {"n": 0}

    def crashing_send(**kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 2:
            raise SystemExit("worker killed")
        return real_send(**kwargs)

    monkeypatch.setattr(notices, "notice_send", crashing_send)
    with pytest.raises(SystemExit):
        _run(moment, django_capture_on_commit_callbacks)
    assert Notification.objects.count() == 1
    monkeypatch.setattr(notices, "notice_send", real_send)
    _run(moment, django_capture_on_commit_callbacks)
    _run(moment + datetime.timedelta(minutes=15), django_capture_on_commit_callbacks)
    reminders = list(Notification.objects.filter(kind="cylch.timescales.overdue.owner_reminder").values_list("dedupe_key", flat=True))
    assert len(reminders) == 2 and len(set(reminders)) == 2


def test_my_work_lists_overdue_first_and_the_team_view_counts_by_owner(world) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(datetime.datetime(2026, 6, 25, 10, 0, tzinfo=datetime.UTC), tick=False):
        client = testing.sign_in_verified(Client(), world["lead"])
        page = client.get(reverse("work:mine")).content.decode()
        assert "Initial child protection conference" in page or "Cynhadledd amddiffyn plant gychwynnol" in page
        assert "govuk-tag--red" in page
        manager = testing.sign_in_verified(Client(), world["manager"])
        team_page = manager.get(reverse("work:team")).content.decode()
        assert 'data-testid="overdue-by-owner"' in team_page
        assert world["lead"].full_name in team_page


def test_my_work_query_count_is_constant(world, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    client = testing.sign_in_verified(Client(), world["lead"])
    with time_machine.travel(START + datetime.timedelta(hours=1), tick=False):
        for n in range(3, 40):
            timescales.due_items_raise(
                actor=world["lead"], child=world["child"], trigger="core_group_held", trigger_type="test", trigger_id=n, triggered_at=timezone.now()
            )
        with django_assert_max_num_queries(14):
            assert client.get(reverse("work:mine")).status_code == 200
