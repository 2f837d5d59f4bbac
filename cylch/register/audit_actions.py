from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "cylch.register.registration.made": _("{actor} placed a child on the child protection register"),
    "cylch.register.registration.reviewed": _("{actor} recorded a review conference's decision that a child remains on the register"),
    "cylch.register.registration.ended": _("{actor} removed a child from the child protection register"),
    "cylch.register.registration.viewed": _("{actor} viewed the child protection register entries of {subject}"),
    "cylch.register.transfer_in.recorded": _("{actor} recorded that a child on another area's register has moved in"),
    "cylch.register.check.made": _("{actor} checked the child protection register"),
    "cylch.register.check.no_match": _("{actor} checked the child protection register and no child matched"),
    "cylch.register.duty_line.set": _("{actor} set the duty line of {subject}"),
}
