"""Labels this domain adds to shared places (navigation, other domains' messages), kept here so
they are translated in this app's catalogue."""

from django.utils.translation import gettext_lazy as _

NAV_CURRENTLY_MISSING = _("Children missing")
NAV_STATISTICS = _("Missing children statistics")
STRATEGY_BEFORE_TRIGGER = _("A strategy discussion cannot be dated before %(date)s, when the pattern of going missing that it answers was found.")
