from django.utils.translation import gettext_lazy as _

NOTICES = {
    "cylch.missing.reported": _("{child} has been reported missing, last seen {since}."),
    "cylch.missing.returned": _("{child} has been found. A return interview is due to be offered by {due}."),
    "cylch.missing.strategy_discussion": _("Hold a multi-agency strategy discussion about {child} by {due}. Why: {reasons}."),
}
