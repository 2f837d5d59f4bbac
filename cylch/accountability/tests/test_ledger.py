"""The accountability ledger: agreeing actions, progress with evidence, stale edits refused, the
escalation ladder (each step once, in each recipient's language), My work, and the ledger page
with aggregate case-action counts and no child data."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cylch.accountability import services
from cylch.accountability.models import LedgerAction, LedgerActionUpdate, LedgerEscalation
from cylch.audit.models import AuditEntry
from cylch.core import testing
from cylch.core.models import Notification
from cylch.governance.tests.conftest import Board
from cylch.people.models import Role
from cylch.work.selectors import Scope

pytestmark = pytest.mark.django_db

START = datetime.datetime(2030, 6, 3, 9, 0, tzinfo=datetime.UTC)
DUE = datetime.date(2030, 6, 8)


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _agree(world: Board, *, owner: Any = None, agency: Any = None, due_on: datetime.date | None = None, what: str = "Audit health visits") -> LedgerAction:
    return services.ledger_action_create(
        actor=world.business_manager,
        partnership=world.partnership,
        source_kind=LedgerAction.Source.BOARD_MEETING,
        source_id=1,
        what=what,
        owner_agency=agency or world.health,
        owner=owner or world.health_worker,
        due_on=due_on or timezone.localdate() + datetime.timedelta(days=14),
    )


def test_an_action_needs_an_owner_in_the_owning_agency_and_a_date_not_in_the_past(world: Board) -> None:
    with pytest.raises(ValidationError) as error:
        services.ledger_action_create(
            actor=world.business_manager,
            partnership=world.partnership,
            source_kind="board_meeting",
            source_id=1,
            what="  ",
            owner_agency=world.health,
            owner=world.council_worker,
            due_on=timezone.localdate() - datetime.timedelta(days=1),
        )
    assert set(error.value.message_dict) == {"what", "owner", "due_on"}
    assert not LedgerAction.objects.exists()


def test_the_owner_is_told_in_their_language_when_an_action_is_agreed(world: Board, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        action = _agree(world)
    notice = Notification.objects.get(recipient=world.health_worker)
    assert notice.kind == "cylch.accountability.action.assigned"
    assert notice.link == reverse("accountability:action", args=[action.pk])
    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["Content-Language"] == "cy"
    assert world.partnership.name_cy in mail.outbox[0].body


def test_completing_needs_evidence_and_a_stale_edit_is_refused(world: Board) -> None:
    action = _agree(world)
    with pytest.raises(ValidationError) as error:
        services.ledger_action_progress_record(actor=world.health_worker, action=action, expected_version=action.version, status="done")
    assert "evidence" in error.value.message_dict
    action.refresh_from_db()
    assert action.status == "not_started"
    services.ledger_action_progress_record(
        actor=world.health_worker, action=action, expected_version=1, status="in_progress", note="Started the audit"
    )
    with pytest.raises(services.StaleEdit):
        services.ledger_action_progress_record(actor=world.business_manager, action=action, expected_version=1, status="cancelled", note="Not needed")
    action.refresh_from_db()
    assert action.status == "in_progress"
    done = services.ledger_action_progress_record(
        actor=world.health_worker, action=action, expected_version=2, status="done", evidence="Audit report, link in minutes"
    )
    assert done.status == "done" and done.completed_on == timezone.localdate() and done.evidence.startswith("Audit report")
    assert LedgerActionUpdate.objects.filter(action=action).count() == 2
    assert AuditEntry.objects.filter(action="cylch.accountability.action.completed").count() == 1
    with pytest.raises(ValidationError):
        services.ledger_action_progress_record(actor=world.health_worker, action=done, expected_version=3, status="in_progress", note="again")


def test_cancelling_needs_a_reason_and_an_unknown_status_is_refused(world: Board) -> None:
    action = _agree(world)
    with pytest.raises(ValidationError) as error:
        services.ledger_action_progress_record(actor=world.health_worker, action=action, expected_version=1, status="cancelled")
    assert "note" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.ledger_action_progress_record(actor=world.health_worker, action=action, expected_version=1, status="finished", note="x")
    assert "status" in error.value.message_dict


# --- Escalation -----------------------------------------------------------------------------------


@pytest.fixture
def overdue(world: Board) -> LedgerAction:
    with time_machine.travel(START, tick=False):
        return _agree(world, due_on=DUE)


def _run(moment: datetime.datetime, capture: Any) -> int:
    with time_machine.travel(moment, tick=False), capture(execute=True):
        return services.ledger_actions_escalate(now=timezone.now())


def test_the_ladder_climbs_owner_manager_leads_chair_each_step_once(
    world: Board, overdue: LedgerAction, django_capture_on_commit_callbacks: Any
) -> None:
    mail.outbox.clear()
    moment = _at(DUE - datetime.timedelta(days=1), hour=0)
    while moment <= _at(DUE + datetime.timedelta(days=25)):  # every six hours for nearly four weeks
        _run(moment, django_capture_on_commit_callbacks)
        moment += datetime.timedelta(hours=6)
    seen = [(timezone.localdate(e.at), e.step, e.days_overdue) for e in LedgerEscalation.objects.filter(action=overdue).order_by("at")]
    assert seen == [
        (datetime.date(2030, 6, 9), "owner_reminder", 0),
        (datetime.date(2030, 6, 14), "owner_manager", 5),
        (datetime.date(2030, 6, 19), "agency_lead", 10),
        (datetime.date(2030, 6, 29), "chair", 20),
    ]
    told = {
        (n.kind.rsplit(".", 1)[-1], n.recipient_id) for n in Notification.objects.filter(kind__startswith="cylch.accountability.action.overdue.")
    }
    assert told == {
        ("owner_reminder", world.health_worker.pk),
        ("owner_manager", world.health_manager.pk),
        ("agency_lead", world.health_dsl.pk),
        ("agency_lead", world.business_manager.pk),
        ("chair", world.chair.pk),
    }
    assert AuditEntry.objects.filter(action="cylch.accountability.action.escalated").count() == 4
    # One email per person per step, each in the reader's language.
    languages = {m.to[0]: m.extra_headers["Content-Language"] for m in mail.outbox}
    assert len(mail.outbox) == 5
    assert languages[world.health_worker.email] == "cy"
    assert languages[world.business_manager.email] == "en"
    welsh = next(m for m in mail.outbox if m.to[0] == world.chair.email)
    english = next(m for m in mail.outbox if m.to[0] == world.business_manager.email)
    assert world.partnership.name_cy in welsh.body and world.health.name_cy in welsh.body
    assert world.partnership.name_en in english.body and world.health.name_en in english.body


def test_a_late_first_run_takes_every_step_due_once(world: Board, overdue: LedgerAction, django_capture_on_commit_callbacks: Any) -> None:
    assert _run(_at(DUE + datetime.timedelta(days=30)), django_capture_on_commit_callbacks) == 4
    assert _run(_at(DUE + datetime.timedelta(days=30), hour=12), django_capture_on_commit_callbacks) == 0
    assert LedgerEscalation.objects.count() == 4


def test_a_done_action_is_not_escalated(world: Board, overdue: LedgerAction, django_capture_on_commit_callbacks: Any) -> None:
    with time_machine.travel(_at(DUE - datetime.timedelta(days=1)), tick=False):
        services.ledger_action_progress_record(actor=world.health_worker, action=overdue, expected_version=1, status="done", evidence="Done")
    assert _run(_at(DUE + datetime.timedelta(days=30)), django_capture_on_commit_callbacks) == 0


def test_a_team_without_a_manager_escalates_to_the_safeguarding_lead(world: Board, django_capture_on_commit_callbacks: Any) -> None:
    lone = testing.make_person(Role.PRACTITIONER, testing.make_team(agency=world.health))
    with time_machine.travel(START, tick=False):
        action = _agree(world, owner=lone, due_on=DUE)
    _run(_at(DUE + datetime.timedelta(days=6)), django_capture_on_commit_callbacks)
    step = LedgerEscalation.objects.get(action=action, step="owner_manager")
    assert [r["id"] for r in step.recipients] == [world.health_dsl.pk]


def test_the_job_is_declared_once_in_the_schedule() -> None:
    from cylch.schedule import PERIODIC_JOBS

    assert [j.name for j in PERIODIC_JOBS].count("partnership-action-escalation") == 1


# --- My work ---------------------------------------------------------------------------------


def test_open_ledger_actions_are_in_the_owners_work(world: Board) -> None:
    from cylch.accountability.work import ledger_action_work

    action = _agree(world)
    items = ledger_action_work(world.health_worker, Scope(person_ids={world.health_worker.pk}), timezone.now())
    assert [i.link for i in items] == [reverse("accountability:action", args=[action.pk])]
    assert items[0].child_id is None
    client = testing.sign_in_verified(Client(), world.health_worker)
    page = client.get(reverse("work:mine"))
    assert action.what in page.content.decode()


# --- Pages -----------------------------------------------------------------------------------


def _client(person: Any, language: str = "en") -> Client:
    client = testing.sign_in_verified(Client(), person)
    client.cookies["cylch_language"] = language
    return client


def test_the_ledger_filters_and_counts_case_actions_by_agency_without_children(world: Board, django_assert_max_num_queries: Any) -> None:
    from cylch.plans.tests.factories import add_action, agree, draft_plan, involve

    child = testing.make_child(involved_team=world.council_worker.memberships.first().team, practitioner=world.council_worker, local_authority=world.council.area)  # type: ignore[union-attr]
    plan = draft_plan(child, world.council_worker, personal_outcomes="Safe", needs="Care", next_review_on=timezone.localdate() + datetime.timedelta(days=60))
    involve(child, world.health_worker.memberships.first().team, world.health_worker)  # type: ignore[union-attr]
    add_action(plan, world.council_worker, world.council_worker, what="Visit the family weekly")
    agree(plan, world.council_worker)
    health = _agree(world, what="Audit health visits")
    council = _agree(world, owner=world.council_worker, agency=world.council, what="Refresh the escalation protocol")
    LedgerAction.objects.filter(pk=council.pk).update(source_kind=LedgerAction.Source.RISK)
    client = _client(world.business_manager)
    url = reverse("accountability:ledger", args=[world.partnership.pk])
    with django_assert_max_num_queries(25):
        page = client.get(url)
    body = page.content.decode()
    assert page.status_code == 200
    assert health.what in body and council.what in body
    assert child.given_names not in body and child.family_name not in body and "Visit the family weekly" not in body
    assert 'data-testid="case-actions"' in body and world.council.name_en in body
    only_risks = client.get(url, {"source": "risk"}).content.decode()
    assert council.what in only_risks and health.what not in only_risks
    only_health = client.get(url, {"agency": world.health.pk}).content.decode()
    assert health.what in only_health and council.what not in only_health
    assert client.get(url, {"view": "nonsense", "agency": "x"}).status_code == 200
    welsh = _client(world.business_manager, "cy").get(url).content.decode()
    assert "Cofrestr atebolrwydd" in welsh


def test_the_owner_records_progress_and_bad_input_is_shown_on_the_page(world: Board) -> None:
    action = _agree(world)
    client = _client(world.health_worker)
    url = reverse("accountability:action", args=[action.pk])
    page = client.post(url, {"version": 1, "status": "done", "evidence": ""})
    assert page.status_code == 200 and "govuk-error-summary" in page.content.decode()
    action.refresh_from_db()
    assert action.status == "not_started"
    stale = client.post(url, {"version": 7, "status": "in_progress", "note": "x"})
    assert "Someone else recorded progress" in stale.content.decode()
    ok = client.post(url, {"version": 1, "status": "done", "evidence": "Report to the board"})
    assert ok.status_code == 302
    action.refresh_from_db()
    assert action.status == "done"


def test_who_may_open_an_action(world: Board) -> None:
    action = _agree(world)
    url = reverse("accountability:action", args=[action.pk])
    assert _client(world.member).get(url).status_code == 200  # a member reads
    assert 'name="status"' not in _client(world.member).get(url).content.decode()
    assert _client(world.outsider).get(url).status_code == 404
    assert _client(world.council_worker).get(url).status_code == 404
    assert _client(world.outsider).post(url, {"version": 1, "status": "done", "evidence": "x"}).status_code == 404
    assert _client(world.member).post(url, {"version": 1, "status": "done", "evidence": "x"}).status_code == 404
    assert _client(world.outsider).get(reverse("accountability:ledger", args=[world.partnership.pk])).status_code == 404
    assert _client(world.council_worker).get(reverse("accountability:ledger", args=[world.partnership.pk])).status_code == 404
    # The health board's safeguarding lead may view the partnerships of their agency: they read the ledger.
    assert _client(world.health_dsl).get(reverse("accountability:ledger", args=[world.partnership.pk])).status_code == 200


def test_the_action_page_reads_in_welsh_for_a_welsh_speaking_owner(world: Board) -> None:
    action = _agree(world)
    body = _client(world.health_worker, "cy").get(reverse("accountability:action", args=[action.pk])).content.decode()
    assert 'lang="cy"' in body and "Cofnodi cynnydd" in body and "Cam gweithredu partneriaeth" in body


def test_a_manager_changes_the_date_with_a_reason_and_the_ladder_starts_again(
    world: Board, overdue: LedgerAction, django_capture_on_commit_callbacks: Any
) -> None:
    _run(_at(DUE + datetime.timedelta(days=6)), django_capture_on_commit_callbacks)
    assert LedgerEscalation.objects.filter(action=overdue).count() == 2
    later = DUE + datetime.timedelta(days=30)
    with time_machine.travel(_at(DUE + datetime.timedelta(days=7)), tick=False):
        with pytest.raises(ValidationError) as error:
            services.ledger_action_change(actor=world.business_manager, action=overdue, expected_version=1, changes={"due_on": later}, reason=" ")
        assert "reason" in error.value.message_dict
        with pytest.raises(ValidationError) as error:
            services.ledger_action_change(
                actor=world.business_manager, action=overdue, expected_version=1, changes={"owner_id": world.council_worker.pk}, reason="x"
            )
        assert "owner" in error.value.message_dict
        changed = services.ledger_action_change(
            actor=world.business_manager, action=overdue, expected_version=1, changes={"due_on": later}, reason="Board agreed a new date"
        )
        assert changed.due_on == later and changed.version == 2
        with pytest.raises(services.StaleEdit) as stale:
            services.ledger_action_change(
                actor=world.chair, action=changed, expected_version=1, changes={"due_on": later + datetime.timedelta(days=1)}, reason="x"
            )
        assert "due_on" in stale.value.changed
    assert AuditEntry.objects.filter(action="cylch.accountability.action.changed").count() == 1
    _run(_at(later + datetime.timedelta(days=1)), django_capture_on_commit_callbacks)
    steps = list(LedgerEscalation.objects.filter(action=overdue).values_list("due_on", "step").order_by("at"))
    assert steps == [(DUE, "owner_reminder"), (DUE, "owner_manager"), (later, "owner_reminder")]


def test_only_managers_may_change_an_action_on_the_page(world: Board) -> None:
    action = _agree(world)
    url = reverse("accountability:action_change", args=[action.pk])
    assert _client(world.member).get(url).status_code == 403
    # The owner records progress but sets no new dates; the partnership itself is not theirs to see.
    assert _client(world.health_worker).get(url).status_code == 404
    assert _client(world.outsider).get(url).status_code == 404
    client = _client(world.business_manager)
    response = client.post(url, {"version": 1, "what": action.what, "owner_agency": world.health.pk, "owner": world.health_worker.pk, "due_on": "1 1 2020", "reason": "x"})
    assert "govuk-error-summary" in response.content.decode()
    new_date = timezone.localdate() + datetime.timedelta(days=40)
    response = client.post(url, {"version": 1, "what": action.what, "owner_agency": world.health.pk, "owner": world.health_manager.pk, "due_on": f"{new_date.day} {new_date.month} {new_date.year}", "reason": "Handed to the manager"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.owner_id, action.due_on) == (world.health_manager.pk, new_date)
    assert Notification.objects.filter(recipient=world.health_manager, kind="cylch.accountability.action.assigned").exists()


def test_the_ledger_filters_by_standard_and_shows_overdue_and_done(world: Board) -> None:
    from cylch.framework.models import Standard

    delivery = Standard.objects.get(code="delivery")
    on_delivery = _agree(world, what="Conferences within 15 working days")
    LedgerAction.objects.filter(pk=on_delivery.pk).update(standard=delivery, due_on=timezone.localdate() - datetime.timedelta(days=3))
    done = _agree(world, what="Protocol refreshed")
    LedgerAction.objects.filter(pk=done.pk).update(status="done", evidence="Minutes")
    client = _client(world.business_manager)
    url = reverse("accountability:ledger", args=[world.partnership.pk])
    by_standard = client.get(url, {"standard": str(delivery.pk), "view": "all"}).content.decode()
    assert on_delivery.what in by_standard and done.what not in by_standard
    overdue = client.get(url, {"view": "overdue"}).content.decode()
    assert on_delivery.what in overdue and done.what not in overdue
    finished = client.get(url, {"view": "done"}).content.decode()
    assert done.what in finished and on_delivery.what not in finished
