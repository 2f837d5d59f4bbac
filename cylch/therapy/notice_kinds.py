from django.utils.translation import gettext_lazy as _

NOTICES = {
    "cylch.therapy.referral.received": _("A referral for therapeutic support has been sent to {service}."),
    "cylch.therapy.referral.moved": _("The referral of {child} to {service} for therapeutic support is now: {state}."),
    "cylch.therapy.referral.declined": _(
        "The referral of {child} to {service} was declined. Onward route: {route}."
    ),
}
