"""Every page but sign-in needs a signed-in person verified by a second factor."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse

from cylch.audit.context import acting

# URL names that are reachable before sign-in is complete.
PUBLIC_URL_NAMES = {
    "core:healthz",
    "core:language",
    "signin:sign_in",
    "signin:locked_out",
    "signin:password_reset",
    "signin:password_reset_sent",
    "signin:password_reset_confirm",
    "signin:password_reset_done",
    "people:invitation_accept",
    # The directory of therapeutic services, published read-only in Open Referral UK format.
    "therapy:oruk_meta",
    "therapy:oruk_services",
    "therapy:oruk_service",
    "therapy:oruk_organizations",
    "therapy:oruk_organization",
    "therapy:oruk_locations",
    "therapy:oruk_service_areas",
}
# Reachable once the password is accepted but before the second factor.
PARTLY_SIGNED_IN_URL_NAMES = {
    "signin:two_factor",
    "signin:two_factor_setup",
    "signin:sign_out",
}


def is_verified(user: Any) -> bool:
    """Signed in with a password and a second factor (django-otp sets is_verified)."""
    check = getattr(user, "is_verified", None)
    return bool(user is not None and user.is_authenticated and check is not None and check())


def _url_name(request: HttpRequest) -> str | None:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    return match.view_name


class RequireVerifiedSignInMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith(settings.STATIC_URL):
            return self.get_response(request)
        name = _url_name(request)
        user = request.user
        if name not in PUBLIC_URL_NAMES:
            if not user.is_authenticated:
                target = reverse("signin:sign_in") + "?" + urlencode({"next": request.get_full_path()})
                return HttpResponseRedirect(target)
            if not is_verified(user) and name not in PARTLY_SIGNED_IN_URL_NAMES:
                from cylch.signin.selectors import person_has_confirmed_device

                step = "signin:two_factor" if person_has_confirmed_device(person=user) else "signin:two_factor_setup"
                target = reverse(step) + "?" + urlencode({"next": request.get_full_path()})
                return HttpResponseRedirect(target)
        agency_id = request.session.get("acting_agency_id") if user.is_authenticated else None
        if agency_id is None and is_verified(user):
            from cylch.access.rules import current_memberships

            memberships = current_memberships(user)
            if memberships:
                agency_id = memberships[0].team.agency_id
                request.session["acting_agency_id"] = agency_id
        if user.is_authenticated:
            touch_session(request)
        with acting(channel="web", agency_id=agency_id):
            return self.get_response(request)


def touch_session(request: HttpRequest, *, force: bool = False) -> None:
    """Renew the idle timeout; write the session at most once a minute to save a query per page."""
    import time

    now = int(time.time())
    if force or now - int(request.session.get("_touched", 0)) >= settings.SESSION_TOUCH_SECONDS:
        request.session["_touched"] = now
