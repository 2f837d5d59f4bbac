from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cylch.children.forms import DATE_FORMATS, date_field
from cylch.chronology.models import Significance
from cylch.core.reference_data import code_choices


class EntryForm(forms.Form):
    occurred_on = date_field(_("Date it happened"))
    occurred_time = forms.TimeField(
        label=_("Time (optional)"), required=False, input_formats=["%H:%M", "%H.%M"], help_text=_("For example, 14:30")
    )
    entry_type = forms.ChoiceField(label=_("Type of event"))
    summary = forms.CharField(label=_("Summary"), max_length=300)
    detail = forms.CharField(label=_("Detail"), required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 5}))
    significance = forms.ChoiceField(label=_("Significance"), choices=Significance.choices, widget=forms.RadioSelect)
    sensitivity = forms.ChoiceField(label=_("Sensitivity"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["entry_type"].choices = code_choices("chronology_type")  # type: ignore[attr-defined]
        self.fields["sensitivity"].choices = code_choices("sensitivity")  # type: ignore[attr-defined]


class CorrectionForm(EntryForm):
    reason = forms.CharField(label=_("Why the entry is being corrected"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["entry_type"]
        del self.fields["sensitivity"]


class FilterForm(forms.Form):
    agency = forms.ChoiceField(label=_("Agency"), required=False)
    entry_type = forms.ChoiceField(label=_("Type of event"), required=False)
    significance = forms.ChoiceField(
        label=_("Significance"), required=False, choices=[("", _("Any")), *Significance.choices]
    )
    date_from = forms.DateField(label=_("From"), required=False, input_formats=DATE_FORMATS, help_text=_("For example, 1 4 2026"))
    date_to = forms.DateField(label=_("To"), required=False, input_formats=DATE_FORMATS, help_text=_("For example, 31 3 2027"))

    def __init__(self, *args: Any, agencies: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", _("All agencies")), *[(str(pk), name) for pk, name in agencies]]  # type: ignore[attr-defined]
        self.fields["entry_type"].choices = [("", _("All types")), *code_choices("chronology_type")]  # type: ignore[attr-defined]
