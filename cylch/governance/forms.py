from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cylch.accountability.forms import text_field
from cylch.children.forms import date_field
from cylch.core.reference_data import code_choices
from cylch.governance.models import Attendance, BoardMeeting, Risk


def _line(label: Any, *, required: bool = False, max_length: int = 300, help_text: Any = "") -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=max_length, help_text=help_text)


class MeetingForm(forms.Form):
    body = forms.TypedChoiceField(label=_("Board or sub-group"), coerce=int, empty_value=None, widget=forms.RadioSelect)
    held_on = date_field(_("Date of the meeting"))
    location = _line(_("Where (optional)"), max_length=200)
    agenda_en = text_field(_("Agenda in English"), rows=5, help_text=_("One item on each line."))
    agenda_cy = text_field(_("Agenda in Welsh (optional)"), rows=5, help_text=_("One item on each line, in the same order as the English."))

    def __init__(self, *args: Any, bodies: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = bodies  # type: ignore[attr-defined]


class MeetingEditForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    held_on = date_field(_("Date of the meeting"))
    location = _line(_("Where (optional)"), max_length=200)
    status = forms.ChoiceField(label=_("Status"), choices=BoardMeeting.Status.choices, widget=forms.RadioSelect)
    minutes_en = text_field(_("Minutes in English"), rows=8)
    minutes_cy = text_field(_("Minutes in Welsh"), rows=8, help_text=_("Where given. The English is shown to Welsh readers until the Welsh is written."))


class AgendaItemForm(forms.Form):
    title_en = _line(_("Agenda item in English"), required=True)
    title_cy = _line(_("Agenda item in Welsh (optional)"))


class AttendanceForm(forms.Form):
    name = _line(_("Name"), required=True, max_length=200)
    agency = forms.TypedChoiceField(label=_("Agency (optional)"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("Attendance"), choices=Attendance.Status.choices, widget=forms.RadioSelect)

    def __init__(self, *args: Any, agencies: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", _("Not given")), *agencies]  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    text_en = text_field(_("Decision in English"), required=True, rows=4)
    text_cy = text_field(_("Decision in Welsh (optional)"), rows=4)


class RiskForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = _line(_("Risk"), required=True, help_text=_("What might happen, and what it would mean for children."))
    description = text_field(_("Description (optional)"), rows=3)
    owner_agency = forms.TypedChoiceField(label=_("Owning agency"), coerce=int, empty_value=None)
    owner = forms.TypedChoiceField(label=_("Named owner"), coerce=int, empty_value=None, help_text=_("Someone who works for the owning agency."))
    likelihood = forms.ChoiceField(label=_("Likelihood"), widget=forms.RadioSelect)
    impact = forms.ChoiceField(label=_("Impact"), widget=forms.RadioSelect)
    controls = text_field(_("Controls in place"), rows=3)
    review_on = date_field(_("Next review date"))
    status = forms.ChoiceField(label=_("Status"), choices=Risk.Status.choices, widget=forms.RadioSelect)

    def __init__(self, *args: Any, agencies: list[tuple[int, str]], people: list[tuple[int, str]], creating: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_agency"].choices = [("", _("Choose an agency")), *agencies]  # type: ignore[attr-defined]
        self.fields["owner"].choices = [("", _("Choose a person")), *people]  # type: ignore[attr-defined]
        self.fields["likelihood"].choices = code_choices("risk_likelihood")  # type: ignore[attr-defined]
        self.fields["impact"].choices = code_choices("risk_impact")  # type: ignore[attr-defined]
        if creating:
            del self.fields["version"]
            del self.fields["status"]


class EscalateForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = text_field(_("Why the risk needs the board's attention"), required=True, rows=4)


class ReportNewForm(forms.Form):
    period_start = date_field(_("First day of the year reported on"))
    period_end = date_field(_("Last day of the year reported on"))


class ReportForm(forms.Form):
    """The words of each section, in English and in Welsh."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, sections: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, title in sections:
            self.fields[f"{key}_en"] = text_field(_("%(section)s: in English") % {"section": title}, rows=5)
            self.fields[f"{key}_cy"] = text_field(_("%(section)s: in Welsh") % {"section": title}, rows=5)


class PublishForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
