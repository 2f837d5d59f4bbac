from django.utils.translation import gettext_lazy as _

NOTICES = {
    "cylch.sharing.no_agreement_flagged": _(
        "{agency} now receives information about a child (record {child_ref}) without an information-sharing agreement. Check the written justification."
    ),
    "cylch.sharing.agreement.review_due": _("The information-sharing agreement \"{title}\" is due for review on {date}."),
    "cylch.sharing.agreement.review_expired": _(
        "The information-sharing agreement \"{title}\" passed its review date on {date} and is flagged as expired."
    ),
}
