"""Labels this app adds to shared modules (defined here so they go to this app's catalogue)."""

from django.utils.translation import gettext_lazy as _

NAVIGATION_LABEL = _("Partnerships")
