"""Pages about children who go missing. Thin: access, form, service or selector, render."""

from __future__ import annotations

import base64
import csv
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cylch.access import rules
from cylch.access.rules import Capability
from cylch.audit.services import access_record, audit_record
from cylch.children.models import Involvement
from cylch.core.forms import apply_validation_error, draft_initial, form_set_value
from cylch.core.forms import moment_from as _moment
from cylch.core.forms import posted as _post
from cylch.core.reference_data import code_choices
from cylch.core.services import draft_discard
from cylch.missing import selectors, services
from cylch.missing.forms import (
    ConfirmForm,
    EpisodeForm,
    InformationForm,
    InterviewForm,
    RegradeForm,
    ReturnForm,
    SafeAndWellForm,
    StatisticsForm,
)
from cylch.missing.models import MissingEpisode


def _stale_message() -> str:
    return _("Someone else saved changes while you were working. Your changes have not been saved. Check what they changed, then try again.")


# --- Lists ----------------------------------------------------------------------------------


def current(request: HttpRequest) -> HttpResponse:
    """Children currently missing, among those the person may see, with the time missing so far."""
    rules.require(request.user, Capability.WORK_WITH_CHILDREN)
    episodes = selectors.currently_missing(actor=request.user)
    access_record(actor=request.user, action="cylch.missing.current.viewed", reason=f"{len(episodes)} episode(s) listed")
    return render(request, "missing/current.html", {"episodes": episodes, "now": timezone.now()})


def _statistics(request: HttpRequest) -> tuple[StatisticsForm, selectors.Statistics | None]:
    from cylch.organisations.models import Area, Board

    rules.require(request.user, Capability.VIEW_MISSING_STATISTICS)
    boards = list(Board.objects.filter(kind=Board.Kind.REGIONAL_PARTNERSHIP).prefetch_related("local_authorities"))
    areas = list(Area.objects.filter(kind=Area.Kind.LOCAL_AUTHORITY))
    form = StatisticsForm(
        request.GET or {},
        regions=[(str(b.pk), b.name) for b in boards],
        areas=[(str(a.pk), a.name) for a in areas],
    )
    if not form.is_valid():
        return form, None
    d = form.cleaned_data
    chosen = [a.pk for a in areas]
    if d.get("region"):
        board = next(b for b in boards if str(b.pk) == d["region"])
        chosen = [a.pk for a in board.local_authorities.all()]
    if d.get("local_authority"):
        chosen = [int(d["local_authority"])] if int(d["local_authority"]) in chosen else []
    return form, selectors.statistics(actor=request.user, area_ids=chosen, start=d["start"], end=d["end"])


def statistics(request: HttpRequest) -> HttpResponse:
    """For partnerships: episodes, children, repeat children and return interviews, by local authority."""
    form, stats = _statistics(request)
    return render(
        request, "missing/statistics.html", {"form": form, "stats": stats, "chart": _chart(stats), "query": request.GET.urlencode()}
    )


def _chart(stats: selectors.Statistics | None) -> dict[str, Any]:
    """Bar geometry for the server-drawn chart (no script: the page's policy forbids inline script)."""
    if stats is None:
        return {"height": 0, "bars": []}
    scale = 640 / stats.largest
    bars = []
    for index, row in enumerate(stats.rows):
        y = 6 + index * 36
        episodes_width, children_width = round(row.episodes * scale), round(row.children * scale)
        bars.append(
            {
                "name": row.name,
                "y": y,
                "children_y": y + 17,
                "episodes": row.episodes,
                "children": row.children,
                "episodes_width": episodes_width,
                "children_width": children_width,
                "episodes_label_x": 285 + episodes_width,
                "children_label_x": 285 + children_width,
            }
        )
    return {"height": 12 + 36 * len(bars), "bars": bars}


def statistics_csv(request: HttpRequest) -> HttpResponse:
    form, stats = _statistics(request)
    if stats is None:
        return render(request, "missing/statistics.html", {"form": form, "stats": None}, status=400)
    audit_record(
        actor=request.user,
        action="cylch.missing.statistics.exported",
        changes={"start": stats.start.isoformat(), "end": stats.end.isoformat(), "areas": len(stats.rows)},
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="missing-statistics-{stats.start.isoformat()}-{stats.end.isoformat()}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Local authority"),
            _("Episodes begun"),
            _("Children"),
            _("Children missing more than once"),
            _("Episodes ended"),
            _("Return interviews offered within %(hours)s hours") % {"hours": stats.hours},
            _("Return interviews accepted"),
        ]
    )
    for row in [*stats.rows, stats.total]:
        writer.writerow(
            [row.name or _("Total"), row.episodes, row.children, row.repeat_children, row.ended, row.offered_in_time, row.accepted]
        )
    return response


