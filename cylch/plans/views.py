"""Pages of a child's plans and professional differences. Thin: access, form, service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cylch.access import rules
from cylch.children.models import Involvement
from cylch.core.forms import apply_validation_error, form_set_value
from cylch.core.forms import draft_initial as _draft_initial
from cylch.core.forms import posted as _post
from cylch.core.reference_data import code_choices
from cylch.core.services import draft_discard
from cylch.people.models import Membership
from cylch.plans import selectors, services
from cylch.plans.forms import (
    ActionForm,
    AgreeForm,
    CompareForm,
    DisagreementForm,
    EscalateForm,
    PlanForm,
    ProgressForm,
    ReasonForm,
    ResolveForm,
)
from cylch.plans.models import ESCALATION_STEP_LABELS, PLAN_FIELD_LABELS, Disagreement, Plan, PlanAction


def _plan(request: HttpRequest, child_id: int, plan_id: int, *, write: bool = False, action: str = "cylch.plans.plan.viewed") -> tuple[Any, Any, Plan]:
    child, access = rules.access_child(request.user, child_id, write=write, action=action)
    plan = selectors.plan_for(actor=request.user, child=child, plan_id=plan_id)
    return child, access, plan


def _owner_choices(child: Any) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """Agencies in the team around the child, and the people of their involved teams."""
    involvements = Involvement.objects.active().filter(child=child).select_related("agency")
    agencies: dict[int, str] = {}
    for inv in involvements:
        agencies.setdefault(inv.agency_id, inv.agency.name)
    memberships = (
        Membership.objects.current()
        .filter(team_id__in=[i.team_id for i in involvements], role__in=services.CHILD_WORKER_ROLES, person__is_active=True)
        .select_related("person", "team__agency")
        .order_by("team__agency__name_en", "person__full_name")
    )
    people: dict[int, str] = {}
    for m in memberships:
        people.setdefault(m.person_id, f"{m.person.full_name} ({m.team.agency.name})")
    return sorted(agencies.items(), key=lambda pair: pair[1]), list(people.items())


# --- Plans --------------------------------------------------------------------------


def plan_list(request: HttpRequest, child_id: int) -> HttpResponse:
    child, access = rules.access_child(request.user, child_id, action="cylch.plans.plans.viewed")
    plans = selectors.plans_for_child(actor=request.user, child=child)
    labels = dict(code_choices("plan_type"))
    return render(request, "plans/list.html", {"child": child, "access": access, "plans": plans, "labels": labels})


def plan_new(request: HttpRequest, child_id: int) -> HttpResponse:
    child, access = rules.access_child(request.user, child_id, write=True)
    form = PlanForm(_post(request), creating=True, initial=_draft_initial(request))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        plan_type = data.pop("plan_type")
        try:
            plan = services.plan_create(actor=request.user, child=child, plan_type=plan_type, values=data)  # type: ignore[arg-type]
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            draft_discard(actor=request.user, form_key=request.path)  # type: ignore[arg-type]
            messages.success(request, _("Draft plan started. Add the actions, then agree the plan."))
            return redirect("plans:detail", child.pk, plan.pk)
    return render(request, "plans/plan_form.html", {"child": child, "form": form, "title": _("Start a plan")})


def plan_detail(request: HttpRequest, child_id: int, plan_id: int) -> HttpResponse:
    child, access, plan = _plan(request, child_id, plan_id)
    page = selectors.plan_page(actor=request.user, plan=plan, access=access)
    return render(
        request, "plans/detail.html", {"child": child, "access": access, "page": page, "plan": plan, "step_labels": ESCALATION_STEP_LABELS}
    )


def plan_edit(request: HttpRequest, child_id: int, plan_id: int) -> HttpResponse:
    child, access, plan = _plan(request, child_id, plan_id, write=True)
    if plan.status == Plan.Status.ENDED:
        raise Http404
    sections = services.plan_sections(plan.plan_type)
    initial = {f: getattr(plan, f) for f in services.PLAN_FIELDS} | {"version": plan.version}
    form = PlanForm(_post(request), sections=sections, initial=initial)
    changed = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version") or 0
        try:
            services.plan_update(actor=request.user, plan=plan, expected_version=version, changes=data)  # type: ignore[arg-type]
        except services.StaleEdit as stale:
            changed = stale.changed
            form.add_error(None, _("Someone else saved changes to this plan while you were editing. Your changes have not been saved. Check what they changed, then save again."))
            form_set_value(form, "version", str(Plan.objects.get(pk=plan.pk).version))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Plan saved."))
            return redirect("plans:detail", child.pk, plan.pk)
    return render(
        request,
        "plans/plan_form.html",
        {"child": child, "plan": plan, "form": form, "changed": changed, "labels": PLAN_FIELD_LABELS, "title": _("Change the plan")},
    )


def plan_agree(request: HttpRequest, child_id: int, plan_id: int) -> HttpResponse:
    child, access, plan = _plan(request, child_id, plan_id, write=True)
    if not services.may_agree(request.user, child, access):
        raise PermissionDenied
    form = AgreeForm(_post(request), initial={"version": plan.version})
    if request.method == "POST" and form.is_valid():
        try:
            version = services.plan_agree(
                actor=request.user,  # type: ignore[arg-type]
                plan=plan,
                expected_version=form.cleaned_data.get("version") or 0,
                note=form.cleaned_data.get("note") or "",
            )
        except services.StaleEdit:
            form.add_error(None, _("Someone else changed the plan while you were reading it. Check the plan again, then agree it."))
            form_set_value(form, "version", str(Plan.objects.get(pk=plan.pk).version))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Plan agreed. Version %(number)s is kept and the owners of new actions have been told.") % {"number": version.number})
            return redirect("plans:detail", child.pk, plan.pk)
    plan.refresh_from_db()
    actions = list(plan.actions.current().select_related("owner", "owner_agency").order_by("due_on", "id"))
    problems = services.agreement_problems(plan, actions, timezone.localdate()) if plan.status != Plan.Status.ENDED else []
    comparison = None
    latest = plan.versions.order_by("-number").first()
    if latest is not None:
        comparison = selectors.versions_compare(latest.snapshot, selectors.working_snapshot(plan=plan))
    return render(
        request,
        "plans/agree.html",
        {"child": child, "plan": plan, "form": form, "problems": problems, "actions": actions, "comparison": comparison, "latest": latest},
    )


def plan_end(request: HttpRequest, child_id: int, plan_id: int) -> HttpResponse:
    child, access, plan = _plan(request, child_id, plan_id, write=True)
    if not services.may_agree(request.user, child, access):
        raise PermissionDenied
    form = ReasonForm(_post(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_end(actor=request.user, plan=plan, reason=form.cleaned_data["reason"])  # type: ignore[arg-type]
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The plan has ended. Its actions are no longer chased."))
            return redirect("plans:detail", child.pk, plan.pk)
    return render(request, "plans/simple_form.html", {"child": child, "plan": plan, "form": form, "title": _("End the plan")})


def version_detail(request: HttpRequest, child_id: int, plan_id: int, number: int) -> HttpResponse:
    child, access, plan = _plan(request, child_id, plan_id, action="cylch.plans.version.viewed")
    version = selectors.version_for(actor=request.user, plan=plan, number=number)
    snapshot = version.snapshot
    language = "cy" if (request.LANGUAGE_CODE or "en").startswith("cy") else "en"
    return render(
        request,
        "plans/version.html",
        {
            "child": child,
            "plan": plan,
            "version": version,
            "type_label": snapshot.get("plan_type_label", {}).get(language, ""),
            "fields": [(PLAN_FIELD_LABELS[k], v) for k, v in snapshot.get("fields", {}).items() if v and k in PLAN_FIELD_LABELS],
            "next_review_on": selectors.shown_value(snapshot.get("next_review_on"), "next_review_on"),
            "actions": selectors.shown_actions(snapshot),
        },
    )


def versions_compare(request: HttpRequest, child_id: int, plan_id: int) -> HttpResponse:
    child, access, plan = _plan(request, child_id, plan_id, action="cylch.plans.versions.compared")
    versions = {v.number: v for v in plan.versions.select_related("agreed_by")}
    numbers = sorted(versions)
    initial = {"old": numbers[-2] if len(numbers) > 1 else (numbers[0] if numbers else None), "new": numbers[-1] if numbers else None}
    form = CompareForm(request.GET or None, numbers=numbers, initial=initial)
    comparison = old = new = None
    if len(numbers) > 1 or request.GET:
        if request.GET and form.is_valid():
            old, new = versions[form.cleaned_data["old"]], versions[form.cleaned_data["new"]]
        elif not request.GET:
            old, new = versions[numbers[-2]], versions[numbers[-1]]
        if old is not None and new is not None:
            comparison = selectors.versions_compare(old.snapshot, new.snapshot)
    return render(
        request,
        "plans/compare.html",
        {"child": child, "plan": plan, "form": form, "comparison": comparison, "old": old, "new": new, "numbers": numbers},
    )


# --- Actions ------------------------------------------------------------------------


def action_add(request: HttpRequest, child_id: int, plan_id: int) -> HttpResponse:
    child, access, plan = _plan(request, child_id, plan_id, write=True)
    if plan.status == Plan.Status.ENDED:
        raise Http404
    agencies, people = _owner_choices(child)
    form = ActionForm(_post(request), agencies=agencies, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_add(actor=request.user, plan=plan, **form.values())  # type: ignore[arg-type]
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Action added to the plan."))
            if request.POST.get("another"):
                return redirect("plans:action_add", child.pk, plan.pk)
            return redirect("plans:detail", child.pk, plan.pk)
    return render(request, "plans/action_form.html", {"child": child, "plan": plan, "form": form, "title": _("Add an action")})


def action_edit(request: HttpRequest, child_id: int, plan_id: int, action_id: int) -> HttpResponse:
    child, access, plan = _plan(request, child_id, plan_id, write=True)
    action = selectors.action_for(actor=request.user, plan=plan, action_id=action_id)
    if not action.is_open or plan.status == Plan.Status.ENDED:
        raise Http404
    agencies, people = _owner_choices(child)
    initial = {
        "version": action.version,
        "what": action.what,
        "owner_agency": action.owner_agency_id or "",
        "owner": action.owner_id or "",
        "due_on": action.due_on,
    }
    form = ActionForm(_post(request), agencies=agencies, people=people, initial=initial)
    changed = None
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(
                actor=request.user, action=action, expected_version=form.cleaned_data.get("version") or 0, changes=form.values()  # type: ignore[arg-type]
            )
        except services.StaleEdit as stale:
            names = {"owner_agency": dict(agencies), "owner": dict(people)}
            changed = {
                k.removesuffix("_id"): {side: names.get(k.removesuffix("_id"), {}).get(value, value) for side, value in v.items()}
                for k, v in stale.changed.items()
            }
            form.add_error(None, _("Someone else saved changes to this action while you were editing. Your changes have not been saved. Check what they changed, then save again."))
            form_set_value(form, "version", str(PlanAction.objects.get(pk=action.pk).version))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Action saved."))
            return redirect("plans:detail", child.pk, plan.pk)
    return render(
        request, "plans/action_form.html", {"child": child, "plan": plan, "action": action, "form": form, "changed": changed, "title": _("Change an action")}
    )


def action_detail(request: HttpRequest, child_id: int, plan_id: int, action_id: int) -> HttpResponse:
    """The action, its progress and escalation history; people in the team record progress here."""
    child, access, plan = _plan(request, child_id, plan_id, action="cylch.plans.action.viewed")
    action = selectors.action_for(actor=request.user, plan=plan, action_id=action_id)
    can_record = access.can_write and action.is_open and action.agreed_on is not None and plan.status != Plan.Status.ENDED
    form = ProgressForm(_post(request), initial={"version": action.version, "status": action.status}) if can_record else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.action_progress_record(
                    actor=request.user,  # type: ignore[arg-type]
                    action=action,
                    expected_version=d.get("version") or 0,
                    status=d["status"],
                    note=d.get("note") or "",
                    evidence=d.get("evidence") or "",
                )
            except services.StaleEdit:
                form.add_error(None, _("Someone else recorded progress on this action while you were writing. Check the history below, then record yours again."))
                form_set_value(form, "version", str(PlanAction.objects.get(pk=action.pk).version))
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("Progress recorded."))
                return redirect("plans:action", child.pk, plan.pk, action.pk)
    history = selectors.action_history(actor=request.user, action=action)
    return render(
        request,
        "plans/action.html",
        {
            "child": child,
            "plan": plan,
            "action": action,
            "overdue": action.is_overdue(),
            "form": form,
            "history": history,
            "access": access,
            "step_labels": ESCALATION_STEP_LABELS,
        },
    )


def action_remove(request: HttpRequest, child_id: int, plan_id: int, action_id: int) -> HttpResponse:
    child, access, plan = _plan(request, child_id, plan_id, write=True)
    action = selectors.action_for(actor=request.user, plan=plan, action_id=action_id)
    if action.removed_at is not None or plan.status == Plan.Status.ENDED:
        raise Http404
    form = ReasonForm(_post(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.action_remove(actor=request.user, action=action, reason=form.cleaned_data["reason"])  # type: ignore[arg-type]
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The action has been removed from the plan. It is kept in the plan's history."))
            return redirect("plans:detail", child.pk, plan.pk)
    return render(
        request,
        "plans/simple_form.html",
        {"child": child, "plan": plan, "form": form, "title": _("Remove an action from the plan"), "quote": action.what},
    )


# --- Professional differences -------------------------------------------------------


def disagreement_list(request: HttpRequest, child_id: int) -> HttpResponse:
    child, access = rules.access_child(request.user, child_id, action="cylch.plans.disagreements.viewed")
    items = selectors.disagreements_for_child(actor=request.user, child=child)
    return render(
        request, "plans/disagreements.html", {"child": child, "access": access, "items": items, "levels": selectors.level_labels()}
    )


def disagreement_new(request: HttpRequest, child_id: int) -> HttpResponse:
    child, access = rules.access_child(request.user, child_id, write=True)
    plans = selectors.plans_for_child(actor=request.user, child=child)
    labels = dict(code_choices("plan_type"))
    plan_choices = [(p.pk, f"{labels.get(p.plan_type, p.plan_type)} ({p.get_status_display()})") for p in plans]
    actions = list(PlanAction.objects.current().filter(plan__child=child).order_by("plan_id", "due_on", "id"))
    action_choices = [(a.pk, a.what[:100]) for a in actions]
    form = DisagreementForm(_post(request), plans=plan_choices, actions=action_choices, initial=_draft_initial(request, {
        "plan": request.GET.get("plan", ""), "action": request.GET.get("action", ""),
    }))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        plan = next((p for p in plans if str(p.pk) == d.get("plan")), None)
        action = next((a for a in actions if str(a.pk) == d.get("action")), None)
        try:
            disagreement = services.disagreement_record(
                actor=request.user, child=child, about=d["about"], concern=d["concern"], plan=plan, action=action  # type: ignore[arg-type]
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            draft_discard(actor=request.user, form_key=request.path)  # type: ignore[arg-type]
            messages.success(request, _("The disagreement has been recorded. The lead professional has been told."))
            return redirect("plans:disagreement", child.pk, disagreement.pk)
    return render(request, "plans/disagreement_form.html", {"child": child, "form": form})


def disagreement_detail(request: HttpRequest, child_id: int, disagreement_id: int) -> HttpResponse:
    """The difference, each level it reached with its outcome; escalate or resolve it here."""
    child, access = rules.access_child(request.user, child_id, action="cylch.plans.disagreement.viewed")
    disagreement = selectors.disagreement_for(actor=request.user, child=child, disagreement_id=disagreement_id)
    is_open = disagreement.status == Disagreement.Status.OPEN and access.can_write
    chosen = request.POST.get("step") if request.method == "POST" else None
    today = timezone.localdate()
    initial = {"version": disagreement.version, "outcome_on": today}
    escalate_form = EscalateForm(request.POST if chosen == "escalate" else None, prefix="escalate", initial=initial) if is_open else None
    resolve_form = ResolveForm(request.POST if chosen == "resolve" else None, prefix="resolve", initial=initial) if is_open else None
    if request.method == "POST":
        if escalate_form is None or resolve_form is None or chosen not in {"escalate", "resolve"}:
            raise Http404
        form = escalate_form if chosen == "escalate" else resolve_form
        if form.is_valid():
            d = form.cleaned_data
            try:
                if chosen == "escalate":
                    services.disagreement_escalate(
                        actor=request.user,  # type: ignore[arg-type]
                        disagreement=disagreement,
                        expected_version=d.get("version") or 0,
                        outcome=d["outcome"],
                        outcome_on=d["outcome_on"],
                        reason=d["reason"],
                    )
                    messages.success(request, _("The disagreement has gone to the next level."))
                else:
                    services.disagreement_resolve(
                        actor=request.user,  # type: ignore[arg-type]
                        disagreement=disagreement,
                        expected_version=d.get("version") or 0,
                        outcome=d["outcome"],
                        outcome_on=d["outcome_on"],
                    )
                    messages.success(request, _("The disagreement is recorded as resolved."))
            except services.StaleEdit:
                form.add_error(None, _("Someone else moved this disagreement on while you were writing. Check where it stands, then try again."))
                form_set_value(form, f"{form.prefix}-version", str(Disagreement.objects.get(pk=disagreement.pk).version))
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                return redirect("plans:disagreement", child.pk, disagreement.pk)
    levels = selectors.level_labels()
    is_last_level = services.disagreement_next_level(disagreement.level) is None
    return render(
        request,
        "plans/disagreement.html",
        {
            "child": child,
            "disagreement": disagreement,
            "levels": levels,
            "escalate_form": None if is_last_level else escalate_form,
            "resolve_form": resolve_form,
            "is_last_level": is_last_level,
        },
    )
