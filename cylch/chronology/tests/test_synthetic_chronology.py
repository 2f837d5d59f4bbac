"""The synthetic multi-agency delivery that make_synthetic builds (small scale): chronologies,
statutory due items, plans and meetings, the same rows for the same seed, and the benchmarks that
read them (chronology, My work, recalculating due items). No timing is asserted here: that is
`manage.py bench`'s job; query budgets are."""

from __future__ import annotations

import datetime
from collections import Counter
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.http import HttpResponse
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from cylch.children.models import Identifier
from cylch.chronology.models import ChronologyEntry
from cylch.core import bench
from cylch.meetings.models import Invitee, Meeting, MeetingChild
from cylch.organisations.management.commands.make_synthetic import (
    CASE_PREFIX,
    CHILDREN_AS_OF,
    CODE_PREFIX,
    DELIVERY_AS_OF,
    EMAIL_DOMAIN,
    SCALES,
    synthetic_children,
    synthetic_children_delete,
)
from cylch.organisations.models import Agency, Team
from cylch.people.models import Membership, Person
from cylch.plans.models import ActionUpdate, Plan, PlanAction, PlanVersion
from cylch.register.models import Registration, RegistrationCategory, RegistrationReview
from cylch.timescales.calendar import due_moment
from cylch.timescales.models import DueItem

pytestmark = pytest.mark.django_db

SMALL = SCALES["small"]
NEW_BENCHMARKS = (
    "child timeline (5,000 entries, paginated)",
    "child timeline (5,000 entries), page 60 of 100",
    "My work (200 open items)",
    "recalculate due items for 50,000 open children",
)


def _make(seed: int = 1) -> str:
    out = StringIO()
    call_command("make_synthetic", "--scale", "small", "--seed", str(seed), stdout=out)
    return out.getvalue()


def _context() -> bench.BenchContext:
    autodiscover_modules("bench")
    return bench.BenchContext(person=bench.representative_person())


def _case_numbers() -> dict[int, str]:
    return dict(
        Identifier.objects.filter(kind=Identifier.Kind.LA_CASE_NUMBER, value__startswith=CASE_PREFIX).values_list(
            "child_id", "value"
        )
    )


def _snapshot() -> dict[str, list[tuple[Any, ...]]]:
    """Every delivery row by what it says (children by case number, people by email, agencies by
    code), leaving out primary keys, which another build may number differently."""
    case = _case_numbers()
    chronology = [
        (case[child], str(at), kind, summary, summary_cy, detail, significance, agency, author or "", sensitivity)
        + (origin, corrects is not None, reason)
        for child, at, kind, summary, summary_cy, detail, significance, agency, author, sensitivity, origin, corrects, reason in (
            ChronologyEntry.objects.values_list(
                "child_id",
                "occurred_at",
                "entry_type",
                "summary",
                "summary_cy",
                "detail",
                "significance",
                "source_agency__code",
                "author__email",
                "sensitivity",
                "origin_type",
                "corrects_id",
                "correction_reason",
            )
        )
    ]
    due = [
        (case[row[0]], *map(str, row[1:]))
        for row in DueItem.objects.values_list(
            "child_id",
            "rule__code",
            "rule__version",
            "trigger_type",
            "triggered_at",
            "due_at",
            "state",
            "met_at",
            "late_reason",
            "owner_person__email",
            "owner_agency__code",
        )
    ]
    plans = [
        (case[row[0]], *map(str, row[1:]))
        for row in Plan.objects.values_list(
            "child_id", "plan_type", "status", "agreed_version", "next_review_on", "created_at", "lead_agency__code"
        )
    ]
    actions = [
        (case[row[0]], *map(str, row[1:]))
        for row in PlanAction.objects.values_list(
            "plan__child_id",
            "what",
            "owner__email",
            "owner_team__code",
            "due_on",
            "status",
            "agreed_on",
            "completed_on",
        )
    ]
    meetings = [
        (case[row[0]], *map(str, row[1:]))
        for row in MeetingChild.objects.values_list(
            "child_id",
            "meeting__meeting_type",
            "meeting__status",
            "meeting__scheduled_at",
            "meeting__held_at",
            "meeting__chair_name",
            "meeting__location",
            "meeting__convened_by__email",
            "meeting__circulated_at",
            "register_decision",
            "categories",
            "child_views",
        )
    ]
    invitees = [
        (case[row[0]], *map(str, row[1:]))
        for row in Invitee.objects.values_list(
            "meeting__meeting_children__child_id",
            "meeting__scheduled_at",
            "agency__code",
            "person__email",
            "name",
            "attendance",
        )
    ]
    tables: dict[str, list[tuple[Any, ...]]] = {
        "chronology": chronology,
        "due items": due,
        "plans": plans,
        "actions": actions,
        "meetings": meetings,
        "invitees": invitees,
    }
    return {name: sorted(rows) for name, rows in tables.items()}


