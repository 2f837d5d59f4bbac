"""Pages of the child protection register. Thin: access, form, service, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cylch.access import rules
from cylch.access.rules import Capability
from cylch.core.forms import apply_validation_error
from cylch.core.forms import moment_from as _moment
from cylch.core.forms import posted as _post
from cylch.register import selectors, services
from cylch.register.forms import CheckForm, DutyLineForm, EndForm, TransferInForm


def child_register(request: HttpRequest, child_id: int) -> HttpResponse:
    child, access = rules.access_child(request.user, child_id, action="cylch.register.registration.viewed")
    history = selectors.register_history(actor=request.user, child=child, access=access)
    return render(request, "register/child.html", {"child": child, "access": access, "h": history})


def end(request: HttpRequest, child_id: int) -> HttpResponse:
    """Removal for the listed events. A review conference removes a child through its decision."""
    child, access = rules.access_child(request.user, child_id, write=True)
    registration = services.open_registration(child)
    form = EndForm(_post(request), initial={"ended_on": timezone.localdate()})
    if request.method == "POST" and registration is not None and form.is_valid():
        d = form.cleaned_data
        try:
            services.registration_end(
                actor=request.user,  # type: ignore[arg-type]
                registration=registration,
                reason=d["reason"],
                detail=d["detail"],
                ended_on=d["ended_on"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The child has been removed from the child protection register."))
            return redirect("register:child", child.pk)
    return render(
        request,
        "register/form.html",
        {"child": child, "form": form, "title": _("Remove from the register"), "blocked": registration is None, "is_end": True},
    )


def transfer_in(request: HttpRequest, child_id: int) -> HttpResponse:
    child, access = rules.access_child(request.user, child_id, write=True)
    form = TransferInForm(_post(request), initial={"notified_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.transfer_in_record(
                actor=request.user,  # type: ignore[arg-type]
                child=child,
                notified_at=_moment(d["notified_on"], d.get("notified_time")),
                from_area=d["from_area"],
                registered_elsewhere_on=d.get("registered_elsewhere_on"),
                categories=d.get("categories") or [],
                notes=d.get("notes") or "",
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Recorded. The transfer-in conference is now due."))
            return redirect("register:child", child.pk)
    return render(request, "register/form.html", {"child": child, "form": form, "title": _("A child on another area's register has moved in")})


def check(request: HttpRequest) -> HttpResponse:
    """Is this child on the register? Asked by POST so names and NHS numbers stay out of addresses and logs."""
    rules.require(request.user, Capability.REGISTER_CHECK)
    form = CheckForm(_post(request))
    result = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            result = services.register_check(
                actor=request.user,  # type: ignore[arg-type]
                given_names=d.get("given_names") or "",
                family_name=d.get("family_name") or "",
                date_of_birth=d.get("date_of_birth"),
                nhs_number=d.get("nhs_number") or "",
            )
        except ValidationError as error:
            apply_validation_error(form, error)
    return render(request, "register/check.html", {"form": form, "result": result})


def duty_lines(request: HttpRequest) -> HttpResponse:
    """Agency administrators keep the number a register check gives for their agency."""
    rules.require(request.user, Capability.MANAGE_PEOPLE)
    rows = selectors.duty_lines(actor=request.user)
    form = DutyLineForm(_post(request), agencies=[r.agency for r in rows])
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        row = next((r for r in rows if str(r.agency.pk) == d["agency"]), None)
        try:
            if row is None:
                raise PermissionDenied
            services.duty_line_set(
                actor=request.user,  # type: ignore[arg-type]
                agency=row.agency,
                phone=d["phone"],
                notes_en=d.get("notes_en") or "",
                notes_cy=d.get("notes_cy") or "",
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Duty line saved."))
            return redirect("register:duty_lines")
    return render(request, "register/duty_lines.html", {"rows": rows, "form": form})
