from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "cylch.governance.meeting.created": _("{actor} arranged a board or sub-group meeting: {subject}"),
    "cylch.governance.meeting.updated": _("{actor} changed a board or sub-group meeting or its minutes: {subject}"),
    "cylch.governance.agenda.added": _("{actor} added an agenda item to a meeting: {subject}"),
    "cylch.governance.attendance.recorded": _("{actor} recorded attendance at a meeting: {subject}"),
    "cylch.governance.decision.recorded": _("{actor} recorded a decision of a meeting: {subject}"),
    "cylch.governance.risk.created": _("{actor} added a risk to the register: {subject}"),
    "cylch.governance.risk.updated": _("{actor} reviewed a risk on the register: {subject}"),
    "cylch.governance.risk.escalated": _("{actor} escalated a risk to the board: {subject}"),
    "cylch.governance.report.created": _("{actor} started a draft annual report: {subject}"),
    "cylch.governance.report.updated": _("{actor} edited a draft annual report: {subject}"),
    "cylch.governance.report.refreshed": _("{actor} assembled the figures of a draft annual report again: {subject}"),
    "cylch.governance.report.published": _("{actor} published an annual report: {subject}"),
    "cylch.governance.report.exported": _("{actor} produced an annual report as PDF: {subject}"),
}
