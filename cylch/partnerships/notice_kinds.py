from django.utils.translation import gettext_lazy as _

NOTICES = {
    "cylch.partnerships.cycle.opened": _(
        "{partnership} has opened a self-assessment cycle. Your agency's ratings against the Framework's indicators are due by {deadline}."
    ),
    "cylch.partnerships.rating.challenged": _(
        "A rating you gave in the self-assessment of {partnership} has been challenged: {comment}"
    ),
    "cylch.partnerships.cycle.signed_off": _("The board has signed off the self-assessment cycle of {partnership}."),
}
