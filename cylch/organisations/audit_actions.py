from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "cylch.organisations.team.created": _("{actor} added the team {subject}"),
    "cylch.organisations.team.updated": _("{actor} changed the team {subject}"),
    "cylch.organisations.reference_data.loaded": _("{actor} loaded the Wales reference data"),
}
