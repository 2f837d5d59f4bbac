from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cylch.access import rules
from cylch.access.rules import Capability
from cylch.core.forms import apply_validation_error
from cylch.people import selectors, services
from cylch.people.forms import DeactivationForm, InvitationAcceptForm, InvitationForm


def person_list(request: HttpRequest) -> HttpResponse:
    rules.require(request.user, Capability.MANAGE_PEOPLE)
    people = selectors.person_list(actor=request.user)[:200]
    invitations = selectors.invitation_list(actor=request.user)[:100]
    return render(request, "people/list.html", {"people": people, "invitations": invitations})


def person_invite(request: HttpRequest) -> HttpResponse:
    rules.require(request.user, Capability.MANAGE_PEOPLE)
    form = InvitationForm(request.POST if request.method == "POST" else None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        valid_until = None
        if data["valid_until"]:
            valid_until = timezone.make_aware(datetime.datetime.combine(data["valid_until"], datetime.time(23, 59)))
        try:
            invitation = services.person_invite(
                actor=request.user,  # type: ignore[arg-type]
                email=data["email"],
                full_name=data["full_name"],
                language=data["language"],
                team=data["team"],
                role=data["role"],
                valid_until=valid_until,
                base_url=request.build_absolute_uri("/"),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
            return redirect("people:list")
    return render(request, "people/invite.html", {"form": form})


def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    rules.require(request.user, Capability.MANAGE_PEOPLE)
    person = rules.access_person_for_management(request.user, person_id)
    memberships = person.memberships.select_related("team__agency").order_by("-valid_from")
    form = DeactivationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_deactivate(actor=request.user, person=person, reason=form.cleaned_data["reason"])  # type: ignore[arg-type]
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("%(name)s has been deactivated. Their sessions have ended.") % {"name": person.full_name})
            return redirect("people:list")
    return render(request, "people/detail.html", {"person": person, "memberships": memberships, "form": form})


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_by_token(token)
    if invitation is None:
        return render(request, "people/invitation_expired.html", status=404)
    form = InvitationAcceptForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_accept(token=token, password=form.cleaned_data["password"])
        except ValidationError as error:
            apply_validation_error(form, error, default_field="password")
        else:
            messages.success(request, _("Your account is ready. Sign in to set up two-factor authentication."))
            return redirect("signin:sign_in")
    return render(request, "people/invitation_accept.html", {"form": form, "invitation": invitation})
