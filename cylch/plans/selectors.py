"""Reads about plans, actions and professional differences. Pages of a child reach these
only after cylch.access.rules.access_child; lists across children narrow by who asks."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import BooleanField, Case, Count, Min, Prefetch, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language

from cylch.access import rules
from cylch.access.rules import ChildAccess
from cylch.core.reference_data import code_choices
from cylch.people.models import Membership
from cylch.plans import services
from cylch.plans.models import (
    ACTION_FIELD_LABELS,
    PLAN_FIELD_LABELS,
    PLAN_TEXT_FIELDS,
    ActionEscalation,
    Disagreement,
    DisagreementStage,
    Plan,
    PlanAction,
    PlanVersion,
)


def _id(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


# --- A child's plans ------------------------------------------------------------------


def plans_for_child(*, actor: Any, child: Any) -> list[Plan]:
    """The child's plans, newest first, with the number of open and overdue actions."""
    today = timezone.localdate()
    in_force = Q(actions__removed_at__isnull=True, actions__status__in=[PlanAction.Status.NOT_STARTED, PlanAction.Status.IN_PROGRESS])
    return list(
        Plan.objects.filter(child=child)
        .select_related("lead_agency")
        .annotate(
            open_actions=Count("actions", filter=in_force),
            overdue_actions=Count(
                "actions", filter=in_force & Q(actions__agreed_on__isnull=False, actions__due_on__lt=today)
            ),
        )
        .order_by(Case(When(status=Plan.Status.ENDED, then=Value(1)), default=Value(0)), "-created_at", "-id")
    )


def plan_for(*, actor: Any, child: Any, plan_id: Any) -> Plan:
    plan = Plan.objects.filter(child=child, pk=_id(plan_id)).select_related("child", "lead_agency").first()
    if plan is None:
        raise Http404
    return plan


def action_for(*, actor: Any, plan: Plan, action_id: Any) -> PlanAction:
    action = (
        PlanAction.objects.filter(plan=plan, pk=_id(action_id))
        .select_related("plan__child", "owner", "owner_agency", "owner_team")
        .first()
    )
    if action is None:
        raise Http404
    return action


@dataclass
class PlanPage:
    plan: Plan
    plan_type_label: str
    sections: list[str]
    actions: list[PlanAction]
    removed_actions: list[PlanAction]
    versions: list[PlanVersion]
    open_disagreements: int
    may_agree: bool
    today: datetime.date
    overdue_count: int = 0
    field_labels: dict[str, Any] = field(default_factory=lambda: PLAN_FIELD_LABELS)


def plan_page(*, actor: Any, plan: Plan, access: ChildAccess) -> PlanPage:
    """Everything the plan page shows, in a fixed number of queries however many actions it has."""
    today = timezone.localdate()
    escalations = Prefetch("escalations", queryset=ActionEscalation.objects.order_by("at", "id"))
    actions = list(
        plan.actions.select_related("owner", "owner_agency", "owner_team").prefetch_related(escalations).order_by("due_on", "id")
    )
    current = [a for a in actions if a.removed_at is None]
    for action in current:
        action.overdue = action.is_overdue(today)  # type: ignore[attr-defined]
    labels = dict(code_choices("plan_type"))
    return PlanPage(
        plan=plan,
        plan_type_label=labels.get(plan.plan_type, plan.plan_type),
        sections=services.plan_sections(plan.plan_type),
        actions=current,
        removed_actions=[a for a in actions if a.removed_at is not None],
        versions=list(plan.versions.select_related("agreed_by").order_by("-number")),
        open_disagreements=plan.disagreements.filter(status=Disagreement.Status.OPEN).count(),
        may_agree=services.may_agree(actor, plan.child, access) and plan.status != Plan.Status.ENDED,
        today=today,
        overdue_count=len([a for a in current if a.overdue]),  # type: ignore[attr-defined]
    )


