"""Factories for the plans tests, and the records the permission matrix visits."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from cylch.children.models import Child, Involvement
from cylch.organisations.models import Team
from cylch.people.models import Person
from cylch.plans import services
from cylch.plans.models import Disagreement, Plan, PlanAction, PlanVersion

PLAN_TEXT = {
    "personal_outcomes": "I want to feel safe at home and see Nain on Wednesdays.",
    "needs": "A calm home; time with her grandmother.",
    "progress_measures": "Her own 1 to 10 score at every visit.",
    "review_arrangements": "Core group every six weeks.",
}


def involve(child: Child, team: Team, practitioner: Person | None = None, *, role: str = "key_worker") -> Involvement:
    return Involvement.objects.create(
        child=child,
        agency=team.agency,
        team=team,
        practitioner=practitioner,
        role_for_child=role,
        reason="Test involvement",
        basis=Involvement.Basis.STATUTORY,
        statutory_basis="safeguarding",
        no_agreement_justification="Test",
    )


def draft_plan(child: Child, actor: Person, *, plan_type: str = "child_protection", **values: Any) -> Plan:
    values = {**PLAN_TEXT, "next_review_on": timezone.localdate() + datetime.timedelta(days=90), **values}
    return services.plan_create(actor=actor, child=child, plan_type=plan_type, values=values)


def add_action(plan: Plan, actor: Person, owner: Person | None, *, days: int | None = 14, what: str = "Visit at home", agency_id: int | None = None) -> PlanAction:
    due_on = timezone.localdate() + datetime.timedelta(days=days) if days is not None else None
    if owner is not None and agency_id is None:
        agency_id = owner.memberships.first().team.agency_id  # type: ignore[union-attr]
    return services.action_add(actor=actor, plan=plan, what=what, owner_agency_id=agency_id, owner_id=owner.pk if owner else None, due_on=due_on)


def agree(plan: Plan, actor: Person, note: str = "") -> PlanVersion:
    plan.refresh_from_db()
    return services.plan_agree(actor=actor, plan=plan, expected_version=plan.version, note=note)


def matrix_records(ctx: dict[str, Any]) -> dict[str, Any]:
    """An agreed plan with an action, and a professional difference, for the permission matrix's
    child (made once per matrix run and kept in ctx)."""
    if "plans" not in ctx:
        child, colleague = ctx["child"], ctx["colleague"]
        plan = draft_plan(child, colleague)
        action = add_action(plan, colleague, colleague)
        version = agree(plan, colleague)
        disagreement = services.disagreement_record(actor=colleague, child=child, about="The plan", concern="Test", plan=plan)
        ctx["plans"] = {"plan": plan, "action": action, "version": version, "disagreement": disagreement}
    return ctx["plans"]  # type: ignore[no-any-return]


def plan_kwargs(ctx: dict[str, Any], **extra: Any) -> dict[str, Any]:
    records = matrix_records(ctx)
    return {"child_id": ctx["child"].pk, "plan_id": records["plan"].pk, **extra}


def action_kwargs(ctx: dict[str, Any]) -> dict[str, Any]:
    return plan_kwargs(ctx, action_id=matrix_records(ctx)["action"].pk)


def version_kwargs(ctx: dict[str, Any]) -> dict[str, Any]:
    return plan_kwargs(ctx, number=matrix_records(ctx)["version"].number)


def disagreement_kwargs(ctx: dict[str, Any]) -> dict[str, Any]:
    disagreement: Disagreement = matrix_records(ctx)["disagreement"]
    return {"child_id": ctx["child"].pk, "disagreement_id": disagreement.pk}


def child_kwargs(ctx: dict[str, Any]) -> dict[str, Any]:
    return {"child_id": ctx["child"].pk}

