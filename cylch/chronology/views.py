from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cylch.access import rules
from cylch.audit.services import audit_record
from cylch.chronology import selectors, services
from cylch.chronology.forms import CorrectionForm, EntryForm, FilterForm
from cylch.chronology.selectors import TimelineFilter
from cylch.core.forms import apply_validation_error
from cylch.core.forms import moment_from as _moment
from cylch.core.reference_data import code_choices

PAGE_SIZE = 50


def _filters(request: HttpRequest, child: Any) -> tuple[FilterForm, TimelineFilter, bool]:
    agencies = selectors.agencies_in_timeline(child=child)
    form = FilterForm(request.GET or None, agencies=agencies)
    significant_only = request.GET.get("view") == "significant"
    if request.GET and form.is_valid():
        d = form.cleaned_data
        return (
            form,
            TimelineFilter(
                agency_id=int(d["agency"]) if d.get("agency") else None,
                entry_type=d.get("entry_type") or "",
                significance=d.get("significance") or "",
                significant_only=significant_only,
                date_from=d.get("date_from"),
                date_to=d.get("date_to"),
            ),
            significant_only,
        )
    return form, TimelineFilter(significant_only=significant_only), significant_only


def timeline(request: HttpRequest, child_id: int) -> HttpResponse:
    child, access = rules.access_child(request.user, child_id, action="cylch.chronology.timeline.viewed")
    form, filters, significant_only = _filters(request, child)
    entries = selectors.timeline(actor=request.user, child=child, access=access, filters=filters)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "chronology/timeline.html",
        {
            "child": child,
            "access": access,
            "form": form,
            "page": page,
            "significant_only": significant_only,
            "query": query.urlencode(),
            "types": dict(code_choices("chronology_type")),
        },
    )


def entry_add(request: HttpRequest, child_id: int) -> HttpResponse:
    child, access = rules.access_child(request.user, child_id, write=True)
    form = EntryForm(
        request.POST if request.method == "POST" else None,
        initial={"occurred_on": timezone.localdate(), "significance": "routine", "sensitivity": "general"},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.chronology_entry_add(
                actor=request.user,
                child=child,
                occurred_at=_moment(d["occurred_on"], d.get("occurred_time")),
                entry_type=d["entry_type"],
                summary=d["summary"],
                detail=d.get("detail") or "",
                significance=d["significance"],
                sensitivity=d["sensitivity"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Added to the chronology."))
            return redirect("chronology:timeline", child.pk)
    return render(request, "chronology/entry_form.html", {"child": child, "form": form, "title": _("Add to the chronology")})


def entry_correct(request: HttpRequest, child_id: int, entry_id: int) -> HttpResponse:
    child, access = rules.access_child(request.user, child_id, write=True)
    entry = selectors.visible_entry(actor=request.user, child=child, access=access, entry_id=entry_id)
    local = timezone.localtime(entry.occurred_at)
    form = CorrectionForm(
        request.POST if request.method == "POST" else None,
        initial={
            "occurred_on": local.date(),
            "occurred_time": local.time().replace(second=0, microsecond=0),
            "summary": entry.summary,
            "detail": entry.detail,
            "significance": entry.significance,
        },
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.chronology_entry_correct(
                actor=request.user,
                entry=entry,
                reason=d["reason"],
                occurred_at=_moment(d["occurred_on"], d.get("occurred_time")),
                summary=d["summary"],
                detail=d.get("detail") or "",
                significance=d["significance"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Correction added. The original entry is kept and marked as corrected."))
            return redirect("chronology:timeline", child.pk)
    return render(request, "chronology/entry_form.html", {"child": child, "form": form, "title": _("Correct a chronology entry"), "entry": entry})


def export(request: HttpRequest, child_id: int, fmt: str) -> HttpResponse:
    """The filtered chronology as CSV or PDF, in English or Welsh. Every export is audited."""
    if fmt not in {"csv", "pdf"}:
        from django.http import Http404

        raise Http404
    child, access = rules.access_child(request.user, child_id, action="cylch.chronology.exported")
    form, filters, _significant = _filters(request, child)
    language = request.GET.get("lang") if request.GET.get("lang") in {"en", "cy"} else (translation.get_language() or "en")[:2]
    entries = list(selectors.timeline(actor=request.user, child=child, access=access, filters=filters)[:20000])
    audit_record(
        actor=request.user,
        action="cylch.chronology.export.made",
        subject=child,
        child_id=child.pk,
        changes={"format": fmt, "language": language, "entries": len(entries), "filters": str(filters)},
    )
    with translation.override(language):
        types = dict(code_choices("chronology_type"))
        name = f"chronology-{child.pk}-{timezone.localdate().isoformat()}"
        if fmt == "csv":
            response = HttpResponse(content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
            response.write("\ufeff")
            writer = csv.writer(response)
            writer.writerow([_("When"), _("Type of event"), _("Significance"), _("Agency"), _("Summary"), _("Detail"), _("Corrects entry"), _("Reason for correction")])
            for e in entries:
                writer.writerow(
                    [
                        timezone.localtime(e.occurred_at).strftime("%Y-%m-%d %H:%M"),
                        types.get(e.entry_type, e.entry_type),
                        e.get_significance_display(),
                        e.source_agency.name,
                        _csv_safe(e.summary),
                        _csv_safe(e.detail),
                        e.corrects_id or "",
                        _csv_safe(e.correction_reason),
                    ]
                )
            return response
        import weasyprint

        html = render_to_string(
            "chronology/export_pdf.html",
            {"child": child, "entries": entries, "types": types, "filters": filters, "made_at": timezone.now(), "person": request.user},
        )
        pdf = weasyprint.HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


def _csv_safe(value: str) -> str:
    """Stop spreadsheet programs treating text as a formula."""
    return "'" + value if value[:1] in {"=", "+", "-", "@", "\t", "\r"} else value
