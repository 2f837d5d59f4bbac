"""A child protection plan for the demo child Seren Enghraifft: children's services, police
and a family support service each own an action, and the family support one is overdue. Every name is invented."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from cylch.children.models import Child, Identifier, Involvement
from cylch.people.models import Person
from cylch.plans import services
from cylch.plans.models import Plan, PlanAction, PlanVersion

SEREN_CASE_NUMBER = "DV-CS-0001"


def _seren() -> Child | None:
    identifier = Identifier.objects.filter(kind=Identifier.Kind.LA_CASE_NUMBER, value=SEREN_CASE_NUMBER).select_related("child").first()
    return identifier.child if identifier else None


def _involve(child: Child, team: Any, person: Person, role: str, agreement: Any, today: datetime.date) -> None:
    if Involvement.objects.active().filter(child=child, team=team).exists():
        return
    Involvement.objects.create(
        child=child,
        agency=team.agency,
        team=team,
        practitioner=person,
        role_for_child=role,
        reason="Demo: owns an action in the child protection plan.",
        started_on=today - datetime.timedelta(days=60),
        basis=Involvement.Basis.STATUTORY,
        statutory_basis="safeguarding",
        agreement=agreement,
        no_agreement_justification="" if agreement else "Demo: agreement being drafted; sharing needed to keep the child safe.",
        flagged_to_data_protection_lead=agreement is None,
    )


def build_plans(region: Any) -> None:
    """Build once: the plan is agreed six weeks ago and the family support action fell due last week.
    Written directly (as the other demo builders do) so the dates can lie in the past."""
    child = _seren()
    if child is None or Plan.objects.filter(child=child).exists():
        return
    from cylch.sharing.models import SharingAgreement

    today = timezone.localdate()
    agreed_on = today - datetime.timedelta(days=42)
    # Children's services, police and a third-sector family support service: the school and
    # the health visitor stay outside Seren's team, as the demo's join and emergency-access
    # journeys need them to be.
    people: dict[str, Person] = {key: region.people[key] for key in ["practitioner", "police", "familysupport"]}
    teams = {
        "practitioner": region.teams["demo-cs-safeguarding"],
        "police": region.teams["demo-police-ppu"],
        "familysupport": region.teams["demo-third-sector-family"],
    }
    isp = SharingAgreement.objects.filter(title="Demo Valley Safeguarding Children Information Sharing Protocol").first()
    _involve(child, teams["familysupport"], people["familysupport"], "family_support_worker", isp, today)
    _involve(child, teams["police"], people["police"], "police_ppo", isp, today)

    plan = Plan.objects.create(
        child=child,
        plan_type="child_protection",
        lead_agency=teams["practitioner"].agency,
        status=Plan.Status.AGREED,
        agreed_version=1,
        personal_outcomes=(
            "Dw i eisiau i bawb stopio gweiddi gartref. Dw i eisiau mynd i dŷ Nain bob dydd Mercher.\n"
            "(I want everyone to stop shouting at home. I want to go to Nain's house every Wednesday.)"
        ),
        needs="A home free from shouting and fear; regular time with her grandmother; help to catch up with sleep and school work.",
        progress_measures="Seren's own scale of 1 to 10 for how safe home feels, asked at every visit; school attendance above 95%; no police call-outs.",
        review_arrangements="Core group every 6 weeks; first review conference within 3 months of the initial conference.",
        next_review_on=today + datetime.timedelta(days=48),
        created_by=people["practitioner"],
        created_at=timezone.now() - datetime.timedelta(days=45),
    )
    actions = [
        (
            "Visit Seren at home at least every two weeks and see her on her own each time.",
            "practitioner",
            today + datetime.timedelta(days=5),
            PlanAction.Status.IN_PROGRESS,
        ),
        (
            "Share any police call-out to the home with the lead professional by the next working day.",
            "police",
            today + datetime.timedelta(days=48),
            PlanAction.Status.IN_PROGRESS,
        ),
        (
            "Start weekly family support sessions at home and help Seren's parents with a calm morning routine; report to the core group.",
            "familysupport",
            today - datetime.timedelta(days=8),
            PlanAction.Status.NOT_STARTED,
        ),
    ]
    created = []
    for what, key, due_on, status in actions:
        created.append(
            PlanAction.objects.create(
                plan=plan,
                what=what,
                owner_agency=teams[key].agency,
                owner=people[key],
                owner_team=teams[key],
                due_on=due_on,
                status=status,
                agreed_on=agreed_on,
                created_by=people["practitioner"],
                created_at=timezone.now() - datetime.timedelta(days=43),
            )
        )
    PlanVersion.objects.create(
        plan=plan,
        number=1,
        agreed_on=agreed_on,
        agreed_by=people["practitioner"],
        agreed_at=timezone.now() - datetime.timedelta(days=42),
        note="Demo: agreed at the initial child protection conference.",
        snapshot=services.plan_snapshot(plan, created) | {"agreed_on": agreed_on.isoformat(), "agreed_by": people["practitioner"].full_name},
    )
    from cylch.chronology.models import ChronologyEntry

    ChronologyEntry.objects.create(
        child=child,
        occurred_at=timezone.now() - datetime.timedelta(days=42),
        entry_type="plan",
        summary="Plan agreed: Child protection plan, version 1",
        summary_cy="Cynllun wedi'i gytuno: Cynllun amddiffyn plentyn, fersiwn 1",
        significance="significant",
        source_agency=teams["practitioner"].agency,
        author=people["practitioner"],
        origin_type="plans.planversion",
        origin_id=str(plan.versions.get().pk),
    )
