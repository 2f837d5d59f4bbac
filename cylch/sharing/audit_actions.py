from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "cylch.sharing.agreement.created": _("{actor} added the information-sharing agreement {subject}"),
    "cylch.sharing.agreement.updated": _("{actor} changed the information-sharing agreement {subject}"),
}
