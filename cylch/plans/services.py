"""Writes about plans, their actions and professional differences.

Every service takes the actor, checks access through cylch.access.rules, runs in
one transaction and writes its audit entry inside it. Nothing is deleted: an
action no longer wanted is removed from the plan but kept, and an agreed
version is never rewritten.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cylch.access import rules
from cylch.access.rules import Capability, ChildAccess
from cylch.audit.services import audit_record
from cylch.children.models import Child, Involvement
from cylch.children.services import StaleEdit
from cylch.chronology.services import chronology_record_event
from cylch.core.notices import notice_send
from cylch.core.reference_data import code_choices, policy
from cylch.organisations.models import Team
from cylch.people.models import Membership, Person, Role
from cylch.plans.models import (
    OPTIONAL_SECTIONS,
    PLAN_TEXT_FIELDS,
    ActionEscalation,
    ActionUpdate,
    Disagreement,
    DisagreementStage,
    Plan,
    PlanAction,
    PlanVersion,
)

logger = logging.getLogger(__name__)

PLAN_FIELDS = [*PLAN_TEXT_FIELDS, "next_review_on"]
ACTION_FIELDS = ["what", "owner_agency_id", "owner_id", "due_on"]
CHILD_WORKER_ROLES = [Role.PRACTITIONER, Role.TEAM_MANAGER, Role.SAFEGUARDING_LEAD]

__all__ = ["StaleEdit"]


class _Sentence:
    """A translated sentence with names filled in, rendered in whichever language is active."""

    def __init__(self, text: Any, **params: Any) -> None:
        self.text, self.params = text, params

    def __str__(self) -> str:
        return str(self.text) % {k: str(v) for k, v in self.params.items()}


class _CodeLabel:
    """A reference list entry's label in whichever language is active."""

    def __init__(self, list_name: str, code: str) -> None:
        self.list_name, self.code = list_name, code

    def __str__(self) -> str:
        from cylch.core.reference_data import code_label

        return code_label(self.list_name, self.code)


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.date) else value


