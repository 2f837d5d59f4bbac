"""Live measures of therapeutic support for self-assessment against the delivery standard."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from cylch.core.reference_data import policy
from cylch.partnerships.measures import Measure, MeasureResult, register
from cylch.therapy.models import WAITING_STATES, Referral


def _counted(*, area_ids: list[int], start: datetime.date, end: datetime.date) -> Any:
    """Referrals sent in the period whose wait is known: help started, or still waiting past the threshold."""
    days = int(policy("therapy_wait_measure_days"))
    start_at = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
    end_at = timezone.make_aware(datetime.datetime.combine(end, datetime.time.max))
    overdue_since = timezone.now() - datetime.timedelta(days=days)
    return (
        Referral.objects.filter(local_authority_id__in=area_ids, sent_at__gte=start_at, sent_at__lte=end_at)
        .filter(Q(started_at__isnull=False) | Q(state__in=WAITING_STATES, sent_at__lt=overdue_since)),
        days,
    )


def _therapeutic_waits(*, area_ids: list[int], start: datetime.date, end: datetime.date) -> MeasureResult:
    counted, days = _counted(area_ids=area_ids, start=start, end=end)
    return MeasureResult(numerator=counted.filter(days_to_start__lte=days).count(), denominator=counted.count())


def _therapeutic_waits_children(*, area_ids: list[int], start: datetime.date, end: datetime.date) -> Any:
    counted, _days = _counted(area_ids=area_ids, start=start, end=end)
    return counted.values("child_id")


register(
    Measure(
        code="therapeutic-waits",
        standard="delivery",
        title=gettext_lazy("Therapeutic waits: help started in time"),
        definition=gettext_lazy(
            "Of referrals for therapeutic support sent in the period whose wait is known (help started, or still waiting past the local threshold), the share where help started within the threshold (policy “therapy_wait_measure_days”)."
        ),
        compute=_therapeutic_waits,
        children=_therapeutic_waits_children,
    )
)
