from django.utils.translation import gettext_lazy as _

NOTICES = {
    "cylch.children.join_request.received": _("{person} of {agency} asks to join the team around a child you lead. Decide in Cylch."),
    "cylch.children.join_request.accepted": _("Your request to join the team around {child} was accepted."),
    "cylch.children.join_request.declined": _("Your request to join the team around a child was declined: {reason}"),
    "cylch.children.consent.withdrawn": _("Consent was withdrawn for {agency} in the team around {child}. They no longer receive information on that basis."),
    "cylch.children.lead.you_are_lead": _("You are now the lead professional for {child}."),
    "cylch.access.break_glass.opened": _("{person} used emergency access to the record of {child}. Reason given: {reason}"),
}
