"""Live measures: figures computed from the practice data already in Cylch, shown beside a
standard in self-assessment, for a partnership's areas and a period.

Each domain registers its own measures in a module named `measures.py` in its app
(discovered with `autodiscover_modules("measures")`), for example in `cylch/missing/measures.py`:

    from cylch.partnerships.measures import Measure, MeasureResult, register

    def _return_interviews(*, area_ids, start, end) -> MeasureResult:
        ...  # aggregate queries only; count children, never list them here
        return MeasureResult(numerator=..., denominator=...)

    def _return_interview_children(*, area_ids, start, end):
        ...  # a queryset of Child ids behind the figure (the page filters it by access rules)

    register(Measure(
        code="missing-return-interviews-72h",
        standard="delivery",
        title=gettext_lazy("Return interviews offered within 72 hours"),
        definition=gettext_lazy("Of episodes that ended in the period, the share whose return interview was offered within 72 hours of the child's return."),
        compute=_return_interviews,
        children=_return_interview_children,
    ))

`area_ids` are local authority `organisations.Area` ids (a child belongs to the area of the
local authority of its lead or home address, as the domain decides); the period is the
inclusive dates `start`..`end`. A measure with `higher_is_better=False` (for example
overdue actions) reads the other way round.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class MeasureResult:
    numerator: int
    denominator: int

    @property
    def percent(self) -> float | None:
        return None if self.denominator == 0 else round(100.0 * self.numerator / self.denominator, 1)


class ComputeFn(Protocol):
    def __call__(self, *, area_ids: list[int], start: datetime.date, end: datetime.date) -> MeasureResult: ...


@dataclass(frozen=True)
class Measure:
    code: str
    # The code of the framework.Standard the measure informs.
    standard: str
    title: str | Promise
    definition: str | Promise
    compute: ComputeFn
    # Child ids behind the figure (a queryset or list); None when the measure is not about children.
    children: Callable[..., Any] | None = None
    higher_is_better: bool = True


_REGISTRY: dict[str, Measure] = {}
_discovered = False


def register(measure: Measure) -> Measure:
    _REGISTRY[measure.code] = measure
    return measure


def all_measures() -> list[Measure]:
    global _discovered
    if not _discovered:
        # The measures of domains built before self-assessment (timescales, plans, children,
        # sharing, the ledger) are registered by this app, then every app's own measures.py.
        import cylch.partnerships.practice_measures  # noqa: F401

        autodiscover_modules("measures")
        _discovered = True
    return sorted(_REGISTRY.values(), key=lambda m: (m.standard, m.code))


def measures_for(standard_code: str) -> list[Measure]:
    return [m for m in all_measures() if m.standard == standard_code]


def measure_get(code: str) -> Measure | None:
    return {m.code: m for m in all_measures()}.get(code)


def measure_compute(measure: Measure, *, area_ids: list[int], start: datetime.date, end: datetime.date) -> MeasureResult:
    """One measure for the areas and period; a measure that fails is shown as unavailable
    rather than breaking the page (the error is logged)."""
    import logging

    try:
        return measure.compute(area_ids=area_ids, start=start, end=end)
    except Exception:  # one domain's broken measure must not stop self-assessment
        logging.getLogger(__name__).exception("Live measure %s failed", measure.code)
        return MeasureResult(numerator=0, denominator=0)


def recent_quarters(today: datetime.date, count: int = 4) -> list[tuple[datetime.date, datetime.date]]:
    """The last `count` whole quarters before today, oldest first (a measure "over time")."""
    first = datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    periods = []
    end = first - datetime.timedelta(days=1)
    for _ in range(count):
        start = datetime.date(end.year, 3 * ((end.month - 1) // 3) + 1, 1)
        periods.append((start, end))
        end = start - datetime.timedelta(days=1)
    return list(reversed(periods))
