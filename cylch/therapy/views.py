"""Pages of therapeutic support. Thin: access, form, selector or service, render."""

from __future__ import annotations

import csv
import datetime
import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cylch.access import rules
from cylch.access.rules import Capability
from cylch.audit.services import audit_record
from cylch.core.forms import apply_validation_error, form_set_value
from cylch.core.forms import draft_initial as _draft_initial
from cylch.core.forms import posted as _post
from cylch.core.reference_data import code_choices, policy
from cylch.core.services import draft_discard
from cylch.organisations.models import Agency, Area, Board
from cylch.therapy import openreferral, selectors, services
from cylch.therapy.forms import (
    CloseNeedForm,
    DemandForm,
    DirectoryFilterForm,
    ImportForm,
    MoveForm,
    NeedForm,
    RatingForm,
    ReferralForm,
    ServiceForm,
)
from cylch.therapy.models import TRANSITIONS, Referral, Service


def _areas() -> list[tuple[int, str]]:
    return [(a.pk, a.name) for a in Area.objects.filter(kind=Area.Kind.LOCAL_AUTHORITY).order_by("name_en")]


def _labels(list_name: str) -> dict[str, str]:
    return dict(code_choices(list_name))


# --- The directory ----------------------------------------------------------------------


def directory(request: HttpRequest) -> HttpResponse:
    rules.require(request.user, Capability.VIEW_DIRECTORY)
    form = DirectoryFilterForm(request.GET or None, areas=_areas())
    filters = selectors.DirectoryFilter()
    if request.GET and form.is_valid():
        d = form.cleaned_data
        filters = selectors.DirectoryFilter(kind=d.get("kind") or "", area_id=int(d["area"]) if d.get("area") else None, welsh=bool(d.get("welsh")), text=(d.get("text") or "").strip())
    page = Paginator(selectors.services_for_directory(actor=request.user, filters=filters), 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "therapy/directory.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "kinds": _labels("therapy_service_kind"),
            "may_add": bool(rules.therapy_provider_agencies(request.user)),
            "may_import": rules.may_import_therapy_directory(request.user),
            "may_view_demand": rules.may_view_therapy_demand(request.user),
            "receives": bool(rules.agencies_where(request.user, Capability.WORK_WITH_CHILDREN)),
        },
    )


def service_detail(request: HttpRequest, service_id: int) -> HttpResponse:
    rules.require(request.user, Capability.VIEW_DIRECTORY)
    service = selectors.service_for(actor=request.user, service_id=service_id)
    return render(
        request,
        "therapy/service.html",
        {
            "service": service,
            "areas": service.areas.order_by("name_en"),
            "kinds": _labels("therapy_service_kind"),
            "statuses": _labels("care_status"),
            "may_edit": rules.may_edit_therapy_service(request.user, service.provider_id),
        },
    )


def _providers(actor: Any) -> list[tuple[int, str]]:
    return [(a.pk, a.name) for a in Agency.objects.filter(pk__in=rules.therapy_provider_agencies(actor)).order_by("name_en")]


def service_new(request: HttpRequest) -> HttpResponse:
    providers = _providers(request.user)
    if not providers:
        raise PermissionDenied
    form = ServiceForm(_post(request), providers=providers, areas=_areas(), initial={"status": Service.Status.ACTIVE, "minimum_age": 0, "maximum_age": 18, "capacity_per_month": 0, "waiting_weeks": 0})
    if request.method == "POST" and form.is_valid():
        provider = Agency.objects.get(pk=int(form.cleaned_data["provider"]))
        try:
            service = services.service_create(actor=request.user, provider=provider, values=form.values(), area_ids=[int(a) for a in form.cleaned_data["areas"]])  # type: ignore[arg-type]
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Service added to the directory."))
            return redirect("therapy:service", service.pk)
    return render(request, "therapy/service_form.html", {"form": form, "title": _("Add a service")})


