"""Pages of the child's record. Thin: access, form, service, render."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cylch.access import rules
from cylch.access.models import AccessGrant
from cylch.access.rules import Capability
from cylch.children import selectors, services
from cylch.children.forms import (
    ActiveOfferForm,
    AddressForm,
    AuditGrantForm,
    BreakGlassForm,
    BreakGlassReviewForm,
    ChildDetailsForm,
    HandoverForm,
    IdentifierForm,
    InvolvementForm,
    JoinDecisionForm,
    JoinRequestForm,
    MergeForm,
    NetworkMemberForm,
    RegisterForm,
    SearchForm,
    StatusForm,
    VoiceForm,
)
from cylch.children.models import Child, Identifier, Involvement, NetworkMember
from cylch.core.forms import apply_validation_error, form_set_value
from cylch.core.forms import draft_initial as _draft_initial
from cylch.core.forms import posted as _post
from cylch.core.services import draft_discard
from cylch.organisations.models import Team
from cylch.organisations.selectors import areas_serving
from cylch.people.models import Person, Role
from cylch.sharing.selectors import agreements_for_agency


def _readable(form: Any, changed: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Show a stale edit's differences as people read them: labels, not codes or ISO dates."""
    from django.utils.formats import date_format

    def show(name: str, value: Any) -> Any:
        if isinstance(value, datetime.date):
            return date_format(value, "j F Y")
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        choices = dict(getattr(form.fields.get(name), "choices", []) or [])
        return choices.get(value, value) if choices else value

    return {
        name: {"yours": show(name, values.get("yours")), "theirs": show(name, values.get("theirs"))}
        for name, values in changed.items()
    }


def _acting_agency_id(request: HttpRequest) -> int | None:
    agencies = rules.agencies_where(request.user, Capability.WORK_WITH_CHILDREN)
    chosen = request.session.get("acting_agency_id")
    if chosen in agencies:
        return int(chosen)
    return min(agencies) if agencies else None


# --- Finding and registering ---------------------------------------------------------


def search(request: HttpRequest) -> HttpResponse:
    rules.require(request.user, Capability.WORK_WITH_CHILDREN)
    form = SearchForm(request.GET if request.GET else None)
    results = None
    if request.GET and form.is_valid():
        results = selectors.child_search(
            actor=request.user,
            name=form.cleaned_data.get("name") or "",
            date_of_birth=form.cleaned_data.get("date_of_birth"),
            identifier=form.cleaned_data.get("identifier") or "",
        )
    return render(request, "children/search.html", {"form": form, "results": results})


