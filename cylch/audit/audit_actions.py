from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "cylch.audit.trail.viewed": _("{actor} viewed the audit trail"),
}
