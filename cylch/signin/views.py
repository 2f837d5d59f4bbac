from __future__ import annotations

from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from cylch.core.middleware import is_verified
from cylch.signin import services
from cylch.signin.forms import CodeForm, CylchPasswordResetForm, CylchSetPasswordForm, SetupCodeForm, SignInForm
from cylch.signin.selectors import person_has_confirmed_device

RECOVERY_CODES_SESSION_KEY = "cylch_new_recovery_codes"


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("core:home")


def _with_language(response: HttpResponse, language: str) -> HttpResponse:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=False,
    )
    return response


def sign_in(request: HttpRequest) -> HttpResponse:
    if is_verified(request.user):
        return redirect(_next_url(request))
    form = SignInForm(request, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        person = form.person
        login(request, person, backend="django.contrib.auth.backends.ModelBackend")
        step = "signin:two_factor" if person_has_confirmed_device(person=person) else "signin:two_factor_setup"
        target = reverse(step) + "?next=" + _next_url(request)
        return _with_language(HttpResponseRedirect(target), person.language)
    return render(
        request,
        "signin/sign_in.html",
        {"form": form, "next": request.GET.get("next", ""), "timed_out": "timed_out" in request.GET},
    )


def two_factor(request: HttpRequest) -> HttpResponse:
    person: Any = request.user
    if person.is_verified():
        return redirect(_next_url(request))
    if not person_has_confirmed_device(person=person):
        return redirect(reverse("signin:two_factor_setup") + "?next=" + _next_url(request))
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        throttled_for = 0
        for device in devices_for_user(person, confirmed=True):
            allowed, details = device.verify_is_allowed()
            if not allowed:
                locked_until = (details or {}).get("locked_until")
                if locked_until is not None:
                    from django.utils import timezone

                    throttled_for = max(throttled_for, int((locked_until - timezone.now()).total_seconds()) + 1)
                continue
            if device.verify_token(code):
                otp_login(request, device)
                step = "signed_in_with_recovery_code" if isinstance(device, StaticDevice) else "signed_in"
                services.sign_in_record(actor=person, step=step)
                if isinstance(device, StaticDevice):
                    remaining = device.token_set.count()
                    messages.warning(
                        request,
                        _("You signed in with a recovery code. You have %(count)s left: make new ones from Your account.")
                        % {"count": remaining},
                    )
                return redirect(_next_url(request))
        if throttled_for > 0:
            form.add_error(
                "code",
                _("Too many wrong codes. Wait %(seconds)s seconds, then enter the newest code from your app.") % {"seconds": throttled_for},
            )
        else:
            form.add_error("code", _("The code is not right. Check your authenticator app and try again, or wait for the next code."))
    return render(request, "signin/two_factor.html", {"form": form, "next": request.GET.get("next", "")})


def two_factor_setup(request: HttpRequest) -> HttpResponse:
    person: Any = request.user
    if person.is_verified() and person_has_confirmed_device(person=person) and request.method == "GET" and "again" not in request.GET:
        return redirect("signin:account")
    if person_has_confirmed_device(person=person) and not person.is_verified():
        return redirect(reverse("signin:two_factor") + "?next=" + _next_url(request))
    device = services.totp_device_start(actor=person)
    form = SetupCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        codes = services.totp_device_confirm(actor=person, device=device, code=form.cleaned_data["code"])
        if codes is not None:
            otp_login(request, TOTPDevice.objects.get(pk=device.pk))
            request.session[RECOVERY_CODES_SESSION_KEY] = codes
            return redirect(reverse("signin:recovery_codes") + "?next=" + _next_url(request))
        form.add_error("code", _("The code is not right. Check the time on your phone is correct and try again."))
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "signin/two_factor_setup.html",
        {
            "form": form,
            "qr_data_uri": qr.svg_data_uri(scale=4, dark="#0b0c0c"),
            "secret": _grouped(device.bin_key),
            "next": request.GET.get("next", ""),
        },
    )


def _grouped(key: bytes) -> str:
    import base64

    text = base64.b32encode(key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def recovery_codes(request: HttpRequest) -> HttpResponse:
    codes = request.session.pop(RECOVERY_CODES_SESSION_KEY, None)
    if not codes:
        return redirect("signin:account")
    return render(request, "signin/recovery_codes.html", {"codes": codes, "next": _next_url(request)})


def account(request: HttpRequest) -> HttpResponse:
    person: Any = request.user
    from cylch.access.rules import current_memberships

    agencies = {m.team.agency_id: m.team.agency for m in current_memberships(person)}
    if request.method == "POST" and request.POST.get("action") == "agency":
        chosen = request.POST.get("agency_id", "")
        if chosen.isdigit() and int(chosen) in agencies:
            request.session["acting_agency_id"] = int(chosen)
            messages.success(request, _("You are now acting for %(agency)s.") % {"agency": agencies[int(chosen)].name})
        return redirect("signin:account")
    if request.method == "POST":
        codes = services.recovery_codes_regenerate(actor=person)
        request.session[RECOVERY_CODES_SESSION_KEY] = codes
        return redirect("signin:recovery_codes")
    static = StaticDevice.objects.filter(user=person).first()
    remaining = static.token_set.count() if static else 0
    return render(
        request,
        "signin/account.html",
        {
            "memberships": current_memberships(person),
            "recovery_codes_left": remaining,
            "agencies": sorted(agencies.values(), key=lambda a: a.name),
            "acting_agency_id": request.session.get("acting_agency_id"),
        },
    )


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    person: Any = request.user
    if person.is_authenticated:
        services.sign_in_record(actor=person, step="signed_out")
    logout(request)
    if request.headers.get("X-CSRFToken") is None:
        messages.success(request, _("You have signed out."))
    return redirect("signin:sign_in")


def locked_out(request: HttpRequest) -> HttpResponse:
    return render(request, "signin/locked_out.html", status=429)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = CylchPasswordResetForm
    template_name = "signin/password_reset.html"
    success_url = reverse_lazy("signin:password_reset_sent")


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = "signin/password_reset_sent.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = CylchSetPasswordForm
    template_name = "signin/password_reset_confirm.html"
    success_url = reverse_lazy("signin:password_reset_done")
    post_reset_login = False

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.sign_in_record(actor=form.user, step="password_reset")
        return response


class PasswordResetDoneView(auth_views.PasswordResetCompleteView):
    template_name = "signin/password_reset_done.html"
