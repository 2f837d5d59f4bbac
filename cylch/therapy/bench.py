"""Benchmarks of therapeutic support over the synthetic Wales dataset (`manage.py bench`).

- "therapeutic services matching a child": the need page of a child in the benchmark person's
  caseload, which suggests the services the child is eligible for (age, area, care status,
  diagnosis), in the child's language first, then by wait, out of 2,000 or more services.
- "therapeutic support demand by region": the partnership page of referrals, declines, onward
  routes, waits and children waiting now by region and by service, over every synthetic referral,
  for a synthetic partnership manager.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from cylch.core.bench import BenchContext, Benchmark, BenchmarkError, Request, register


def _matching(ctx: BenchContext) -> Request:
    from cylch.children.models import Involvement
    from cylch.therapy.models import TherapeuticNeed

    caseload = Involvement.objects.active().filter(practitioner=ctx.person).values("child_id")
    need = TherapeuticNeed.objects.filter(child_id__in=caseload).order_by("pk").first()
    if need is None:
        raise BenchmarkError(f"No therapeutic need in the caseload of {ctx.person.email}: run `manage.py make_synthetic`.")
    client = ctx.signed_in_client()
    url = reverse("therapy:need", args=[need.child_id, need.pk])
    return lambda: client.get(url)


def _partnership_manager() -> Any:
    from cylch.organisations.management.commands.make_synthetic import EMAIL_DOMAIN
    from cylch.people.models import Membership, Person, Role

    person = (
        Person.objects.filter(
            email__endswith=f"@{EMAIL_DOMAIN}",
            is_active=True,
            pk__in=Membership.objects.current().filter(role=Role.PARTNERSHIP_MANAGER).values("person_id"),
        )
        .order_by("email")
        .first()
    )
    if person is None:
        raise BenchmarkError("No synthetic partnership manager found: run `manage.py make_synthetic` first.")
    return person


def _demand(ctx: BenchContext) -> Request:
    from django.test import Client

    from cylch.core.testing import sign_in_verified
    from cylch.therapy.models import Referral

    if not Referral.objects.exists():
        raise BenchmarkError("No therapeutic referrals: run `manage.py make_synthetic`.")
    client = sign_in_verified(Client(), _partnership_manager())
    url = reverse("therapy:demand")
    return lambda: client.get(url)


register(Benchmark("therapeutic services matching a child", target_ms=50, max_queries=20, setup=_matching))
register(Benchmark("therapeutic support demand by region", target_ms=200, max_queries=16, setup=_demand))