def action_history(*, actor: Any, action: PlanAction) -> dict[str, list[Any]]:
    return {
        "updates": list(action.updates.select_related("recorded_by").order_by("-recorded_at", "-id")),
        "escalations": list(action.escalations.order_by("at", "id")),
    }


# --- Agreed versions and their comparison ---------------------------------------------


def version_for(*, actor: Any, plan: Plan, number: Any) -> PlanVersion:
    version = plan.versions.filter(number=_id(number)).select_related("agreed_by").first()
    if version is None:
        raise Http404
    return version


def working_snapshot(*, plan: Plan) -> dict[str, Any]:
    """The working copy in the shape of an agreed version, to show what agreeing would change."""
    actions = list(plan.actions.current().select_related("owner", "owner_agency").order_by("due_on", "id"))
    return services.plan_snapshot(plan, actions)


@dataclass(frozen=True)
class Difference:
    name: str
    label: Any
    old: Any
    new: Any


@dataclass
class ActionChange:
    what: str
    differences: list[Difference]


@dataclass
class Comparison:
    fields: list[Difference]
    added: list[dict[str, Any]]
    removed: list[dict[str, Any]]
    changed: list[ActionChange]

    @property
    def is_empty(self) -> bool:
        return not (self.fields or self.added or self.removed or self.changed)


def shown_value(snapshot_value: Any, name: str) -> Any:
    """A snapshot's value as the reader sees it: names in their language, dates as dates."""
    if snapshot_value is None or snapshot_value == "":
        return ""
    if name == "owner_agency":
        return snapshot_value.get("cy" if (get_language() or "en").startswith("cy") else "en") or snapshot_value.get("en", "")
    if name == "owner":
        return snapshot_value.get("name", "")
    if name in {"due_on", "next_review_on", "agreed_on"}:
        try:
            return datetime.date.fromisoformat(snapshot_value)
        except (TypeError, ValueError):
            return snapshot_value
    if name == "status":
        return dict(PlanAction.Status.choices).get(snapshot_value, snapshot_value)
    return snapshot_value


