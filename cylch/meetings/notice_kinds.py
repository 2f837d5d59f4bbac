from django.utils.translation import gettext_lazy as _

NOTICES = {
    "cylch.meetings.invited": _("You are invited to a meeting ({meeting}) on {when}, arranged by {agency}."),
    "cylch.meetings.cancelled": _("The meeting ({meeting}) arranged for {when} has been cancelled."),
    "cylch.meetings.action_assigned": _("An action agreed at a meeting ({meeting}) is yours to do by {due}: {what}"),
}
