"""Reads of partnership governance. The caller has checked the actor governs the partnership
(rules.access_partnership); objects of another partnership answer 404."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404

from cylch.accountability.models import LedgerAction
from cylch.accountability.selectors import actions_from
from cylch.governance.models import AnnualReport, BoardMeeting, Risk


def _one(queryset: QuerySet[Any], pk: Any) -> Any:
    try:
        obj = queryset.filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        obj = None
    if obj is None:
        raise Http404
    return obj


def meetings_for(*, actor: Any, partnership: Any) -> QuerySet[BoardMeeting]:
    return (
        BoardMeeting.objects.filter(partnership=partnership)
        .select_related("body")
        .annotate(decision_count=Count("decisions", distinct=True))
        .order_by("-held_on", "-pk")
    )


def meeting_for(*, actor: Any, partnership: Any, meeting_id: Any) -> BoardMeeting:
    return _one(BoardMeeting.objects.filter(partnership=partnership).select_related("body", "partnership"), meeting_id)  # type: ignore[no-any-return]


def meeting_page(*, actor: Any, meeting: BoardMeeting) -> dict[str, Any]:
    return {
        "agenda": list(meeting.agenda.all()),
        "attendance": list(meeting.attendance.select_related("agency")),
        "decisions": list(meeting.decisions.all()),
        "actions": list(actions_from(source_kind=LedgerAction.Source.BOARD_MEETING, source_id=meeting.pk)),
    }


def risks_for(*, actor: Any, partnership: Any) -> QuerySet[Risk]:
    return Risk.objects.filter(partnership=partnership).select_related("owner", "owner_agency").order_by("status", "review_on", "pk")


def risk_for(*, actor: Any, partnership: Any, risk_id: Any) -> Risk:
    return _one(Risk.objects.filter(partnership=partnership).select_related("owner", "owner_agency", "partnership"), risk_id)  # type: ignore[no-any-return]


def risk_actions(*, actor: Any, risk: Risk) -> list[LedgerAction]:
    return list(actions_from(source_kind=LedgerAction.Source.RISK, source_id=risk.pk))


def reports_for(*, actor: Any, partnership: Any) -> QuerySet[AnnualReport]:
    return AnnualReport.objects.filter(partnership=partnership).order_by("-period_end", "-pk")


def report_for(*, actor: Any, partnership: Any, report_id: Any) -> AnnualReport:
    return _one(AnnualReport.objects.filter(partnership=partnership).select_related("partnership"), report_id)  # type: ignore[no-any-return]
