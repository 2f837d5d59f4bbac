"""Labels this domain adds to shared pages (kept here so they go to this app's Welsh catalogue)."""

from django.utils.translation import gettext_lazy as _

THERAPY_NAVIGATION = _("Therapeutic support")
THERAPY_TAB = _("Therapeutic support")
