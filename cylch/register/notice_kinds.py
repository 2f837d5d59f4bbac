from django.utils.translation import gettext_lazy as _

NOTICES = {
    "cylch.register.registered": _("{child} has been placed on the child protection register. The first core group meeting is due by {due}."),
    "cylch.register.deregistered": _("{child} has been removed from the child protection register: {reason}"),
    "cylch.register.checked": _("Someone at {agency} checked the child protection register for {child} and was told to contact you."),
}