def service_edit(request: HttpRequest, service_id: int) -> HttpResponse:
    rules.require(request.user, Capability.VIEW_DIRECTORY)
    service = selectors.service_for(actor=request.user, service_id=service_id)
    if not rules.may_edit_therapy_service(request.user, service.provider_id):
        raise PermissionDenied
    initial = {f: getattr(service, f) for f in services.SERVICE_FIELDS} | {
        "version": service.version,
        "provider": str(service.provider_id),
        "areas": [str(pk) for pk in service.areas.values_list("pk", flat=True)],
    }
    form = ServiceForm(_post(request), providers=[(service.provider_id, service.provider.name)], areas=_areas(), initial=initial)
    changed = None
    if request.method == "POST" and form.is_valid():
        try:
            services.service_update(
                actor=request.user,  # type: ignore[arg-type]
                service=service,
                expected_version=form.cleaned_data.get("version") or 0,
                values=form.values(),
                area_ids=[int(a) for a in form.cleaned_data["areas"]],
            )
        except services.StaleEdit as stale:
            changed = stale.changed
            form.add_error(None, _("Someone else saved changes to this service while you were editing. Your changes have not been saved. Check what they changed, then save again."))
            form_set_value(form, "version", str(Service.objects.get(pk=service.pk).version))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Service updated."))
            return redirect("therapy:service", service.pk)
    return render(request, "therapy/service_form.html", {"form": form, "service": service, "changed": changed, "title": _("Update the service")})


