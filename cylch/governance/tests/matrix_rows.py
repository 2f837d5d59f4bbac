"""Governance pages in the permission matrix. They follow the partnership's access: the matrix's
partnership has the matrix persona's agency as a member, so those who may view partnerships
(partnership managers, safeguarding leads, auditors) read its pages, and only its partnership
manager writes (403 for the other viewers). Everyone else gets 404 for a partnership's pages and
403 for the page that names none. No page names a child."""

from __future__ import annotations

from typing import Any

from cylch.access.tests.matrix_support import Row, only
from cylch.governance.tests import factories as f
from cylch.people.models import Role

PM = Role.PARTNERSHIP_MANAGER.value
VIEWERS = {PM, Role.SAFEGUARDING_LEAD.value, Role.AUDITOR.value}


def read() -> dict[str, int]:
    return only(VIEWERS, refused=404)


def write(ok: int = 200) -> dict[str, Any]:
    return only(VIEWERS, ok=ok, refused=404) | {r: 403 for r in VIEWERS - {PM}}


ROWS: list[Row] = [
    Row("governance:home", expected=only(VIEWERS)),
    Row("governance:partnership", kwargs=f.partnership_kwargs, expected=read()),
    Row("governance:meetings", kwargs=f.partnership_kwargs, expected=read()),
    Row("governance:meeting_new", kwargs=f.partnership_kwargs, expected=write()),
    Row("governance:meeting", kwargs=f.meeting_kwargs, expected=read()),
    Row("governance:meeting_edit", kwargs=f.meeting_kwargs, expected=write()),
    Row("governance:agenda_add", kwargs=f.meeting_kwargs, expected=write()),
    Row("governance:attendance_add", kwargs=f.meeting_kwargs, expected=write()),
    Row("governance:decision_add", kwargs=f.meeting_kwargs, expected=write()),
    Row("governance:meeting_action_add", kwargs=f.meeting_kwargs, expected=write()),
    Row("governance:risks", kwargs=f.partnership_kwargs, expected=read()),
    Row("governance:risk_new", kwargs=f.partnership_kwargs, expected=write()),
    Row("governance:risk", kwargs=f.risk_kwargs, expected=read()),
    Row("governance:risk_edit", kwargs=f.risk_kwargs, expected=write()),
    Row("governance:risk_escalate", kwargs=f.risk_kwargs, expected=write()),
    Row("governance:risk_action_add", kwargs=f.risk_kwargs, expected=write()),
    Row("governance:report_new", kwargs=f.partnership_kwargs, expected=write()),
    Row("governance:report", kwargs=f.report_kwargs, expected=read()),
    # An empty POST is refused as a stale version and sends the manager back to the report.
    Row("governance:report_publish", method="POST", kwargs=f.report_kwargs, expected=write(ok=302)),
    Row("governance:report_refresh", method="POST", kwargs=f.report_kwargs, expected=write(ok=302)),
    Row("governance:report_pdf", kwargs=lambda ctx: f.report_kwargs(ctx) | {"lang": "cy"}, expected=read()),
]
