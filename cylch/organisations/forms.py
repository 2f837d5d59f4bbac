from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class TeamForm(forms.Form):
    name_en = forms.CharField(label=_("Team name in English"), max_length=200)
    name_cy = forms.CharField(label=_("Team name in Welsh"), max_length=200)
    is_active = forms.BooleanField(label=_("The team is open"), required=False, initial=True)
