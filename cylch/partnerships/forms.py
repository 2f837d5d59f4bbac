"""Input parsing and messages for partnership and self-assessment pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cylch.children.forms import date_field
from cylch.partnerships.models import AccountabilityPart, GovernanceBody, PartnershipRole


def _text(label: Any, *, required: bool = False, rows: int = 4, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label, required=required, max_length=20000, widget=forms.Textarea(attrs={"rows": rows}), help_text=help_text
    )


def _choices(pairs: Any, empty: Any = None) -> list[tuple[str, str]]:
    options = [(str(pk), str(label)) for pk, label in pairs]
    return [("", str(empty)), *options] if empty is not None else options


class CycleForm(forms.Form):
    period_start = date_field(_("Start of the period assessed"))
    period_end = date_field(_("End of the period assessed"), help_text=_("Live measures are computed over this period. For example, 31 3 2026."))
    deadline = date_field(_("Deadline for member agencies' ratings"))


class RatingForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    agency = forms.ChoiceField(label=_("Agency rating itself"))
    score = forms.ChoiceField(label=_("Rating"), widget=forms.RadioSelect, required=False)
    narrative = _text(_("What shows this, in your own words"), rows=5)
    evidence_link = forms.URLField(
        label=_("Link to the evidence"), required=False, max_length=1000, assume_scheme="https",
        help_text=_("For example, a document in your agency's document library"),
    )
    document = forms.FileField(label=_("Upload a document as evidence"), required=False)

    def __init__(self, *args: Any, agencies: Any = (), scale: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = _choices(agencies)  # type: ignore[attr-defined]
        self.fields["score"].choices = [(code, f"{label}. {descriptor}") for code, label, descriptor in scale]  # type: ignore[attr-defined]

    def clean_score(self) -> str:
        score = self.cleaned_data.get("score") or ""
        if not score:
            raise forms.ValidationError(_("Choose a rating from 1 to 4"))
        return str(score)


class ChallengeForm(forms.Form):
    comment = _text(_("Your challenge to this rating"), required=True, rows=3, help_text=_("Say what the rating misses and what evidence would settle it."))
    comment.error_messages["required"] = _("Say why you challenge the rating")


class ResolveForm(forms.Form):
    response = _text(_("How the challenge was resolved"), required=True, rows=3)
    response.error_messages["required"] = _("Say how the challenge was resolved")


class SignOffForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    note = _text(_("Board decision"), rows=3, help_text=_("For example, signed off at the board meeting on 14 May"))


class ImprovementActionForm(forms.Form):
    standard = forms.ChoiceField(label=_("Standard"), required=False)
    what = _text(_("What will be done"), required=True, rows=3)
    owner_agency = forms.ChoiceField(label=_("Owning agency"), required=False)
    owner = forms.ChoiceField(label=_("Named person"), required=False, help_text=_("Someone who works for the owning agency"))
    due_on = date_field(_("Due date"), required=False)

    def __init__(self, *args: Any, standards: Any = (), agencies: Any = (), people: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["standard"].choices = _choices(standards, _("Not about one standard"))  # type: ignore[attr-defined]
        self.fields["owner_agency"].choices = _choices(agencies, _("Choose an agency"))  # type: ignore[attr-defined]
        self.fields["owner"].choices = _choices(people, _("Choose a person"))  # type: ignore[attr-defined]


class BodyForm(forms.Form):
    kind = forms.ChoiceField(label=_("Board or sub-group"), choices=GovernanceBody.Kind.choices, widget=forms.RadioSelect)
    name_en = forms.CharField(label=_("Name in English"), max_length=200)
    name_cy = forms.CharField(label=_("Name in Welsh"), max_length=200)
    reports_to = forms.ChoiceField(label=_("Reports to"), required=False)
    standard = forms.ChoiceField(label=_("Standard it leads on"), required=False)
    remit_en = _text(_("Remit in English"), rows=3)
    remit_cy = _text(_("Remit in Welsh"), rows=3)

    def __init__(self, *args: Any, bodies: Any = (), standards: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reports_to"].choices = _choices(bodies, _("Nobody (it is the board)"))  # type: ignore[attr-defined]
        self.fields["standard"].choices = _choices(standards, _("No one standard"))  # type: ignore[attr-defined]


class RoleForm(forms.Form):
    person = forms.ChoiceField(label=_("Person"))
    role = forms.ChoiceField(label=_("Role"), choices=PartnershipRole.Role.choices, widget=forms.RadioSelect)
    agency = forms.ChoiceField(label=_("Agency they represent"), required=False)
    standard = forms.ChoiceField(label=_("Standard they lead on"), required=False, help_text=_("Only for a lead for a standard"))

    def __init__(self, *args: Any, people: Any = (), agencies: Any = (), standards: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = _choices(people, _("Choose a person"))  # type: ignore[attr-defined]
        self.fields["agency"].choices = _choices(agencies, _("Not representing one agency"))  # type: ignore[attr-defined]
        self.fields["standard"].choices = _choices(standards, _("Not a lead for a standard"))  # type: ignore[attr-defined]


class PriorityForm(forms.Form):
    title_en = forms.CharField(label=_("Priority in English"), max_length=300)
    title_cy = forms.CharField(label=_("Priority in Welsh"), max_length=300)
    description_en = _text(_("Description in English"), rows=3)
    description_cy = _text(_("Description in Welsh"), rows=3)
    standard = forms.ChoiceField(label=_("Standard"), required=False)
    measure_codes = forms.MultipleChoiceField(
        label=_("Measures that show progress"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, standards: Any = (), measures: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["standard"].choices = _choices(standards, _("Not about one standard"))  # type: ignore[attr-defined]
        self.fields["measure_codes"].choices = _choices(measures)  # type: ignore[attr-defined]


PART_CHOICES = [("", _("No part")), *AccountabilityPart.Part.choices]


class MatrixEntryForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    accountable_body = forms.ChoiceField(label=_("Accountable body"))
    lead = forms.ChoiceField(label=_("Named lead"))

    def __init__(self, *args: Any, bodies: Any = (), people: Any = (), agencies: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["accountable_body"].choices = _choices(bodies, _("Choose a body"))  # type: ignore[attr-defined]
        self.fields["lead"].choices = _choices(people, _("Choose a person"))  # type: ignore[attr-defined]
        self.agency_fields = []
        for pk, name in agencies:
            key = f"agency_{pk}"
            self.fields[key] = forms.ChoiceField(label=name, choices=PART_CHOICES, required=False)
            self.agency_fields.append(key)

    def parts(self) -> dict[int, str]:
        return {
            int(key.removeprefix("agency_")): self.cleaned_data[key]
            for key in self.agency_fields
            if self.cleaned_data.get(key)
        }


class PartnershipForm(forms.Form):
    name_en = forms.CharField(label=_("Name in English"), max_length=200)
    name_cy = forms.CharField(label=_("Name in Welsh"), max_length=200)
    areas = forms.MultipleChoiceField(
        label=_("Local authority areas it covers"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The statutory partners of these areas become members; you can change the members afterwards."),
    )

    def __init__(self, *args: Any, areas: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["areas"].choices = _choices(areas)  # type: ignore[attr-defined]
        self.fields["areas"].error_messages["required"] = _("Choose at least one local authority area")


class MembersForm(forms.Form):
    agencies = forms.MultipleChoiceField(label=_("Member agencies"), widget=forms.CheckboxSelectMultiple, required=False)

    def __init__(self, *args: Any, agencies: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agencies"].choices = _choices(agencies)  # type: ignore[attr-defined]
