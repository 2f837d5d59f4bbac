from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cylch.organisations.models import Agency
from cylch.sharing.models import SharingAgreement

DATE_FORMATS = ["%d %m %Y", "%d/%m/%Y", "%Y-%m-%d"]


class AgreementForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(label=_("Kind of agreement"), choices=SharingAgreement.Kind.choices, widget=forms.RadioSelect)
    title = forms.CharField(label=_("Title"), max_length=300)
    parties = forms.ModelMultipleChoiceField(
        label=_("Parties"), queryset=Agency.objects.filter(is_active=True).order_by("name_en"), widget=forms.SelectMultiple(attrs={"size": 8})
    )
    purpose = forms.CharField(label=_("Purpose"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    people_covered = forms.CharField(label=_("People the agreement covers"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)
    data_categories = forms.CharField(label=_("Data items shared"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)
    lawful_basis = forms.CharField(label=_("Lawful basis and powers"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)
    starts_on = forms.DateField(label=_("Starts on"), help_text=_("For example, 1 4 2026"), input_formats=DATE_FORMATS)
    review_date = forms.DateField(label=_("Review date"), help_text=_("For example, 31 3 2027"), input_formats=DATE_FORMATS)
    status = forms.ChoiceField(label=_("Status"), choices=SharingAgreement.Status.choices, widget=forms.RadioSelect)