def _delete_delivery() -> None:
    """Everything the delivery builders made, leaving the children."""
    ChronologyEntry.objects.filter(corrects__isnull=False).update(corrects=None)
    ChronologyEntry.objects.all().delete()
    DueItem.objects.all().delete()
    models: list[Any] = [RegistrationCategory, RegistrationReview, Registration, ActionUpdate, PlanAction, PlanVersion]
    for model in [*models, Plan, Invitee, MeetingChild, Meeting]:
        model.objects.all().delete()


def _delete_everything_synthetic() -> None:
    synthetic_children_delete()
    Membership.objects.filter(person__email__endswith=f"@{EMAIL_DOMAIN}").delete()
    Person.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").delete()
    Team.objects.filter(code__startswith=CODE_PREFIX).delete()
    Agency.objects.filter(code__startswith=CODE_PREFIX).delete()


# --- What the small scale builds. ----------------------------------------------------------------


def test_small_scale_builds_chronologies_due_items_plans_and_meetings() -> None:
    out = _make()
    children = set(synthetic_children().values_list("pk", flat=True))
    assert len(children) == SMALL.children

    entries = ChronologyEntry.objects.all()
    assert entries.count() == SMALL.chronology_entries
    per_child = Counter(entries.values_list("child_id", flat=True))
    assert set(per_child) == children  # every child has a chronology
    assert max(per_child.values()) == SMALL.timeline_entries
    assert {"routine", "significant", "critical"} <= set(entries.values_list("significance", flat=True))
    assert {"general", "health_detail", "domestic_abuse", "criminal_investigation"} <= set(
        entries.values_list("sensitivity", flat=True)
    )
    assert entries.filter(corrects__isnull=False).exists()
    # Nothing happens after the dataset's fixed date; people's entries say they are synthetic.
    latest = entries.order_by("-occurred_at").values_list("occurred_at", flat=True).first()
    assert latest is not None and latest <= DELIVERY_AS_OF and latest.date() < CHILDREN_AS_OF
    assert not entries.filter(origin_type="").exclude(summary__startswith="Synthetic").exists()
    # Entries Cylch writes itself (meetings, registrations, plans) are in both languages and name their origin.
    written = entries.exclude(origin_type="")
    assert set(written.values_list("origin_type", flat=True)) == {
        "meetings.meetingchild",
        "register.registration",
        "register.registrationreview",
        "plans.planversion",
    }
    assert not written.filter(summary_cy="").exists()

    # 60 open children with open due items; at least one open item each.
    open_items = DueItem.objects.filter(state=DueItem.State.OPEN)
    assert open_items.values("child_id").distinct().count() == SMALL.children_with_due_items
    assert f"children with open due items: {SMALL.children_with_due_items}" in out
    assert set(DueItem.objects.values_list("state", flat=True)) >= {"open", "met", "met_late"}

    plans = Plan.objects.all()
    assert plans.filter(status=Plan.Status.AGREED).exists()
    assert set(plans.values_list("plan_type", flat=True)) >= {"child_protection", "looked_after"}
    assert all(plan.versions.count() == plan.agreed_version for plan in plans)
    today = timezone.localdate()
    assert PlanAction.objects.overdue(today).exists()
    assert PlanAction.objects.agreed_open().filter(due_on__gte=today).exists() or today > datetime.date(2027, 7, 1)
    assert PlanAction.objects.filter(status=PlanAction.Status.DONE).exists()

    meetings = Meeting.objects.all()
    assert {"strategy_discussion", "initial_conference", "core_group", "lac_review"} <= set(
        meetings.values_list("meeting_type", flat=True)
    )
    assert meetings.filter(status=Meeting.Status.ARRANGED).exists()
    assert not meetings.filter(status=Meeting.Status.HELD, held_at__gt=DELIVERY_AS_OF).exists()
    assert Invitee.objects.filter(attendance=Invitee.Attendance.ATTENDED).exists()
    assert Registration.objects.exists() and RegistrationCategory.objects.exists()


