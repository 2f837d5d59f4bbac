"""Live measures of the learning standard: do review and audit actions get done on time?"""

from __future__ import annotations

import datetime

from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _

from cylch.partnerships.measures import Measure, MeasureResult, register
from cylch.partnerships.models import Partnership


def _on_time(*, area_ids: list[int], start: datetime.date, end: datetime.date) -> MeasureResult:
    from cylch.accountability.models import LedgerAction

    # One aggregate query; the actions of the partnerships over the areas are picked in a
    # subquery, so an action of a partnership over two of the areas counts once.
    figures = (
        LedgerAction.objects.filter(
            partnership__in=Partnership.objects.filter(areas__in=area_ids).values("pk"),
            source_kind__in=[LedgerAction.Source.REVIEW, LedgerAction.Source.AUDIT],
            due_on__range=(start, end),
        )
        .exclude(status=LedgerAction.Status.CANCELLED)
        .aggregate(
            due=Count("pk"),
            done=Count("pk", filter=Q(status=LedgerAction.Status.DONE, completed_on__lte=F("due_on"))),
        )
    )
    return MeasureResult(numerator=figures["done"], denominator=figures["due"])


register(
    Measure(
        code="learning-actions-on-time",
        standard="learning",
        title=_("Review and audit actions completed on time"),
        definition=_(
            "Of the actions from safeguarding reviews and multi-agency case audits due in the period, the share done by their due date."
        ),
        compute=_on_time,
    )
)
