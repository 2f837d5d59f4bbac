"""What is due, for a person, a team or an agency: newest risk first.

Reads only; every list is narrowed by who asks. Other domains add their open
items through WORK_SOURCES (a function (actor, scope) -> list[WorkItem]).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone

from cylch.access import rules
from cylch.access.rules import Capability
from cylch.timescales.models import DueItem


@dataclass(frozen=True)
class WorkItem:
    kind: str  # "due_item", "action", "meeting"...
    title: str
    child_id: int | None
    child_name: str
    due_at: datetime.datetime | None
    status: str  # upcoming, due_today, overdue
    owner: str
    link: str
    risk: int  # higher first: overdue critical items first


@dataclass
class Scope:
    """Whose work: one person, the teams a manager manages, or an agency."""

    person_ids: set[int] = field(default_factory=set)
    team_ids: set[int] = field(default_factory=set)
    agency_ids: set[int] = field(default_factory=set)


WorkSource = Callable[[Any, Scope, datetime.datetime], list[WorkItem]]
WORK_SOURCES: list[WorkSource] = []


def register_work_source(source: WorkSource) -> None:
    if source not in WORK_SOURCES:
        WORK_SOURCES.append(source)


STATUS_RISK = {"overdue": 3, "due_today": 2, "upcoming": 1}


def _due_items(actor: Any, scope: Scope, now: datetime.datetime) -> list[WorkItem]:
    items = DueItem.objects.filter(state=DueItem.State.OPEN)
    condition = Q()
    if scope.person_ids:
        condition |= Q(owner_person_id__in=scope.person_ids)
    if scope.team_ids:
        from cylch.people.models import Membership

        people = Membership.objects.current().filter(team_id__in=scope.team_ids).values("person_id")
        condition |= Q(owner_person_id__in=people)
    if scope.agency_ids:
        condition |= Q(owner_agency_id__in=scope.agency_ids)
    if not condition:
        return []
    result = []
    for item in items.filter(condition).select_related("rule", "child", "owner_person").order_by("due_at")[:500]:
        status = item.status(now)
        result.append(
            WorkItem(
                kind="due_item",
                title=item.rule.name,
                child_id=item.child_id,
                child_name=item.child.display_name,
                due_at=item.due_at,
                status=status,
                owner=item.owner_person.full_name if item.owner_person else "",
                link=f"/children/{item.child_id}/",
                risk=STATUS_RISK.get(status, 0),
            )
        )
    return result


register_work_source(_due_items)


def work_for(*, actor: Any, scope: Scope, now: datetime.datetime | None = None) -> list[WorkItem]:
    now = now or timezone.now()
    items: list[WorkItem] = []
    for source in WORK_SOURCES:
        items.extend(source(actor, scope, now))
    far_future = now + datetime.timedelta(days=3650)
    return sorted(items, key=lambda i: (-i.risk, i.due_at or far_future))


def my_scope(*, actor: Any) -> Scope:
    return Scope(person_ids={actor.pk})


def team_scope(*, actor: Any) -> Scope:
    """Teams the actor manages (team managers and safeguarding leads)."""
    return Scope(team_ids=rules.teams_where(actor, Capability.REVIEW_BREAK_GLASS))


def agency_scope(*, actor: Any) -> Scope:
    """The agencies a designated safeguarding lead oversees."""
    return Scope(agency_ids=rules.agencies_where(actor, Capability.OVERSEE_AGENCY_CHILDREN))


def overdue_counts_by_owner(items: list[WorkItem]) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for item in items:
        if item.status == "overdue":
            counts[item.owner or "–"] = counts.get(item.owner or "–", 0) + 1
    return sorted(counts.items(), key=lambda pair: -pair[1])


