from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "cylch.plans.plans.viewed": _("{actor} viewed the plans of {subject}"),
    "cylch.plans.plan.viewed": _("{actor} viewed a plan for {subject}"),
    "cylch.plans.plan.created": _("{actor} started a draft plan"),
    "cylch.plans.plan.updated": _("{actor} changed a plan"),
    "cylch.plans.plan.agreed": _("{actor} recorded that a plan was agreed"),
    "cylch.plans.plan.ended": _("{actor} ended a plan"),
    "cylch.plans.version.viewed": _("{actor} viewed an agreed version of a plan for {subject}"),
    "cylch.plans.versions.compared": _("{actor} compared agreed versions of a plan for {subject}"),
    "cylch.plans.action.viewed": _("{actor} viewed an action in a plan for {subject}"),
    "cylch.plans.action.added": _("{actor} added an action to a plan"),
    "cylch.plans.action.updated": _("{actor} changed an action in a plan"),
    "cylch.plans.action.removed": _("{actor} removed an action from a plan"),
    "cylch.plans.action.progress_recorded": _("{actor} recorded progress on an action in a plan"),
    "cylch.plans.action.completed": _("{actor} recorded that an action in a plan is done"),
    "cylch.plans.action.escalated": _("Cylch escalated an overdue action in a plan"),
    "cylch.plans.disagreements.viewed": _("{actor} viewed the professional differences about {subject}"),
    "cylch.plans.disagreement.viewed": _("{actor} viewed a professional difference about {subject}"),
    "cylch.plans.disagreement.recorded": _("{actor} recorded a professional difference"),
    "cylch.plans.disagreement.escalated": _("{actor} escalated a professional difference to the next level"),
    "cylch.plans.disagreement.resolved": _("{actor} recorded that a professional difference was resolved"),
}