# --- A child's missing history --------------------------------------------------------------


def child_history(request: HttpRequest, child_id: int) -> HttpResponse:
    child, access = rules.access_child(request.user, child_id, action="cylch.missing.history.viewed")
    history = selectors.missing_history(actor=request.user, child=child, access=access)
    return render(request, "missing/child.html", {"child": child, "access": access, "h": history, "now": timezone.now()})


# --- Child Information Form -----------------------------------------------------------------


def form_view(request: HttpRequest, child_id: int) -> HttpResponse:
    child, access = rules.access_child(request.user, child_id, action="cylch.missing.form.viewed")
    form = services.information_form_for(child)
    return render(
        request,
        "missing/form.html",
        {
            "child": child,
            "access": access,
            "cif": form,
            "review_due": services.review_due(form),
            "may_start": form is None and services.may_start_form(request.user, child, access),
            "show_health": rules.category_visible(access, services.HEALTH_CATEGORY),
            "confirm": ConfirmForm(initial={"version": form.version}) if form else None,
        },
    )


def form_edit(request: HttpRequest, child_id: int) -> HttpResponse:
    child, access = rules.access_child(request.user, child_id, write=True)
    existing = services.information_form_for(child)
    show_health = rules.category_visible(access, services.HEALTH_CATEGORY)
    initial = {f: getattr(existing, f) for f in services.FORM_FIELDS} if existing else {}
    initial["version"] = existing.version if existing else 0
    form = InformationForm(
        _post(request), request.FILES if request.method == "POST" else None, show_health=show_health, initial=draft_initial(request, initial)
    )
    changed = None
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        photo = d.pop("photo", None) or None
        version = d.pop("version")
        try:
            services.information_form_save(
                actor=request.user,  # type: ignore[arg-type]
                child=child,
                values=d,
                expected_version=version if version is not None else None,
                photo=photo,
            )
        except services.StaleEdit as stale:
            changed = stale.changed
            form.add_error(None, _stale_message())
            current = services.information_form_for(child)
            form_set_value(form, "version", str(current.version if current else 0))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            draft_discard(actor=request.user, form_key=request.path)  # type: ignore[arg-type]
            messages.success(request, _("Child Information Form saved. It is recorded as reviewed today."))
            return redirect("missing:form", child.pk)
    return render(
        request,
        "missing/form_edit.html",
        {"child": child, "form": form, "cif": existing, "changed": changed, "title": _("Update the Child Information Form")},
    )


@require_POST
def form_confirm(request: HttpRequest, child_id: int) -> HttpResponse:
    child, access = rules.access_child(request.user, child_id, write=True)
    existing = services.information_form_for(child)
    form = ConfirmForm(request.POST)
    if existing is None:
        raise Http404
    if form.is_valid():
        try:
            services.information_form_confirm(actor=request.user, form=existing, expected_version=form.cleaned_data["version"])  # type: ignore[arg-type]
        except services.StaleEdit:
            messages.error(request, _stale_message())
        else:
            messages.success(request, _("Recorded that the Child Information Form was reviewed today."))
    else:
        messages.error(request, _stale_message())
    return redirect("missing:form", child.pk)


