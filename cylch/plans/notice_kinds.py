from django.utils.translation import gettext_lazy as _

NOTICES = {
    "cylch.plans.action.assigned": _("A plan for {child} has been agreed. You own this action, due on {due}: {action}"),
    "cylch.plans.action.overdue.owner_reminder": _("Overdue: your action in the plan for {child} was due on {due} and is still open: {action}"),
    "cylch.plans.action.overdue.team_manager": _(
        "Escalation: an action in the plan for {child}, owned by {owner}, was due on {due} and is still open: {action}"
    ),
    "cylch.plans.action.overdue.safeguarding_lead": _(
        "Escalation to the safeguarding lead: an action in the plan for {child}, owned by {owner} of {agency}, was due on {due} and is still open: {action}"
    ),
    "cylch.plans.disagreement.recorded": _("{person} recorded a professional difference in the team around {child}: {about}"),
    "cylch.plans.disagreement.escalated": _("A professional difference in the team around {child} has gone to the next level: {about}"),
    "cylch.plans.disagreement.resolved": _("The professional difference you raised in the team around {child} has been resolved: {about}"),
}
