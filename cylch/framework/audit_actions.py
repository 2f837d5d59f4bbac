from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "cylch.framework.document.created": _("{actor} added {subject} to the Framework"),
    "cylch.framework.draft.started": _("{actor} started a new version of {subject}"),
    "cylch.framework.draft.saved": _("{actor} saved a draft of {subject}"),
    "cylch.framework.draft.submitted": _("{actor} sent a draft of {subject} for review"),
    "cylch.framework.draft.returned": _("{actor} sent a draft of {subject} back to its author"),
    "cylch.framework.draft.discarded": _("{actor} threw away a draft of {subject}"),
    "cylch.framework.version.published": _("{actor} published a new version of {subject}"),
    "cylch.framework.content.loaded": _("{actor} loaded the Framework content shipped with Cylch"),
    "cylch.framework.content.imported": _("{actor} imported the Framework's official text"),
}
