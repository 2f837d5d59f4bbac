"""Governance pages in the permission matrix. The matrix's partnership has the matrix's own agency
as a member, so its partnership manager governs it (200); everyone else is refused with 403
(no partnership at all). Writes need the partnership manager too. No page names a child."""

from __future__ import annotations

from cylch.access.tests.matrix_support import Row, only
from cylch.governance.tests import factories as f
from cylch.people.models import Role

PM = {Role.PARTNERSHIP_MANAGER.value}

ROWS: list[Row] = [
    Row("governance:home", expected=only(PM)),
    Row("governance:partnership", kwargs=f.partnership_kwargs, expected=only(PM)),
    Row("governance:meeting_new", kwargs=f.partnership_kwargs, expected=only(PM)),
    Row("governance:meeting", kwargs=f.meeting_kwargs, expected=only(PM)),
    Row("governance:meeting_edit", kwargs=f.meeting_kwargs, expected=only(PM)),
    Row("governance:agenda_add", kwargs=f.meeting_kwargs, expected=only(PM)),
    Row("governance:attendance_add", kwargs=f.meeting_kwargs, expected=only(PM)),
    Row("governance:decision_add", kwargs=f.meeting_kwargs, expected=only(PM)),
    Row("governance:meeting_action_add", kwargs=f.meeting_kwargs, expected=only(PM)),
    Row("governance:risks", kwargs=f.partnership_kwargs, expected=only(PM)),
    Row("governance:risk_new", kwargs=f.partnership_kwargs, expected=only(PM)),
    Row("governance:risk", kwargs=f.risk_kwargs, expected=only(PM)),
    Row("governance:risk_edit", kwargs=f.risk_kwargs, expected=only(PM)),
    Row("governance:risk_escalate", kwargs=f.risk_kwargs, expected=only(PM)),
    Row("governance:risk_action_add", kwargs=f.risk_kwargs, expected=only(PM)),
    Row("governance:report_new", kwargs=f.partnership_kwargs, expected=only(PM)),
    Row("governance:report", kwargs=f.report_kwargs, expected=only(PM)),
    # An empty POST is refused as a stale version and sends the manager back to the report.
    Row("governance:report_publish", method="POST", kwargs=f.report_kwargs, expected=only(PM, ok=302)),
    Row("governance:report_pdf", kwargs=lambda ctx: f.report_kwargs(ctx) | {"lang": "cy"}, expected=only(PM)),
]
