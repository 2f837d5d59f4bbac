from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cylch.children.forms import date_field
from cylch.core.reference_data import code_choices
from cylch.meetings.forms import time_field

TEXT = {"rows": 3}


def _text(label: Any, *, help_text: Any = "", required: bool = False, max_length: int = 5000) -> forms.CharField:
    return forms.CharField(
        label=label, help_text=help_text, required=required, max_length=max_length, widget=forms.Textarea(attrs=TEXT)
    )


class InformationForm(forms.Form):
    physical_description = _text(_("Physical description"), help_text=_("Height, build, hair, eyes, marks, glasses."))
    clothing = _text(_("Clothing they usually wear"))
    associates = _text(_("Associates"), help_text=_("Friends, partners and adults they may be with, with any details known."))
    places = _text(_("Places they may go"))
    phone_and_social_media = _text(_("Phone and social media"), help_text=_("Phone numbers and the accounts they use."))
    health_and_medication = _text(_("Health needs and medication"))
    risks = _text(_("Risks"), help_text=_("What could put them in danger while missing."))
    what_helped_return = _text(_("What has helped them come back before"))
    what_child_told = _text(
        _("What the child has been told about how this form is shared"),
        help_text=_("For example: that the police will be given it if they go missing, and why."),
    )
    photo = forms.FileField(
        label=_("Recent photograph"),
        required=False,
        help_text=_("A JPEG, PNG or WebP photograph. Location and other hidden details are removed when it is saved."),
        widget=forms.FileInput(attrs={"class": "govuk-file-upload", "accept": "image/jpeg,image/png,image/webp"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, show_health: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not show_health:
            del self.fields["health_and_medication"]


class ConfirmForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


def _grade_field(label: Any) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, widget=forms.RadioSelect, error_messages={"required": _("Choose the risk grade the police gave.")})


class EpisodeForm(forms.Form):
    missing_from_date = date_field(_("Date the child was last seen"))
    missing_from_time = time_field(_("Time the child was last seen"))
    last_seen_where = forms.CharField(label=_("Where the child was last seen"), required=False, max_length=300)
    reported_date = date_field(_("Date reported missing"))
    reported_time = time_field(_("Time reported missing"))
    reported_by = forms.CharField(label=_("Who reported the child missing"), max_length=200, help_text=_("Name and role, for example the foster carer."))
    police_reference = forms.CharField(label=_("Police reference"), required=False, max_length=60)
    risk_grade = _grade_field(_("Risk grade given by the police"))
    circumstances = _text(_("Circumstances"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["risk_grade"].choices = code_choices("missing_risk_grade")  # type: ignore[attr-defined]


class RegradeForm(forms.Form):
    grade = _grade_field(_("New risk grade"))
    graded_date = date_field(_("Date of the new grade"))
    graded_time = time_field(_("Time of the new grade"))
    note = _text(_("Why the grade changed"))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["grade"].choices = code_choices("missing_risk_grade")  # type: ignore[attr-defined]


class ReturnForm(forms.Form):
    found_date = date_field(_("Date the child was found"))
    found_time = time_field(_("Time the child was found"))
    found_where = forms.CharField(label=_("Where the child was found"), max_length=300)
    found_by = forms.CharField(label=_("Who found the child"), required=False, max_length=200)
    found_with = forms.CharField(
        label=_("Who the child was with"), required=False, max_length=300, help_text=_("Separate names with commas.")
    )
    safe_and_well_date = date_field(_("Date of the police safe and well check"), required=False)
    safe_and_well_time = time_field(_("Time of the safe and well check"), required=False)
    safe_and_well_by = forms.CharField(label=_("Who carried out the safe and well check"), required=False, max_length=200)
    safe_and_well_notes = _text(_("What the safe and well check found"))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("safe_and_well_time") and not data.get("safe_and_well_date"):
            self.add_error("safe_and_well_date", _("Enter the date of the safe and well check."))
        return data


class SafeAndWellForm(forms.Form):
    safe_and_well_date = date_field(_("Date of the police safe and well check"))
    safe_and_well_time = time_field(_("Time of the safe and well check"))
    safe_and_well_by = forms.CharField(label=_("Who carried out the safe and well check"), max_length=200)
    safe_and_well_notes = _text(_("What the safe and well check found"))
    version = forms.IntegerField(widget=forms.HiddenInput)


YES_NO_UNKNOWN = [("yes", _("Yes")), ("no", _("No")), ("unknown", _("Not known"))]
LANGUAGES = [("cy", _("Welsh")), ("en", _("English")), ("other", _("Another language"))]
ACTION_ROWS = 3


class InterviewForm(forms.Form):
    offered_date = date_field(_("Date the interview was offered"))
    offered_time = time_field(_("Time it was offered"))
    offered_by = forms.CharField(label=_("Who offered it"), max_length=200, help_text=_("Name and role."))
    response = forms.ChoiceField(
        label=_("Did the child accept the interview?"),
        widget=forms.RadioSelect,
        choices=[("accepted", _("Accepted")), ("declined", _("Declined"))],
        error_messages={"required": _("Choose whether the child accepted or declined the interview.")},
    )
    late_reason = _text(_("If it was offered late, why"))
    held_on = date_field(_("Date the interview was held"), required=False)
    held_time = time_field(_("Time it was held"), required=False)
    conducted_by = forms.CharField(label=_("Who conducted it"), required=False, max_length=200)
    child_chose_conductor = forms.ChoiceField(
        label=_("Did the child choose who conducted it?"), widget=forms.RadioSelect, choices=YES_NO_UNKNOWN, required=False
    )
    child_words = _text(_("What the child said, in their own words"), max_length=20000)
    child_words_language = forms.ChoiceField(label=_("Language the child used"), widget=forms.RadioSelect, choices=LANGUAGES, required=False)
    push_factors = forms.MultipleChoiceField(label=_("Push factors: what made them leave"), required=False, widget=forms.CheckboxSelectMultiple)
    pull_factors = forms.MultipleChoiceField(label=_("Pull factors: what drew them away"), required=False, widget=forms.CheckboxSelectMultiple)
    where_and_with_whom = _text(_("Where they were and with whom"))
    exploitation_indicators = forms.MultipleChoiceField(
        label=_("Indicators of exploitation"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, agencies: list[tuple[str, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["push_factors"].choices = code_choices("missing_push_factor")  # type: ignore[attr-defined]
        self.fields["pull_factors"].choices = code_choices("missing_pull_factor")  # type: ignore[attr-defined]
        self.fields["exploitation_indicators"].choices = code_choices("missing_exploitation_indicator")  # type: ignore[attr-defined]
        for n in range(1, ACTION_ROWS + 1):
            self.fields[f"action_{n}_what"] = forms.CharField(label=_("Action %(n)s: what will be done") % {"n": n}, required=False, max_length=2000)
            self.fields[f"action_{n}_agency"] = forms.ChoiceField(
                label=_("Action %(n)s: owning agency") % {"n": n}, required=False, choices=[("", "")] + list(agencies)
            )
            self.fields[f"action_{n}_due_on"] = date_field(_("Action %(n)s: due date") % {"n": n}, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for n in range(1, ACTION_ROWS + 1):
            if not (data.get(f"action_{n}_what") or "").strip() and (data.get(f"action_{n}_agency") or data.get(f"action_{n}_due_on")):
                self.add_error(f"action_{n}_what", _("Enter what will be done, or leave the whole action empty."))
        return data

    def actions(self) -> list[dict[str, Any]]:
        d = self.cleaned_data
        result = []
        for n in range(1, ACTION_ROWS + 1):
            what = (d.get(f"action_{n}_what") or "").strip()
            if what:
                agency = d.get(f"action_{n}_agency")
                result.append({"what": what, "owner_agency_id": int(agency) if agency else None, "due_on": d.get(f"action_{n}_due_on")})
        return result


class StatisticsForm(forms.Form):
    region = forms.ChoiceField(label=_("Region"), required=False)
    local_authority = forms.ChoiceField(label=_("Local authority"), required=False)
    start = date_field(_("From"), required=False)
    end = date_field(_("To"), required=False)

    def __init__(self, *args: Any, regions: list[tuple[str, str]] = (), areas: list[tuple[str, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("All of Wales"))] + list(regions)  # type: ignore[attr-defined]
        self.fields["local_authority"].choices = [("", _("Every local authority in the region"))] + list(areas)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        today = timezone.localdate()
        end = data.get("end") or today
        start = data.get("start") or end - datetime.timedelta(days=364)
        if start > end:
            self.add_error("end", _("The end of the period must be on or after its start."))
        elif (end - start).days > 366 * 5:
            self.add_error("start", _("Choose a period of at most five years."))
        data["start"], data["end"] = start, end
        return data
