"""Benchmark of "My work" over the synthetic Wales dataset (`manage.py bench`).

- "My work (200 open items)": the benchmark person owns 200 open items: statutory due items for
  the children they lead, and actions in those children's agreed plans, some overdue (make_synthetic,
  Scale.bench_open_items). The page lists every one, overdue first.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from cylch.core.bench import BenchContext, Benchmark, BenchmarkError, Request, register

OPEN_ITEMS = 200


def open_items_of(person: Any) -> tuple[int, int]:
    """The person's open due items, and the agreed open plan actions they own for children they may see."""
    from cylch.access import rules
    from cylch.plans.models import PlanAction
    from cylch.timescales.models import DueItem

    due = DueItem.objects.filter(owner_person=person, state=DueItem.State.OPEN).count()
    actions = (
        PlanAction.objects.agreed_open()
        .filter(owner=person, plan__child__in=rules.children_visible_to(person).values("pk"), due_on__isnull=False)
        .count()
    )
    return due, actions


def rows_listed(content: bytes) -> int:
    """Items in the page's table of work (its rows, less the heading row)."""
    text = content.decode()
    table = text[text.index('data-testid="work-items"') :]
    return table[: table.index("</table>")].count('class="govuk-table__row"') - 1


def _my_work(ctx: BenchContext) -> Request:
    due, actions = open_items_of(ctx.person)
    if due + actions != OPEN_ITEMS:
        raise BenchmarkError(
            f"{ctx.person.email} owns {due} open due items and {actions} open plan actions, not {OPEN_ITEMS} items:"
            " run `manage.py make_synthetic` on an empty database."
        )
    client = ctx.signed_in_client()
    url = reverse("work:mine")
    listed = rows_listed(client.get(url).content)
    if listed != OPEN_ITEMS:
        raise BenchmarkError(f"My work lists {listed} items, not {OPEN_ITEMS}.")
    return lambda: client.get(url)


# Session, person, authenticator, memberships, the open due items (with their rules, children and
# owners) and the open plan actions (with their plans, children and owners): six queries however
# many items there are; plus one for the open partnership actions of the accountability ledger.
register(Benchmark(f"My work ({OPEN_ITEMS} open items)", target_ms=50, max_queries=7, setup=_my_work))
