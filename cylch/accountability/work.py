"""Open partnership actions in "My work", "My team" and "My agency"."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cylch.accountability.models import LedgerAction
from cylch.work.selectors import Scope, WorkItem


def ledger_action_work(actor: Any, scope: Scope, now: datetime.datetime) -> list[WorkItem]:
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
        LedgerAction.objects.filter(status__in=[LedgerAction.Status.NOT_STARTED, LedgerAction.Status.IN_PROGRESS])
        .filter(condition)
        .select_related("owner", "partnership")
        .order_by("due_on")[:500]
    )
    today = timezone.localdate(now)
    items = []
    for action in actions:
        status = "overdue" if action.due_on < today else "due_today" if action.due_on == today else "upcoming"
        items.append(
            WorkItem(
                kind="partnership_action",
                title=action.what[:120],
                child_id=None,
                # No child: the column names the partnership the action is for.
                child_name=_("Partnership: %(name)s") % {"name": action.partnership.name},
                due_at=timezone.make_aware(datetime.datetime.combine(action.due_on, datetime.time(23, 59))),
                status=status,
                owner=action.owner.full_name,
                link=reverse("accountability:action", args=[action.pk]),
                risk={"overdue": 3, "due_today": 2}.get(status, 1),
            )
        )
    return items
