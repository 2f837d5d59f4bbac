"""Pages of a child's meetings. Thin: access, form, service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cylch.access import rules
from cylch.children.models import Child
from cylch.core.forms import apply_validation_error, form_set_value
from cylch.core.forms import moment_from as _moment
from cylch.core.forms import posted as _post
from cylch.meetings import selectors, services
from cylch.meetings.forms import (
    ActionForm,
    ArrangeForm,
    AttendanceForm,
    CancelForm,
    ChangeForm,
    CirculatedForm,
    DecisionForm,
    HeldForm,
    InviteForm,
    ViewsForm,
)
from cylch.meetings.models import Meeting
from cylch.organisations.models import Agency
from cylch.people.models import Person


def _place(request: HttpRequest, child_id: int, meeting_id: int, *, write: bool = False, action: str = "cylch.meetings.meeting.viewed") -> Any:
    child, access = rules.access_child(request.user, child_id, write=write, action=action)
    place = selectors.meeting_for_child(actor=request.user, child=child, meeting_id=meeting_id)
    return child, access, place


def _back(child: Child, meeting: Meeting) -> HttpResponse:
    return redirect("meetings:detail", child.pk, meeting.pk)


def _form_page(request: HttpRequest, child: Child, meeting: Any, form: Any, title: str, **extra: Any) -> HttpResponse:
    return render(request, "meetings/form.html", {"child": child, "meeting": meeting, "form": form, "title": title, **extra})


# --- Lists and the meeting page -------------------------------------------------------


def meeting_list(request: HttpRequest, child_id: int) -> HttpResponse:
    child, access = rules.access_child(request.user, child_id, action="cylch.meetings.meetings.viewed")
    rows = selectors.meetings_for_child(actor=request.user, child=child, access=access)
    return render(request, "meetings/list.html", {"child": child, "access": access, "rows": rows})


def meeting_detail(request: HttpRequest, child_id: int, meeting_id: int) -> HttpResponse:
    child, access, place = _place(request, child_id, meeting_id)
    page = selectors.meeting_page(actor=request.user, child=child, access=access, place=place)
    return render(request, "meetings/detail.html", {"child": child, "access": access, "p": page, "meeting": page.meeting})


# --- Arranging, changing, cancelling ---------------------------------------------------


def meeting_arrange(request: HttpRequest, child_id: int) -> HttpResponse:
    child, access = rules.access_child(request.user, child_id, write=True)
    form = ArrangeForm(_post(request), initial={"scheduled_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            siblings = list(Child.objects.current().filter(pk__in=d["siblings"]))
            if len(siblings) != len(d["siblings"]):
                raise ValidationError({"siblings": _("You can add only children whose records you may change. Check the record numbers.")})
            meeting = services.meeting_arrange(
                actor=request.user,  # type: ignore[arg-type]
                child=child,
                meeting_type=d["meeting_type"],
                scheduled_at=_moment(d["scheduled_on"], d["scheduled_time"]),
                location=d.get("location") or "",
                chair_name=d.get("chair_name") or "",
                siblings=siblings,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Meeting arranged. Now invite the people who should come."))
            return _back(child, meeting)
    return _form_page(request, child, None, form, _("Arrange a meeting"))


def meeting_change(request: HttpRequest, child_id: int, meeting_id: int) -> HttpResponse:
    child, access, place = _place(request, child_id, meeting_id, write=True)
    meeting = place.meeting
    local = timezone.localtime(meeting.scheduled_at)
    form = ChangeForm(
        _post(request),
        initial={
            "version": meeting.version,
            "scheduled_on": local.date(),
            "scheduled_time": local.time().replace(second=0, microsecond=0),
            "location": meeting.location,
            "chair_name": meeting.chair_name,
        },
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.meeting_change(
                actor=request.user,  # type: ignore[arg-type]
                meeting=meeting,
                expected_version=d.get("version") or 0,
                scheduled_at=_moment(d["scheduled_on"], d["scheduled_time"]),
                location=d.get("location") or "",
                chair_name=d.get("chair_name") or "",
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            form_set_value(form, "version", str(Meeting.objects.get(pk=meeting.pk).version))
        else:
            messages.success(request, _("The meeting's arrangements have been changed."))
            return _back(child, meeting)
    return _form_page(request, child, meeting, form, _("Change the arrangements"))


def meeting_cancel(request: HttpRequest, child_id: int, meeting_id: int) -> HttpResponse:
    child, access, place = _place(request, child_id, meeting_id, write=True)
    form = CancelForm(_post(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_cancel(actor=request.user, meeting=place.meeting, reason=form.cleaned_data["reason"])  # type: ignore[arg-type]
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The meeting has been cancelled. Everyone invited who uses Cylch has been told."))
            return _back(child, place.meeting)
    return _form_page(request, child, place.meeting, form, _("Cancel the meeting"))


# --- Invitations and attendance -------------------------------------------------------


def invite(request: HttpRequest, child_id: int, meeting_id: int) -> HttpResponse:
    child, access, place = _place(request, child_id, meeting_id, write=True)
    meeting = place.meeting
    agencies = selectors.invitation_agencies(actor=request.user, meeting=meeting, child=child)
    people = selectors.invitation_people(actor=request.user, meeting=meeting)
    form = InviteForm(_post(request), agencies=agencies, people=people)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        agency = next((a for a in agencies if str(a.pk) == d["agency"]), None)
        person = next((m.person for m in people if str(m.person_id) == d.get("person")), None)
        try:
            if agency is None:
                raise ValidationError({"agency": _("Choose an agency.")})
            services.invitee_add(
                actor=request.user,  # type: ignore[arg-type]
                meeting=meeting,
                agency=agency,
                person=person,
                name=d.get("name") or "",
                role=d.get("role") or "",
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Invitation recorded."))
            return _back(child, meeting)
    return _form_page(request, child, meeting, form, _("Invite someone"))


def attendance(request: HttpRequest, child_id: int, meeting_id: int) -> HttpResponse:
    child, access, place = _place(request, child_id, meeting_id, write=True)
    meeting = place.meeting
    invitees = list(meeting.invitees.select_related("agency", "person"))
    form = AttendanceForm(_post(request), invitees=invitees, strategy=meeting.meeting_type == services.STRATEGY_DISCUSSION)
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(actor=request.user, meeting=meeting, attendance=form.attendance_values())  # type: ignore[arg-type]
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Attendance recorded."))
            return _back(child, meeting)
    return render(request, "meetings/attendance.html", {"child": child, "meeting": meeting, "form": form, "rows": form.bound_rows()})


# --- Holding, circulating -------------------------------------------------------------


def held(request: HttpRequest, child_id: int, meeting_id: int) -> HttpResponse:
    child, access, place = _place(request, child_id, meeting_id, write=True)
    meeting = place.meeting
    form = HeldForm(_post(request), initial={"held_on": timezone.localdate(), "chair_name": meeting.chair_name})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.meeting_hold(
                actor=request.user,  # type: ignore[arg-type]
                meeting=meeting,
                held_at=_moment(d["held_on"], d["held_time"]),
                chair_name=d["chair_name"],
                record_summary=d.get("record_summary") or "",
                late_reason=d.get("late_reason") or "",
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The meeting is recorded as held. Now record each child's decision and the actions agreed."))
            return _back(child, meeting)
    return _form_page(request, child, meeting, form, _("Record the meeting as held"), blocked=meeting.status != Meeting.Status.ARRANGED)


def circulated(request: HttpRequest, child_id: int, meeting_id: int) -> HttpResponse:
    child, access, place = _place(request, child_id, meeting_id, write=True)
    meeting = place.meeting
    form = CirculatedForm(_post(request), initial={"circulated_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.meeting_record_circulate(
                actor=request.user,  # type: ignore[arg-type]
                meeting=meeting,
                circulated_at=_moment(d["circulated_on"], None),
                late_reason=d.get("late_reason") or "",
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Circulation of the record has been recorded."))
            return _back(child, meeting)
    return _form_page(
        request, child, meeting, form, _("Record that the record was circulated"), blocked=not meeting.is_held or meeting.circulated_at is not None
    )


# --- The child's part, decision, actions ---------------------------------------------------


def views(request: HttpRequest, child_id: int, meeting_id: int) -> HttpResponse:
    child, access, place = _place(request, child_id, meeting_id, write=True)
    form = ViewsForm(
        _post(request),
        initial={
            "child_participation": place.child_participation or None,
            "child_views": place.child_views,
            "family_participation": place.family_participation or None,
            "family_views": place.family_views,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.views_record(actor=request.user, place=place, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The child's and family's part in the meeting has been recorded."))
            return _back(child, place.meeting)
    return _form_page(request, child, place.meeting, form, _("The child's and family's part in the meeting"))


def decision(request: HttpRequest, child_id: int, meeting_id: int) -> HttpResponse:
    child, access, place = _place(request, child_id, meeting_id, write=True)
    meeting = place.meeting
    form = DecisionForm(
        _post(request),
        strategy=meeting.meeting_type == services.STRATEGY_DISCUSSION,
        register_decisions=services.allowed_register_decisions(meeting.meeting_type),
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.decision_record(
                actor=request.user,  # type: ignore[arg-type]
                place=place,
                reasons=d["reasons"],
                section47_determination=d.get("section47_determination") or "",
                register_decision=d.get("register_decision") or "",
                categories=d.get("categories") or [],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The decision for %(child)s has been recorded.") % {"child": child.display_name})
            return _back(child, meeting)
    return _form_page(
        request,
        child,
        meeting,
        form,
        _("Decision for %(child)s") % {"child": child.display_name},
        blocked=not meeting.is_held or place.has_decision,
    )


def action_add(request: HttpRequest, child_id: int, meeting_id: int) -> HttpResponse:
    child, access, place = _place(request, child_id, meeting_id, write=True)
    meeting = place.meeting
    children = list(rules.children_visible_to(request.user).filter(meeting_places__meeting=meeting).order_by("pk"))
    agencies = selectors.invitation_agencies(actor=request.user, meeting=meeting, child=child)
    people = selectors.invitation_people(actor=request.user, meeting=meeting)
    form = ActionForm(_post(request), children=children, agencies=agencies, people=people)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        agency: Agency | None = next((a for a in agencies if str(a.pk) == d["owner_agency"]), None)
        person: Person | None = next((m.person for m in people if str(m.person_id) == d.get("owner_person")), None)
        for_child = next((c for c in children if str(c.pk) == d.get("child")), None)
        try:
            if agency is None:
                raise ValidationError({"owner_agency": _("Choose the agency responsible.")})
            services.action_agree(
                actor=request.user,  # type: ignore[arg-type]
                meeting=meeting,
                what=d["what"],
                owner_agency=agency,
                owner_person=person,
                due_on=d["due_on"],
                child=for_child,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Action recorded."))
            return _back(child, meeting)
    return _form_page(request, child, meeting, form, _("Record an action agreed"), blocked=meeting.status == Meeting.Status.CANCELLED)
