"""Live measure for self-assessment: return interviews offered within the timescale (72 hours by default)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import DateTimeField, ExpressionWrapper, F
from django.utils import timezone
from django.utils.translation import gettext_lazy

from cylch.partnerships.measures import Measure, MeasureResult, register


def _ended(*, area_ids: list[int], start: datetime.date, end: datetime.date) -> Any:
    from cylch.missing.models import MissingEpisode

    first = timezone.make_aware(datetime.datetime.combine(start, datetime.time(0, 0)))
    last = timezone.make_aware(datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time(0, 0)))
    return MissingEpisode.objects.filter(found_at__gte=first, found_at__lt=last, child__local_authority_id__in=area_ids)


def _return_interviews(*, area_ids: list[int], start: datetime.date, end: datetime.date) -> MeasureResult:
    """Of episodes that ended in the period, how many had a return interview offered in time."""
    from cylch.missing.selectors import interview_hours

    ended = _ended(area_ids=area_ids, start=start, end=end)
    deadline = ExpressionWrapper(F("found_at") + datetime.timedelta(hours=interview_hours()), output_field=DateTimeField())
    in_time = ended.filter(return_interview__offered_at__lte=deadline).count()
    return MeasureResult(numerator=in_time, denominator=ended.count())


def _return_interview_children(*, area_ids: list[int], start: datetime.date, end: datetime.date) -> Any:
    return _ended(area_ids=area_ids, start=start, end=end).values("child_id").distinct()


register(
    Measure(
        code="missing-return-interviews-72h",
        standard="delivery",
        title=gettext_lazy("Return interviews offered within 72 hours"),
        definition=gettext_lazy(
            "Of episodes of going missing that ended in the period, the share whose return interview was offered within 72 hours of the child's return (the timescale in force)."
        ),
        compute=_return_interviews,
        children=_return_interview_children,
    )
)
