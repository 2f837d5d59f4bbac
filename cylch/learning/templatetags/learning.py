"""Learning shown where practitioners and partnerships already are.

`{% load learning %}{% briefings_for_note "missing-children" %}` and `{% briefings_for_standard "delivery" %}`
list the published briefings linked to a practice note or a standard;
`{% audit_results partnership standard start end %}` shows the audit results beside a standard in
self-assessment.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import template

from cylch.learning import selectors

register = template.Library()


@register.inclusion_tag("learning/_briefings.html")
def briefings_for_note(slug: str) -> dict[str, Any]:
    return {"briefings": selectors.briefings_published_for(note_slug=slug)}


@register.inclusion_tag("learning/_briefings.html", takes_context=True)
def briefings_for_standard(context: Any, code: str) -> dict[str, Any]:
    # Read once per page for every standard: a page that lists the standards (the Framework's
    # standards page) makes one query, not one per standard.
    cache = context.render_context
    if "learning_briefings_by_standard" not in cache:
        cache["learning_briefings_by_standard"] = selectors.briefings_published_by_standard()
    return {"briefings": cache["learning_briefings_by_standard"].get(code, [])}


@register.inclusion_tag("learning/_audit_results.html", takes_context=True)
def audit_results(
    context: Any, partnership: Any, standard: Any, start: datetime.date, end: datetime.date
) -> dict[str, Any]:
    request = context.get("request")
    actor = getattr(request, "user", None)
    return {
        "results": selectors.audit_results_for_standard(
            actor=actor, partnership=partnership, standard=standard, start=start, end=end
        ),
        "standard": standard,
    }
