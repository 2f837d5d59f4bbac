from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cylch.children.forms import date_field
from cylch.core.reference_data import code_choices
from cylch.meetings.forms import time_field
from cylch.register.services import REVIEW_CONFERENCE_REASON


class CheckForm(forms.Form):
    nhs_number = forms.CharField(label=_("NHS number"), required=False, max_length=20, help_text=_("For example, 943 476 5919"))
    given_names = forms.CharField(label=_("Given name"), required=False, max_length=200)
    family_name = forms.CharField(label=_("Family name"), required=False, max_length=200)
    date_of_birth = date_field(_("Date of birth"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_nhs = bool((data.get("nhs_number") or "").strip())
        has_details = bool((data.get("given_names") or "").strip() and (data.get("family_name") or "").strip() and data.get("date_of_birth"))
        if not has_nhs and not has_details and not self.errors:
            raise forms.ValidationError(_("Enter the child's NHS number, or their given name, family name and date of birth."))
        return data


class EndForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why the child is leaving the register"), widget=forms.RadioSelect)
    ended_on = date_field(_("Date"))
    detail = forms.CharField(label=_("The reasons, in full"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A review conference removes a child through its decision, recorded at the conference.
        self.fields["reason"].choices = [  # type: ignore[attr-defined]
            (code, label) for code, label in code_choices("deregistration_reason") if code != REVIEW_CONFERENCE_REASON
        ]


class TransferInForm(forms.Form):
    notified_on = date_field(_("Date the other area told us"))
    notified_time = time_field(_("Time"), required=False)
    from_area = forms.CharField(label=_("Area the child has moved from"), max_length=200)
    registered_elsewhere_on = date_field(_("Date the child was placed on that area's register (if known)"), required=False)
    categories = forms.MultipleChoiceField(label=_("Categories there (if known)"), required=False, widget=forms.CheckboxSelectMultiple)
    notes = forms.CharField(label=_("Notes"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["categories"].choices = code_choices("register_category")  # type: ignore[attr-defined]


class DutyLineForm(forms.Form):
    agency = forms.ChoiceField(label=_("Agency"))
    phone = forms.CharField(label=_("Duty line phone number"), max_length=40)
    notes_en = forms.CharField(label=_("Hours and out-of-hours arrangements, in English"), required=False, max_length=300)
    notes_cy = forms.CharField(label=_("Hours and out-of-hours arrangements, in Welsh"), required=False, max_length=300)

    def __init__(self, *args: Any, agencies: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [(str(a.pk), a.name) for a in agencies]  # type: ignore[attr-defined]
