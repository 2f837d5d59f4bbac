from django.utils.translation import gettext_lazy as _

NOTICES = {
    "cylch.governance.risk.escalated": _("A risk has been escalated to the board of {partnership}: {risk}. Reason: {reason}"),
    "cylch.governance.risk.review_due": _("The review of a risk you own for {partnership} was due on {date}: {risk}"),
}