def test_due_items_follow_the_timescale_rules() -> None:
    from cylch.timescales.services import due_items_recalculate

    _make()
    items = list(DueItem.objects.select_related("rule"))
    assert items
    for item in items:
        assert item.rule.is_current
        assert item.due_at == due_moment(item.triggered_at, unit=item.rule.unit, amount=item.rule.amount), item
        assert item.triggered_at <= DELIVERY_AS_OF
        if item.state in (DueItem.State.MET, DueItem.State.MET_LATE):
            assert item.met_at is not None and item.triggered_at <= item.met_at <= DELIVERY_AS_OF
            assert (item.state == DueItem.State.MET_LATE) == (item.met_at > item.due_at), item
            assert bool(item.late_reason) == (item.state == DueItem.State.MET_LATE)
        else:
            assert item.met_at is None
    # At most one open item per rule and trigger (the database's constraint), and nothing to recalculate.
    open_triggers = Counter((i.rule_id, i.trigger_type, i.trigger_id) for i in items if i.state == DueItem.State.OPEN)
    assert max(open_triggers.values()) == 1
    assert due_items_recalculate() == 0


def test_the_benchmark_person_owns_200_open_items_and_leads_a_child_with_5000_entries() -> None:
    from cylch.chronology.bench import TIMELINE_ENTRIES, timeline_target
    from cylch.work.bench import OPEN_ITEMS, open_items_of

    _make()
    person = bench.representative_person()
    due, actions = open_items_of(person)
    assert due + actions == OPEN_ITEMS == SMALL.bench_open_items
    assert due > 0 and actions > 0
    mine = PlanAction.objects.agreed_open().filter(owner=person)
    today = timezone.localdate()
    assert mine.filter(due_on__lt=today).exists()  # some overdue
    assert DueItem.objects.filter(owner_person=person).exclude(state=DueItem.State.OPEN).exists()
    child, seen = timeline_target(person)
    assert seen == TIMELINE_ENTRIES == SMALL.timeline_entries == child.chronology.count()
    assert child.involvements.filter(practitioner=person, is_lead=True).exists()
    # Every agency in the team around the child writes to it, some of it about the person's own work.
    assert child.chronology.values("source_agency_id").distinct().count() >= 2


# --- Determinism and idempotence. ----------------------------------------------------------------


def test_same_seed_same_rows_and_nothing_twice() -> None:
    _make(1)
    first = _snapshot()
    assert all(first.values())

    assert "already" in _make(1)
    assert _snapshot() == first

    # Children made before the delivery existed get it added: the same rows.
    _delete_delivery()
    assert "adding their meetings" in _make(1)
    assert _snapshot() == first

    # Children added to existing agencies and people get their delivery too: the same rows.
    synthetic_children_delete()
    assert not ChronologyEntry.objects.exists() and not Meeting.objects.exists()
    assert "adding children" in _make(1)
    assert _snapshot() == first

    # A build from scratch with the same seed gives the same rows; another seed does not.
    _delete_everything_synthetic()
    _make(1)
    assert _snapshot() == first
    _delete_everything_synthetic()
    _make(2)
    second = _snapshot()
    assert second["chronology"] != first["chronology"] and second["due items"] != first["due items"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY and dropping indexes are PostgreSQL's")
def test_loading_without_indexes_puts_back_the_same_indexes_and_foreign_keys() -> None:
    from cylch.organisations.management.commands.make_synthetic import _restore_indexes, _without_indexes

    table = ChronologyEntry._meta.db_table

    def definitions() -> list[tuple[str, str]]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                " WHERE i.indrelid = %s::regclass"
                " UNION ALL SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass"
                " ORDER BY 1",
                [table, table],
            )
            return list(cursor.fetchall())

    before = definitions()
    statements = _without_indexes(table)
    assert len(definitions()) < len(before)
    _restore_indexes(statements)
    assert definitions() == before


