"""Labels this domain adds to shared places (the navigation), kept here so they are translated
in this app's catalogue."""

from django.utils.translation import gettext_lazy as _

NAV_CURRENTLY_MISSING = _("Children missing")
NAV_STATISTICS = _("Missing children statistics")
