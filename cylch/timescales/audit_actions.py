from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "cylch.timescales.due_item.raised": _("{actor} started the clock on {subject}"),
    "cylch.timescales.due_item.recalculated": _("{actor} recalculated {subject}"),
    "cylch.timescales.due_item.cancelled": _("{actor} recorded that {subject} is no longer needed"),
    "cylch.timescales.due_item.met": _("{actor} recorded that {subject} was met"),
    "cylch.timescales.rule.changed": _("{actor} changed the timescale {subject}"),
}