def directory_import(request: HttpRequest) -> HttpResponse:
    if not rules.may_import_therapy_directory(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None, areas=_areas())
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            data = json.loads(upload.read(5_000_001)[:5_000_000].decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            form.add_error("file", _("The file is not JSON. Choose an Open Referral UK JSON file."))
        else:
            try:
                result = openreferral.directory_import(actor=request.user, data=data, default_area=Area.objects.get(pk=int(form.cleaned_data["area"])), source=upload.name)
            except ValidationError as error:
                apply_validation_error(form, error, default_field="file")
    return render(request, "therapy/import.html", {"form": form, "result": result})


# --- Open Referral UK: read-only, published without sign-in ---------------------------------


def _json(data: Any) -> JsonResponse:
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _by_uuid(model_qs: Any, value: str) -> Any:
    import uuid

    try:
        key = uuid.UUID(value)
    except ValueError:
        raise Http404 from None
    found = model_qs.filter(uuid=key).first()
    if found is None:
        raise Http404
    return found


def _published() -> Any:
    return Service.objects.exclude(status=Service.Status.INACTIVE).select_related("provider").order_by("pk")


@require_GET
def oruk_meta(request: HttpRequest) -> JsonResponse:
    return _json({"version": openreferral.HSDS_VERSION, "profile": openreferral.PROFILE_URL, "openapi_url": request.build_absolute_uri(reverse("therapy:oruk_meta"))})


@require_GET
def oruk_services(request: HttpRequest) -> JsonResponse:
    page, per_page = openreferral.page_numbers(request.GET)
    services_qs = _published()
    if request.GET.get("search"):
        services_qs = services_qs.filter(name_en__icontains=request.GET["search"][:100])
    total = services_qs.count()
    chunk = list(services_qs[(page - 1) * per_page : page * per_page])
    return _json(openreferral.page_json([openreferral.service_list_json(s) for s in chunk], total=total, page=page, per_page=per_page))


@require_GET
def oruk_service(request: HttpRequest, service_uuid: str) -> JsonResponse:
    service = _by_uuid(_published().prefetch_related("areas"), service_uuid)
    return _json(openreferral.service_json(service))


def _providers_published() -> Any:
    return Agency.objects.filter(pk__in=_published().values("provider_id")).order_by("pk")


@require_GET
def oruk_organizations(request: HttpRequest) -> JsonResponse:
    page, per_page = openreferral.page_numbers(request.GET)
    agencies = _providers_published()
    total = agencies.count()
    chunk = list(agencies[(page - 1) * per_page : page * per_page])
    return _json(openreferral.page_json([openreferral.organization_json(a) for a in chunk], total=total, page=page, per_page=per_page))


@require_GET
def oruk_organization(request: HttpRequest, organization_uuid: str) -> JsonResponse:
    for agency in _providers_published():
        if openreferral.organisation_id(agency) == organization_uuid:
            data = openreferral.organization_json(agency)
            data["services"] = [openreferral.service_list_json(s) for s in _published().filter(provider=agency)]
            return _json(data)
    raise Http404


@require_GET
def oruk_locations(request: HttpRequest) -> JsonResponse:
    page, per_page = openreferral.page_numbers(request.GET)
    located = _published().exclude(address="", town="", postcode="")
    total = located.count()
    items = [openreferral.location_json(s) for s in located[(page - 1) * per_page : page * per_page]]
    return _json(openreferral.page_json([i for i in items if i], total=total, page=page, per_page=per_page))


@require_GET
def oruk_service_areas(request: HttpRequest) -> JsonResponse:
    page, per_page = openreferral.page_numbers(request.GET)
    services_qs = _published().prefetch_related("areas")
    total = services_qs.count()
    items = [area for s in services_qs[(page - 1) * per_page : page * per_page] for area in openreferral.service_areas_json(s)]
    return _json(openreferral.page_json(items, total=total, page=page, per_page=per_page))


# --- A child's therapeutic support ------------------------------------------------------------


def child_support(request: HttpRequest, child_id: int) -> HttpResponse:
    child, access = rules.access_child(request.user, child_id, action="cylch.therapy.child.viewed")
    return render(
        request,
        "therapy/child.html",
        {
            "child": child,
            "access": access,
            "needs": selectors.needs_for_child(actor=request.user, child=child),
            "referrals": selectors.referrals_for_child(actor=request.user, child=child),
            "help_for": _labels("therapy_help_for"),
            "care": _labels("care_status"),
        },
    )


def need_new(request: HttpRequest, child_id: int) -> HttpResponse:
    child, access = rules.access_child(request.user, child_id, write=True)
    form = NeedForm(_post(request), initial=_draft_initial(request, {"child_language": child.language if child.language in {"cy", "en"} else "either"}))
    if request.method == "POST" and form.is_valid():
        try:
            need = services.need_record(actor=request.user, child=child, values=form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            draft_discard(actor=request.user, form_key=request.path)  # type: ignore[arg-type]
            messages.success(request, _("Need recorded. Choose a service to refer to."))
            return redirect("therapy:need", child.pk, need.pk)
    return render(request, "therapy/need_form.html", {"child": child, "form": form})


def need_detail(request: HttpRequest, child_id: int, need_id: int) -> HttpResponse:
    """The need, and the services that match it: the practitioner chooses."""
    child, access = rules.access_child(request.user, child_id, action="cylch.therapy.need.viewed")
    need = selectors.need_for(actor=request.user, child=child, need_id=need_id)
    suggestions = selectors.services_matching(actor=request.user, child=child, need=need)
    q = request.GET.get("q", "").strip()[:100]
    return render(
        request,
        "therapy/need.html",
        {
            "child": child,
            "access": access,
            "need": need,
            "suggestions": suggestions,
            "age": services.child_age(child),
            "kinds": _labels("therapy_service_kind"),
            "labels": {name: _labels(name) for name in ["care_status", "diagnosis_status", "therapy_help_for", "therapy_language", "therapy_consent"]},
            "referrals": [r for r in selectors.referrals_for_child(actor=request.user, child=child) if r.need_id == need.pk],
            "shown": dict.fromkeys(["need", "child_views", "carers_views", "care_status", "date_of_birth"], True),
            "q": q,
            "others": list(selectors.services_for_directory(actor=request.user, filters=selectors.DirectoryFilter(text=q)).filter(status=Service.Status.ACTIVE)[:20]) if q else [],
        },
    )


def need_close(request: HttpRequest, child_id: int, need_id: int) -> HttpResponse:
    child, access = rules.access_child(request.user, child_id, write=True)
    need = selectors.need_for(actor=request.user, child=child, need_id=need_id)
    if need.status != need.Status.OPEN:
        raise Http404
    form = CloseNeedForm(_post(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.need_close(actor=request.user, need=need, reason=form.cleaned_data["reason"])  # type: ignore[arg-type]
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The need is closed and its clock has stopped."))
            return redirect("therapy:need", child.pk, need.pk)
    return render(request, "therapy/need_close.html", {"child": child, "need": need, "form": form})


def referral_new(request: HttpRequest, child_id: int, need_id: int, service_id: int) -> HttpResponse:
    child, access = rules.access_child(request.user, child_id, write=True)
    need = selectors.need_for(actor=request.user, child=child, need_id=need_id)
    service = selectors.service_for(actor=request.user, service_id=service_id)
    warnings = services.eligibility_warnings(service, child, need)
    initial = {"help_for": need.help_for, "shared_parts": ["need", "child_views", "carers_views", "care_status"]}
    form = ReferralForm(_post(request), warnings=warnings, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            referral = services.referral_create(
                actor=request.user,  # type: ignore[arg-type]
                need=need,
                service=service,
                help_for=d["help_for"],
                shared_parts=list(d.get("shared_parts") or []),
                message=d.get("message") or "",
                eligibility_reason=d.get("eligibility_reason") or "",
                send="send" in request.POST,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            if referral.state == Referral.State.SENT:
                messages.success(request, _("Referral sent. The provider and the team around the child have been told."))
            else:
                messages.success(request, _("Referral saved as a draft."))
            return redirect("therapy:referral", referral.pk)
    return render(request, "therapy/referral_form.html", {"child": child, "need": need, "service": service, "warnings": warnings, "form": form})


# --- A referral: the team around the child and the provider each see what they should -------


def _moves(referral: Referral, access: rules.ReferralAccess) -> list[tuple[str, str]]:
    labels = dict(Referral.State.choices)
    sides = access.sides()
    return [(to, str(labels[to])) for (frm, to), who in TRANSITIONS.items() if frm == referral.state and who & sides]


def referral_detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral, access = rules.access_referral(request.user, referral_id)
    return render(
        request,
        "therapy/referral.html",
        {
            "referral": referral,
            "access": access,
            "child": referral.child,
            "need": referral.need,
            "shown": selectors.shared_view(referral, access),
            "moves": _moves(referral, access),
            "changes": referral.changes.select_related("by", "by_agency"),
            "ratings": referral.ratings.select_related("recorded_by"),
            "waits": services.referral_wait_days(referral),
            "lead": referral.child.involvements.filter(is_lead=True, ended_on__isnull=True).select_related("practitioner", "agency").first(),
            "labels": {name: _labels(name) for name in ["care_status", "diagnosis_status", "therapy_help_for", "therapy_language", "therapy_consent", "referral_shared_part", "referral_end_reason", "onward_route", "child_rating", "rating_stage"]},
            "age": services.child_age(referral.child),
            "may_rate": bool(access.sides()) and referral.started_at is not None,
            "states": dict(Referral.State.choices),
        },
    )


MOVE_FIELDS: dict[str, list[str]] = {
    Referral.State.SENT: [],
    Referral.State.TRIAGED: ["reason", "contact_on"],
    Referral.State.ACCEPTED: ["reason", "contact_on"],
    Referral.State.WAITING: ["reason", "contact_on"],
    Referral.State.STARTED: ["goals", "contact_on", "reason"],
    Referral.State.IN_REVIEW: ["reason", "goals"],
    Referral.State.DECLINED: ["reason", "onward_route", "onward_service", "onward_note", "onward_owner", "onward_due_on"],
    Referral.State.ENDED: ["end_reason", "reason"],
}


def referral_move(request: HttpRequest, referral_id: int, to_state: str) -> HttpResponse:
    referral, access = rules.access_referral(request.user, referral_id)
    if to_state not in MOVE_FIELDS or not access.sides():
        raise Http404
    keep = list(MOVE_FIELDS[to_state])
    if to_state == Referral.State.ENDED and referral.state in {Referral.State.DECLINED, Referral.State.DRAFT}:
        keep = ["reason"]
    onward = []
    if to_state == Referral.State.DECLINED:
        onward = [(s.pk, f"{s.name} ({s.provider.name})") for s in Service.objects.filter(status=Service.Status.ACTIVE, areas__pk=referral.local_authority_id).exclude(pk=referral.service_id).select_related("provider").order_by("waiting_weeks", "name_en")[:100]] if referral.local_authority_id else []
    form = MoveForm(_post(request), keep=keep, services=onward, initial={"version": referral.version, "goals": referral.goals})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        onward_service = Service.objects.filter(pk=int(d["onward_service"])).first() if d.get("onward_service") else None
        try:
            services.referral_move(
                actor=request.user,  # type: ignore[arg-type]
                referral=referral,
                to_state=to_state,
                expected_version=d.get("version") or 0,
                reason=d.get("reason") or "",
                contact_on=d.get("contact_on"),
                goals=d.get("goals") or "",
                end_reason=d.get("end_reason") or "",
                onward_route=d.get("onward_route") or "",
                onward_service=onward_service,
                onward_note=d.get("onward_note") or "",
                onward_owner=d.get("onward_owner") or "",
                onward_due_on=d.get("onward_due_on"),
            )
        except services.StaleEdit:
            form.add_error(None, _("Someone else moved this referral on while you were writing. Check where it stands, then try again."))
            form_set_value(form, "version", str(Referral.objects.get(pk=referral.pk).version))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Referral moved on. The team around the child has been told."))
            return redirect("therapy:referral", referral.pk)
    return render(
        request,
        "therapy/move.html",
        {"referral": referral, "form": form, "to_state": to_state, "to_label": dict(Referral.State.choices)[to_state], "child": referral.child},
    )


def referral_rating(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral, access = rules.access_referral(request.user, referral_id)
    if not access.sides():
        raise Http404
    form = RatingForm(_post(request))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.rating_record(actor=request.user, referral=referral, stage=d["stage"], score=int(d["score"]), words=d.get("words") or "")  # type: ignore[arg-type]
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The child's rating is recorded."))
            return redirect("therapy:referral", referral.pk)
    return render(request, "therapy/rating_form.html", {"referral": referral, "form": form, "child": referral.child})


def referrals_received(request: HttpRequest) -> HttpResponse:
    """Referrals made to the services of the person's own agency (a provider's inbox)."""
    rules.require(request.user, Capability.WORK_WITH_CHILDREN)
    state = request.GET.get("state", "")
    if state not in Referral.State.values:
        state = ""
    page = Paginator(selectors.referrals_received(actor=request.user, state=state), 25).get_page(request.GET.get("page"))
    return render(request, "therapy/received.html", {"page": page, "state": state, "states": Referral.State.choices})


# --- Demand and capacity for partnerships ----------------------------------------------------


def _demand(request: HttpRequest) -> tuple[DemandForm, selectors.Demand | None]:
    if not rules.may_view_therapy_demand(request.user):
        raise PermissionDenied
    regions = [(b.pk, b.name) for b in Board.objects.filter(kind=Board.Kind.REGIONAL_PARTNERSHIP).order_by("name_en")]
    today = timezone.localdate()
    months = int(policy("therapy_demand_default_months"))
    default_start = today - datetime.timedelta(days=round(months * 30.44))
    form = DemandForm(request.GET or None, regions=regions)
    if request.GET and not form.is_valid():
        return form, None
    d = form.cleaned_data if request.GET else {}
    result = selectors.demand(
        actor=request.user,
        start=d.get("start") or default_start,
        end=d.get("end") or today,
        kind=d.get("kind") or "",
        board_id=int(d["region"]) if d.get("region") else None,
    )
    return form, result


def demand(request: HttpRequest) -> HttpResponse:
    form, result = _demand(request)
    query = request.GET.urlencode()
    chart = None
    if result is not None:
        # A bar per region, drawn as SVG attributes (the content security policy allows no inline styles).
        bars = [
            {"label": row.label[:30], "y": 6 + 28 * n, "width": round(340 * row.referrals / result.max_referrals), "value": row.referrals}
            for n, row in enumerate(result.regions)
        ]
        chart = {"bars": bars, "height": 12 + 28 * len(bars)}
    return render(request, "therapy/demand.html", {"form": form, "demand": result, "query": query, "chart": chart})


def _csv_safe(text: str) -> str:
    """A name typed by a provider, never read as a formula by a spreadsheet."""
    return f"'{text}" if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


def demand_csv(request: HttpRequest) -> HttpResponse:
    form, result = _demand(request)
    if result is None:
        return render(request, "therapy/demand.html", {"form": form, "demand": None, "query": ""}, status=400)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="therapeutic-support-demand-{result.start:%Y%m%d}-{result.end:%Y%m%d}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Level"),
            _("Name"),
            _("Referrals"),
            _("Declined"),
            _("Onward: another service"),
            _("Onward: consultation for carers"),
            _("Onward: named next step"),
            _("Help started"),
            _("Average days from referral to start"),
            _("Children waiting now"),
            _("Places each month"),
        ]
    )
    for level, rows in [(_("Region"), result.regions), (_("Service"), result.services)]:
        for row in rows:
            writer.writerow(
                [
                    level,
                    _csv_safe(row.label),
                    row.referrals,
                    row.declined,
                    row.onward_service,
                    row.onward_carers,
                    row.onward_step,
                    row.started,
                    "" if row.average_days_to_start is None else row.average_days_to_start,
                    row.waiting_now,
                    row.capacity_per_month if level == _("Service") else "",
                ]
            )
    audit_record(actor=request.user, action="cylch.therapy.demand.exported", changes={"start": result.start.isoformat(), "end": result.end.isoformat()})
    return response
