"""`{{ episode|missing_for:now }}`: how long a child has been (or was) missing, in words."""

from __future__ import annotations

import datetime
from typing import Any

from django import template
from django.utils.translation import ngettext

register = template.Library()


def duration_text(duration: datetime.timedelta) -> str:
    total_minutes = int(duration.total_seconds() // 60)
    days, rest = divmod(total_minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return ngettext("%(days)s day %(hours)s h", "%(days)s days %(hours)s h", days) % {"days": days, "hours": hours}
    if hours:
        return ngettext("%(hours)s hour %(minutes)s min", "%(hours)s hours %(minutes)s min", hours) % {"hours": hours, "minutes": minutes}
    return ngettext("%(minutes)s minute", "%(minutes)s minutes", minutes) % {"minutes": minutes}


@register.filter
def missing_for(episode: Any, now: datetime.datetime | None = None) -> str:
    return duration_text(episode.duration(now))


@register.filter
def labels(codes: list[str], mapping: dict[str, str]) -> str:
    return ", ".join(mapping.get(code, code) for code in codes or [])
