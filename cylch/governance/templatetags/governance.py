from __future__ import annotations

import datetime

from django import template

register = template.Library()


@register.filter
def iso_date(value: str | None) -> datetime.date | None:
    """A date kept as ISO text in a report's figures, as a date for the `date` filter."""
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None
