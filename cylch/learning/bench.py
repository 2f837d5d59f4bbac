"""Benchmarks of the learning domain over the synthetic data (`manage.py bench`).

- "review chronology build (5 children x 2,000 entries)": the synthetic board's business
  manager, holding review grants, builds the review's chronology (the setup first gives the
  five children 2,000 entries each, once): 10,000 entries over the
  12 months before the event are read (each child's record read is audited) and copied into
  the review. Under 1 s median.
- "learning page of a theme (200 reviews)": the page for "neglect" of the synthetic board,
  whose 200 reviews all carry it, with their ledger actions, 20 briefings and who read them,
  and the live measures over four quarters. Under 200 ms median.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse

from cylch.core.bench import BenchContext, Benchmark, BenchmarkError, Request, register
from cylch.learning.synthetic import BENCH_REVIEW, ENTRIES_PER_CHILD, MANAGER_EMAIL, PARTNERSHIP_CODE


def _manager() -> Any:
    from cylch.people.models import Person

    manager = Person.objects.filter(email=MANAGER_EMAIL).first()
    if manager is None:
        raise BenchmarkError("No synthetic learning data: run `manage.py make_synthetic`.")
    return manager


def _chronology_build(ctx: BenchContext) -> Request:
    from cylch.learning import services
    from cylch.learning.models import Review
    from cylch.learning.synthetic import bench_chronology_ensure

    manager = _manager()
    bench_chronology_ensure()
    review = Review.objects.select_related("partnership").get(reference=BENCH_REVIEW)

    def build() -> HttpResponse:
        count = services.review_chronology_build(actor=manager, review=review)
        if count < 5 * ENTRIES_PER_CHILD:
            raise BenchmarkError(
                f"The review chronology copied {count} entries, expected at least {5 * ENTRIES_PER_CHILD}."
            )
        return HttpResponse(f"copied {count} entries")

    return build


def _theme_page(ctx: BenchContext) -> Request:
    from django.test import Client
    from django.utils import timezone

    from cylch.core.testing import sign_in_verified
    from cylch.partnerships.measures import recent_quarters
    from cylch.partnerships.models import Partnership
    from cylch.partnerships.services import snapshots_refresh

    client = sign_in_verified(Client(), _manager())
    partnership = Partnership.objects.get(code=PARTNERSHIP_CODE)
    # What the periodic measure job keeps up to date (untimed), as the scheduler would have.
    snapshots_refresh(partnership_ids=[partnership.pk], periods=recent_quarters(timezone.localdate()))
    url = f"/learning/themes/neglect/?partnership={partnership.pk}"
    return lambda: client.get(url)


register(
    Benchmark(
        "review chronology build (5 children x 2,000 entries)",
        target_ms=1000,
        # Per child: the grant check and the audited read (about 12 queries); then the copy
        # (read, delete, 5 inserts of 2,000), the review's update and the audit entry.
        max_queries=90,
        setup=_chronology_build,
        max_runs=5,
    )
)
register(
    Benchmark(
        "learning page of a theme (200 reviews)",
        target_ms=200,
        # About 15 for the page itself, the same for 20 reviews or 2,000: reviews, actions and
        # briefings are read in one query each; the measures over four quarters are one read of
        # the figures the periodic job keeps.
        max_queries=25,
        setup=_theme_page,
    )
)
