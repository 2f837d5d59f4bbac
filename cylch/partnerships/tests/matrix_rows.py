"""Partnership pages in the permission matrix.

The partnership here has the matrix persona's agency as a member. Roles with the capability to
see partnerships (partnership managers, safeguarding leads, auditors) open its pages; everyone
else is refused: 403 for pages that name no partnership, 404 for a partnership's pages, so a
partnership one has no part in looks like one that does not exist. Managing is for partnership
managers (403 for the other viewers); rating is for partnership managers and safeguarding leads;
signing off is for the board's chair or business manager, which no matrix persona is.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cylch.access.tests.matrix_support import Row, only
from cylch.people.models import Role

PM = Role.PARTNERSHIP_MANAGER.value
SL = Role.SAFEGUARDING_LEAD.value
AU = Role.AUDITOR.value
VIEWERS = {PM, SL, AU}
RATERS = {PM, SL}


def partnership_ctx(ctx: dict[str, Any]) -> dict[str, Any]:
    """A partnership of the persona's agency, with one of everything (made once per test)."""
    if "_partnership" in ctx:
        return ctx["_partnership"]  # type: ignore[no-any-return]
    from cylch.framework.models import Indicator
    from cylch.partnerships import services
    from cylch.partnerships.models import AssessmentCycle, GovernanceBody, PartnershipRole
    from cylch.partnerships.tests.factories import make_partnership

    colleague = ctx["colleague"]
    agency = colleague.memberships.first().team.agency
    partnership = make_partnership(agency)
    today = timezone.localdate()
    cycle = AssessmentCycle.objects.create(
        partnership=partnership,
        period_start=today - datetime.timedelta(days=365),
        period_end=today,
        deadline=today + datetime.timedelta(days=30),
        opened_by=colleague,
    )
    indicator = Indicator.objects.filter(evidence_required=True)[0]
    rating = services.rating_save(
        actor=colleague,
        cycle=cycle,
        agency=agency,
        indicator=indicator,
        score="3",
        documents=[SimpleUploadedFile("evidence.pdf", b"%PDF-1.4 matrix", content_type="application/pdf")],
    )
    challenge = services.challenge_raise(actor=colleague, rating=rating, comment="Matrix challenge")
    priority = services.priority_create(actor=colleague, partnership=partnership, title_en="P", title_cy="B")
    role = PartnershipRole.objects.create(partnership=partnership, person=colleague, role=PartnershipRole.Role.MEMBER)
    value = {
        "partnership": partnership,
        "cycle": cycle,
        "indicator": indicator,
        "rating": rating,
        "challenge": challenge,
        "document": rating.documents.get(),
        "priority": priority,
        "role": role,
        "board": partnership.bodies.get(kind=GovernanceBody.Kind.BOARD),
    }
    ctx["_partnership"] = value
    return value


def _p(ctx: dict[str, Any]) -> dict[str, Any]:
    return {"partnership_id": partnership_ctx(ctx)["partnership"].pk}


def _c(ctx: dict[str, Any]) -> dict[str, Any]:
    data = partnership_ctx(ctx)
    return {"partnership_id": data["partnership"].pk, "cycle_id": data["cycle"].pk}


def viewers(ok: int = 200) -> dict[str, int]:
    return only(VIEWERS, ok=ok, refused=404)


def managers(ok: int = 200) -> dict[str, int]:
    return only({PM}, ok=ok, refused=404) | {SL: 403, AU: 403}


ROWS: list[Row] = [
    Row("partnerships:list", expected=only(VIEWERS)),
    Row("partnerships:national", expected=only(VIEWERS)),
    Row("partnerships:new", expected=only({PM})),
    Row("partnerships:members", kwargs=_p, expected=managers()),
    Row("partnerships:detail", kwargs=_p, expected=viewers()),
    Row("partnerships:matrix", kwargs=_p, expected=viewers()),
    Row("partnerships:progress", kwargs=_p, expected=viewers()),
    Row(
        "partnerships:priority",
        kwargs=lambda ctx: _p(ctx) | {"priority_id": partnership_ctx(ctx)["priority"].pk},
        expected=viewers(),
    ),
    Row("partnerships:body_new", kwargs=_p, expected=managers()),
    Row("partnerships:role_new", kwargs=_p, expected=managers()),
    Row(
        "partnerships:role_end",
        method="POST",
        kwargs=lambda ctx: _p(ctx) | {"role_id": partnership_ctx(ctx)["role"].pk},
        expected=managers(ok=302),
    ),
    Row("partnerships:priority_new", kwargs=_p, expected=managers()),
    Row("partnerships:matrix_standard", kwargs=lambda ctx: _p(ctx) | {"code": "delivery"}, expected=managers()),
    Row(
        "partnerships:matrix_priority",
        kwargs=lambda ctx: _p(ctx) | {"priority_id": partnership_ctx(ctx)["priority"].pk},
        expected=managers(),
    ),
    Row("partnerships:cycle_new", kwargs=_p, expected=managers()),
    Row("partnerships:cycle", kwargs=_c, expected=viewers()),
    Row("partnerships:cycle_standard", kwargs=lambda ctx: _c(ctx) | {"code": "delivery"}, expected=viewers()),
    Row(
        "partnerships:rate",
        kwargs=lambda ctx: _c(ctx) | {"indicator_id": partnership_ctx(ctx)["indicator"].pk},
        expected=viewers() | {AU: 403},
    ),
    Row(
        "partnerships:challenge",
        kwargs=lambda ctx: _c(ctx) | {"rating_id": partnership_ctx(ctx)["rating"].pk},
        expected=viewers() | {AU: 403},
    ),
    Row(
        "partnerships:challenge_resolve",
        kwargs=lambda ctx: _c(ctx) | {"challenge_id": partnership_ctx(ctx)["challenge"].pk},
        expected=viewers() | {AU: 403},
    ),
    Row(
        "partnerships:document",
        kwargs=lambda ctx: _c(ctx) | {"document_id": partnership_ctx(ctx)["document"].pk},
        expected=viewers(),
    ),
    Row(
        "partnerships:measure",
        kwargs=lambda ctx: _c(ctx) | {"code": "delivery-plan-actions-overdue"},
        expected=viewers(),
    ),
    Row("partnerships:action_new", kwargs=_c, expected=managers()),
    Row("partnerships:sign_off", kwargs=_c, expected=viewers(ok=403)),
]