def register(request: HttpRequest) -> HttpResponse:
    rules.require(request.user, Capability.WORK_WITH_CHILDREN)
    agency_id = _acting_agency_id(request)
    agreements = list(agreements_for_agency(agency_id=agency_id)) if agency_id else []
    form = RegisterForm(_post(request), agreements=agreements, initial=_draft_initial(request, {"language": "en", "basis": "statutory"}))
    matches = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not data.get("confirmed_new"):
            name = f"{data['given_names']} {data['family_name']}"
            dob = data.get("date_of_birth") or data.get("expected_date_of_birth")
            matches = selectors.child_search(actor=request.user, name=name, date_of_birth=dob)
            if not matches:
                matches = selectors.child_search(actor=request.user, name=name)
        if matches:
            form_set_value(form, "confirmed_new", "True")
        else:
            try:
                child = services.child_register(
                    actor=request.user,  # type: ignore[arg-type]
                    details={k: data.get(k) for k in services.CHILD_FIELDS if k in data},
                    role_for_child=data["role_for_child"],
                    reason=data["reason"],
                    basis=form.basis_value(),
                    as_lead=bool(data.get("as_lead")),
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                draft_discard(actor=request.user, form_key=request.path)  # type: ignore[arg-type]
                messages.success(request, _("Record opened. Your team is in the team around the child."))
                return redirect("children:summary", child.pk)
    return render(request, "children/register.html", {"form": form, "matches": matches})


# --- The record -----------------------------------------------------------------------


def summary(request: HttpRequest, child_id: int) -> HttpResponse:
    child, access = rules.access_child(request.user, child_id)
    if child.pk != child_id:
        return redirect("children:summary", child.pk)
    data = selectors.child_summary(actor=request.user, child=child, access=access)
    return render(request, "children/summary.html", {"child": child, "access": access, "s": data})


def edit(request: HttpRequest, child_id: int) -> HttpResponse:
    child, access = rules.access_child(request.user, child_id, write=True)
    initial = {f: getattr(child, f) for f in services.CHILD_FIELDS} | {"version": child.version}
    form = ChildDetailsForm(_post(request), initial=initial)
    changed = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version") or 0
        try:
            services.child_update(actor=request.user, child=child, expected_version=version, changes=data)  # type: ignore[arg-type]
        except services.StaleEdit as stale:
            changed = _readable(form, stale.changed)
            form.add_error(None, _("Someone else saved changes to this record while you were editing. Your changes have not been saved. Check what they changed, then save again."))
            form_set_value(form, "version", str(Child.objects.get(pk=child.pk).version))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Details saved."))
            return redirect("children:summary", child.pk)
    return render(request, "children/edit.html", {"child": child, "form": form, "changed": changed})


def status(request: HttpRequest, child_id: int) -> HttpResponse:
    child, access = rules.access_child(request.user, child_id, write=True)
    form = StatusForm(_post(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.child_status_set(actor=request.user, child=child, status=form.cleaned_data["status"], reason=form.cleaned_data["reason"])  # type: ignore[arg-type]
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The record's status has changed."))
            return redirect("children:summary", child.pk)
    return render(request, "children/simple_form.html", {"child": child, "form": form, "title": _("Close the record or mark it as entered in error")})


def identifier_add(request: HttpRequest, child_id: int) -> HttpResponse:
    child, access = rules.access_child(request.user, child_id, write=True)
    form = IdentifierForm(_post(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.identifier_add(
                actor=request.user,  # type: ignore[arg-type]
                child=child,
                kind=form.cleaned_data["kind"],
                value=form.cleaned_data["value"],
                valid_from=form.cleaned_data.get("valid_from"),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Identifier added."))
            return redirect("children:summary", child.pk)
    return render(request, "children/simple_form.html", {"child": child, "form": form, "title": _("Add an identifier")})


def address_add(request: HttpRequest, child_id: int) -> HttpResponse:
    child, access = rules.access_child(request.user, child_id, write=True)
    form = AddressForm(_post(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.address_add(actor=request.user, child=child, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Address added. The child's local authority follows it."))
            return redirect("children:summary", child.pk)
    addresses = child.addresses.select_related("local_authority")
    return render(request, "children/address.html", {"child": child, "form": form, "addresses": addresses})


def network(request: HttpRequest, child_id: int) -> HttpResponse:
    child, access = rules.access_child(request.user, child_id, action="cylch.children.network.viewed")
    members = NetworkMember.objects.filter(child=child, entered_in_error=False).order_by("-is_trusted_adult", "full_name")
    form = NetworkMemberForm(_post(request), initial={"language": "en"}) if access.can_write else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            data = dict(form.cleaned_data)
            data.pop("version", None)
            try:
                services.network_member_add(actor=request.user, child=child, values=data)  # type: ignore[arg-type]
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("Added to the child's family and network."))
                return redirect("children:network", child.pk)
    return render(request, "children/network.html", {"child": child, "access": access, "members": members, "form": form})


def network_edit(request: HttpRequest, child_id: int, member_id: int) -> HttpResponse:
    child, access = rules.access_child(request.user, child_id, write=True)
    member = NetworkMember.objects.filter(child=child, pk=member_id).first()
    if member is None:
        raise Http404
    initial = {f: getattr(member, f) for f in services.NETWORK_FIELDS} | {"version": member.version}
    form = NetworkMemberForm(_post(request), initial=initial)
    changed = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version") or 0
        try:
            services.network_member_update(actor=request.user, member=member, expected_version=version, values=data)  # type: ignore[arg-type]
        except services.StaleEdit as stale:
            changed = _readable(form, stale.changed)
            form.add_error(None, _("Someone else saved changes to this person while you were editing. Your changes have not been saved. Check what they changed, then save again."))
            form_set_value(form, "version", str(NetworkMember.objects.get(pk=member.pk).version))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("children:network", child.pk)
    return render(request, "children/edit.html", {"child": child, "form": form, "changed": changed, "member": member})


def voice(request: HttpRequest, child_id: int) -> HttpResponse:
    child, access = rules.access_child(request.user, child_id, action="cylch.children.voice.viewed")
    form = None
    if access.can_write:
        form = VoiceForm(_post(request), initial=_draft_initial(request, {"captured_on": timezone.localdate(), "language": child.language if child.language in ("cy", "en") else "en", "sensitivity": "general"}))
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                services.voice_entry_add(actor=request.user, child=child, **form.cleaned_data)  # type: ignore[arg-type]
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                draft_discard(actor=request.user, form_key=request.path)  # type: ignore[arg-type]
                messages.success(request, _("The child's words have been recorded."))
                return redirect("children:voice", child.pk)
    entries = selectors.voice_entries(actor=request.user, child=child, access=access)
    return render(request, "children/voice.html", {"child": child, "access": access, "entries": entries, "form": form})


def active_offer(request: HttpRequest, child_id: int) -> HttpResponse:
    child, access = rules.access_child(request.user, child_id, write=True)
    members = list(NetworkMember.objects.filter(child=child, ended_on__isnull=True, entered_in_error=False))
    form = ActiveOfferForm(_post(request), network=members, initial={"offered_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        member = next((m for m in members if str(m.pk) == data.get("network_member")), None)
        offered_on: datetime.date = data["offered_on"]
        offered_at = timezone.now() if offered_on == timezone.localdate() else timezone.make_aware(datetime.datetime.combine(offered_on, datetime.time(12, 0)))
        try:
            services.active_offer_record(
                actor=request.user, child=child, answer=data["answer"], offered_at=offered_at, network_member=member, note=data.get("note") or ""  # type: ignore[arg-type]
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The Active Offer has been recorded."))
            return redirect("children:summary", child.pk)
    offers = child.active_offers.select_related("offered_by", "network_member")
    return render(request, "children/active_offer.html", {"child": child, "form": form, "offers": offers})


# --- The team around the child ------------------------------------------------------


def team(request: HttpRequest, child_id: int) -> HttpResponse:
    child, access = rules.access_child(request.user, child_id, action="cylch.children.team.viewed")
    around = selectors.team_around(actor=request.user, child=child)
    may_manage = access.can_write and services._may_manage_team_around(request.user, child)  # type: ignore[arg-type]
    return render(request, "children/team.html", {"child": child, "access": access, "around": around, "may_manage": may_manage})


def involvement_add(request: HttpRequest, child_id: int) -> HttpResponse:
    child, access = rules.access_child(request.user, child_id, write=True)
    if not services._may_manage_team_around(request.user, child):  # type: ignore[arg-type]
        raise PermissionDenied
    teams = Team.objects.filter(is_active=True, agency__area__in=areas_serving(child.local_authority)).select_related("agency").order_by("agency__name_en", "name_en")[:400]
    team_id = request.POST.get("team") if request.method == "POST" else None
    chosen = next((t for t in teams if str(t.pk) == team_id), None)
    if chosen is not None:
        agreements = list(agreements_for_agency(agency_id=chosen.agency_id))
    else:
        # Before a team is chosen, offer every agreement one of these agencies is party to;
        # the service checks the one picked covers the chosen team's agency.
        from cylch.sharing.models import SharingAgreement

        agreements = list(
            SharingAgreement.objects.filter(status=SharingAgreement.Status.ACTIVE, parties__in={t.agency_id for t in teams})
            .distinct()
            .order_by("title")
        )
    form = InvolvementForm(_post(request), teams=teams, agreements=agreements, initial={"basis": "statutory"})
    if request.method == "POST" and form.is_valid():
        try:
            if chosen is None:
                raise ValidationError({"team": _("Choose a team.")})
            services.involvement_add(
                actor=request.user,  # type: ignore[arg-type]
                child=child,
                team=chosen,
                practitioner=None,
                role_for_child=form.cleaned_data["role_for_child"],
                reason=form.cleaned_data["reason"],
                basis=form.basis_value(),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The team has joined the team around the child."))
            return redirect("children:team", child.pk)
    return render(request, "children/involvement_form.html", {"child": child, "form": form})


def involvement_end(request: HttpRequest, child_id: int, involvement_id: int) -> HttpResponse:
    child, access = rules.access_child(request.user, child_id, write=True)
    involvement = Involvement.objects.filter(child=child, pk=involvement_id, ended_on__isnull=True).select_related("agency").first()
    if involvement is None:
        raise Http404
    from cylch.children.forms import ReasonForm

    form = ReasonForm(_post(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.involvement_end(actor=request.user, involvement=involvement, reason=form.cleaned_data["reason"])  # type: ignore[arg-type]
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The involvement has ended. Its people no longer see this record."))
            return redirect("core:home") if involvement.team_id in access.team_ids and len(access.team_ids) == 1 else redirect("children:team", child.pk)
    return render(request, "children/simple_form.html", {"child": child, "form": form, "title": _("End %(agency)s's involvement") % {"agency": involvement.agency.name}})


def involvement_basis(request: HttpRequest, child_id: int, involvement_id: int) -> HttpResponse:
    """Record consent withdrawn, or a new lawful basis, for one agency's part."""
    child, access = rules.access_child(request.user, child_id, write=True)
    involvement = Involvement.objects.filter(child=child, pk=involvement_id, ended_on__isnull=True).select_related("agency").first()
    if involvement is None:
        raise Http404
    from cylch.children.forms import BasisChangeForm, ConsentWithdrawnForm

    agreements = list(agreements_for_agency(agency_id=involvement.agency_id))
    withdraw_form = ConsentWithdrawnForm(request.POST if request.POST.get("action") == "withdraw" else None, initial={"withdrawn_on": timezone.localdate()})
    basis_form = BasisChangeForm(request.POST if request.POST.get("action") == "basis" else None, agreements=agreements, initial={"basis": "statutory"})
    if request.method == "POST":
        try:
            if request.POST.get("action") == "withdraw" and withdraw_form.is_valid():
                services.involvement_consent_withdraw(
                    actor=request.user, involvement=involvement, withdrawn_on=withdraw_form.cleaned_data["withdrawn_on"], reason=withdraw_form.cleaned_data["reason"]  # type: ignore[arg-type]
                )
                messages.success(request, _("Withdrawal of consent recorded. The agency no longer receives information on that basis."))
                return redirect("children:team", child.pk)
            if request.POST.get("action") == "basis" and basis_form.is_valid():
                services.involvement_basis_change(
                    actor=request.user, involvement=involvement, basis=basis_form.basis_value(), reason=basis_form.cleaned_data["reason"]  # type: ignore[arg-type]
                )
                messages.success(request, _("New lawful basis recorded."))
                return redirect("children:team", child.pk)
        except ValidationError as error:
            apply_validation_error(withdraw_form if request.POST.get("action") == "withdraw" else basis_form, error)
    return render(
        request,
        "children/involvement_basis.html",
        {"child": child, "involvement": involvement, "withdraw_form": withdraw_form, "form": basis_form},
    )


def handover(request: HttpRequest, child_id: int) -> HttpResponse:
    child, access = rules.access_child(request.user, child_id, write=True)
    if not services._may_manage_team_around(request.user, child):  # type: ignore[arg-type]
        raise PermissionDenied
    involvements = list(Involvement.objects.active().filter(child=child).select_related("practitioner", "agency"))
    form = HandoverForm(_post(request), involvements=involvements)
    if request.method == "POST" and form.is_valid():
        to = next((i for i in involvements if str(i.pk) == form.cleaned_data["to"]), None)
        try:
            if to is None:
                raise ValidationError({"to": _("Choose the new lead professional.")})
            services.lead_handover(actor=request.user, child=child, to=to, reason=form.cleaned_data["reason"])  # type: ignore[arg-type]
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The lead professional has been handed over."))
            return redirect("children:team", child.pk)
    return render(request, "children/simple_form.html", {"child": child, "form": form, "title": _("Hand over the lead professional role")})


def join(request: HttpRequest, child_id: int) -> HttpResponse:
    """Ask to join. The person cannot see the record: only that it exists."""
    rules.require(request.user, Capability.WORK_WITH_CHILDREN)
    child = Child.objects.current().filter(pk=child_id).first()
    if child is None:
        raise Http404
    form = JoinRequestForm(_post(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.join_request_create(actor=request.user, child=child, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Your request has been sent to the lead professional. You will be told their decision."))
            return redirect("children:my_requests")
    return render(request, "children/join.html", {"child_id": child.pk, "form": form})


def my_requests(request: HttpRequest) -> HttpResponse:
    rules.require(request.user, Capability.WORK_WITH_CHILDREN)
    return render(request, "children/my_requests.html", {"requests": selectors.my_join_requests(actor=request.user)})


def join_requests(request: HttpRequest) -> HttpResponse:
    rules.require(request.user, Capability.WORK_WITH_CHILDREN)
    return render(request, "children/join_requests.html", {"requests": selectors.join_requests_to_decide(actor=request.user)})


def join_decide(request: HttpRequest, request_id: int) -> HttpResponse:
    rules.require(request.user, Capability.WORK_WITH_CHILDREN)
    join_request = selectors.join_requests_to_decide(actor=request.user).filter(pk=request_id).first()
    if join_request is None:
        raise Http404
    child, access = rules.access_child(request.user, join_request.child_id, write=True)
    agreements = list(agreements_for_agency(agency_id=join_request.team.agency_id))
    form = JoinDecisionForm(_post(request), agreements=agreements)
    if request.method == "POST" and form.is_valid():
        accept = form.cleaned_data["decision"] == "accept"
        try:
            if accept and not form.cleaned_data.get("basis"):
                raise ValidationError({"basis": _("Choose consent or a statutory basis.")})
            services.join_request_decide(
                actor=request.user,  # type: ignore[arg-type]
                request=join_request,
                accept=accept,
                reason=form.cleaned_data.get("decision_reason") or "",
                basis=form.basis_value() if accept else None,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Decision recorded. The person who asked has been told."))
            return redirect("children:join_requests")
    return render(request, "children/join_decide.html", {"child": child, "join_request": join_request, "form": form})


# --- Break glass, grants, history ---------------------------------------------------


def break_glass(request: HttpRequest, child_id: int) -> HttpResponse:
    rules.require(request.user, Capability.WORK_WITH_CHILDREN)
    child = Child.objects.current().filter(pk=child_id).first()
    if child is None:
        raise Http404
    form = BreakGlassForm(_post(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.break_glass_open(actor=request.user, child=child, reason=form.cleaned_data["reason"])  # type: ignore[arg-type]
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return redirect("children:summary", child.pk)
    return render(request, "children/break_glass.html", {"child_id": child.pk, "form": form})


def break_glass_review(request: HttpRequest) -> HttpResponse:
    rules.require(request.user, Capability.REVIEW_BREAK_GLASS)
    grants = selectors.break_glass_to_review(actor=request.user)
    return render(request, "children/break_glass_review.html", {"grants": grants})


def break_glass_decide(request: HttpRequest, grant_id: int) -> HttpResponse:
    rules.require(request.user, Capability.REVIEW_BREAK_GLASS)
    grant = AccessGrant.objects.filter(
        pk=grant_id, kind=AccessGrant.Kind.BREAK_GLASS, agency_id__in=rules.agencies_where(request.user, Capability.REVIEW_BREAK_GLASS)
    ).select_related("person").first()
    if grant is None:
        raise Http404
    form = BreakGlassReviewForm(_post(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.break_glass_review(actor=request.user, grant=grant, outcome=form.cleaned_data["outcome"], note=form.cleaned_data.get("note") or "")  # type: ignore[arg-type]
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Review recorded."))
            return redirect("children:break_glass_review")
    return render(request, "children/break_glass_decide.html", {"grant": grant, "form": form})


def history(request: HttpRequest, child_id: int) -> HttpResponse:
    child, access = rules.access_child(request.user, child_id, action="cylch.children.history.viewed")
    entries = selectors.record_history(actor=request.user, child=child, access=access)
    from cylch.audit.sentences import sentence

    lines = [
        {
            "when": e.occurred_at,
            "sentence": sentence(e.action, actor=e.actor_label or "Cylch", subject=e.subject_label),
            "kind": e.get_kind_display(),
            "agency": e.agency.name if e.agency else "",
            "reason": e.reason,
        }
        for e in entries
    ]
    return render(request, "children/history.html", {"child": child, "lines": lines})


def audit_grant(request: HttpRequest) -> HttpResponse:
    rules.require(request.user, Capability.GRANT_AUDIT_ACCESS)
    auditors = Person.objects.filter(
        is_active=True, memberships__role=Role.AUDITOR, memberships__ended_at__isnull=True
    ).distinct().order_by("full_name")[:500]
    form = AuditGrantForm(_post(request), auditors=auditors)
    if request.method == "POST" and form.is_valid():
        auditor = next((p for p in auditors if str(p.pk) == form.cleaned_data["auditor"]), None)
        try:
            if auditor is None:
                raise ValidationError({"auditor": _("Choose the auditor or inspector.")})
            if form.cleaned_data["children"]:
                children = list(Child.objects.current().filter(pk__in=form.cleaned_data["children"]))
                if len(children) != len(form.cleaned_data["children"]):
                    raise ValidationError({"children": _("One or more record numbers do not exist.")})
            else:
                children = services.audit_sample_choose(
                    actor=request.user,  # type: ignore[arg-type]
                    local_authority=form.cleaned_data["sample_local_authority"],
                    size=form.cleaned_data["sample_size"],
                )
            services.audit_grant_create(
                actor=request.user, auditor=auditor, children=children, ends_on=form.cleaned_data["ends_on"], reason=form.cleaned_data["reason"]  # type: ignore[arg-type]
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Read-only access granted until the date set."))
            return redirect("core:home")
    return render(request, "children/simple_form.html", {"form": form, "title": _("Give an auditor or inspector access to named children")})


def merge(request: HttpRequest) -> HttpResponse:
    rules.require(request.user, Capability.MERGE_CHILDREN)
    form = MergeForm(_post(request))
    if request.method == "POST" and form.is_valid():
        keep = Child.objects.filter(pk=form.cleaned_data["keep"]).first()
        duplicate = Child.objects.filter(pk=form.cleaned_data["duplicate"]).first()
        try:
            if keep is None or duplicate is None:
                raise ValidationError(_("Both record numbers must exist."))
            services.child_merge(actor=request.user, keep=keep, duplicate=duplicate, reason=form.cleaned_data["reason"])  # type: ignore[arg-type]
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The records have been merged. The merge can be reversed from the list below."))
            return redirect("children:merge")
    from cylch.audit.models import AuditEntry

    merges = AuditEntry.objects.filter(action="cylch.children.child.merged").order_by("-id")[:50]
    reversed_ids = set(AuditEntry.objects.filter(action="cylch.children.child.merge_reversed").values_list("subject_id", flat=True))
    return render(request, "children/merge.html", {"form": form, "merges": merges, "reversed_ids": reversed_ids})


@require_POST
def merge_reverse(request: HttpRequest, entry_id: int) -> HttpResponse:
    rules.require(request.user, Capability.MERGE_CHILDREN)
    try:
        services.child_merge_reverse(actor=request.user, audit_entry_id=entry_id, reason=request.POST.get("reason", ""))  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The merge has been reversed."))
    return redirect("children:merge")


def contributions(request: HttpRequest) -> HttpResponse:
    rules.require(request.user, Capability.WORK_WITH_CHILDREN)
    return render(request, "children/contributions.html", {"entries": selectors.my_contributions_elsewhere(actor=request.user)})


def identifier_end(request: HttpRequest, child_id: int, identifier_id: int) -> HttpResponse:
    child, access = rules.access_child(request.user, child_id, write=True)
    identifier = Identifier.objects.filter(child=child, pk=identifier_id, valid_to__isnull=True).first()
    if identifier is None:
        raise Http404
    if request.method == "POST":
        try:
            services.identifier_end(actor=request.user, identifier=identifier, valid_to=timezone.localdate())  # type: ignore[arg-type]
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The identifier is no longer current."))
        return redirect("children:summary", child.pk)
    return redirect("children:summary", child.pk)


