"""Partnerships with a board, member agencies and people in roles, for the governance and
accountability tests and their permission-matrix rows."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from cylch.core import testing
from cylch.organisations.models import Agency, Area
from cylch.partnerships.models import GovernanceBody, Partnership, PartnershipRole
from cylch.people.models import Person


def make_partnership(*, agencies: list[Agency], areas: list[Area] | None = None, code: str = "") -> Partnership:
    n = Partnership.objects.count() + 1
    partnership = Partnership.objects.create(
        code=code or f"test-partnership-{n}-{agencies[0].pk}",
        kind=Partnership.Kind.REGIONAL_SAFEGUARDING_BOARD,
        name_en=f"Test Safeguarding Board {n}",
        name_cy=f"Bwrdd Diogelu Prawf {n}",
    )
    partnership.agencies.set(agencies)
    partnership.areas.set(areas if areas is not None else list({a.area for a in agencies}))
    GovernanceBody.objects.create(partnership=partnership, kind=GovernanceBody.Kind.BOARD, name_en="The board", name_cy="Y bwrdd")
    GovernanceBody.objects.create(
        partnership=partnership, kind=GovernanceBody.Kind.SUB_GROUP, name_en="Practice sub-group", name_cy="Is-grŵp ymarfer"
    )
    return partnership


def give_role(partnership: Partnership, person: Person, role: str, agency: Agency | None = None) -> PartnershipRole:
    return PartnershipRole.objects.create(
        partnership=partnership, person=person, role=role, agency=agency, started_on=timezone.localdate() - datetime.timedelta(days=30)
    )


def board(partnership: Partnership) -> GovernanceBody:
    return partnership.bodies.get(kind=GovernanceBody.Kind.BOARD)


def matrix_records(ctx: dict[str, Any]) -> dict[str, Any]:
    """A partnership whose member agency is the matrix's own agency (so its partnership manager
    governs it), with a held meeting, a risk, a draft report and a ledger action owned by the
    matrix's colleague. Made once per matrix run and kept in ctx."""
    if "governance" not in ctx:
        from cylch.governance import services

        colleague = ctx["colleague"]
        agency = colleague.memberships.first().team.agency
        partnership = make_partnership(agencies=[agency])
        chair = testing.make_person("partnership_manager", testing.make_team(agency=agency))
        today = timezone.localdate()
        meeting = services.meeting_create(
            actor=chair, partnership=partnership, body=board(partnership), held_on=today, agenda=[("Ledger", "Cofrestr")]
        )
        risk = services.risk_create(
            actor=chair,
            partnership=partnership,
            values={
                "title": "Risk",
                "owner_agency_id": agency.pk,
                "owner_id": colleague.pk,
                "likelihood": "3",
                "impact": "4",
                "review_on": today + datetime.timedelta(days=30),
            },
        )
        action = services.meeting_action_agree(
            actor=chair, meeting=meeting, what="Audit", owner_agency=agency, owner=colleague, due_on=today + datetime.timedelta(days=10)
        )
        report = services.report_create(
            actor=chair, partnership=partnership, period_start=today - datetime.timedelta(days=364), period_end=today
        )
        ctx["governance"] = {"partnership": partnership, "meeting": meeting, "risk": risk, "action": action, "report": report}
    return ctx["governance"]  # type: ignore[no-any-return]


def partnership_kwargs(ctx: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"partnership_id": matrix_records(ctx)["partnership"].pk, **extra}


def meeting_kwargs(ctx: dict[str, Any]) -> dict[str, Any]:
    return partnership_kwargs(ctx, meeting_id=matrix_records(ctx)["meeting"].pk)


def risk_kwargs(ctx: dict[str, Any]) -> dict[str, Any]:
    return partnership_kwargs(ctx, risk_id=matrix_records(ctx)["risk"].pk)


def report_kwargs(ctx: dict[str, Any]) -> dict[str, Any]:
    return partnership_kwargs(ctx, report_id=matrix_records(ctx)["report"].pk)


def action_kwargs(ctx: dict[str, Any]) -> dict[str, Any]:
    return {"action_id": matrix_records(ctx)["action"].pk}
