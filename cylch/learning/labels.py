"""Labels this domain adds to shared modules (kept here so they are translated in this app's catalogue)."""

from django.utils.translation import gettext_lazy as _

GRANT_KIND_REVIEW = _("Safeguarding review")
GRANT_KIND_CASE_AUDIT = _("Multi-agency case audit")
NAVIGATION_LEARNING = _("Learning")
