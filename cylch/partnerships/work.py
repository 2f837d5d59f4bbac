"""Self-assessment ratings still to give, in "My work" and "My agency", until the deadline."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from cylch.work.selectors import Scope, WorkItem


def self_assessment_work(actor: Any, scope: Scope, now: datetime.datetime) -> list[WorkItem]:
    from cylch.access import rules
    from cylch.framework.models import Indicator
    from cylch.organisations.models import Agency
    from cylch.partnerships.models import AssessmentCycle, Partnership, Rating

    agencies = set(scope.agency_ids)
    if actor is not None and getattr(actor, "pk", None) in scope.person_ids:
        agencies |= rules.agencies_where(actor, rules.Capability.SELF_ASSESS)
    if not agencies:
        return []  # no query for people who do not rate
    pairs = list(
        Partnership.agencies.through.objects.filter(
            agency_id__in=agencies, partnership__cycles__status=AssessmentCycle.Status.OPEN
        ).values_list("partnership__cycles__id", "agency_id")
    )
    if not pairs:
        return []
    rated = {
        (row["cycle_id"], row["agency_id"]): row["n"]
        for row in Rating.objects.filter(cycle_id__in={c for c, _a in pairs}, agency_id__in=agencies)
        .values("cycle_id", "agency_id")
        .annotate(n=Count("id"))
    }
    indicators = Indicator.objects.count()
    cycles = AssessmentCycle.objects.select_related("partnership").in_bulk({c for c, _a in pairs})
    names = dict((a.pk, a.name) for a in Agency.objects.filter(pk__in={a for _c, a in pairs}))
    today = timezone.localdate(now)
    items = []
    for cycle_id, agency_id in pairs:
        missing = indicators - rated.get((cycle_id, agency_id), 0)
        if missing <= 0:
            continue
        cycle = cycles[cycle_id]
        status = "overdue" if cycle.deadline < today else "due_today" if cycle.deadline == today else "upcoming"
        items.append(
            WorkItem(
                kind="self_assessment",
                title=ngettext(
                    "Self-assessment for %(partnership)s: %(count)s rating still to give for %(agency)s",
                    "Self-assessment for %(partnership)s: %(count)s ratings still to give for %(agency)s",
                    missing,
                )
                % {"partnership": cycle.partnership.name, "count": missing, "agency": names.get(agency_id, "")},
                child_id=None,
                child_name="",
                due_at=timezone.make_aware(datetime.datetime.combine(cycle.deadline, datetime.time(23, 59))),
                status=status,
                owner=names.get(agency_id, ""),
                link=reverse("partnerships:cycle", args=[cycle.partnership_id, cycle.pk]),
                risk={"overdue": 3, "due_today": 2}.get(status, 1),
            )
        )
    return items
