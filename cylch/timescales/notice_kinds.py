from django.utils.translation import gettext_lazy as _

NOTICES = {
    "cylch.timescales.due_today": _("Due today for {child}: {item} (by {due})."),
    "cylch.timescales.overdue.owner_reminder": _("Overdue for {child}: {item} was due by {due}."),
    "cylch.timescales.overdue.team_manager": _("Escalation: {item} for {child}, owned by {owner}, is {days} days overdue."),
    "cylch.timescales.overdue.safeguarding_lead": _("Escalation to the safeguarding lead: {item} for {child}, owned by {owner}, is {days} days overdue."),
}
