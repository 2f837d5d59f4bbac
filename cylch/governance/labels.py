"""Labels this domain adds to shared files (so they are extracted into this app's catalogue)."""

from django.utils.translation import gettext_lazy as _

NAV_GOVERNANCE = _("Partnership governance")
