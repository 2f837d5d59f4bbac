from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "cylch.missing.form.created": _("{actor} started the Child Information Form of a child"),
    "cylch.missing.form.updated": _("{actor} updated the Child Information Form of a child"),
    "cylch.missing.form.reviewed": _("{actor} reviewed the Child Information Form of a child and found nothing to change"),
    "cylch.missing.form.viewed": _("{actor} viewed the Child Information Form of {subject}"),
    "cylch.missing.form.printed": _("{actor} produced the Child Information Form of {subject} as a PDF"),
    "cylch.missing.photo.viewed": _("{actor} viewed the photograph on the Child Information Form of {subject}"),
    "cylch.missing.history.viewed": _("{actor} viewed the missing history of {subject}"),
    "cylch.missing.episode.viewed": _("{actor} viewed a missing episode of {subject}"),
    "cylch.missing.episode.recorded": _("{actor} recorded that a child is missing"),
    "cylch.missing.episode.regraded": _("{actor} recorded a new police risk grade for a missing episode"),
    "cylch.missing.episode.ended": _("{actor} recorded that a missing child was found"),
    "cylch.missing.episode.safe_and_well": _("{actor} recorded the police safe and well check after a missing episode"),
    "cylch.missing.interview.recorded": _("{actor} recorded a return interview"),
    "cylch.missing.trigger.raised": _("A pattern of going missing called for a strategy discussion"),
    "cylch.missing.current.viewed": _("{actor} viewed the children currently missing"),
    "cylch.missing.statistics.exported": _("{actor} exported the missing children statistics"),
}
