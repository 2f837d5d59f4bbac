"""Reads of the accountability ledger. Partnership pages show partnership business and aggregate
counts only: case plan actions appear as counts per agency, never as children or their actions."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from cylch.accountability.models import LedgerAction

OPEN_STATUSES = [LedgerAction.Status.NOT_STARTED, LedgerAction.Status.IN_PROGRESS]
VIEWS = ("open", "overdue", "done", "all")


@dataclass
class LedgerFilters:
    view: str = "open"
    source_kind: str = ""
    agency_id: int | None = None
    standard_id: int | None = None


@dataclass
class LedgerPage:
    actions: list[LedgerAction]
    counts: dict[str, int]
    case_actions: list[dict[str, Any]] = field(default_factory=list)
    case_totals: dict[str, int] = field(default_factory=dict)


def ledger_actions(*, actor: Any, partnership: Any, filters: LedgerFilters, today: datetime.date | None = None) -> QuerySet[LedgerAction]:
    """The partnership's actions for the filters chosen (the caller has checked access)."""
    today = today or timezone.localdate()
    actions = LedgerAction.objects.filter(partnership=partnership)
    if filters.view == "open":
        actions = actions.filter(status__in=OPEN_STATUSES)
    elif filters.view == "overdue":
        actions = actions.filter(status__in=OPEN_STATUSES, due_on__lt=today)
    elif filters.view == "done":
        actions = actions.filter(status=LedgerAction.Status.DONE)
    if filters.source_kind:
        actions = actions.filter(source_kind=filters.source_kind)
    if filters.agency_id:
        actions = actions.filter(owner_agency_id=filters.agency_id)
    if filters.standard_id:
        actions = actions.filter(standard_id=filters.standard_id)
    return actions.select_related("owner", "owner_agency", "standard").order_by("due_on", "pk")


def ledger_counts(*, partnership: Any, today: datetime.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    is_open = Q(status__in=OPEN_STATUSES)
    return LedgerAction.objects.filter(partnership=partnership).aggregate(
        open=Count("pk", filter=is_open),
        overdue=Count("pk", filter=is_open & Q(due_on__lt=today)),
        done=Count("pk", filter=Q(status=LedgerAction.Status.DONE)),
        all=Count("pk"),
    )


def case_action_counts(*, partnership: Any, today: datetime.date | None = None) -> list[dict[str, Any]]:
    """Open and overdue agreed plan actions of children in the partnership's areas, counted per
    owning agency. Counts only: no child, no action text."""
    from cylch.organisations.models import Agency
    from cylch.plans.models import PlanAction

    today = today or timezone.localdate()
    area_ids = list(partnership.areas.values_list("pk", flat=True))
    if not area_ids:
        return []
    rows = (
        PlanAction.objects.agreed_open()
        .filter(plan__child__local_authority_id__in=area_ids)
        .values("owner_agency_id")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today)))
        .order_by()
    )
    names = {a.pk: a for a in Agency.objects.filter(pk__in=[r["owner_agency_id"] for r in rows if r["owner_agency_id"]])}
    result = [
        {"agency": names.get(r["owner_agency_id"]), "open": r["open"], "overdue": r["overdue"]}
        for r in rows
        if r["owner_agency_id"] in names
    ]
    return sorted(result, key=lambda r: (-r["overdue"], str(r["agency"].name)))


def ledger_page(*, actor: Any, partnership: Any, filters: LedgerFilters) -> LedgerPage:
    today = timezone.localdate()
    actions = list(ledger_actions(actor=actor, partnership=partnership, filters=filters, today=today)[:500])
    case_actions = case_action_counts(partnership=partnership, today=today)
    return LedgerPage(
        actions=actions,
        counts=ledger_counts(partnership=partnership, today=today),
        case_actions=case_actions,
        case_totals={"open": sum(r["open"] for r in case_actions), "overdue": sum(r["overdue"] for r in case_actions)},
    )


def action_history(*, actor: Any, action: LedgerAction) -> dict[str, Any]:
    return {
        "updates": list(action.updates.select_related("recorded_by")),
        "escalations": list(action.escalations.all()),
    }


def actions_from(*, source_kind: str, source_id: Any) -> QuerySet[LedgerAction]:
    """The actions agreed at one meeting, for one risk, in one cycle."""
    return (
        LedgerAction.objects.filter(source_kind=source_kind, source_id=str(source_id))
        .select_related("owner", "owner_agency")
        .order_by("due_on", "pk")
    )
