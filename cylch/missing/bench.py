"""Benchmarks of children who go missing over the synthetic Wales dataset (`manage.py bench`).

- "children missing now (Wales)": the list of children currently missing, for the police officer
  whose team is involved with the most of them. The list is narrowed by who asks, so the database
  looks at every open episode in Wales and keeps those of children the officer's team works with.
- "missing history (100 episodes)": the missing history page of the child the benchmark person
  leads, who has 100 episodes (cylch/missing/synthetic.py). The history itself is read in a fixed
  number of queries (at most 10, whatever the number of episodes; checked by a test); the page
  adds the queries every child page makes (session, person, authenticator, the child, memberships,
  involvements, the audit entry's chain head, insert and update) and its practice note.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.urls import reverse

from cylch.core.bench import BenchContext, Benchmark, BenchmarkError, Request, register

HISTORY_EPISODES = 100
# The selector's own queries (episodes, their grades, the form, the triggers, the open due items,
# the reference lists) are at most 10; the rest are the ones every audited child page makes.
HISTORY_QUERIES = 10
PAGE_QUERIES = 10
AUDIT_TRANSACTION = 2


def _police_officer() -> Any:
    from cylch.children.models import Involvement
    from cylch.missing.models import MissingEpisode
    from cylch.people.models import Membership, Role

    open_children = MissingEpisode.objects.filter(found_at__isnull=True).values("child_id")
    busiest = (
        Involvement.objects.active()
        .filter(child_id__in=open_children, agency__kind="police")
        .values("team_id")
        .annotate(children=Count("child_id", distinct=True))
        .order_by("-children", "team_id")
        .first()
    )
    if busiest is None:
        raise BenchmarkError("No child is missing in the synthetic data: run `manage.py make_synthetic`.")
    membership = (
        Membership.objects.current()
        .filter(team_id=busiest["team_id"], role=Role.PRACTITIONER, person__is_active=True)
        .select_related("person")
        .order_by("person_id")
        .first()
    )
    if membership is None:
        raise BenchmarkError("No police practitioner in the team involved with missing children.")
    return membership.person


def _currently_missing(ctx: BenchContext) -> Request:
    from django.test import Client

    from cylch.core.testing import sign_in_verified

    client = sign_in_verified(Client(), _police_officer())
    url = reverse("missing:current")
    return lambda: client.get(url)


def _history(ctx: BenchContext) -> Request:
    from cylch.children.models import Involvement
    from cylch.missing.models import MissingEpisode

    caseload = Involvement.objects.active().filter(practitioner=ctx.person).values("child_id")
    longest = (
        MissingEpisode.objects.filter(child_id__in=caseload)
        .values("child_id")
        .annotate(episodes=Count("pk"))
        .order_by("-episodes", "child_id")
        .first()
    )
    if longest is None or longest["episodes"] != HISTORY_EPISODES:
        raise BenchmarkError(
            f"No child in the caseload of {ctx.person.email} has {HISTORY_EPISODES} missing episodes: run `manage.py make_synthetic`."
        )
    client = ctx.signed_in_client()
    url = reverse("missing:child", args=[longest["child_id"]])
    return lambda: client.get(url)


register(Benchmark("children missing now (Wales)", target_ms=50, max_queries=14, setup=_currently_missing))
register(
    Benchmark(
        f"missing history ({HISTORY_EPISODES} episodes)",
        # The issue sets this page a query budget, not a time; 100 ms keeps it an ordinary page.
        target_ms=100,
        max_queries=HISTORY_QUERIES + PAGE_QUERIES + AUDIT_TRANSACTION,
        setup=_history,
    )
)
