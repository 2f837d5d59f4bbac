"""Therapeutic support in the permission matrix.

The matrix's service belongs to the persona's own agency, whose team is around the child:
its child-working people may update the service and see the referral; an agency administrator
may update the service but sees no child. Pages of a child answer 404 to anyone outside the
team around the child; the Open Referral UK endpoints are open data for everyone.
"""

from __future__ import annotations

from typing import Any

from cylch.access.tests.matrix_support import ALL, CHILD_WORKERS, Row, only, signed_in_only
from cylch.people.models import Role


def _records(ctx: dict[str, Any]) -> dict[str, Any]:
    from cylch.therapy.tests.factories import matrix_records

    return matrix_records(ctx)


def _child(ctx: dict[str, Any]) -> dict[str, Any]:
    _records(ctx)
    return {"child_id": ctx["child"].pk}


def _need(ctx: dict[str, Any]) -> dict[str, Any]:
    return {"child_id": ctx["child"].pk, "need_id": _records(ctx)["need"].pk}


def _service(ctx: dict[str, Any]) -> dict[str, Any]:
    return {"service_id": _records(ctx)["service"].pk}


def _referral(ctx: dict[str, Any]) -> dict[str, Any]:
    return {"referral_id": _records(ctx)["referral"].pk}


def _organisation(ctx: dict[str, Any]) -> dict[str, Any]:
    from cylch.therapy.openreferral import organisation_id

    return {"organization_uuid": organisation_id(_records(ctx)["service"].provider)}


PUBLIC = {r: 200 for r in ALL}
DEMAND = {Role.PARTNERSHIP_MANAGER.value, Role.TEAM_MANAGER.value, Role.SAFEGUARDING_LEAD.value, Role.AUDITOR.value}

ROWS: list[Row] = [
    Row("therapy:directory", expected=signed_in_only()),
    Row("therapy:service", kwargs=_service, expected=signed_in_only()),
    Row("therapy:service_new", expected=only(CHILD_WORKERS | {Role.AGENCY_ADMIN.value})),
    Row("therapy:service_edit", kwargs=_service, expected=only(CHILD_WORKERS | {Role.AGENCY_ADMIN.value})),
    Row("therapy:import", expected=only({Role.PARTNERSHIP_MANAGER.value, Role.SYSTEM_ADMIN.value})),
    Row("therapy:received", expected=only(CHILD_WORKERS)),
    Row("therapy:referral", kwargs=_referral, expected=only(CHILD_WORKERS, refused=404)),
    Row("therapy:referral_move", kwargs=lambda ctx: _referral(ctx) | {"to_state": "accepted"}, expected=only(CHILD_WORKERS, refused=404)),
    Row("therapy:referral_rating", kwargs=_referral, expected=only(CHILD_WORKERS, refused=404)),
    Row("therapy:demand", expected=only(DEMAND)),
    Row("therapy:demand_csv", expected=only(DEMAND)),
    Row("therapy:child", kwargs=_child, expected=only(CHILD_WORKERS, refused=404)),
    Row("therapy:need_new", kwargs=_child, expected=only(CHILD_WORKERS, refused=404)),
    Row("therapy:need", kwargs=_need, expected=only(CHILD_WORKERS, refused=404)),
    Row("therapy:need_close", kwargs=_need, expected=only(CHILD_WORKERS, refused=404)),
    Row(
        "therapy:referral_new",
        kwargs=lambda ctx: _need(ctx) | {"service_id": _records(ctx)["service"].pk},
        expected=only(CHILD_WORKERS, refused=404),
    ),
    Row("therapy:oruk_meta", expected=PUBLIC),
    Row("therapy:oruk_services", expected=PUBLIC),
    Row("therapy:oruk_service", kwargs=lambda ctx: {"service_uuid": str(_records(ctx)["service"].uuid)}, expected=PUBLIC),
    Row("therapy:oruk_organizations", expected=PUBLIC),
    Row("therapy:oruk_organization", kwargs=_organisation, expected=PUBLIC),
    Row("therapy:oruk_locations", expected=PUBLIC),
    Row("therapy:oruk_service_areas", expected=PUBLIC),
]
