from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "cylch.people.invitation.sent": _("{actor} invited {subject} to join Cylch"),
    "cylch.people.invitation.accepted": _("{actor} accepted the invitation and joined Cylch"),
    "cylch.people.person.deactivated": _("{actor} deactivated {subject}"),
    "cylch.people.person.language_changed": _("{actor} changed their language"),
}
