from django.utils.translation import gettext_lazy as _

NOTICES = {
    "cylch.framework.draft.submitted": _("{person} sent a new version of “{title}” for review. A second partnership manager can publish it."),
    "cylch.framework.draft.returned": _("{person} sent your draft of “{title}” back: {comment}"),
    "cylch.framework.version.published": _("{person} published your new version of “{title}” as version {number}."),
}