def shown_actions(snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    return [{k: shown_value(a.get(k), k) for k in ["what", "owner_agency", "owner", "due_on", "status"]} for a in snapshot.get("actions", [])]


def _same(name: str, old: Any, new: Any) -> bool:
    if name in {"owner_agency", "owner"}:
        return (old or {}).get("id") == (new or {}).get("id")
    return bool(old == new or (not old and not new))


def versions_compare(old: dict[str, Any], new: dict[str, Any]) -> Comparison:
    """Field-by-field differences between two snapshots, and the actions added, removed and changed."""
    differences = []
    old_type, new_type = old.get("plan_type_label", {}), new.get("plan_type_label", {})
    if old.get("plan_type") != new.get("plan_type"):
        from django.utils.translation import gettext_lazy

        language = "cy" if (get_language() or "en").startswith("cy") else "en"
        differences.append(Difference("plan_type", gettext_lazy("Type of plan"), old_type.get(language, ""), new_type.get(language, "")))
    for name in PLAN_TEXT_FIELDS:
        a, b = old.get("fields", {}).get(name, ""), new.get("fields", {}).get(name, "")
        if not _same(name, a, b):
            differences.append(Difference(name, PLAN_FIELD_LABELS[name], a, b))
    if old.get("next_review_on") != new.get("next_review_on"):
        differences.append(
            Difference(
                "next_review_on",
                PLAN_FIELD_LABELS["next_review_on"],
                shown_value(old.get("next_review_on"), "next_review_on"),
                shown_value(new.get("next_review_on"), "next_review_on"),
            )
        )
    old_actions = {a["id"]: a for a in old.get("actions", [])}
    new_actions = {a["id"]: a for a in new.get("actions", [])}
    added = [a for key, a in new_actions.items() if key not in old_actions]
    removed = [a for key, a in old_actions.items() if key not in new_actions]
    changed = []
    for key, b in new_actions.items():
        a = old_actions.get(key)
        if a is None:
            continue
        diffs = [
            Difference(name, ACTION_FIELD_LABELS[name], shown_value(a.get(name), name), shown_value(b.get(name), name))
            for name in ["what", "owner_agency", "owner", "due_on", "status"]
            if not _same(name, a.get(name), b.get(name))
        ]
        if diffs:
            changed.append(ActionChange(what=b.get("what", ""), differences=diffs))

    def shown(actions: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return shown_actions({"actions": actions})

    return Comparison(fields=differences, added=shown(added), removed=shown(removed), changed=changed)


# --- Actions across children: "My work", teams and agencies -----------------------------


def open_actions_owned_by(*, actor: Any) -> QuerySet[PlanAction]:
    """The agreed, open actions the actor owns, on children they may still see, soonest due
    first; each carries `overdue` (True or False)."""
    today = timezone.localdate()
    return (
        PlanAction.objects.agreed_open()
        .filter(owner=actor, plan__child__in=rules.children_visible_to(actor).values("pk"))
        .select_related("plan__child", "owner_agency")
        .annotate(overdue=Case(When(due_on__lt=today, then=Value(True)), default=Value(False), output_field=BooleanField()))
        .order_by("due_on", "pk")
    )


def _overdue_counts(actions: QuerySet[PlanAction]) -> QuerySet[Any]:
    return (
        actions.values("owner_id", "owner__full_name", "owner_agency_id")
        .annotate(overdue=Count("id"), oldest_due_on=Min("due_on"))
        .order_by("-overdue", "owner__full_name", "owner_id")
    )


def overdue_actions_for_teams(*, team_ids: Any, today: datetime.date | None = None) -> QuerySet[Any]:
    """Overdue actions owned by the people now in these teams, counted by owner:
    rows of owner_id, owner__full_name, owner_agency_id, overdue, oldest_due_on.
    Counts only, no child's details: the caller passes the teams the actor manages
    (for example rules.teams_where(actor, Capability.REVIEW_BREAK_GLASS))."""
    today = today or timezone.localdate()
    members = Membership.objects.current().filter(team_id__in=list(team_ids)).values("person_id")
    return _overdue_counts(PlanAction.objects.overdue(today).filter(owner_id__in=members))


def overdue_actions_for_agencies(*, agency_ids: Any, today: datetime.date | None = None) -> QuerySet[Any]:
    """Overdue actions owned by these agencies, counted by owner (as overdue_actions_for_teams).
    The caller passes the agencies the actor oversees."""
    today = today or timezone.localdate()
    return _overdue_counts(PlanAction.objects.overdue(today).filter(owner_agency_id__in=list(agency_ids)))


# --- Professional differences --------------------------------------------------------


def disagreements_for_child(*, actor: Any, child: Any) -> list[Disagreement]:
    return list(
        Disagreement.objects.filter(child=child)
        .select_related("raised_by", "raised_by_agency", "plan", "action")
        .order_by(Case(When(status=Disagreement.Status.OPEN, then=Value(0)), default=Value(1)), "-raised_at", "-id")
    )


def disagreement_for(*, actor: Any, child: Any, disagreement_id: Any) -> Disagreement:
    disagreement = (
        Disagreement.objects.filter(child=child, pk=_id(disagreement_id))
        .select_related("child", "raised_by", "raised_by_agency", "plan", "action")
        .prefetch_related(Prefetch("stages", queryset=DisagreementStage.objects.select_related("started_by", "outcome_by")))
        .first()
    )
    if disagreement is None:
        raise Http404
    return disagreement


def level_labels() -> dict[str, str]:
    """Labels of every escalation level, including any an administrator has retired."""
    from cylch.core.models import ReferenceCode

    return {c.code: c.label for c in ReferenceCode.objects.filter(list_name="disagreement_level")}
