"""Live measures of the learning standard: do review and audit actions get done on time?"""

from __future__ import annotations

import datetime

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cylch.partnerships.measures import Measure, MeasureResult, register


def _on_time(*, area_ids: list[int], start: datetime.date, end: datetime.date) -> MeasureResult:
    from cylch.accountability.models import LedgerAction

    due = (
        LedgerAction.objects.filter(
            partnership__areas__in=area_ids,
            source_kind__in=[LedgerAction.Source.REVIEW, LedgerAction.Source.AUDIT],
            due_on__range=(start, end),
        )
        .exclude(status=LedgerAction.Status.CANCELLED)
        .distinct()
    )
    done = due.filter(Q(status=LedgerAction.Status.DONE) & Q(completed_on__lte=F("due_on")))
    return MeasureResult(numerator=done.count(), denominator=due.count())


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
