"""Labels the framework domain adds to shared places (navigation), kept here so they are
translated in this domain's catalogue."""

from django.utils.translation import gettext_lazy as _

FRAMEWORK_NAVIGATION_LABEL = _("The Framework")