# --- The benchmarks on small data. ---------------------------------------------------------------


def test_the_new_benchmarks_run_on_small_data_within_their_query_budgets() -> None:
    _make()
    ctx = _context()
    results = bench.run_benchmarks(bench.select(NEW_BENCHMARKS), ctx, runs=1, warmup=0)
    assert sorted(r.benchmark.name for r in results) == sorted(NEW_BENCHMARKS)
    for result in results:
        assert result.queries <= result.benchmark.max_queries, result
    report = bench.format_report(results)
    assert "recalculate due items for 50,000 open children: 1 measured" in report


def _queries(request: bench.Request) -> int:
    request()
    count, response = bench.count_queries(request)
    assert response.status_code == 200
    return count


def test_timeline_queries_are_the_same_on_every_page() -> None:
    _make()
    ctx = _context()
    (first,) = bench.select([NEW_BENCHMARKS[0]])
    (later,) = bench.select([NEW_BENCHMARKS[1]])
    first_page, later_page = first.setup(ctx), later.setup(ctx)
    assert _queries(first_page) == _queries(later_page) <= first.max_queries
    response = later_page()
    assert isinstance(response, HttpResponse)
    content = response.content.decode()
    assert "5000 entries, newest first" in content and "Page 60 of 100" in content


def test_my_work_lists_every_item_in_the_same_number_of_queries_however_many() -> None:
    from cylch.work.bench import OPEN_ITEMS, open_items_of, rows_listed

    _make()
    ctx = _context()
    (benchmark,) = bench.select(["My work (200 open items)"])
    request = benchmark.setup(ctx)
    before = _queries(request)
    assert before <= benchmark.max_queries
    # Twenty more items for the person: their own due items and actions in their children's plans.
    person = ctx.person
    items = list(DueItem.objects.filter(owner_person=person, state=DueItem.State.OPEN)[:1])
    actions = list(PlanAction.objects.agreed_open().filter(owner=person)[:1])
    for n in range(10):
        item, action = items[0], actions[0]
        item.pk, item.trigger_id = None, f"bench-extra-{n}"
        item.save()
        action.pk = None
        action.save()
    due, more = open_items_of(person)
    assert due + more == OPEN_ITEMS + 20
    response = request()
    assert isinstance(response, HttpResponse)
    assert rows_listed(response.content) == OPEN_ITEMS + 20
    assert _queries(request) == before


def test_recalculating_moves_every_open_item_to_a_new_rule_version_and_back() -> None:
    from cylch.timescales.bench import rules_next_version
    from cylch.timescales.models import TimescaleRule

    _make()
    ctx = _context()
    (benchmark,) = bench.select(["recalculate due items for 50,000 open children"])
    assert benchmark.max_runs is not None and benchmark.target_ms == 120_000
    original = {(item.pk, item.due_at) for item in DueItem.objects.filter(state=DueItem.State.OPEN)}
    run = benchmark.setup(ctx)
    response = run()
    assert isinstance(response, HttpResponse)
    assert response.status_code == 200 and f"{len(original)} open due items" in response.content.decode()
    moved = {(item.pk, item.due_at) for item in DueItem.objects.filter(state=DueItem.State.OPEN)}
    assert not moved & original  # every open item has a new due moment
    assert rules_next_version() == TimescaleRule.objects.filter(is_current=True).count()
    from cylch.timescales.services import due_items_recalculate

    assert due_items_recalculate() == len(original)
    assert {(item.pk, item.due_at) for item in DueItem.objects.filter(state=DueItem.State.OPEN)} == original
