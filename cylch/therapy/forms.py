from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cylch.children.forms import date_field
from cylch.core.reference_data import code_choices
from cylch.therapy.models import Service


def _text(label: Any, *, required: bool = False, rows: int = 3, help_text: Any = "", max_length: int = 5000) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=max_length, widget=forms.Textarea(attrs={"rows": rows}), help_text=help_text)


def _number(label: Any, *, help_text: Any = "", min_value: int = 0, max_value: int = 100000) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        min_value=min_value,
        max_value=max_value,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
        error_messages={"invalid": _("Enter a whole number."), "required": _("Enter a number.")},
    )


class DirectoryFilterForm(forms.Form):
    text = forms.CharField(label=_("Name of the service"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind of support"), required=False)
    area = forms.ChoiceField(label=_("Area covered"), required=False)
    welsh = forms.BooleanField(label=_("Only services delivered in Welsh"), required=False)

    def __init__(self, *args: Any, areas: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Any kind")), *code_choices("therapy_service_kind")]  # type: ignore[attr-defined]
        self.fields["area"].choices = [("", _("Anywhere")), *[(str(pk), name) for pk, name in areas]]  # type: ignore[attr-defined]


class ServiceForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    provider = forms.ChoiceField(label=_("Provider"))
    name_en = forms.CharField(label=_("Name in English"), max_length=200)
    name_cy = forms.CharField(label=_("Name in Welsh"), max_length=200)
    description_en = _text(_("Description in English"))
    description_cy = _text(_("Description in Welsh"))
    kind = forms.ChoiceField(label=_("Kind of support"), widget=forms.RadioSelect)
    minimum_age = _number(_("Youngest age"), max_value=25)
    maximum_age = _number(_("Oldest age"), max_value=25)
    care_statuses = forms.MultipleChoiceField(
        label=_("Care statuses the service is for"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked if the service is for any care-experienced child."),
    )
    diagnosis_needed = forms.BooleanField(label=_("A mental-health diagnosis is needed"), required=False)
    areas = forms.MultipleChoiceField(label=_("Local authority areas covered"), widget=forms.CheckboxSelectMultiple)
    welsh_language = forms.BooleanField(label=_("Delivered in Welsh"), required=False)
    how_to_refer = _text(_("How to refer"))
    contact_name = forms.CharField(label=_("Contact name"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("Contact email"), required=False, error_messages={"invalid": _("Enter an email address like name@example.org.")})
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=40, required=False)
    url = forms.URLField(label=_("Web address"), required=False, assume_scheme="https", error_messages={"invalid": _("Enter a web address like https://example.org.")})
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    town = forms.CharField(label=_("Town"), max_length=100, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=10, required=False)
    capacity_per_month = _number(_("Places for new children or carers each month"))
    waiting_weeks = _number(_("Current waiting time, in weeks"), max_value=520)
    status = forms.ChoiceField(label=_("Taking referrals?"), choices=Service.Status.choices, widget=forms.RadioSelect)

    def __init__(self, *args: Any, providers: Any = (), areas: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = [(str(pk), name) for pk, name in providers]  # type: ignore[attr-defined]
        self.fields["kind"].choices = code_choices("therapy_service_kind")  # type: ignore[attr-defined]
        self.fields["care_statuses"].choices = code_choices("care_status")  # type: ignore[attr-defined]
        self.fields["areas"].choices = [(str(pk), name) for pk, name in areas]  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {k: v for k, v in d.items() if k not in {"version", "provider", "areas"}}


class NeedForm(forms.Form):
    care_status = forms.ChoiceField(label=_("Care status"), widget=forms.RadioSelect)
    diagnosis = forms.ChoiceField(label=_("Mental-health diagnosis"), widget=forms.RadioSelect)
    help_for = forms.ChoiceField(
        label=_("Who the help is for"),
        widget=forms.RadioSelect,
        help_text=_("Consultation and support for the carers is help in its own right, recorded like direct work with the child."),
    )
    need = _text(_("The need for therapeutic support"), required=True, rows=5, help_text=_("What has happened and how it affects the child now."))
    child_help_wanted = _text(_("What help the child wants, in their own words"), required=True, rows=4)
    child_where = _text(_("Where the child wants the help"), rows=2)
    child_language = forms.ChoiceField(label=_("The language the child wants help in"), widget=forms.RadioSelect)
    child_who_with = _text(_("Who the child wants with them"), rows=2)
    consent = forms.ChoiceField(label=_("The child's consent or assent"), widget=forms.RadioSelect)
    consent_note = _text(_("About the consent"), rows=2, help_text=_("Needed if the child has not been asked or does not agree."))
    carers_views = _text(_("The carers' views"), rows=3)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, list_name in [
            ("care_status", "care_status"),
            ("diagnosis", "diagnosis_status"),
            ("help_for", "therapy_help_for"),
            ("child_language", "therapy_language"),
            ("consent", "therapy_consent"),
        ]:
            self.fields[name].choices = code_choices(list_name)  # type: ignore[attr-defined]
        for name, message in NEED_REQUIRED.items():
            self.fields[name].error_messages["required"] = message


NEED_REQUIRED = {
    "care_status": _("Choose the child's care status."),
    "diagnosis": _("Choose whether the child has a mental-health diagnosis."),
    "help_for": _("Choose who the help is for: the child, the carers or both."),
    "need": _("Describe the need for therapeutic support."),
    "child_help_wanted": _("Write what help the child wants, in their own words."),
    "child_language": _("Choose the language the child wants help in."),
    "consent": _("Record the child's consent or assent."),
}


class ReferralForm(forms.Form):
    help_for = forms.ChoiceField(label=_("Who the help is for"), widget=forms.RadioSelect)
    shared_parts = forms.MultipleChoiceField(
        label=_("What the provider may see"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The provider's people see the child's name, the lead professional and only what you tick here."),
    )
    message = _text(_("Message to the provider"), rows=3)
    eligibility_reason = _text(_("Why this service is right for the child"), rows=3)

    def __init__(self, *args: Any, warnings: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["help_for"].choices = code_choices("therapy_help_for")  # type: ignore[attr-defined]
        self.fields["shared_parts"].choices = code_choices("referral_shared_part")  # type: ignore[attr-defined]
        if not warnings:
            del self.fields["eligibility_reason"]
        else:
            self.fields["eligibility_reason"].help_text = _("Needed because the service may not fit the child: see the warning above.")


class MoveForm(forms.Form):
    """One form for every move; the view keeps only the fields the move needs."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = _text(_("Why"), rows=3)
    contact_on = date_field(_("Date of first contact with the child or carers"), required=False)
    goals = _text(_("Goals agreed with the child and carers"), rows=4)
    end_reason = forms.ChoiceField(label=_("Why the help ended"), widget=forms.RadioSelect, required=False)
    onward_route = forms.ChoiceField(label=_("Onward route"), widget=forms.RadioSelect, required=False, help_text=_("No wrong door: say where the child or carers go next."))
    onward_service = forms.ChoiceField(label=_("Service referred on to"), required=False)
    onward_note = _text(_("What happens next"), rows=3)
    onward_owner = forms.CharField(label=_("Who owns the next step"), max_length=200, required=False)
    onward_due_on = date_field(_("Date the next step is due"), required=False)

    def __init__(self, *args: Any, keep: list[str], services: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["end_reason"].choices = code_choices("referral_end_reason")  # type: ignore[attr-defined]
        self.fields["onward_route"].choices = code_choices("onward_route")  # type: ignore[attr-defined]
        self.fields["onward_service"].choices = [("", _("Not another service")), *[(str(pk), name) for pk, name in services]]  # type: ignore[attr-defined]
        for name in list(self.fields):
            if name not in keep and name != "version":
                del self.fields[name]


class CloseNeedForm(forms.Form):
    reason = _text(_("Why the need is closed"), required=True, rows=3, help_text=_("For example, the child no longer wants help, or the need is met another way."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = _("Say why the need is closed.")


class RatingForm(forms.Form):
    stage = forms.ChoiceField(label=_("When"), widget=forms.RadioSelect)
    score = forms.ChoiceField(label=_("How the child says things are going"), widget=forms.RadioSelect)
    words = _text(_("The child's own words"), rows=3)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = code_choices("rating_stage")  # type: ignore[attr-defined]
        self.fields["score"].choices = [(code, f"{code} – {label}") for code, label in code_choices("child_rating")]  # type: ignore[attr-defined]


class DemandForm(forms.Form):
    start = date_field(_("From"), required=False)
    end = date_field(_("To"), required=False)
    kind = forms.ChoiceField(label=_("Kind of support"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)

    def __init__(self, *args: Any, regions: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Any kind")), *code_choices("therapy_service_kind")]  # type: ignore[attr-defined]
        self.fields["region"].choices = [("", _("All of Wales")), *[(str(pk), name) for pk, name in regions]]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("The end of the period cannot be before its start."))
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Open Referral UK JSON file"), help_text=_("A service, a page of services or a list of services, as JSON."))
    area = forms.ChoiceField(label=_("Area for providers and services whose area is not recognised"))

    def __init__(self, *args: Any, areas: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [(str(pk), name) for pk, name in areas]  # type: ignore[attr-defined]
