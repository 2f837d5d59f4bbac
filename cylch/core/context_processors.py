from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def cylch(request: HttpRequest) -> dict[str, Any]:
    from cylch.access.rules import navigation_for
    from cylch.core.middleware import is_verified

    user = getattr(request, "user", None)
    signed_in = is_verified(user)
    acting_agency = None
    if signed_in:
        from cylch.people.selectors import person_acting_agency

        acting_agency = person_acting_agency(person=user, agency_id=request.session.get("acting_agency_id"))  # type: ignore[arg-type]
    return {
        "signed_in": signed_in,
        "acting_agency": acting_agency,
        "navigation": navigation_for(user, request.path) if signed_in else [],
        # The page errs early by the time between session writes.
        "session_idle_seconds": settings.SESSION_COOKIE_AGE - settings.SESSION_TOUCH_SECONDS,
        "session_warning_seconds": settings.SESSION_WARNING_SECONDS,
    }
