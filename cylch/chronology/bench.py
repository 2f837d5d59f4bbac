"""Benchmarks of the child's chronology over the synthetic Wales dataset (`manage.py bench`).

- "child timeline (5,000 entries, paginated)": the first page of the merged timeline (50 entries,
  newest first) of a child the benchmark person leads, whose chronology has 5,000 entries from
  every agency in the team around the child, all of which the person may see. make_synthetic
  makes that chronology (Scale.timeline_entries); the benchmark finds it as the longest in the
  person's caseload.
- "child timeline (5,000 entries), page 60 of 100": a later page of the same timeline, the 2,951st
  to 3,000th entries, which the database reaches past 2,950 others.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from cylch.core.bench import BenchContext, Benchmark, BenchmarkError, Request, register

TIMELINE_ENTRIES = 5_000
LATER_PAGE = 60


def timeline_target(person: Any) -> tuple[Any, int]:
    """The child in the person's caseload with the longest chronology, and how many of its entries they see."""
    from django.db.models import Count

    from cylch.access import rules
    from cylch.children.models import Child, Involvement
    from cylch.chronology.models import ChronologyEntry
    from cylch.chronology.selectors import TimelineFilter, timeline

    caseload = Involvement.objects.active().filter(practitioner=person).values("child_id")
    longest = (
        ChronologyEntry.objects.filter(child_id__in=caseload)
        .values("child_id")
        .annotate(entries=Count("id"))
        .order_by("-entries", "child_id")
        .first()
    )
    if longest is None:
        raise BenchmarkError(f"No chronology in the caseload of {person.email}: run `manage.py make_synthetic`.")
    child = Child.objects.get(pk=longest["child_id"])
    access = rules.child_access(person, child)
    seen = timeline(actor=person, child=child, access=access, filters=TimelineFilter()).count()
    return child, seen


def _timeline(page: int | None) -> Any:
    def setup(ctx: BenchContext) -> Request:
        child, seen = timeline_target(ctx.person)
        if seen != TIMELINE_ENTRIES:
            raise BenchmarkError(
                f"The longest chronology in the caseload of {ctx.person.email} shows them {seen} entries,"
                f" not {TIMELINE_ENTRIES}: run `manage.py make_synthetic` on an empty database."
            )
        client = ctx.signed_in_client()
        url = reverse("chronology:timeline", args=[child.pk]) + (f"?page={page}" if page else "")
        return lambda: client.get(url)

    return setup


# Twelve queries for either page: session, person, authenticator, the child, memberships, the child's
# involvements, the audit entry's chain head, insert and update, the agencies in the timeline (for
# the filter), the count and the page of entries. The runner also counts the BEGIN and COMMIT around
# the audit entry, as in cylch/children/bench.py.
QUERIES = 12
AUDIT_TRANSACTION = 2

register(
    Benchmark(
        "child timeline (5,000 entries, paginated)",
        target_ms=50,
        max_queries=QUERIES + AUDIT_TRANSACTION,
        setup=_timeline(None),
    )
)
register(
    Benchmark(
        f"child timeline (5,000 entries), page {LATER_PAGE} of 100",
        target_ms=50,
        max_queries=QUERIES + AUDIT_TRANSACTION,
        setup=_timeline(LATER_PAGE),
    )
)