def photo(request: HttpRequest, child_id: int) -> HttpResponse:
    """The photograph, only through the access check; every view is audited."""
    child, _access = rules.access_child(request.user, child_id, action="cylch.missing.photo.viewed")
    form = services.information_form_for(child)
    content = services.photo_read(form) if form else None
    if content is None:
        raise Http404
    response = HttpResponse(content, content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = "inline"
    return response


def form_pdf(request: HttpRequest, child_id: int) -> HttpResponse:
    """The form as a printable PDF for the police, in English or Welsh; producing it is audited."""
    import weasyprint

    child, access = rules.access_child(request.user, child_id, action="cylch.missing.form.printed")
    form = services.information_form_for(child)
    if form is None:
        raise Http404
    language = request.GET.get("lang") if request.GET.get("lang") in {"en", "cy"} else (translation.get_language() or "en")[:2]
    content = services.photo_read(form)
    photo_uri = f"data:image/jpeg;base64,{base64.b64encode(content).decode()}" if content else ""
    lead = Involvement.objects.active().filter(child=child, is_lead=True).select_related("practitioner", "agency").first()
    open_episode = MissingEpisode.objects.filter(child=child, found_at__isnull=True).first()
    with translation.override(language):
        html = render_to_string(
            "missing/form_pdf.html",
            {
                "child": child,
                "cif": form,
                "photo_uri": photo_uri,
                "show_health": rules.category_visible(access, services.HEALTH_CATEGORY),
                "lead": lead,
                "episode": open_episode,
                "made_at": timezone.now(),
                "person": request.user,
                "language": language,
            },
        )
        pdf = weasyprint.HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="child-information-form-{child.pk}-{language}.pdf"'
    return response


# --- Episodes -------------------------------------------------------------------------------


def episode_new(request: HttpRequest, child_id: int) -> HttpResponse:
    child, access = rules.access_child(request.user, child_id, write=True)
    now = timezone.localtime()
    form = EpisodeForm(_post(request), initial={"reported_date": now.date(), "reported_time": now.strftime("%H:%M")})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            episode = services.episode_record(
                actor=request.user,  # type: ignore[arg-type]
                child=child,
                missing_from=_moment(d["missing_from_date"], d["missing_from_time"]),
                reported_at=_moment(d["reported_date"], d["reported_time"]),
                reported_by=d["reported_by"],
                risk_grade=d["risk_grade"],
                last_seen_where=d.get("last_seen_where") or "",
                police_reference=d.get("police_reference") or "",
                circumstances=d.get("circumstances") or "",
            )
        except ValidationError as error:
            _show_error(form, error, {"missing_from": "missing_from_date", "reported_at": "reported_date"})
        else:
            messages.success(request, _("Missing episode recorded. It is in the chronology and the lead professional has been told."))
            return redirect("missing:episode", child.pk, episode.pk)
    return render(request, "missing/episode_form.html", {"child": child, "form": form, "title": _("Report the child missing")})


def _show_error(form: Any, error: ValidationError, names: dict[str, str]) -> None:
    """Show a service's error on the form; a service names a moment (missing_from) where the
    form has a date and a time for it."""
    if hasattr(error, "error_dict"):
        error = ValidationError({names.get(k, k): v for k, v in error.error_dict.items()})
    apply_validation_error(form, error)


def _episode(request: HttpRequest, child_id: int, episode_id: int, *, write: bool = False) -> tuple[Any, Any, MissingEpisode]:
    action = "cylch.children.child.viewed" if write else "cylch.missing.episode.viewed"
    child, access = rules.access_child(request.user, child_id, action=action, write=write)
    return child, access, selectors.episode_detail(actor=request.user, child=child, episode_id=episode_id)


def episode(request: HttpRequest, child_id: int, episode_id: int) -> HttpResponse:
    child, access, ep = _episode(request, child_id, episode_id)
    return render(
        request,
        "missing/episode.html",
        {
            "child": child,
            "access": access,
            "episode": ep,
            "due_item": selectors.episode_due_item(ep),
            "interview": getattr(ep, "return_interview", None) if hasattr(ep, "return_interview") else None,
            "grades": dict(code_choices("missing_risk_grade")),
            "reasons": dict(code_choices("missing_trigger_reason")),
            "now": timezone.now(),
        },
    )


def episode_regrade(request: HttpRequest, child_id: int, episode_id: int) -> HttpResponse:
    child, access, ep = _episode(request, child_id, episode_id, write=True)
    now = timezone.localtime()
    form = RegradeForm(_post(request), initial={"version": ep.version, "graded_date": now.date(), "graded_time": now.strftime("%H:%M")})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.episode_regrade(
                actor=request.user,  # type: ignore[arg-type]
                episode=ep,
                grade=d["grade"],
                graded_at=_moment(d["graded_date"], d["graded_time"]),
                expected_version=d["version"],
                note=d.get("note") or "",
            )
        except services.StaleEdit:
            form.add_error(None, _stale_message())
            form_set_value(form, "version", str(MissingEpisode.objects.get(pk=ep.pk).version))
        except ValidationError as error:
            _show_error(form, error, {"graded_at": "graded_date"})
        else:
            messages.success(request, _("New risk grade recorded."))
            return redirect("missing:episode", child.pk, ep.pk)
    return render(request, "missing/episode_form.html", {"child": child, "form": form, "episode": ep, "title": _("Record a new police risk grade")})


def episode_return(request: HttpRequest, child_id: int, episode_id: int) -> HttpResponse:
    child, access, ep = _episode(request, child_id, episode_id, write=True)
    if ep.found_at is not None:
        messages.info(request, _("The child's return has already been recorded for this episode."))
        return redirect("missing:episode", child.pk, ep.pk)
    now = timezone.localtime()
    form = ReturnForm(_post(request), initial={"version": ep.version, "found_date": now.date(), "found_time": now.strftime("%H:%M")})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.episode_end(
                actor=request.user,  # type: ignore[arg-type]
                episode=ep,
                expected_version=d["version"],
                found_at=_moment(d["found_date"], d["found_time"]),
                found_where=d["found_where"],
                found_by=d.get("found_by") or "",
                found_with=d.get("found_with") or "",
                safe_and_well_at=_moment(d["safe_and_well_date"], d.get("safe_and_well_time")) if d.get("safe_and_well_date") else None,
                safe_and_well_by=d.get("safe_and_well_by") or "",
                safe_and_well_notes=d.get("safe_and_well_notes") or "",
            )
        except services.StaleEdit:
            form.add_error(None, _stale_message())
            form_set_value(form, "version", str(MissingEpisode.objects.get(pk=ep.pk).version))
        except ValidationError as error:
            _show_error(form, error, {"found_at": "found_date", "safe_and_well_at": "safe_and_well_date", "missing_from": "found_date"})
        else:
            messages.success(request, _("The child's return is recorded. A return interview is now due."))
            return redirect("missing:episode", child.pk, ep.pk)
    return render(request, "missing/episode_form.html", {"child": child, "form": form, "episode": ep, "title": _("Record that the child has been found")})


def safe_and_well(request: HttpRequest, child_id: int, episode_id: int) -> HttpResponse:
    """The police safe-and-well check, recorded after the return."""
    child, access, ep = _episode(request, child_id, episode_id, write=True)
    if ep.found_at is None:
        messages.info(request, _("The child has not been found yet: record their return first."))
        return redirect("missing:episode", child.pk, ep.pk)
    now = timezone.localtime()
    initial = {"version": ep.version, "safe_and_well_date": now.date(), "safe_and_well_time": now.strftime("%H:%M")}
    form = SafeAndWellForm(_post(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.safe_and_well_record(
                actor=request.user,  # type: ignore[arg-type]
                episode=ep,
                expected_version=d["version"],
                checked_at=_moment(d["safe_and_well_date"], d["safe_and_well_time"]),
                checked_by=d["safe_and_well_by"],
                notes=d.get("safe_and_well_notes") or "",
            )
        except services.StaleEdit:
            form.add_error(None, _stale_message())
            form_set_value(form, "version", str(MissingEpisode.objects.get(pk=ep.pk).version))
        except ValidationError as error:
            _show_error(form, error, {"safe_and_well_at": "safe_and_well_date"})
        else:
            messages.success(request, _("Safe and well check recorded."))
            return redirect("missing:episode", child.pk, ep.pk)
    return render(request, "missing/episode_form.html", {"child": child, "form": form, "episode": ep, "title": _("Record the police safe and well check")})


def interview(request: HttpRequest, child_id: int, episode_id: int) -> HttpResponse:
    child, access, ep = _episode(request, child_id, episode_id, write=True)
    if hasattr(ep, "return_interview"):
        messages.info(request, _("A return interview has already been recorded for this episode."))
        return redirect("missing:episode", child.pk, ep.pk)
    agencies = [(str(i.agency_id), i.agency.name) for i in access.involvements]
    agencies = list(dict(agencies).items())
    now = timezone.localtime()
    form = InterviewForm(
        _post(request), agencies=agencies, initial=draft_initial(request, {"offered_date": now.date(), "offered_time": now.strftime("%H:%M")})
    )
    open_plan = services.open_plan(child)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        chose = {"yes": True, "no": False}.get(d.get("child_chose_conductor") or "")
        try:
            recorded = services.return_interview_record(
                actor=request.user,  # type: ignore[arg-type]
                episode=ep,
                offered_at=_moment(d["offered_date"], d["offered_time"]),
                offered_by=d["offered_by"],
                response=d["response"],
                held_at=_moment(d["held_on"], d.get("held_time")) if d.get("held_on") else None,
                conducted_by=d.get("conducted_by") or "",
                child_chose_conductor=chose,
                child_words=d.get("child_words") or "",
                child_words_language=d.get("child_words_language") or "",
                push_factors=d.get("push_factors") or [],
                pull_factors=d.get("pull_factors") or [],
                where_and_with_whom=d.get("where_and_with_whom") or "",
                exploitation_indicators=d.get("exploitation_indicators") or [],
                actions=form.actions(),
                late_reason=d.get("late_reason") or "",
            )
        except ValidationError as error:
            _show_error(form, error, {"offered_at": "offered_date"})
        else:
            draft_discard(actor=request.user, form_key=request.path)  # type: ignore[arg-type]
            if getattr(recorded, "started_plan", False):
                messages.success(request, _("Return interview recorded. The child had no open plan, so a draft plan was started with the actions: complete and agree it with the team around the child."))
            elif recorded.actions.exists():
                messages.success(request, _("Return interview recorded. The actions were added to the child's plan."))
            else:
                messages.success(request, _("Return interview recorded."))
            return redirect("missing:episode", child.pk, ep.pk)
    return render(
        request,
        "missing/interview_form.html",
        {"child": child, "form": form, "episode": ep, "open_plan": open_plan, "title": _("Record the return interview")},
    )

