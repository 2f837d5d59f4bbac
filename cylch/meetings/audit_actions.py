from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "cylch.meetings.meeting.arranged": _("{actor} arranged {subject}"),
    "cylch.meetings.meeting.changed": _("{actor} changed the arrangements for {subject}"),
    "cylch.meetings.meeting.cancelled": _("{actor} cancelled {subject}"),
    "cylch.meetings.meeting.held": _("{actor} recorded that {subject} was held"),
    "cylch.meetings.meeting.circulated": _("{actor} recorded that the record of {subject} was circulated"),
    "cylch.meetings.meeting.viewed": _("{actor} viewed a meeting about {subject}"),
    "cylch.meetings.meetings.viewed": _("{actor} viewed the meetings about {subject}"),
    "cylch.meetings.invitee.added": _("{actor} invited {subject} to a meeting"),
    "cylch.meetings.attendance.recorded": _("{actor} recorded who attended {subject}"),
    "cylch.meetings.views.recorded": _("{actor} recorded the child's and family's part in a meeting"),
    "cylch.meetings.decision.recorded": _("{actor} recorded a meeting's decision for a child"),
    "cylch.meetings.action.agreed": _("{actor} recorded an action agreed at a meeting"),
}
