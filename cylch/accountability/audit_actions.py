from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "cylch.accountability.action.created": _("{actor} agreed a partnership action: {subject}"),
}
