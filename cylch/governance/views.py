"""Pages of partnership governance. Thin: access, form, service, render. Reading is open to people
who govern the partnership; writing to its chair, business manager and partnership managers."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cylch.access import rules
from cylch.accountability.choices import agency_choices, people_choices, standard_choices
from cylch.accountability.forms import LedgerActionForm
from cylch.audit.services import audit_record
from cylch.core.forms import apply_validation_error, form_set_value
from cylch.core.forms import draft_initial as _draft_initial
from cylch.core.forms import posted as _post
from cylch.core.reference_data import code_choices, policy
from cylch.core.services import draft_discard
from cylch.governance import selectors, services
from cylch.governance.forms import (
    AgendaItemForm,
    AttendanceForm,
    DecisionForm,
    EscalateForm,
    MeetingEditForm,
    MeetingForm,
    PublishForm,
    ReportForm,
    ReportNewForm,
    RiskForm,
)
from cylch.governance.models import AnnualReport, BoardMeeting, Risk
from cylch.governance.report import report_figures, section_keys, section_title
from cylch.organisations.models import Agency
from cylch.people.models import Person


def _simple_form(
    request: HttpRequest, partnership: Any, form: Any, *, title: str, caption: str, submit: str, back: str, quote: str = "", draft: bool = False
) -> HttpResponse:
    """A one-form page. Long forms (`draft`) keep a draft as the person types (see core drafts)."""
    return render(
        request,
        "governance/form.html",
        {"partnership": partnership, "form": form, "title": title, "caption": caption, "submit": submit, "back": back, "quote": quote, "draft": draft},
    )


def _agency(pk: int | None) -> Agency | None:
    return Agency.objects.filter(pk=pk).first() if pk else None


def _person(pk: int | None) -> Person | None:
    return Person.objects.filter(pk=pk).first() if pk else None


def _standard(pk: int | None) -> Any:
    from cylch.framework.models import Standard

    return Standard.objects.filter(pk=pk).first() if pk else None


# --- Overview ----------------------------------------------------------------------------------


def home(request: HttpRequest) -> HttpResponse:
    """The partnerships whose governance the person takes part in."""
    partnerships = list(rules.partnerships_visible_to(request.user).order_by("kind", "name_en"))
    if not partnerships and not rules.has_capability(request.user, rules.Capability.VIEW_PARTNERSHIPS):
        raise PermissionDenied
    return render(request, "governance/home.html", {"partnerships": partnerships})


def partnership(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership, access = rules.access_partnership(request.user, partnership_id)
    from cylch.accountability.selectors import ledger_counts

    return render(
        request,
        "governance/partnership.html",
        {
            "partnership": partnership,
            "meetings": list(selectors.meetings_for(actor=request.user, partnership=partnership)[:10]),
            "risks": list(selectors.risks_for(actor=request.user, partnership=partnership).filter(status=Risk.Status.OPEN)[:10]),
            "reports": list(selectors.reports_for(actor=request.user, partnership=partnership)),
            "counts": ledger_counts(partnership=partnership),
            "may_manage": access.can_manage,
        },
    )


# --- Meetings ------------------------------------------------------------------------------------


def meetings(request: HttpRequest, partnership_id: int) -> HttpResponse:
    """Every meeting of the board and its sub-groups, newest first."""
    partnership, access = rules.access_partnership(request.user, partnership_id)
    return render(
        request,
        "governance/meetings.html",
        {
            "partnership": partnership,
            "meetings": list(selectors.meetings_for(actor=request.user, partnership=partnership)[:500]),
            "may_manage": access.can_manage,
        },
    )


def meeting_new(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership, _access = rules.access_partnership(request.user, partnership_id, manage=True)
    bodies = list(partnership.bodies.filter(is_active=True).order_by("kind", "name_en"))
    form = MeetingForm(_post(request), bodies=[(b.pk, b.name) for b in bodies], initial=_draft_initial(request))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        english = [line for line in (d.get("agenda_en") or "").splitlines() if line.strip()]
        welsh = [line for line in (d.get("agenda_cy") or "").splitlines() if line.strip()]
        agenda = [(en, welsh[n] if n < len(welsh) else "") for n, en in enumerate(english)]
        try:
            meeting = services.meeting_create(
                actor=request.user,  # type: ignore[arg-type]
                partnership=partnership,
                body=next((b for b in bodies if b.pk == d["body"]), None),
                held_on=d["held_on"],
                location=d.get("location") or "",
                agenda=agenda,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            draft_discard(actor=request.user, form_key=request.path)  # type: ignore[arg-type]
            messages.success(request, _("Meeting recorded."))
            return redirect("governance:meeting", partnership.pk, meeting.pk)
    if not bodies:
        form.add_error(None, _("This partnership has no board or sub-group yet. Ask the partnership's business manager to add them."))
    return _simple_form(
        request,
        partnership,
        form,
        title=_("Record a board or sub-group meeting"),
        caption=partnership.name,
        submit=_("Save the meeting"),
        back=redirect("governance:partnership", partnership.pk).url,
        draft=True,
    )


def meeting_detail(request: HttpRequest, partnership_id: int, meeting_id: int) -> HttpResponse:
    partnership, access = rules.access_partnership(request.user, partnership_id)
    meeting = selectors.meeting_for(actor=request.user, partnership=partnership, meeting_id=meeting_id)
    page = selectors.meeting_page(actor=request.user, meeting=meeting)
    return render(
        request,
        "governance/meeting.html",
        {"partnership": partnership, "meeting": meeting, "page": page, "may_manage": access.can_manage},
    )


def _managed_meeting(request: HttpRequest, partnership_id: int, meeting_id: int) -> tuple[Any, BoardMeeting]:
    partnership, _access = rules.access_partnership(request.user, partnership_id, manage=True)
    return partnership, selectors.meeting_for(actor=request.user, partnership=partnership, meeting_id=meeting_id)


def meeting_edit(request: HttpRequest, partnership_id: int, meeting_id: int) -> HttpResponse:
    """Date, place, whether it was held, and the minutes in English and Welsh (stale edits refused)."""
    partnership, meeting = _managed_meeting(request, partnership_id, meeting_id)
    initial = {f: getattr(meeting, f) for f in services.MEETING_FIELDS} | {"version": meeting.version}
    form = MeetingEditForm(_post(request), initial=_draft_initial(request, initial))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version") or 0
        try:
            services.meeting_update(actor=request.user, meeting=meeting, expected_version=version, changes=data)  # type: ignore[arg-type]
        except services.StaleEdit:
            form.add_error(
                None,
                _("Someone else saved changes to this meeting while you were editing. Your changes have not been saved. Check what they changed, then save again."),
            )
            form_set_value(form, "version", str(BoardMeeting.objects.get(pk=meeting.pk).version))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            draft_discard(actor=request.user, form_key=request.path)  # type: ignore[arg-type]
            messages.success(request, _("Meeting saved."))
            return redirect("governance:meeting", partnership.pk, meeting.pk)
    return _simple_form(
        request,
        partnership,
        form,
        title=_("Change the meeting and its minutes"),
        caption=str(meeting.body),
        submit=_("Save"),
        back=redirect("governance:meeting", partnership.pk, meeting.pk).url,
        draft=True,
    )


def agenda_add(request: HttpRequest, partnership_id: int, meeting_id: int) -> HttpResponse:
    partnership, meeting = _managed_meeting(request, partnership_id, meeting_id)
    form = AgendaItemForm(_post(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_add(actor=request.user, meeting=meeting, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Agenda item added."))
            return redirect("governance:meeting", partnership.pk, meeting.pk)
    back = redirect("governance:meeting", partnership.pk, meeting.pk).url
    return _simple_form(request, partnership, form, title=_("Add an agenda item"), caption=str(meeting.body), submit=_("Add the item"), back=back)


def attendance_add(request: HttpRequest, partnership_id: int, meeting_id: int) -> HttpResponse:
    partnership, meeting = _managed_meeting(request, partnership_id, meeting_id)
    form = AttendanceForm(_post(request), agencies=agency_choices(partnership))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.attendance_record(actor=request.user, meeting=meeting, name=d["name"], agency=_agency(d.get("agency")), status=d["status"])  # type: ignore[arg-type]
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Attendance recorded."))
            return redirect("governance:meeting", partnership.pk, meeting.pk)
    back = redirect("governance:meeting", partnership.pk, meeting.pk).url
    return _simple_form(request, partnership, form, title=_("Record who attended"), caption=str(meeting.body), submit=_("Record attendance"), back=back)


def decision_add(request: HttpRequest, partnership_id: int, meeting_id: int) -> HttpResponse:
    partnership, meeting = _managed_meeting(request, partnership_id, meeting_id)
    form = DecisionForm(_post(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_record(actor=request.user, meeting=meeting, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("governance:meeting", partnership.pk, meeting.pk)
    back = redirect("governance:meeting", partnership.pk, meeting.pk).url
    return _simple_form(request, partnership, form, title=_("Record a decision"), caption=str(meeting.body), submit=_("Record the decision"), back=back)


def _action_form(request: HttpRequest, partnership: Any) -> LedgerActionForm:
    return LedgerActionForm(
        _post(request), agencies=agency_choices(partnership), people=people_choices(partnership), standards=standard_choices()
    )


def _action_agree_page(
    request: HttpRequest,
    partnership: Any,
    agree: Callable[..., Any],
    *,
    back: str,
    title: str,
    caption: str,
    quote: str = "",
) -> HttpResponse:
    """Agree an action into the accountability ledger from a meeting or a risk: one form, one
    service call (`agree`), the same message and the same way back."""
    form = _action_form(request, partnership)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            agree(
                actor=request.user,
                what=d["what"],
                owner_agency=_agency(d.get("owner_agency")),
                owner=_person(d.get("owner")),
                due_on=d["due_on"],
                standard=_standard(d.get("standard")),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Action agreed. It is in the partnership's accountability ledger and its owner has been told."))
            return redirect(back)
    return _simple_form(request, partnership, form, title=title, caption=caption, submit=_("Agree the action"), back=back, quote=quote)


def meeting_action_add(request: HttpRequest, partnership_id: int, meeting_id: int) -> HttpResponse:
    """An action agreed at the meeting: it goes into the accountability ledger."""
    partnership, meeting = _managed_meeting(request, partnership_id, meeting_id)
    return _action_agree_page(
        request,
        partnership,
        functools.partial(services.meeting_action_agree, meeting=meeting),
        back=reverse("governance:meeting", args=[partnership.pk, meeting.pk]),
        title=_("Agree an action"),
        caption=str(meeting.body),
    )


# --- Risk and escalation register ------------------------------------------------------------


def risks(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership, access = rules.access_partnership(request.user, partnership_id)
    return render(
        request,
        "governance/risks.html",
        {
            "partnership": partnership,
            "risks": list(selectors.risks_for(actor=request.user, partnership=partnership)),
            "likelihood": dict(code_choices("risk_likelihood")),
            "impact": dict(code_choices("risk_impact")),
            "board_score": policy("risk_board_score"),
            "today": timezone.localdate(),
            "may_manage": access.can_manage,
        },
    )


def _risk_values(d: dict[str, Any]) -> dict[str, Any]:
    values = {k: v for k, v in d.items() if k not in {"owner_agency", "owner", "version"}}
    return values | {"owner_agency_id": d.get("owner_agency"), "owner_id": d.get("owner")}


def risk_new(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership, _access = rules.access_partnership(request.user, partnership_id, manage=True)
    form = RiskForm(
        _post(request), agencies=agency_choices(partnership), people=people_choices(partnership), creating=True, initial=_draft_initial(request)
    )
    if request.method == "POST" and form.is_valid():
        try:
            risk = services.risk_create(actor=request.user, partnership=partnership, values=_risk_values(form.cleaned_data))  # type: ignore[arg-type]
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            draft_discard(actor=request.user, form_key=request.path)  # type: ignore[arg-type]
            messages.success(request, _("Risk added to the register."))
            return redirect("governance:risk", partnership.pk, risk.pk)
    back = redirect("governance:risks", partnership.pk).url
    return _simple_form(
        request, partnership, form, title=_("Add a risk to the register"), caption=partnership.name, submit=_("Add the risk"), back=back, draft=True
    )


def risk_detail(request: HttpRequest, partnership_id: int, risk_id: int) -> HttpResponse:
    partnership, access = rules.access_partnership(request.user, partnership_id)
    risk = selectors.risk_for(actor=request.user, partnership=partnership, risk_id=risk_id)
    return render(
        request,
        "governance/risk.html",
        {
            "partnership": partnership,
            "risk": risk,
            "actions": selectors.risk_actions(actor=request.user, risk=risk),
            "likelihood": dict(code_choices("risk_likelihood")),
            "impact": dict(code_choices("risk_impact")),
            "board_score": policy("risk_board_score"),
            "today": timezone.localdate(),
            "may_manage": access.can_manage,
        },
    )


def risk_edit(request: HttpRequest, partnership_id: int, risk_id: int) -> HttpResponse:
    partnership, _access = rules.access_partnership(request.user, partnership_id, manage=True)
    risk = selectors.risk_for(actor=request.user, partnership=partnership, risk_id=risk_id)
    initial = {f: getattr(risk, f) for f in services.RISK_FIELDS} | {
        "version": risk.version,
        "owner_agency": risk.owner_agency_id,
        "owner": risk.owner_id,
    }
    form = RiskForm(_post(request), agencies=agency_choices(partnership), people=people_choices(partnership), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.risk_update(
                actor=request.user,  # type: ignore[arg-type]
                risk=risk,
                expected_version=form.cleaned_data.get("version") or 0,
                changes=_risk_values(form.cleaned_data),
            )
        except services.StaleEdit:
            form.add_error(
                None,
                _("Someone else saved changes to this risk while you were editing. Your changes have not been saved. Check what they changed, then save again."),
            )
            form_set_value(form, "version", str(Risk.objects.get(pk=risk.pk).version))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Risk saved."))
            return redirect("governance:risk", partnership.pk, risk.pk)
    back = redirect("governance:risk", partnership.pk, risk.pk).url
    return _simple_form(request, partnership, form, title=_("Review the risk"), caption=partnership.name, submit=_("Save"), back=back)


def risk_escalate(request: HttpRequest, partnership_id: int, risk_id: int) -> HttpResponse:
    partnership, _access = rules.access_partnership(request.user, partnership_id, manage=True)
    risk = selectors.risk_for(actor=request.user, partnership=partnership, risk_id=risk_id)
    form = EscalateForm(_post(request), initial={"version": risk.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.risk_escalate(
                actor=request.user, risk=risk, expected_version=form.cleaned_data.get("version") or 0, reason=form.cleaned_data["reason"]  # type: ignore[arg-type]
            )
        except services.StaleEdit:
            form.add_error(None, _("Someone else changed this risk while you were writing. Check the risk, then try again."))
            form_set_value(form, "version", str(Risk.objects.get(pk=risk.pk).version))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The risk has been escalated to the board. The chair and the business manager have been told."))
            return redirect("governance:risk", partnership.pk, risk.pk)
    back = redirect("governance:risk", partnership.pk, risk.pk).url
    return _simple_form(
        request, partnership, form, title=_("Escalate the risk to the board"), caption=partnership.name, submit=_("Escalate"), back=back, quote=risk.title
    )


def risk_action_add(request: HttpRequest, partnership_id: int, risk_id: int) -> HttpResponse:
    partnership, _access = rules.access_partnership(request.user, partnership_id, manage=True)
    risk = selectors.risk_for(actor=request.user, partnership=partnership, risk_id=risk_id)
    return _action_agree_page(
        request,
        partnership,
        functools.partial(services.risk_action_agree, risk=risk),
        back=reverse("governance:risk", args=[partnership.pk, risk.pk]),
        title=_("Agree an action to reduce the risk"),
        caption=partnership.name,
        quote=risk.title,
    )


# --- Annual report -------------------------------------------------------------------------------


def report_new(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership, _access = rules.access_partnership(request.user, partnership_id, manage=True)
    today = timezone.localdate()
    # The Welsh reporting year runs April to March; the last complete one is offered.
    end_year = today.year if today.month >= 4 else today.year - 1
    initial = {"period_start": today.replace(year=end_year - 1, month=4, day=1), "period_end": today.replace(year=end_year, month=3, day=31)}
    form = ReportNewForm(_post(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_create(actor=request.user, partnership=partnership, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Draft report started. Its sections are filled in from the data: edit them, then publish."))
            return redirect("governance:report", partnership.pk, report.pk)
    back = redirect("governance:partnership", partnership.pk).url
    return _simple_form(request, partnership, form, title=_("Start the board's annual report"), caption=partnership.name, submit=_("Start the report"), back=back)


def _figures(request: HttpRequest, report: AnnualReport) -> dict[str, Any]:
    """The figures kept with the report: assembled when it was started or last refreshed, and
    kept as they stood when it was published."""
    if report.figures:
        return report.figures  # type: ignore[no-any-return]
    return report_figures(actor=request.user, partnership=report.partnership, start=report.period_start, end=report.period_end)


def report_detail(request: HttpRequest, partnership_id: int, report_id: int) -> HttpResponse:
    """The report; a draft's words are edited here in English and Welsh (stale edits refused)."""
    partnership, access = rules.access_partnership(request.user, partnership_id)
    report = selectors.report_for(actor=request.user, partnership=partnership, report_id=report_id)
    may_manage = access.can_manage
    keys = [k for k in section_keys() if k in report.sections] or list(report.sections)
    titled = [(k, section_title(k)) for k in keys]
    form = None
    changed = None
    if report.status == AnnualReport.Status.DRAFT and may_manage:
        initial: dict[str, Any] = {"version": report.version}
        for key in keys:
            for lang in ("en", "cy"):
                initial[f"{key}_{lang}"] = report.sections.get(key, {}).get(lang, "")
        form = ReportForm(_post(request), sections=titled, initial=_draft_initial(request, initial))
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            d = form.cleaned_data
            sections = {k: {"en": d.get(f"{k}_en") or "", "cy": d.get(f"{k}_cy") or ""} for k in keys}
            try:
                services.report_update(actor=request.user, report=report, expected_version=d.get("version") or 0, sections=sections)  # type: ignore[arg-type]
            except services.StaleEdit as stale:
                changed = stale.changed
                form.add_error(
                    None,
                    _("Someone else saved changes to this report while you were editing. Your changes have not been saved. Check what they changed, then save again."),
                )
                form_set_value(form, "version", str(AnnualReport.objects.get(pk=report.pk).version))
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                draft_discard(actor=request.user, form_key=request.path)  # type: ignore[arg-type]
                messages.success(request, _("Report saved."))
                return redirect("governance:report", partnership.pk, report.pk)
    language = (translation.get_language() or "en")[:2]
    return render(
        request,
        "governance/report.html",
        {
            "partnership": partnership,
            "report": report,
            "form": form,
            "changed": changed,
            "sections": [(k, t, report.sections.get(k, {})) for k, t in titled],
            "figures": _figures(request, report),
            "lang": "cy" if language == "cy" else "en",
            "may_manage": may_manage,
            "publish_form": PublishForm(initial={"version": report.version}) if form is not None else None,
        },
    )


