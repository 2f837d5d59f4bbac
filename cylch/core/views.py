from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from cylch.access import rules
from cylch.core import services
from cylch.people.models import Language


def home(request: HttpRequest) -> HttpResponse:
    from cylch.children.selectors import caseload

    memberships = rules.current_memberships(request.user)
    return render(
        request,
        "core/home.html",
        {
            "memberships": memberships,
            "roles": rules.roles_of(request.user),
            "caseload": caseload(actor=request.user),
            "works_with_children": rules.has_capability(request.user, rules.Capability.WORK_WITH_CHILDREN),
            "reviews_break_glass": rules.has_capability(request.user, rules.Capability.REVIEW_BREAK_GLASS),
            "grants_audit": rules.has_capability(request.user, rules.Capability.GRANT_AUDIT_ACCESS),
            "merges": rules.has_capability(request.user, rules.Capability.MERGE_CHILDREN),
        },
    )


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers: the process answers and the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


@require_GET
def language(request: HttpRequest, code: str) -> HttpResponse:
    """Switch the language of every page; a signed-in person's preference follows."""
    target = request.GET.get("next") or reverse("core:home")
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        target = reverse("core:home")
    if code not in Language.values:
        code = settings.LANGUAGE_CODE
    user: Any = request.user
    if user.is_authenticated and user.is_verified():
        from cylch.people.services import person_language_set

        person_language_set(actor=user, language=code)
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=settings.LANGUAGE_COOKIE_SECURE,
    )
    return response


@require_POST
def keepalive(request: HttpRequest) -> HttpResponse:
    """Staying signed in: renew the session now."""
    from cylch.core.middleware import touch_session

    touch_session(request, force=True)
    return JsonResponse({"idle_seconds": settings.SESSION_COOKIE_AGE})


@require_POST
def draft_save(request: HttpRequest) -> HttpResponse:
    try:
        payload = json.loads(request.body or b"{}")
        form_key = str(payload["form_key"])[:300]
        data = payload["data"]
        if not isinstance(data, dict):
            raise TypeError
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"saved": False}, status=400)
    services.draft_save(actor=request.user, form_key=form_key, data=data)  # type: ignore[arg-type]
    return JsonResponse({"saved": True})


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)


def notifications(request: HttpRequest) -> HttpResponse:
    """Your messages from Cylch, newest first; opening the page marks them read."""
    from django.utils import timezone

    from cylch.core.models import Notification
    from cylch.core.notices import notice_text

    person: Any = request.user
    items = list(Notification.objects.filter(recipient=person).order_by("-created_at")[:100])
    lines = [{"when": n.created_at, "text": notice_text(n.kind, n.params), "link": n.link, "unread": n.read_at is None} for n in items]
    Notification.objects.filter(recipient=person, read_at__isnull=True).update(read_at=timezone.now())
    return render(request, "core/notifications.html", {"lines": lines})
