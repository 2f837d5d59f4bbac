from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "cylch.accountability.action.created": _("{actor} agreed a partnership action: {subject}"),
    "cylch.accountability.action.progress_recorded": _("{actor} recorded progress on a partnership action: {subject}"),
    "cylch.accountability.action.completed": _("{actor} recorded that a partnership action is done: {subject}"),
    "cylch.accountability.action.changed": _("{actor} changed a partnership action: {subject}"),
    "cylch.accountability.action.escalated": _("Cylch escalated an overdue partnership action: {subject}"),
}
