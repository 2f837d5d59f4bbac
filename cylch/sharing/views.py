from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cylch.access import rules
from cylch.access.rules import Capability
from cylch.children.services import StaleEdit
from cylch.core.forms import apply_validation_error, form_set_value
from cylch.sharing import selectors, services
from cylch.sharing.forms import AgreementForm


def agreement_list(request: HttpRequest) -> HttpResponse:
    agreements = selectors.agreement_list(actor=request.user)
    return render(
        request,
        "sharing/list.html",
        {
            "agreements": agreements,
            "can_manage": rules.has_capability(request.user, Capability.MANAGE_AGREEMENTS),
            "sees_flags": rules.has_capability(request.user, Capability.DATA_PROTECTION),
        },
    )


def agreement_new(request: HttpRequest) -> HttpResponse:
    rules.require(request.user, Capability.MANAGE_AGREEMENTS)
    form = AgreementForm(request.POST if request.method == "POST" else None, initial={"status": "active"})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        parties = list(data.pop("parties"))
        try:
            agreement = services.agreement_create(actor=request.user, values=data, parties=parties)  # type: ignore[arg-type]
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Agreement added to the register."))
            return redirect("sharing:detail", agreement.pk)
    return render(request, "sharing/form.html", {"form": form, "agreement": None})


def agreement_detail(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = selectors.access_agreement(request.user, agreement_id)
    can_edit = agreement.owner_agency_id in rules.agencies_where(request.user, Capability.MANAGE_AGREEMENTS)
    form = None
    stale: dict[str, Any] | None = None
    if can_edit:
        initial = {f: getattr(agreement, f) for f in services.AGREEMENT_FIELDS}
        initial["parties"] = list(agreement.parties.all())
        initial["version"] = agreement.version
        form = AgreementForm(request.POST if request.method == "POST" else None, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            parties = list(data.pop("parties"))
            version = data.pop("version") or 0
            try:
                services.agreement_update(
                    actor=request.user, agreement=agreement, expected_version=version, values=data, parties=parties  # type: ignore[arg-type]
                )
            except StaleEdit as error:
                stale = error.changed
                form.add_error(None, _("Someone else saved a change to this agreement while you were editing. Check their changes below, then save again."))
                form_set_value(form, "version", str(type(agreement).objects.get(pk=agreement.pk).version))
            except (ValidationError, PermissionDenied) as error:
                if isinstance(error, ValidationError):
                    apply_validation_error(form, error)
                else:
                    raise
            else:
                messages.success(request, _("Agreement saved."))
                return redirect("sharing:detail", agreement.pk)
    elif request.method == "POST":
        raise PermissionDenied
    return render(request, "sharing/detail.html", {"agreement": agreement, "form": form, "stale": stale})


def flags(request: HttpRequest) -> HttpResponse:
    involvements = selectors.no_agreement_flags(actor=request.user)
    return render(request, "sharing/flags.html", {"involvements": involvements})
