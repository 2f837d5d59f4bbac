from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cylch.children.forms import date_field
from cylch.core.reference_data import code_choices
from cylch.meetings.models import Invitee, MeetingChild

TIME_FORMATS = ["%H:%M", "%H.%M", "%H%M"]


def time_field(label: Any, *, required: bool = True) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=required,
        input_formats=TIME_FORMATS,
        help_text=_("For example, 14:30"),
        widget=forms.TimeInput(attrs={"class": "govuk-input--width-5"}, format="%H:%M"),
        error_messages={"invalid": _("Enter a real time, for example 14:30.")},
    )


class ArrangeForm(forms.Form):
    meeting_type = forms.ChoiceField(label=_("Type of meeting"), widget=forms.RadioSelect)
    scheduled_on = date_field(_("Date"))
    scheduled_time = time_field(_("Time"))
    location = forms.CharField(label=_("Where"), required=False, max_length=200)
    chair_name = forms.CharField(label=_("Chair"), required=False, max_length=200)
    siblings = forms.CharField(
        label=_("Other children this meeting is about (optional)"),
        required=False,
        max_length=500,
        help_text=_("For siblings: enter their record numbers, separated by spaces or commas."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting_type"].choices = code_choices("meeting_type")  # type: ignore[attr-defined]

    def clean_siblings(self) -> list[int]:
        raw = (self.cleaned_data.get("siblings") or "").replace(",", " ").split()
        try:
            numbers = sorted({int(x) for x in raw})
        except ValueError:
            raise forms.ValidationError(_("Enter record numbers only, for example 12 15.")) from None
        if len(numbers) > 12 or any(n < 1 or n > 2**31 for n in numbers):
            raise forms.ValidationError(_("Enter up to 12 record numbers."))
        return numbers


class ChangeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    scheduled_on = date_field(_("Date"))
    scheduled_time = time_field(_("Time"))
    location = forms.CharField(label=_("Where"), required=False, max_length=200)
    chair_name = forms.CharField(label=_("Chair"), required=False, max_length=200)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Why the meeting is cancelled"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class InviteForm(forms.Form):
    agency = forms.ChoiceField(label=_("Agency"))
    person = forms.ChoiceField(label=_("Person who uses Cylch"), required=False)
    name = forms.CharField(label=_("Or the name of the person invited"), required=False, max_length=200)
    role = forms.CharField(label=_("Their role"), required=False, max_length=200)

    def __init__(self, *args: Any, agencies: Any = (), people: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", _("Choose an agency")), *[(str(a.pk), a.name) for a in agencies]]  # type: ignore[attr-defined]
        self.fields["person"].choices = [  # type: ignore[attr-defined]
            ("", _("Someone else (enter their name)")),
            *[(str(m.person_id), f"{m.person.full_name} ({m.team.agency.name})") for m in people],
        ]


class AttendanceForm(forms.Form):
    """One attendance question per invitee; for a strategy discussion, also whether they could decide for their agency."""

    def __init__(self, *args: Any, invitees: Any = (), strategy: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows: list[dict[str, Any]] = []
        for invitee in invitees:
            name = f"attendance_{invitee.pk}"
            self.fields[name] = forms.ChoiceField(
                label=_("%(person)s, %(agency)s") % {"person": invitee.display_name, "agency": invitee.agency.name},
                choices=Invitee.Attendance.choices,
                widget=forms.RadioSelect,
                required=False,
                initial=invitee.attendance or None,
            )
            row = {"invitee": invitee, "attendance": name, "authority": None}
            if strategy:
                authority = f"authority_{invitee.pk}"
                self.fields[authority] = forms.BooleanField(
                    label=_("Attended with authority to decide for their agency"),
                    required=False,
                    initial=bool(invitee.had_authority),
                )
                row["authority"] = authority
            self.rows.append(row)

    def bound_rows(self) -> list[dict[str, Any]]:
        return [
            {"invitee": row["invitee"], "attendance": self[row["attendance"]], "authority": self[row["authority"]] if row["authority"] else None}
            for row in self.rows
        ]

    def attendance_values(self) -> dict[int, tuple[str, bool | None]]:
        return {
            row["invitee"].pk: (
                self.cleaned_data.get(row["attendance"]) or "",
                bool(self.cleaned_data.get(row["authority"])) if row["authority"] else None,
            )
            for row in self.rows
        }


class HeldForm(forms.Form):
    held_on = date_field(_("Date it was held"))
    held_time = time_field(_("Time it started"))
    chair_name = forms.CharField(label=_("Chair"), max_length=200)
    record_summary = forms.CharField(
        label=_("Record of the meeting"),
        required=False,
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What was discussed and the reasons for the decisions. Record each child's decision separately."),
    )
    late_reason = forms.CharField(
        label=_("If the meeting was late: why"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )


class CirculatedForm(forms.Form):
    circulated_on = date_field(_("Date the record was sent to everyone invited"))
    late_reason = forms.CharField(
        label=_("If it went out late: why"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ViewsForm(forms.Form):
    child_participation = forms.ChoiceField(label=_("How the child took part"), widget=forms.RadioSelect)
    child_views = forms.CharField(
        label=_("The child's views, in their own words"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    family_participation = forms.ChoiceField(label=_("How the family took part"), widget=forms.RadioSelect)
    family_views = forms.CharField(label=_("The family's views"), required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["child_participation"].choices = code_choices("child_participation")  # type: ignore[attr-defined]
        self.fields["family_participation"].choices = code_choices("family_participation")  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    section47_determination = forms.ChoiceField(
        label=_("Section 47 enquiry determination"), required=False, widget=forms.RadioSelect
    )
    register_decision = forms.ChoiceField(label=_("Decision about the child protection register"), widget=forms.RadioSelect)
    categories = forms.MultipleChoiceField(
        label=_("Categories of registration"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Required when the child is placed on or remains on the register."),
    )
    reasons = forms.CharField(label=_("The decision and the reasons for it"), max_length=20000, widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args: Any, strategy: bool = False, register_decisions: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if strategy:
            self.fields["section47_determination"].choices = [  # type: ignore[attr-defined]
                *code_choices("section47_determination")
            ]
        else:
            del self.fields["section47_determination"]
        if register_decisions:
            names = dict(MeetingChild.RegisterDecision.choices)
            self.fields["register_decision"].choices = [(value, names[value]) for value in register_decisions]  # type: ignore[attr-defined]
            self.fields["categories"].choices = code_choices("register_category")  # type: ignore[attr-defined]
        else:
            del self.fields["register_decision"]
            del self.fields["categories"]


class ActionForm(forms.Form):
    what = forms.CharField(label=_("What is to be done"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    child = forms.ChoiceField(label=_("For"), required=False)
    owner_agency = forms.ChoiceField(label=_("Agency responsible"))
    owner_person = forms.ChoiceField(label=_("Person responsible (optional)"), required=False)
    due_on = date_field(_("To be done by"))

    def __init__(self, *args: Any, children: Any = (), agencies: Any = (), people: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        children = list(children)
        if len(children) > 1:
            self.fields["child"].choices = [("", _("Every child the meeting is about")), *[(str(c.pk), c.display_name) for c in children]]  # type: ignore[attr-defined]
        else:
            del self.fields["child"]
        self.fields["owner_agency"].choices = [("", _("Choose an agency")), *[(str(a.pk), a.name) for a in agencies]]  # type: ignore[attr-defined]
        self.fields["owner_person"].choices = [  # type: ignore[attr-defined]
            ("", _("No one named yet")),
            *[(str(m.person_id), f"{m.person.full_name} ({m.team.agency.name})") for m in people],
        ]
