from django.utils.translation import gettext_lazy as _

NOTICES = {
    "cylch.accountability.action.assigned": _("{partnership} agreed an action that you own, due on {due}: {action}"),
    "cylch.accountability.action.overdue.owner_reminder": _(
        "Overdue: your action for {partnership} was due on {due} and is still open: {action}"
    ),
    "cylch.accountability.action.overdue.owner_manager": _(
        "Escalation: an action for {partnership}, owned by {owner}, was due on {due} and is still open: {action}"
    ),
    "cylch.accountability.action.overdue.agency_lead": _(
        "Escalation: an action for {partnership}, owned by {owner} of {agency}, was due on {due} and is still open: {action}"
    ),
    "cylch.accountability.action.overdue.chair": _(
        "Escalation to the chair: an action for {partnership}, owned by {owner} of {agency}, was due on {due} and is still open: {action}"
    ),
}
