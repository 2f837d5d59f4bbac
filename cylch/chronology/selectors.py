"""Reading the merged timeline. Entries are filtered by the reader's need-to-know."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from cylch.access import rules
from cylch.access.rules import ChildAccess
from cylch.chronology.models import ChronologyEntry, Significance


@dataclass(frozen=True)
class TimelineFilter:
    agency_id: int | None = None
    entry_type: str = ""
    significance: str = ""
    significant_only: bool = False
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


def timeline(*, actor: Any, child: Any, access: ChildAccess, filters: TimelineFilter) -> QuerySet[ChronologyEntry]:
    """The child's merged timeline, newest first, without entries the reader may not see.

    A corrected entry is kept and shown as corrected; sensitivity decides visibility,
    except that authors always see their own entries.
    """
    entries = ChronologyEntry.objects.filter(child=child)
    if "*" not in access.categories:
        entries = entries.filter(Q(sensitivity__in=access.categories) | Q(author=actor))
    if filters.agency_id:
        entries = entries.filter(source_agency_id=filters.agency_id)
    if filters.entry_type:
        entries = entries.filter(entry_type=filters.entry_type)
    if filters.significant_only:
        entries = entries.filter(significance__in=[Significance.SIGNIFICANT, Significance.CRITICAL])
    elif filters.significance:
        entries = entries.filter(significance=filters.significance)
    if filters.date_from:
        entries = entries.filter(occurred_at__date__gte=filters.date_from)
    if filters.date_to:
        entries = entries.filter(occurred_at__date__lte=filters.date_to)
    corrected = ChronologyEntry.objects.filter(corrects=OuterRef("pk"))
    return (
        entries.annotate(is_corrected=Exists(corrected))
        .select_related("source_agency", "author", "corrects")
        .order_by("-occurred_at", "-id")
    )


def agencies_in_timeline(*, child: Any) -> list[tuple[int, str]]:
    from cylch.organisations.models import Agency

    ids = ChronologyEntry.objects.filter(child=child).values("source_agency_id").distinct()
    return [(a.pk, a.name) for a in Agency.objects.filter(pk__in=ids).order_by("name_en")]


def visible_entry(*, actor: Any, child: Any, access: ChildAccess, entry_id: Any) -> ChronologyEntry:
    from django.http import Http404

    try:
        entry = ChronologyEntry.objects.select_related("child").get(pk=int(entry_id), child=child)
    except (ChronologyEntry.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not rules.category_visible(access, entry.sensitivity, author_id=entry.author_id, actor=actor):
        raise Http404
    return entry
