"""How an audit round picks its sample: a small registry of criteria.

A criterion returns the ids of the children who meet it in a partnership's areas over a
period. Other domains add theirs in a module named `sampling.py` in their app (found with
`autodiscover_modules("sampling")`), for example `cylch/missing/sampling.py`:

    from django.utils.translation import gettext_lazy as _
    from cylch.learning.sampling import Criterion, register

    def _missing(*, area_ids, start, end, option=""):
        from cylch.missing.models import Episode
        return Episode.objects.filter(child__local_authority_id__in=area_ids,
                                      started_at__date__range=(start, end)).values_list("child_id", flat=True)

    register(Criterion("missing", _("Went missing in the period"), _missing))

`option` is a code the round chose from `options()` (for example a plan type), when the
criterion takes one. The round then draws `sample_size` children at random (seeded, so the
draw can be repeated) from what the criterion returns.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Criterion:
    code: str
    label: str | Promise
    children: Callable[..., Iterable[int]]
    # (code, label) pairs the criterion takes as its option; None when it takes none.
    options: Callable[[], list[tuple[str, str]]] | None = None


_REGISTRY: dict[str, Criterion] = {}
_discovered = False


def register(criterion: Criterion) -> Criterion:
    _REGISTRY[criterion.code] = criterion
    return criterion


def criteria() -> list[Criterion]:
    global _discovered
    if not _discovered:
        autodiscover_modules("sampling")
        _discovered = True
    return list(_REGISTRY.values())


def criterion(code: str) -> Criterion | None:
    return {c.code: c for c in criteria()}.get(code)


def draw(ids: Iterable[int], *, size: int, seed: int) -> list[int]:
    """`size` ids chosen at random, the same for the same seed; all of them if there are fewer."""
    pool = sorted(set(ids))
    if len(pool) <= size:
        return pool
    return sorted(random.Random(seed).sample(pool, size))  # noqa: S311 - sampling, not security


# --- The criteria this domain ships ------------------------------------------------------------


def _in_areas(area_ids: list[int]) -> Any:
    from cylch.children.models import Child

    return Child.objects.current().filter(local_authority_id__in=area_ids)


def _registered(*, area_ids: list[int], start: datetime.date, end: datetime.date, option: str = "") -> Iterable[int]:
    """Children on the child protection register at any time in the period."""
    from cylch.register.models import Registration

    return (
        Registration.objects.filter(child__in=_in_areas(area_ids), registered_on__lte=end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
        .values_list("child_id", flat=True)
    )


def _plan_types() -> list[tuple[str, str]]:
    from cylch.core.reference_data import code_choices

    return code_choices("plan_type")


def _open_plan(*, area_ids: list[int], start: datetime.date, end: datetime.date, option: str = "") -> Iterable[int]:
    """Children with an agreed plan of the chosen type."""
    from cylch.plans.models import Plan

    plans = Plan.objects.filter(child__in=_in_areas(area_ids), status=Plan.Status.AGREED)
    if option:
        plans = plans.filter(plan_type=option)
    return plans.values_list("child_id", flat=True)


def _random(*, area_ids: list[int], start: datetime.date, end: datetime.date, option: str = "") -> Iterable[int]:
    """Any child of the partnership's areas with a chronology entry in the period (children known to services then)."""
    from cylch.chronology.models import ChronologyEntry

    return (
        ChronologyEntry.objects.filter(child__in=_in_areas(area_ids), occurred_at__date__range=(start, end))
        .values_list("child_id", flat=True)
        .distinct()
    )


register(Criterion("register", _("On the child protection register in the period"), _registered))
register(Criterion("open_plan", _("With an agreed plan of a type"), _open_plan, options=_plan_types))
register(Criterion("random", _("At random from children known to services in the period"), _random))
