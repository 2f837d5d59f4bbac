"""The learning benchmarks run on the small synthetic dataset within their query budgets."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils.module_loading import autodiscover_modules

from cylch.core import bench
from cylch.learning.models import Review, ReviewChronologyEntry
from cylch.learning.synthetic import BENCH_REVIEW

pytestmark = pytest.mark.django_db

NAMES = ["review chronology build (5 children x 2,000 entries)", "learning page of a theme (200 reviews)"]


def test_learning_benchmarks_run_on_the_small_dataset() -> None:
    call_command("make_synthetic", "--scale", "small", "--seed", "1", stdout=StringIO())
    autodiscover_modules("bench")
    ctx = bench.BenchContext(person=bench.representative_person())
    results = bench.run_benchmarks(bench.select(NAMES), ctx, runs=2, warmup=1)
    for result in results:
        print(result.benchmark.name, round(result.median_ms, 1), "ms", result.queries, "queries")  # noqa: T201
        assert result.queries <= result.benchmark.max_queries, result
    review = Review.objects.get(reference=BENCH_REVIEW)
    assert ReviewChronologyEntry.objects.filter(review=review).count() >= 10_000
    assert Review.objects.filter(themes__code="neglect").count() == 200
