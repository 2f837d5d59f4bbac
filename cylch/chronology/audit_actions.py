from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "cylch.chronology.entry.added": _("{actor} added an entry to the chronology"),
    "cylch.chronology.entry.corrected": _("{actor} corrected an entry in the chronology"),
    "cylch.chronology.timeline.viewed": _("{actor} viewed the chronology of {subject}"),
    "cylch.chronology.exported": _("{actor} opened the chronology of {subject} to export it"),
    "cylch.chronology.export.made": _("{actor} exported the chronology of {subject}"),
}
