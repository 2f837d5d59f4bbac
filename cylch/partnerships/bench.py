"""Benchmarks of live measures and the national comparison over the synthetic Wales dataset
(`manage.py bench`).

- "live measures, one partnership (every measure, 12 months)": every registered live measure
  for the partnership covering the most children, over the last synthetic cycle's period (a year).
  Target: under 2 s median on PostgreSQL.
- "national comparison page": the page comparing every partnership of Wales, signed in as a
  synthetic partnership manager. It reads the measure snapshots the periodic job keeps (the setup
  runs the job once, untimed, as the scheduler would have) and aggregates the latest signed-off
  ratings. Target: under 500 ms.
- "self-assessment standard page (Delivery, live measures beside it)": a cycle's Delivery page for
  the same partnership, computing its Delivery measures live.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from cylch.core.bench import BenchContext, Benchmark, BenchmarkError, Request, register


def _largest_partnership() -> Any:
    from django.db.models import Count

    from cylch.children.models import Child
    from cylch.partnerships.models import AssessmentCycle, Partnership

    with_cycles = AssessmentCycle.objects.values("partnership_id")
    sizes = (
        Child.objects.filter(local_authority__partnerships__in=Partnership.objects.filter(pk__in=with_cycles))
        .values("local_authority__partnerships")
        .annotate(n=Count("id"))
        .order_by("-n", "local_authority__partnerships")
        .first()
    )
    if sizes is None:
        raise BenchmarkError("No synthetic partnership with children: run `manage.py make_synthetic`.")
    return Partnership.objects.get(pk=sizes["local_authority__partnerships"])


def _manager_client(partnership: Any) -> Client:
    from cylch.core.testing import sign_in_verified
    from cylch.partnerships.models import PartnershipRole

    role = PartnershipRole.objects.filter(partnership=partnership, role=PartnershipRole.Role.BUSINESS_MANAGER).select_related("person").first()
    if role is None:
        raise BenchmarkError("The synthetic partnership has no business manager: run `manage.py make_synthetic`.")
    return sign_in_verified(Client(), role.person)


def _live_measures(ctx: BenchContext) -> Request:
    from cylch.partnerships.measures import all_measures
    from cylch.partnerships.selectors import measures_compute

    partnership = _largest_partnership()
    cycle = partnership.cycles.order_by("-period_end").first()

    def run() -> HttpResponse:
        figures = measures_compute(actor=ctx.person, partnership=partnership, start=cycle.period_start, end=cycle.period_end)
        counted = sum(f.result.denominator for f in figures)
        return HttpResponse(f"{len(figures)} of {len(all_measures())} measures over {counted} cases for {partnership.code}")

    return run


def _national(ctx: BenchContext) -> Request:
    from cylch.partnerships.services import snapshots_refresh

    partnership = _largest_partnership()
    snapshots_refresh()  # what the periodic job keeps up to date; untimed
    client = _manager_client(partnership)
    url = reverse("partnerships:national")
    return lambda: client.get(url)


def _standard_page(ctx: BenchContext) -> Request:
    partnership = _largest_partnership()
    cycle = partnership.cycles.order_by("-period_end").first()
    client = _manager_client(partnership)
    url = reverse("partnerships:cycle_standard", args=[partnership.pk, cycle.pk, "delivery"])
    return lambda: client.get(url)


register(
    Benchmark(
        "live measures, one partnership (every measure, 12 months)",
        target_ms=2000,
        max_queries=20,
        setup=_live_measures,
        max_runs=5,
    )
)
register(Benchmark("national comparison page", target_ms=500, max_queries=20, setup=_national))
register(
    Benchmark(
        "self-assessment standard page (Delivery, live measures beside it)",
        target_ms=2000,
        max_queries=40,
        setup=_standard_page,
        max_runs=10,
    )
)
