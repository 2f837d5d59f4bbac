from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "cylch.partnerships.partnerships.seeded": _("Cylch made partnerships from the statutory boards"),
    "cylch.partnerships.partnership.created": _("{actor} set up a local partnership"),
    "cylch.partnerships.members.changed": _("{actor} changed the member agencies of a partnership"),
    "cylch.partnerships.body.created": _("{actor} added a board or sub-group to a partnership"),
    "cylch.partnerships.role.assigned": _("{actor} named a person in a partnership role"),
    "cylch.partnerships.role.ended": _("{actor} ended a person's partnership role"),
    "cylch.partnerships.priority.created": _("{actor} added a partnership priority"),
    "cylch.partnerships.matrix.saved": _("{actor} changed the joint accountability matrix"),
    "cylch.partnerships.cycle.opened": _("{actor} opened a self-assessment cycle"),
    "cylch.partnerships.cycle.signed_off": _("{actor} signed off a self-assessment cycle"),
    "cylch.partnerships.rating.recorded": _("{actor} rated an agency against an indicator"),
    "cylch.partnerships.rating.changed": _("{actor} changed an agency's rating against an indicator"),
    "cylch.partnerships.challenge.raised": _("{actor} challenged a self-assessment rating"),
    "cylch.partnerships.challenge.resolved": _("{actor} resolved a challenge to a self-assessment rating"),
    "cylch.partnerships.evidence.viewed": _("{actor} opened a self-assessment evidence document"),
    "cylch.partnerships.measure_children.viewed": _("{actor} viewed the children behind a live measure"),
}
