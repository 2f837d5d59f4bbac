from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cylch.children.forms import date_field
from cylch.core.reference_data import code_choices
from cylch.plans.models import OPTIONAL_SECTIONS, PLAN_FIELD_LABELS, PlanAction


def _text(label: Any, *, required: bool = False, rows: int = 4, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label, required=required, max_length=20000, widget=forms.Textarea(attrs={"rows": rows}), help_text=help_text
    )


def _id_or_none(value: Any) -> int | None:
    return int(value) if value not in (None, "") else None


class PlanForm(forms.Form):
    """The working copy of a plan. The type is chosen when the plan is started."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    plan_type = forms.ChoiceField(label=_("Type of plan"), widget=forms.RadioSelect)
    personal_outcomes = _text(
        PLAN_FIELD_LABELS["personal_outcomes"],
        rows=6,
        help_text=_("Write what matters to the child in their own words, as they said it."),
    )
    needs = _text(PLAN_FIELD_LABELS["needs"])
    progress_measures = _text(PLAN_FIELD_LABELS["progress_measures"], help_text=_("How everyone will know the plan is working."))
    review_arrangements = _text(PLAN_FIELD_LABELS["review_arrangements"], rows=3)
    next_review_on = date_field(PLAN_FIELD_LABELS["next_review_on"], required=False)
    health_plan = _text(PLAN_FIELD_LABELS["health_plan"])
    personal_education_plan = _text(PLAN_FIELD_LABELS["personal_education_plan"])
    placement_plan = _text(PLAN_FIELD_LABELS["placement_plan"])

    def __init__(self, *args: Any, sections: list[str] | None = None, creating: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if creating:
            self.fields["plan_type"].choices = code_choices("plan_type")  # type: ignore[attr-defined]
            del self.fields["version"]
        else:
            del self.fields["plan_type"]
        for name in OPTIONAL_SECTIONS:
            if name not in (sections or []):
                del self.fields[name]


class ActionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    what = _text(_("What will be done"), required=True, rows=3)
    owner_agency = forms.ChoiceField(label=_("Owning agency"), required=False)
    owner = forms.ChoiceField(
        label=_("Named person"),
        required=False,
        help_text=_("Someone in the team around the child. An action cannot be agreed without an owning agency and a named person."),
    )
    due_on = date_field(_("Due date"), required=False)

    def __init__(self, *args: Any, agencies: Any = (), people: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_agency"].choices = [("", _("Not decided yet")), *[(str(pk), name) for pk, name in agencies]]  # type: ignore[attr-defined]
        self.fields["owner"].choices = [("", _("Not decided yet")), *[(str(pk), name) for pk, name in people]]  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "what": d["what"],
            "owner_agency_id": _id_or_none(d.get("owner_agency")),
            "owner_id": _id_or_none(d.get("owner")),
            "due_on": d.get("due_on"),
        }


class ProgressForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=PlanAction.Status.choices, widget=forms.RadioSelect)
    note = _text(_("Progress made"), rows=3, help_text=_("Required to cancel an action: say why."))
    evidence = _text(_("Evidence of completion"), rows=3, help_text=_("Required when the action is done: what shows it was done."))


class AgreeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    note = forms.CharField(
        label=_("Where and by whom it was agreed"),
        required=False,
        max_length=2000,
        help_text=_("For example, the core group meeting held today"),
    )


class ReasonForm(forms.Form):
    reason = _text(_("Reason"), required=True, rows=3)


class CompareForm(forms.Form):
    old = forms.TypedChoiceField(label=_("Compare version"), coerce=int)
    new = forms.TypedChoiceField(label=_("with version"), coerce=int)

    def __init__(self, *args: Any, numbers: list[int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(n), str(n)) for n in numbers or []]
        self.fields["old"].choices = choices  # type: ignore[attr-defined]
        self.fields["new"].choices = choices  # type: ignore[attr-defined]


class DisagreementForm(forms.Form):
    plan = forms.ChoiceField(label=_("Plan"), required=False)
    action = forms.ChoiceField(label=_("Action"), required=False)
    about = forms.CharField(
        label=_("The decision or action you disagree with"), max_length=300, help_text=_("For example, the decision to end the child protection plan")
    )
    concern = _text(_("What you disagree with and why it matters for the child"), required=True, rows=6)

    def __init__(self, *args: Any, plans: Any = (), actions: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = [("", _("Not about a plan")), *[(str(pk), label) for pk, label in plans]]  # type: ignore[attr-defined]
        self.fields["action"].choices = [("", _("Not about one action")), *[(str(pk), label) for pk, label in actions]]  # type: ignore[attr-defined]


class OutcomeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    outcome = _text(_("Outcome at this level"), required=True, rows=4)
    outcome_on = date_field(_("Date of the outcome"))


class EscalateForm(OutcomeForm):
    reason = _text(_("Why it needs to go to the next level"), required=True, rows=3)


class ResolveForm(OutcomeForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcome"].label = _("How it was resolved")
