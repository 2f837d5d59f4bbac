"""Plan actions in "My work", "My team" and "My agency"."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone

from cylch.plans.models import PlanAction
from cylch.work.selectors import Scope, WorkItem


def plan_action_work(actor: Any, scope: Scope, now: datetime.datetime) -> list[WorkItem]:
    from django.db.models import Q

    from cylch.access import rules
    from cylch.people.models import Membership

    condition = Q()
    if scope.person_ids:
        condition |= Q(owner_id__in=scope.person_ids)
    if scope.team_ids:
        condition |= Q(owner_id__in=Membership.objects.current().filter(team_id__in=scope.team_ids).values("person_id"))
    if scope.agency_ids:
        condition |= Q(owner_agency_id__in=scope.agency_ids)
    if not condition:
        return []
    actions = (
        PlanAction.objects.agreed_open()
        .filter(condition)
        .filter(plan__child__in=rules.children_visible_to(actor).values("pk"))
        .select_related("plan__child", "owner")
        .order_by("due_on")[:500]
    )
    today = timezone.localdate(now)
    items = []
    for action in actions:
        if action.due_on is None:
            continue
        status = "overdue" if action.due_on < today else "due_today" if action.due_on == today else "upcoming"
        child = action.plan.child
        items.append(
            WorkItem(
                kind="action",
                title=action.what[:120],
                child_id=child.pk,
                child_name=child.display_name,
                due_at=timezone.make_aware(datetime.datetime.combine(action.due_on, datetime.time(23, 59))),
                status=status,
                owner=action.owner.full_name if action.owner else "",
                link=reverse("plans:detail", args=[child.pk, action.plan_id]),
                risk={"overdue": 3, "due_today": 2}.get(status, 1),
            )
        )
    return items
