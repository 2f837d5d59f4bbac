"""Synthetic therapeutic support on the small scale, and the query budgets of its benchmarks
(timings belong to `manage.py bench` only)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils.module_loading import autodiscover_modules

from cylch.core import bench
from cylch.organisations.management.commands.make_synthetic import synthetic_children, synthetic_children_delete
from cylch.therapy.models import Referral, Service, TherapeuticNeed
from cylch.therapy.synthetic import SERVICES_PER_LOCAL_AUTHORITY

pytestmark = pytest.mark.django_db


def _snapshot() -> list[tuple[str, str, int]]:
    return list(Referral.objects.order_by("pk").values_list("service__name_en", "state", "local_authority_id"))


def test_small_synthetic_directory_and_referrals_then_benchmarks_within_budget() -> None:
    call_command("make_synthetic", "--scale", "small", "--seed", "1", stdout=StringIO())
    services = Service.objects.filter(imported_from="synthetic")
    # Each local authority with a synthetic provider (Cardiff, and the Vale through the shared health board).
    assert services.count() >= SERVICES_PER_LOCAL_AUTHORITY and services.count() % SERVICES_PER_LOCAL_AUTHORITY == 0
    total = services.count()
    assert services.filter(welsh_language=True).exists() and services.exclude(welsh_language=True).exists()
    referrals = Referral.objects.filter(child__in=synthetic_children())
    assert referrals.count() >= 40
    states = set(referrals.values_list("state", flat=True))
    assert {"ended", "started", "declined"} <= states
    assert not referrals.filter(state="declined", onward_route="").exists()  # no wrong door, even in synthetic data
    first = _snapshot()

    autodiscover_modules("bench")
    ctx = bench.BenchContext(person=bench.representative_person())
    results = bench.run_benchmarks(
        bench.select(["therapeutic services matching a child", "therapeutic support demand by region"]), ctx, runs=2, warmup=1
    )
    for result in results:
        assert result.queries_ok, f"{result.benchmark.name}: {result.queries} queries"

    # The same seed gives the same referrals once the children are rebuilt.
    synthetic_children_delete()
    assert not TherapeuticNeed.objects.exists()
    call_command("make_synthetic", "--scale", "small", "--seed", "1", stdout=StringIO())
    assert Service.objects.filter(imported_from="synthetic").count() == total
    assert [(s, st) for s, st, _la in _snapshot()] == [(s, st) for s, st, _la in first]
