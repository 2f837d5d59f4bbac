"""Benchmark of recalculating statutory due items over the synthetic Wales dataset (`manage.py bench`).

- "recalculate due items for 50,000 open children": not a page but the job that runs after a
  timescale rule changes and every night: `due_items_recalculate()` over every open due item,
  which make_synthetic gives to 50,000 open children (Scale.children_with_due_items).

Each run is a real recalculation: it first makes a new version of every timescale rule, a day or
an hour longer than the first version (or back to it, on the next run), so that every open item
moves to the new version and to a new due moment. The run fails if any open item is left behind.
"""

from __future__ import annotations

from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone

from cylch.core.bench import BenchContext, Benchmark, BenchmarkError, Request, register

COHORT = 50_000
RUNS = 2  # measured runs, after one untimed run: each takes over a minute at Wales scale


def rules_next_version() -> int:
    """Make a new current version of every timescale rule with another amount: one more than the
    first version's, or the first version's again. Returns how many rules changed."""
    from cylch.timescales.models import TimescaleRule

    with transaction.atomic():
        current = list(TimescaleRule.objects.select_for_update().filter(is_current=True).order_by("code"))
        first = dict(TimescaleRule.objects.filter(version=1).values_list("code", "amount"))
        TimescaleRule.objects.filter(pk__in=[rule.pk for rule in current]).update(is_current=False)
        now = timezone.now()
        TimescaleRule.objects.bulk_create(
            [
                TimescaleRule(
                    code=rule.code,
                    version=rule.version + 1,
                    is_current=True,
                    name_en=rule.name_en,
                    name_cy=rule.name_cy,
                    trigger=rule.trigger,
                    unit=rule.unit,
                    amount=first.get(rule.code, rule.amount) + 1
                    if rule.amount == first.get(rule.code, rule.amount)
                    else first.get(rule.code, rule.amount),
                    owner=rule.owner,
                    source=rule.source,
                    change_note="Benchmark: every open item is recalculated under a new version.",
                    changed_at=now,
                )
                for rule in current
            ]
        )
    return len(current)


def _recalculate(ctx: BenchContext) -> Request:
    from cylch.timescales.models import DueItem
    from cylch.timescales.services import due_items_recalculate

    open_items = DueItem.objects.filter(state=DueItem.State.OPEN)
    items = open_items.count()
    children = open_items.values("child_id").distinct().count()
    if not items:
        raise BenchmarkError("No open due items: run `manage.py make_synthetic`.")

    def run() -> HttpResponse:
        rules_next_version()
        changed = due_items_recalculate()
        if changed != items:
            raise BenchmarkError(f"Recalculating moved {changed} of the {items} open due items, not all of them.")
        return HttpResponse(f"{changed} open due items of {children} children recalculated.")

    return run


# The new rule versions take six statements (with BEGIN and COMMIT); the job reads the rules once,
# then for each batch of 5,000 open items reads the batch and writes it back in a transaction (three
# statements: BEGIN, UPDATE, COMMIT), and ends with an empty read: 72 for the 77,575 open items of
# the Wales dataset. Far fewer than one per item, which is what the budget guards against.
register(
    Benchmark(
        f"recalculate due items for {COHORT:,} open children",
        target_ms=120_000,
        max_queries=80,
        setup=_recalculate,
        max_runs=RUNS,
    )
)
