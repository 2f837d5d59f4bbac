from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "cylch.organisations.reference_data.loaded": _("{actor} loaded the Wales reference data"),
}
