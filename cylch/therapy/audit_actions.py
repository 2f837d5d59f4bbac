from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "cylch.therapy.service.created": _("{actor} added a therapeutic service to the directory"),
    "cylch.therapy.service.updated": _("{actor} updated a therapeutic service in the directory"),
    "cylch.therapy.directory.imported": _("{actor} imported a directory of services in the Open Referral UK format"),
    "cylch.therapy.child.viewed": _("{actor} viewed the therapeutic support of {subject}"),
    "cylch.therapy.need.viewed": _("{actor} viewed a need for therapeutic support of {subject}"),
    "cylch.therapy.need.recorded": _("{actor} recorded a need for therapeutic support"),
    "cylch.therapy.need.closed": _("{actor} closed a need for therapeutic support"),
    "cylch.therapy.referral.viewed": _("{actor} viewed a referral for therapeutic support"),
    "cylch.therapy.referral.created": _("{actor} started a referral for therapeutic support"),
    "cylch.therapy.referral.moved": _("{actor} moved a referral for therapeutic support on"),
    "cylch.therapy.rating.recorded": _("{actor} recorded the child's own rating of how therapeutic support is going"),
    "cylch.therapy.demand.exported": _("{actor} exported the demand and capacity for therapeutic support"),
}
