from django.utils.translation import gettext_lazy as _

NOTICES = {
    "cylch.governance.risk.escalated": _("A risk has been escalated to the board of {partnership}: {risk}. Reason: {reason}"),
}