def _date_text(value: datetime.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _require_write(actor: Any, child: Child) -> ChildAccess:
    access = rules.child_access(actor, child)
    if not access.can_write:
        raise Http404
    return access


def _acting_agency_id(actor: Any, child: Child, access: ChildAccess) -> int:
    """The actor's agency in the team around this child (or their first agency that works with children)."""
    agency_id = (
        Involvement.objects.active().filter(child=child, team_id__in=access.team_ids).values_list("agency_id", flat=True).first()
    )
    if agency_id is None:
        agencies = rules.agencies_where(actor, Capability.WORK_WITH_CHILDREN)
        if not agencies:
            raise Http404
        agency_id = min(agencies)
    return int(agency_id)


def _lead(child: Child) -> Involvement | None:
    return Involvement.objects.active().filter(child=child, is_lead=True).select_related("practitioner").first()


def may_agree(actor: Any, child: Child, access: ChildAccess) -> bool:
    """The lead professional or a manager overseeing an involved team agrees a plan;
    where no lead professional is named, anyone in the team around the child may."""
    if not access.can_write:
        return False
    if access.is_lead or access.oversees:
        return True
    return _lead(child) is None


def plan_sections(plan_type: str) -> list[str]:
    """The optional sections a plan type holds (configuration: policy "plan_type_sections")."""
    sections = policy("plan_type_sections").get(plan_type, [])
    return [s for s in sections if s in OPTIONAL_SECTIONS]


def _check_plan_type(plan_type: str) -> None:
    if plan_type not in dict(code_choices("plan_type")):
        raise ValidationError({"plan_type": _("Choose the type of plan.")})


def _check_review_date(next_review_on: datetime.date | None) -> None:
    if next_review_on is not None and next_review_on < timezone.localdate():
        raise ValidationError({"next_review_on": _("The next review date must be today or in the future.")})


def _check_open(plan: Plan) -> None:
    if plan.status == Plan.Status.ENDED:
        raise ValidationError(_("This plan has ended and can no longer be changed."))


# --- Plans -------------------------------------------------------------------------


def plan_create(*, actor: Person, child: Child, plan_type: str, values: dict[str, Any]) -> Plan:
    """Start a draft plan. Nothing is in force until the plan is agreed."""
    access = _require_write(actor, child)
    _check_plan_type(plan_type)
    values = {k: v for k, v in values.items() if k in PLAN_FIELDS}
    _check_review_date(values.get("next_review_on"))
    agency_id = _acting_agency_id(actor, child, access)
    with transaction.atomic():
        plan = Plan.objects.create(
            child=child,
            plan_type=plan_type,
            lead_agency_id=agency_id,
            created_by=actor,
            **{k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()},
        )
        audit_record(
            actor=actor,
            action="cylch.plans.plan.created",
            subject=plan,
            child_id=child.pk,
            agency_id=agency_id,
            changes={"plan_type": plan_type},
        )
    return plan


def plan_update(*, actor: Person, plan: Plan, expected_version: int, changes: dict[str, Any]) -> Plan:
    """Save edits to the working copy only over the version the person loaded."""
    _require_write(actor, plan.child)
    _check_open(plan)
    changes = {k: (v.strip() if isinstance(v, str) else v) for k, v in changes.items() if k in PLAN_FIELDS}
    if "next_review_on" in changes and changes["next_review_on"] != plan.next_review_on:
        _check_review_date(changes["next_review_on"])
    with transaction.atomic():
        current = Plan.objects.select_for_update().get(pk=plan.pk)
        old = {f: getattr(current, f) for f in PLAN_FIELDS}
        if current.version != expected_version:
            raise StaleEdit(
                current=old,
                changed={f: {"yours": changes.get(f), "theirs": old[f]} for f in changes if old[f] != changes.get(f)},
            )
        real = {k: v for k, v in changes.items() if old[k] != v}
        extra: dict[str, Any] = {}
        if real and current.status == Plan.Status.AGREED:
            extra["changed_since_agreed"] = True
        # The conditional update is what prevents a lost update even without row locks (SQLite).
        updated = Plan.objects.filter(pk=plan.pk, version=expected_version).update(version=F("version") + 1, **changes, **extra)
        if updated != 1:
            raise StaleEdit(current=old, changed={})
        audit_record(
            actor=actor,
            action="cylch.plans.plan.updated",
            subject=current,
            child_id=current.child_id,
            changes={k: {"old": _jsonable(old[k]), "new": _jsonable(v)} for k, v in real.items()},
        )
    current.refresh_from_db()
    return current


def _people_in_team_around(child: Child) -> dict[int, set[int]]:
    """person id -> the ids of involved teams they belong to (current memberships, roles that work with children)."""
    team_ids = Involvement.objects.active().filter(child=child).values("team_id")
    people: dict[int, set[int]] = {}
    for person_id, team_id in Membership.objects.current().filter(
        team_id__in=team_ids, role__in=CHILD_WORKER_ROLES, person__is_active=True
    ).values_list("person_id", "team_id"):
        people.setdefault(person_id, set()).add(team_id)
    return people


def _resolve_owner(child: Child, owner_agency_id: int | None, owner_id: int | None) -> tuple[int | None, int | None, int | None]:
    """Check the owning agency and named person belong to the team around the child.
    Returns (agency id, person id, team id)."""
    involved = Involvement.objects.active().filter(child=child)
    if owner_agency_id is not None and not involved.filter(agency_id=owner_agency_id).exists():
        raise ValidationError({"owner_agency": _("Choose an agency that is part of the team around the child.")})
    if owner_id is None:
        return owner_agency_id, None, None
    teams = Team.objects.filter(pk__in=_people_in_team_around(child).get(owner_id, set()))
    if owner_agency_id is not None:
        teams = teams.filter(agency_id=owner_agency_id)
    team = teams.order_by("pk").first()
    if team is None:
        if owner_agency_id is not None:
            raise ValidationError(
                {"owner": _("The named person must work for the owning agency, in a team that is part of the team around the child.")}
            )
        raise ValidationError({"owner": _("The named person must be in a team that is part of the team around the child.")})
    return team.agency_id, owner_id, team.pk


def _check_due(due_on: datetime.date | None, *, agreed_on: datetime.date | None) -> None:
    """An action cannot fall due before it is agreed: not before the day it was agreed,
    and, while it waits to be agreed, not before today."""
    if due_on is None:
        return
    if agreed_on is not None and due_on < agreed_on:
        raise ValidationError(
            {"due_on": _("The due date cannot be before the action was agreed on %(date)s.") % {"date": agreed_on.strftime("%d/%m/%Y")}}
        )
    if agreed_on is None and due_on < timezone.localdate():
        raise ValidationError(
            {"due_on": _("The due date cannot be before the action is agreed. Enter today's date or a later one.")}
        )


def _mark_changed(plan: Plan) -> None:
    if plan.status == Plan.Status.AGREED:
        Plan.objects.filter(pk=plan.pk).update(changed_since_agreed=True, version=F("version") + 1)


def action_add(
    *,
    actor: Person,
    plan: Plan,
    what: str,
    owner_agency_id: int | None = None,
    owner_id: int | None = None,
    due_on: datetime.date | None = None,
) -> PlanAction:
    """Add an action. It may be drafted without an owner or a date, but cannot be agreed so."""
    _require_write(actor, plan.child)
    _check_open(plan)
    if not what.strip():
        raise ValidationError({"what": _("Enter what will be done.")})
    _check_due(due_on, agreed_on=None)
    agency_id, person_id, team_id = _resolve_owner(plan.child, owner_agency_id, owner_id)
    with transaction.atomic():
        action = PlanAction.objects.create(
            plan=plan,
            what=what.strip(),
            owner_agency_id=agency_id,
            owner_id=person_id,
            owner_team_id=team_id,
            due_on=due_on,
            created_by=actor,
        )
        _mark_changed(plan)
        audit_record(
            actor=actor,
            action="cylch.plans.action.added",
            subject=action,
            child_id=plan.child_id,
            changes={"plan": plan.pk, "owner_agency": agency_id, "owner": person_id, "due_on": _jsonable(due_on)},
        )
    return action


def action_update(*, actor: Person, action: PlanAction, expected_version: int, changes: dict[str, Any]) -> PlanAction:
    """Change what an action is, who owns it or when it is due, over the version the person loaded."""
    plan = action.plan
    _require_write(actor, plan.child)
    _check_open(plan)
    if not action.is_open:
        raise ValidationError(_("This action is closed and can no longer be changed."))
    changes = {k: v for k, v in changes.items() if k in ACTION_FIELDS}
    if "what" in changes:
        changes["what"] = str(changes["what"] or "").strip()
        if not changes["what"]:
            raise ValidationError({"what": _("Enter what will be done.")})
    with transaction.atomic():
        current = PlanAction.objects.select_for_update().get(pk=action.pk)
        old = {f: getattr(current, f) for f in ACTION_FIELDS}
        if current.version != expected_version:
            raise StaleEdit(
                current=old,
                changed={f: {"yours": changes.get(f), "theirs": old[f]} for f in changes if old[f] != changes.get(f)},
            )
        new = old | changes
        if current.agreed_on is not None and (new["owner_id"] is None or new["due_on"] is None):
            raise ValidationError(_("An agreed action must keep a named owner and a due date."))
        if new["due_on"] != old["due_on"]:
            _check_due(new["due_on"], agreed_on=current.agreed_on)
        agency_id, person_id, team_id = _resolve_owner(plan.child, new["owner_agency_id"], new["owner_id"])
        new["owner_agency_id"], new["owner_id"] = agency_id, person_id
        real = {k: v for k, v in new.items() if old[k] != v}
        updated = PlanAction.objects.filter(pk=action.pk, version=expected_version).update(
            version=F("version") + 1, owner_team_id=team_id, **new
        )
        if updated != 1:
            raise StaleEdit(current=old, changed={})
        if real:
            _mark_changed(plan)
        audit_record(
            actor=actor,
            action="cylch.plans.action.updated",
            subject=current,
            child_id=plan.child_id,
            changes={k: {"old": _jsonable(old[k]), "new": _jsonable(v)} for k, v in real.items()},
        )
    current.refresh_from_db()
    return current


def action_remove(*, actor: Person, action: PlanAction, reason: str) -> PlanAction:
    """Take an action out of the plan. It is kept, marked removed, and the next agreed version leaves it out."""
    plan = action.plan
    _require_write(actor, plan.child)
    _check_open(plan)
    if action.removed_at is not None:
        raise ValidationError(_("This action has already been removed."))
    if action.status == PlanAction.Status.DONE:
        raise ValidationError(_("A completed action stays in the plan as a record of what was done."))
    if not reason.strip():
        raise ValidationError({"reason": _("Enter why the action is being removed.")})
    with transaction.atomic():
        PlanAction.objects.filter(pk=action.pk).update(
            removed_at=timezone.now(), removed_reason=reason.strip(), version=F("version") + 1
        )
        _mark_changed(plan)
        audit_record(actor=actor, action="cylch.plans.action.removed", subject=action, child_id=plan.child_id, reason=reason.strip())
    action.refresh_from_db()
    return action


def action_progress_record(
    *, actor: Person, action: PlanAction, expected_version: int, status: str, note: str = "", evidence: str = ""
) -> PlanAction:
    """Record progress on an agreed action; completing it needs evidence, cancelling it a reason."""
    plan = action.plan
    _require_write(actor, plan.child)
    _check_open(plan)
    if action.agreed_on is None or action.removed_at is not None:
        raise ValidationError(_("Progress can only be recorded on an action in an agreed plan."))
    if not action.is_open:
        raise ValidationError(_("This action is closed: it is done or cancelled."))
    if status not in PlanAction.Status.values:
        raise ValidationError({"status": _("Choose the status of the action.")})
    note, evidence = note.strip(), evidence.strip()
    if status == PlanAction.Status.DONE and not evidence:
        raise ValidationError({"evidence": _("Describe the evidence that the action is done.")})
    if status == PlanAction.Status.CANCELLED and not note:
        raise ValidationError({"note": _("Enter why the action is cancelled.")})
    if status == action.status and not note:
        raise ValidationError({"note": _("Describe the progress made, or choose a new status.")})
    today = timezone.localdate()
    with transaction.atomic():
        fields: dict[str, Any] = {"status": status}
        if status == PlanAction.Status.DONE:
            fields |= {"evidence": evidence, "completed_on": today}
        updated = PlanAction.objects.filter(pk=action.pk, version=expected_version).update(version=F("version") + 1, **fields)
        if updated != 1:
            current = PlanAction.objects.get(pk=action.pk)
            raise StaleEdit(current={"status": current.status}, changed={"status": {"yours": status, "theirs": current.status}})
        ActionUpdate.objects.create(action=action, status=status, note=note or evidence, recorded_by=actor)
        audit_record(
            actor=actor,
            action="cylch.plans.action.completed" if status == PlanAction.Status.DONE else "cylch.plans.action.progress_recorded",
            subject=action,
            child_id=plan.child_id,
            changes={"status": {"old": action.status, "new": status}},
        )
    action.refresh_from_db()
    return action


# --- Agreeing a plan ---------------------------------------------------------------


def plan_snapshot(plan: Plan, actions: list[PlanAction]) -> dict[str, Any]:
    """What an agreed version keeps: the plan's text and every action, names in both languages."""
    from cylch.core.models import ReferenceCode

    label = ReferenceCode.objects.filter(list_name="plan_type", code=plan.plan_type).first()
    return {
        "plan_type": plan.plan_type,
        "plan_type_label": {"en": label.label_en if label else plan.plan_type, "cy": label.label_cy if label else plan.plan_type},
        "fields": {f: getattr(plan, f) for f in PLAN_TEXT_FIELDS},
        "next_review_on": _jsonable(plan.next_review_on),
        "actions": [
            {
                "id": a.pk,
                "what": a.what,
                "owner_agency": (
                    {"id": a.owner_agency_id, "en": a.owner_agency.name_en, "cy": a.owner_agency.name_cy} if a.owner_agency else None
                ),
                "owner": {"id": a.owner_id, "name": a.owner.full_name} if a.owner else None,
                "due_on": _jsonable(a.due_on),
                "status": a.status,
                "agreed_on": _jsonable(a.agreed_on),
            }
            for a in actions
        ],
    }


def agreement_problems(plan: Plan, actions: list[PlanAction], today: datetime.date) -> list[str]:
    """Why the plan cannot be agreed as it stands; empty when it can."""
    problems: list[str] = []
    if not plan.personal_outcomes.strip():
        problems.append(_("Write the personal outcomes: what matters to the child, in their own words."))
    if not plan.needs.strip():
        problems.append(_("Write the needs the plan will meet."))
    if plan.next_review_on is None:
        problems.append(_("Set the next review date."))
    elif plan.next_review_on < today:
        problems.append(_("The next review date has passed: set a new one."))
    if not actions:
        problems.append(_("Add at least one action."))
    no_owner = [a for a in actions if a.owner_id is None or a.owner_agency_id is None]
    no_date = [a for a in actions if a.due_on is None]
    if no_owner:
        problems.append(
            _("These actions have no owning agency and named person: %(actions)s. Every action needs both before the plan can be agreed.")
            % {"actions": "; ".join(f"“{a.what[:80]}”" for a in no_owner)}
        )
    if no_date:
        problems.append(
            _("These actions have no due date: %(actions)s. Every action needs one before the plan can be agreed.")
            % {"actions": "; ".join(f"“{a.what[:80]}”" for a in no_date)}
        )
    early = [a for a in actions if a.due_on is not None and a.due_on < (a.agreed_on or today)]
    if early:
        problems.append(
            _("These actions would be due before the date they are agreed: %(actions)s. Give them a due date of today or later.")
            % {"actions": "; ".join(f"“{a.what[:80]}”" for a in early)}
        )
    return problems


def _current_actions(plan: Plan) -> list[PlanAction]:
    return list(plan.actions.current().select_related("owner", "owner_agency").order_by("due_on", "id"))


def plan_agree(*, actor: Person, plan: Plan, expected_version: int, note: str = "") -> PlanVersion:
    """Agree the plan as it stands: every action owned and dated, an immutable version kept,
    the chronology told, and each owner told of the actions newly theirs."""
    access = _require_write(actor, plan.child)
    if not may_agree(actor, plan.child, access):
        raise PermissionDenied
    _check_open(plan)
    today = timezone.localdate()
    with transaction.atomic():
        current = Plan.objects.select_for_update().select_related("child").get(pk=plan.pk)
        if current.version != expected_version:
            raise StaleEdit(current={}, changed={})
        if current.status == Plan.Status.AGREED and not current.changed_since_agreed:
            raise ValidationError(_("Nothing has changed since the plan was last agreed."))
        actions = _current_actions(current)
        problems = agreement_problems(current, actions, today)
        if problems:
            raise ValidationError(problems)
        newly_agreed = [a for a in actions if a.agreed_on is None]
        PlanAction.objects.filter(pk__in=[a.pk for a in newly_agreed]).update(agreed_on=today, version=F("version") + 1)
        for a in newly_agreed:
            a.agreed_on = today
        number = current.agreed_version + 1
        updated = Plan.objects.filter(pk=current.pk, version=expected_version).update(
            status=Plan.Status.AGREED, agreed_version=number, changed_since_agreed=False, version=F("version") + 1
        )
        if updated != 1:
            raise StaleEdit(current={}, changed={})
        version = PlanVersion.objects.create(
            plan=current,
            number=number,
            agreed_on=today,
            agreed_by=actor,
            note=note.strip(),
            snapshot=plan_snapshot(current, actions) | {"agreed_on": today.isoformat(), "agreed_by": actor.full_name},
        )
        chronology_record_event(
            child=current.child,
            occurred_at=timezone.now(),
            entry_type="plan",
            summary=_Sentence(
                gettext_lazy("Plan agreed: %(plan_type)s, version %(number)s"),
                plan_type=_CodeLabel("plan_type", current.plan_type),
                number=number,
            ),
            source_agency_id=_acting_agency_id(actor, current.child, access),
            origin=version,
            significance="significant",
            author=actor,
        )
        audit_record(
            actor=actor,
            action="cylch.plans.plan.agreed",
            subject=current,
            child_id=current.child_id,
            reason=note.strip(),
            changes={"version": number, "actions": len(actions), "newly_agreed": [a.pk for a in newly_agreed]},
        )
        link = reverse("plans:detail", args=[current.child_id, current.pk])
        for a in newly_agreed:
            if a.owner is not None and a.owner.is_active and a.owner_id != actor.pk:
                notice_send(
                    recipient=a.owner,
                    kind="cylch.plans.action.assigned",
                    params={"child": current.child.display_name, "action": a.what[:200], "due": _date_text(a.due_on)},
                    link=link,
                    dedupe_key=f"plan-action-assigned-{a.pk}",
                )
    return version


def plan_end(*, actor: Person, plan: Plan, reason: str) -> Plan:
    """End a plan (for example at de-registration). Its actions stop being chased."""
    access = _require_write(actor, plan.child)
    if not may_agree(actor, plan.child, access):
        raise PermissionDenied
    _check_open(plan)
    if not reason.strip():
        raise ValidationError({"reason": _("Enter why the plan is ending.")})
    today = timezone.localdate()
    with transaction.atomic():
        Plan.objects.filter(pk=plan.pk).update(
            status=Plan.Status.ENDED, ended_on=today, end_reason=reason.strip(), version=F("version") + 1
        )
        plan.refresh_from_db()
        chronology_record_event(
            child=plan.child,
            occurred_at=timezone.now(),
            entry_type="plan",
            summary=_Sentence(gettext_lazy("Plan ended: %(plan_type)s"), plan_type=_CodeLabel("plan_type", plan.plan_type)),
            source_agency_id=_acting_agency_id(actor, plan.child, access),
            origin=plan,
            significance="significant",
            author=actor,
        )
        audit_record(actor=actor, action="cylch.plans.plan.ended", subject=plan, child_id=plan.child_id, reason=reason.strip())
    return plan


# --- The escalation ladder for overdue actions ----------------------------------------


def _days_overdue(due_on: datetime.date, today: datetime.date) -> int:
    """Day 0 is the first day after the due date."""
    return (today - due_on).days - 1


def _ladder() -> list[dict[str, Any]]:
    steps = [s for s in policy("action_escalation_ladder") if s.get("step") in ESCALATION_STEPS]
    return sorted(steps, key=lambda s: int(s["days_overdue"]))


ESCALATION_STEPS = ("owner_reminder", "team_manager", "safeguarding_lead")


def _people_with_role(role: str, *, team_id: int | None = None, agency_id: int | None = None) -> list[Person]:
    memberships = Membership.objects.current().filter(role=role)
    if team_id is not None:
        memberships = memberships.filter(team_id=team_id)
    elif agency_id is not None:
        memberships = memberships.filter(team__agency_id=agency_id)
    else:
        return []
    return list(Person.objects.filter(pk__in=memberships.values("person_id"), is_active=True).order_by("pk"))


def _escalation_recipients(action: PlanAction, step: str) -> list[Person]:
    if step == "owner_reminder":
        return [action.owner] if action.owner is not None and action.owner.is_active else []
    if step == "team_manager":
        managers = _people_with_role(Role.TEAM_MANAGER, team_id=action.owner_team_id)
        if managers:
            return managers
        # A team without a manager: the step still reaches someone accountable.
        return _people_with_role(Role.SAFEGUARDING_LEAD, agency_id=action.owner_agency_id)
    return _people_with_role(Role.SAFEGUARDING_LEAD, agency_id=action.owner_agency_id)


def _escalate_one(action: PlanAction, step: str, days: int, now: datetime.datetime) -> bool:
    """Take one step for one action, once. The escalation row, its audit entry and its
    notices commit together, so a crash leaves the step either wholly taken or not at all."""
    assert action.due_on is not None
    recipients = _escalation_recipients(action, step)
    child = action.plan.child
    try:
        with transaction.atomic():
            escalation = ActionEscalation.objects.create(
                action=action,
                step=step,
                due_on=action.due_on,
                days_overdue=days,
                at=now,
                recipients=[{"id": p.pk, "name": p.full_name} for p in recipients],
            )
            audit_record(
                actor=None,
                action="cylch.plans.action.escalated",
                subject=action,
                child_id=child.pk,
                changes={"step": step, "days_overdue": days, "recipients": [p.pk for p in recipients]},
            )
            link = reverse("plans:action", args=[child.pk, action.plan_id, action.pk])
            for person in recipients:
                agency = action.owner_agency
                notice_send(
                    recipient=person,
                    kind=f"cylch.plans.action.overdue.{step}",
                    params={
                        "child": child.display_name,
                        "action": action.what[:200],
                        "due": _date_text(action.due_on),
                        "owner": action.owner.full_name if action.owner else "",
                        "agency": (agency.name_cy if person.language == "cy" else agency.name_en) if agency else "",
                    },
                    link=link,
                    dedupe_key=f"plan-action-{action.pk}-{action.due_on.isoformat()}-{step}-{person.pk}",
                )
    except IntegrityError:
        return False  # this step was taken by an earlier run
    if not escalation.recipients:
        logger.warning("Overdue action %s: nobody to tell at step %s", action.pk, step)
    return True


def actions_escalate(*, now: datetime.datetime | None = None) -> int:
    """Climb the escalation ladder for every overdue agreed action. Each step is taken once
    per due date; a step that fails is logged and the rest carry on, and the next run
    picks up whatever was missed. Returns the number of steps taken."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    ladder = _ladder()
    if not ladder:
        return 0
    taken = 0
    overdue = (
        PlanAction.objects.overdue(today)
        .select_related("plan__child", "owner", "owner_agency")
        .prefetch_related("escalations")
        .order_by("due_on", "pk")
    )
    for action in overdue.iterator(chunk_size=200):
        assert action.due_on is not None
        days = _days_overdue(action.due_on, today)
        done = {(e.step, e.due_on) for e in action.escalations.all()}
        for step in ladder:
            if days < int(step["days_overdue"]) or (step["step"], action.due_on) in done:
                continue
            try:
                taken += int(_escalate_one(action, step["step"], days, now))
            except Exception:
                logger.exception("Could not take escalation step %s for plan action %s", step["step"], action.pk)
                break  # the later steps wait for the next run, so the ladder stays in order
    return taken


# --- Professional differences ---------------------------------------------------------


def _levels() -> list[str]:
    """The escalation levels in order (reference list "disagreement_level")."""
    return [code for code, _label in code_choices("disagreement_level")]


def disagreement_next_level(level: str) -> str | None:
    """The level in use after this one (an administrator may retire levels), or None at the last."""
    from cylch.core.models import ReferenceCode

    entries = list(ReferenceCode.objects.filter(list_name="disagreement_level").order_by("order", "pk"))
    position = next((n for n, entry in enumerate(entries) if entry.code == level), None)
    if position is None:
        return None
    return next((entry.code for entry in entries[position + 1 :] if entry.is_active), None)


def _tell_lead(child: Child, *, actor: Person, kind: str, params: dict[str, Any], link: str, key: str) -> None:
    lead = _lead(child)
    if lead is not None and lead.practitioner is not None and lead.practitioner.is_active and lead.practitioner_id != actor.pk:
        notice_send(recipient=lead.practitioner, kind=kind, params=params, link=link, dedupe_key=f"{key}-{lead.practitioner_id}")


def disagreement_record(
    *, actor: Person, child: Child, about: str, concern: str, plan: Plan | None = None, action: PlanAction | None = None
) -> Disagreement:
    """Anyone in the team around the child may record a difference about a decision or an action."""
    access = _require_write(actor, child)
    if plan is not None and plan.child_id != child.pk:
        raise ValidationError({"plan": _("Choose one of this child's plans.")})
    if action is not None and action.plan.child_id != child.pk:
        raise ValidationError({"action": _("Choose an action in one of this child's plans.")})
    if action is not None and plan is not None and action.plan_id != plan.pk:
        raise ValidationError({"action": _("Choose an action in the plan chosen.")})
    if action is not None and plan is None:
        plan = action.plan
    if not about.strip():
        raise ValidationError({"about": _("Say which decision or action you disagree with.")})
    if not concern.strip():
        raise ValidationError({"concern": _("Describe the disagreement and why it matters for the child.")})
    levels = _levels()
    if not levels:
        raise ValidationError(_("No escalation levels are configured. Ask an administrator."))
    agency_id = _acting_agency_id(actor, child, access)
    with transaction.atomic():
        disagreement = Disagreement.objects.create(
            child=child,
            plan=plan,
            action=action,
            about=about.strip()[:300],
            concern=concern.strip(),
            raised_by=actor,
            raised_by_agency_id=agency_id,
            level=levels[0],
        )
        DisagreementStage.objects.create(disagreement=disagreement, level=levels[0], started_by=actor)
        audit_record(
            actor=actor,
            action="cylch.plans.disagreement.recorded",
            subject=disagreement,
            child_id=child.pk,
            agency_id=agency_id,
            changes={"plan": plan.pk if plan else None, "action": action.pk if action else None, "level": levels[0]},
        )
        _tell_lead(
            child,
            actor=actor,
            kind="cylch.plans.disagreement.recorded",
            params={"person": actor.full_name, "child": child.display_name, "about": disagreement.about},
            link=reverse("plans:disagreement", args=[child.pk, disagreement.pk]),
            key=f"disagreement-{disagreement.pk}-recorded",
        )
    return disagreement


def _locked_open(disagreement: Disagreement, expected_version: int) -> Disagreement:
    current = Disagreement.objects.select_for_update().get(pk=disagreement.pk)
    if current.status != Disagreement.Status.OPEN:
        raise ValidationError(_("This disagreement has already been resolved."))
    if current.version != expected_version:
        raise StaleEdit(current={"level": current.level}, changed={"level": {"yours": disagreement.level, "theirs": current.level}})
    return current


def _close_stage(disagreement: Disagreement, *, actor: Person, outcome: str, outcome_on: datetime.date) -> None:
    stage = disagreement.stages.filter(outcome_on__isnull=True).order_by("-started_at", "-id").first()
    if stage is None:  # pragma: no cover - every open disagreement has an open stage
        stage = DisagreementStage.objects.create(disagreement=disagreement, level=disagreement.level, started_by=actor)
    stage.outcome, stage.outcome_on, stage.outcome_by = outcome, outcome_on, actor
    stage.save(update_fields=["outcome", "outcome_on", "outcome_by"])


def _check_outcome(outcome: str, outcome_on: datetime.date, disagreement: Disagreement) -> None:
    if not outcome.strip():
        raise ValidationError({"outcome": _("Record the outcome at this level.")})
    if outcome_on > timezone.localdate():
        raise ValidationError({"outcome_on": _("The date of the outcome must be today or in the past.")})
    if outcome_on < timezone.localdate(disagreement.raised_at):
        raise ValidationError({"outcome_on": _("The date of the outcome cannot be before the disagreement was recorded.")})


def disagreement_escalate(
    *, actor: Person, disagreement: Disagreement, expected_version: int, outcome: str, outcome_on: datetime.date, reason: str
) -> Disagreement:
    """Record the outcome at the current level and take the difference to the next one."""
    child = disagreement.child
    _require_write(actor, child)
    _check_outcome(outcome, outcome_on, disagreement)
    if not reason.strip():
        raise ValidationError({"reason": _("Enter why the disagreement needs to go to the next level.")})
    with transaction.atomic():
        current = _locked_open(disagreement, expected_version)
        next_level = disagreement_next_level(current.level)
        if next_level is None:
            raise ValidationError(_("This is the last level of escalation. Record the resolution instead."))
        _close_stage(current, actor=actor, outcome=outcome.strip(), outcome_on=outcome_on)
        DisagreementStage.objects.create(disagreement=current, level=next_level, started_by=actor, reason=reason.strip())
        Disagreement.objects.filter(pk=current.pk).update(level=next_level, version=F("version") + 1)
        audit_record(
            actor=actor,
            action="cylch.plans.disagreement.escalated",
            subject=current,
            child_id=child.pk,
            reason=reason.strip(),
            changes={"from": current.level, "to": next_level},
        )
        _tell_lead(
            child,
            actor=actor,
            kind="cylch.plans.disagreement.escalated",
            params={"child": child.display_name, "about": current.about},
            link=reverse("plans:disagreement", args=[child.pk, current.pk]),
            key=f"disagreement-{current.pk}-to-{next_level}",
        )
    current.refresh_from_db()
    return current


def disagreement_resolve(
    *, actor: Person, disagreement: Disagreement, expected_version: int, outcome: str, outcome_on: datetime.date
) -> Disagreement:
    """Record how the difference was resolved, at the level it reached."""
    child = disagreement.child
    _require_write(actor, child)
    _check_outcome(outcome, outcome_on, disagreement)
    with transaction.atomic():
        current = _locked_open(disagreement, expected_version)
        _close_stage(current, actor=actor, outcome=outcome.strip(), outcome_on=outcome_on)
        Disagreement.objects.filter(pk=current.pk).update(
            status=Disagreement.Status.RESOLVED, resolved_on=outcome_on, resolution=outcome.strip(), version=F("version") + 1
        )
        audit_record(
            actor=actor,
            action="cylch.plans.disagreement.resolved",
            subject=current,
            child_id=child.pk,
            changes={"level": current.level, "resolved_on": outcome_on.isoformat()},
        )
        raiser = current.raised_by
        if raiser.is_active and raiser.pk != actor.pk:
            notice_send(
                recipient=raiser,
                kind="cylch.plans.disagreement.resolved",
                params={"child": child.display_name, "about": current.about},
                link=reverse("plans:disagreement", args=[child.pk, current.pk]),
                dedupe_key=f"disagreement-{current.pk}-resolved-{raiser.pk}",
            )
    current.refresh_from_db()
    return current


# Which plan an action agreed at a meeting belongs in, when the child has no open plan yet.
MEETING_PLAN_TYPE = {
    "initial_conference": "child_protection",
    "review_conference": "child_protection",
    "transfer_in_conference": "child_protection",
    "core_group": "child_protection",
    "lac_review": "looked_after",
    "team_around_family": "team_around_the_family",
}


def plan_action_from_meeting(*, actor: Person, action: Any) -> PlanAction | None:
    """An action agreed at a meeting becomes an action of the child's plan (a draft plan is
    started when the child has none open). Called inside the meeting's transaction."""
    child = action.child
    if child is None:
        return None
    wanted = MEETING_PLAN_TYPE.get(action.meeting.meeting_type, "care_and_support")
    open_plans = Plan.objects.filter(child=child).exclude(status=Plan.Status.ENDED).order_by("-created_at")
    plan = open_plans.filter(plan_type=wanted).first() or open_plans.first()
    if plan is None:
        plan = plan_create(actor=actor, child=child, plan_type=wanted, values={})
    return action_add(
        actor=actor,
        plan=plan,
        what=action.what,
        owner_agency_id=action.owner_agency_id,
        owner_id=action.owner_person_id,
        due_on=action.due_on,
    )