def report_publish(request: HttpRequest, partnership_id: int, report_id: int) -> HttpResponse:
    partnership, _access = rules.access_partnership(request.user, partnership_id, manage=True)
    report = selectors.report_for(actor=request.user, partnership=partnership, report_id=report_id)
    if request.method != "POST":
        return redirect("governance:report", partnership.pk, report.pk)
    form = PublishForm(request.POST)
    version = form.cleaned_data.get("version") if form.is_valid() else None
    try:
        services.report_publish(actor=request.user, report=report, expected_version=version or 0)  # type: ignore[arg-type]
    except services.StaleEdit:
        messages.error(request, _("Someone else changed the report since you opened it. Check the report, then publish again."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Report published. It can no longer be edited."))
    return redirect("governance:report", partnership.pk, report.pk)


def report_refresh(request: HttpRequest, partnership_id: int, report_id: int) -> HttpResponse:
    """Assemble a draft's figures again from today's data."""
    partnership, _access = rules.access_partnership(request.user, partnership_id, manage=True)
    report = selectors.report_for(actor=request.user, partnership=partnership, report_id=report_id)
    if request.method == "POST":
        try:
            services.report_figures_refresh(actor=request.user, report=report)  # type: ignore[arg-type]
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The figures have been assembled again from today's data."))
    return redirect("governance:report", partnership.pk, report.pk)


def report_pdf(request: HttpRequest, partnership_id: int, report_id: int, lang: str) -> HttpResponse:
    """The report as PDF in English or Welsh (a draft is marked as a draft). Every export is audited."""
    if lang not in {"en", "cy"}:
        raise Http404
    partnership, access = rules.access_partnership(request.user, partnership_id)
    report = selectors.report_for(actor=request.user, partnership=partnership, report_id=report_id)
    figures = _figures(request, report)
    audit_record(actor=request.user, action="cylch.governance.report.exported", subject=report, changes={"language": lang})
    import weasyprint

    with translation.override(lang):
        keys = [k for k in section_keys() if k in report.sections] or list(report.sections)
        html = render_to_string(
            "governance/report_pdf.html",
            {
                "partnership": partnership,
                "partnership_name": partnership.name_cy if lang == "cy" and partnership.name_cy else partnership.name_en,
                "report": report,
                "sections": [(k, section_title(k), report.sections.get(k, {}).get(lang, "")) for k in keys],
                "figures": figures,
                "lang": lang,
                "made_at": timezone.now(),
            },
        )
        pdf = weasyprint.HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"annual-report-{partnership.code}-{report.period_end:%Y}-{lang}"
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response
