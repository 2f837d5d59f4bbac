"""Forms of the learning domain: parsing and messages. The services decide what is allowed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cylch.children.forms import date_field
from cylch.core.reference_data import code_choices
from cylch.framework.models import PracticeNote, Standard
from cylch.learning import sampling
from cylch.learning.models import Review, Theme
from cylch.organisations.models import Agency
from cylch.people.models import Person

TEXT = forms.Textarea(attrs={"rows": 4})


def person_by_email(email: str) -> Person | None:
    return Person.objects.filter(email__iexact=(email or "").strip(), is_active=True).first()


BIGGEST_ID = 2**63 - 1


def _sane(value: Any) -> Any:
    """Refuse ids no database holds before they reach it (SQLite overflows on them)."""
    if value in (None, ""):
        return value
    text = str(value).strip()
    if not text.isdigit() or int(text) > BIGGEST_ID:
        raise forms.ValidationError(_("Select a valid choice."), code="invalid_choice")
    return text


class _SafeChoice(forms.ModelChoiceField):
    def to_python(self, value: Any) -> Any:
        return super().to_python(_sane(value))


class _SafeMultiple(forms.ModelMultipleChoiceField):
    def _check_values(self, value: Any) -> Any:
        return super()._check_values([_sane(v) for v in value])  # type: ignore[misc]


class _AgencyChoice(_SafeChoice):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


def agency_field(label: Any, queryset: Any = None, *, required: bool = False) -> forms.ModelChoiceField:
    return _AgencyChoice(
        label=label,
        queryset=queryset if queryset is not None else Agency.objects.order_by("name_en"),
        required=required,
    )


class _NameChoice(_SafeChoice):
    def label_from_instance(self, obj: Any) -> str:
        return str(getattr(obj, "title", None) or obj.name)


class _NameMultiple(_SafeMultiple):
    def label_from_instance(self, obj: Any) -> str:
        return str(getattr(obj, "title", None) or obj.name)


class ReviewReferForm(forms.Form):
    partnership = _NameChoice(label=_("Board"), queryset=None, required=False)
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Do not name the child: for example, a review concerning Child A"),
    )
    referral_summary = forms.CharField(
        label=_("Why the case is referred"), widget=TEXT, max_length=10000, required=False
    )
    referred_by_agency = agency_field(_("Referring agency"))
    referred_on = date_field(_("Date of the referral"), required=False)
    event_on = date_field(_("Date of the event that led to the referral"), required=False)
    children = forms.CharField(
        label=_("The children the review concerns"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        required=False,
        help_text=_("NHS numbers or Cylch record numbers, separated by commas"),
    )

    def __init__(self, *args: Any, partnerships: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = partnerships  # type: ignore[attr-defined]
        if partnerships.count() == 1:
            self.fields["partnership"].initial = partnerships.first()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("partnership") and not self.errors:
            self.add_error("partnership", _("Choose the board"))
        return data


class ReviewDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("The chair's decision"), choices=Review.Decision.choices, widget=forms.RadioSelect, required=False
    )
    reasons = forms.CharField(label=_("The reasons for the decision"), widget=TEXT, max_length=10000, required=False)
    decided_by_name = forms.CharField(label=_("Chair who decided"), max_length=200, required=False)
    decided_on = date_field(_("Date of the decision"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=BIGGEST_ID)


class ReviewStageForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage reached"), choices=(), required=False)
    note = forms.CharField(label=_("What happened at this stage"), widget=TEXT, max_length=10000, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=BIGGEST_ID)

    def __init__(self, *args: Any, review: Review, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        stages = code_choices("review_stage")
        codes = [c for c, _l in stages]
        reached = codes.index(review.stage) if review.stage in codes else 0
        self.fields["stage"].choices = stages[reached + 1 :]  # type: ignore[attr-defined]


class ReviewThemesForm(forms.Form):
    themes = _NameMultiple(
        label=_("Themes"),
        queryset=Theme.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class ReviewMemberForm(forms.Form):
    email = forms.CharField(label=_("Email address"), max_length=254, required=False)
    agency = agency_field(_("Agency"))
    role = forms.ChoiceField(label=_("Part in the review"), choices=(), widget=forms.RadioSelect, required=False)
    access_until = date_field(_("Access to the children's records ends on"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = code_choices("review_member_role")  # type: ignore[attr-defined]


class AgencyReportForm(forms.Form):
    agency = agency_field(_("Agency"))
    text = forms.CharField(
        label=_("The agency's report"), widget=forms.Textarea(attrs={"rows": 8}), max_length=50000, required=False
    )


class _OwnerFields(forms.Form):
    owner_agency = agency_field(_("Owning agency"))
    owner_email = forms.CharField(label=_("Email address of the named owner"), max_length=254, required=False)
    due_on = date_field(_("Due date"), required=False)


class RecommendationForm(_OwnerFields):
    text = forms.CharField(label=_("Recommendation"), widget=TEXT, max_length=10000, required=False)
    standard = _NameChoice(label=_("Standard it serves"), queryset=Standard.objects.all(), required=False)

    field_order = ["text", "standard", "owner_agency", "owner_email", "due_on"]


class ThemeForm(forms.Form):
    name_en = forms.CharField(label=_("Theme in English"), max_length=200, required=False)
    name_cy = forms.CharField(label=_("Theme in Welsh"), max_length=200, required=False)


class ThemeEditForm(ThemeForm):
    is_active = forms.BooleanField(label=_("In use"), required=False)


class BriefingForm(forms.Form):
    partnership = _NameChoice(label=_("Board"), queryset=None, required=False)
    title_en = forms.CharField(label=_("Title in English"), max_length=200, required=False)
    body_en = forms.CharField(
        label=_("Briefing in English"), widget=forms.Textarea(attrs={"rows": 10}), max_length=20000, required=False
    )
    title_cy = forms.CharField(label=_("Title in Welsh"), max_length=200, required=False)
    body_cy = forms.CharField(
        label=_("Briefing in Welsh"), widget=forms.Textarea(attrs={"rows": 10}), max_length=20000, required=False
    )
    themes = _NameMultiple(
        label=_("Themes"),
        queryset=Theme.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    standards = _NameMultiple(
        label=_("Standards it touches"),
        queryset=Standard.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    practice_notes = _NameMultiple(
        label=_("Practice notes it touches"),
        queryset=PracticeNote.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, partnerships: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = partnerships  # type: ignore[attr-defined]
        if partnerships.count() == 1:
            self.fields["partnership"].initial = partnerships.first()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("partnership") and not self.errors:
            self.add_error("partnership", _("Choose the board"))
        return data


class AuditToolForm(forms.Form):
    partnership = _NameChoice(label=_("Board"), queryset=None, required=False)
    name_en = forms.CharField(label=_("Name in English"), max_length=200, required=False)
    name_cy = forms.CharField(label=_("Name in Welsh"), max_length=200, required=False)

    def __init__(self, *args: Any, partnerships: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = partnerships  # type: ignore[attr-defined]
        if partnerships.count() == 1:
            self.fields["partnership"].initial = partnerships.first()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("partnership") and not self.errors:
            self.add_error("partnership", _("Choose the board"))
        return data


class AuditQuestionForm(forms.Form):
    standard = _NameChoice(label=_("Standard the question grades"), queryset=Standard.objects.all(), required=False)
    text_en = forms.CharField(
        label=_("Question in English"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )
    text_cy = forms.CharField(
        label=_("Question in Welsh"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.grades = code_choices("audit_grade")
        for code, label in self.grades:
            self.fields[f"{code}_en"] = forms.CharField(
                label=_("What “%(grade)s” looks like, in English") % {"grade": label}, max_length=2000, required=False
            )
            self.fields[f"{code}_cy"] = forms.CharField(
                label=_("What “%(grade)s” looks like, in Welsh") % {"grade": label}, max_length=2000, required=False
            )

    def descriptors(self) -> dict[str, tuple[str, str]]:
        d = self.cleaned_data
        return {code: (d.get(f"{code}_en") or "", d.get(f"{code}_cy") or "") for code, _label in self.grades}


class AuditRoundForm(forms.Form):
    tool: forms.ModelChoiceField = _SafeChoice(label=_("Audit tool"), queryset=None, required=False)
    title = forms.CharField(label=_("Title of the round"), max_length=200, required=False)
    criterion = forms.ChoiceField(
        label=_("How the cases are sampled"), choices=(), widget=forms.RadioSelect, required=False
    )
    criterion_option = forms.ChoiceField(label=_("Plan type (for the plan criterion)"), choices=(), required=False)
    period_start = date_field(_("Period from"), required=False)
    period_end = date_field(_("Period to"), required=False)
    sample_size = forms.IntegerField(
        label=_("Number of cases"),
        min_value=1,
        max_value=500,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
    )
    access_until = date_field(_("Auditors' access to the records ends on"), required=False)

    def __init__(self, *args: Any, tools: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["tool"]
        field.queryset = tools  # type: ignore[attr-defined]
        field.label_from_instance = lambda t: f"{t.name} (v{t.version})"  # type: ignore[attr-defined]
        self.fields["criterion"].choices = [(c.code, c.label) for c in sampling.criteria()]  # type: ignore[attr-defined]
        options: list[tuple[str, str]] = [("", "")]
        for c in sampling.criteria():
            if c.options is not None:
                options.extend(c.options())
        self.fields["criterion_option"].choices = options  # type: ignore[attr-defined]


class AuditorForm(forms.Form):
    email = forms.CharField(label=_("Email address"), max_length=254, required=False)
    agency = agency_field(_("Agency"))


class AnswerForm(forms.Form):
    question = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=BIGGEST_ID)
    grade = forms.ChoiceField(label=_("Grade"), choices=(), widget=forms.RadioSelect, required=False)
    rationale = forms.CharField(
        label=_("Rationale"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10000, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["grade"].choices = code_choices("audit_grade")  # type: ignore[attr-defined]


class ModerationForm(forms.Form):
    overall_grade = forms.ChoiceField(
        label=_("Overall grade agreed"), choices=(), widget=forms.RadioSelect, required=False
    )
    rationale = forms.CharField(
        label=_("Rationale for the overall grade"), widget=TEXT, max_length=10000, required=False
    )
    findings = forms.CharField(label=_("Findings"), widget=TEXT, max_length=20000, required=False)
    action_what = forms.CharField(
        label=_("Action agreed (optional)"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000, required=False
    )
    action_standard = _NameChoice(
        label=_("Standard the action serves"), queryset=Standard.objects.all(), required=False
    )
    owner_agency = agency_field(_("Owning agency"))
    owner_email = forms.CharField(label=_("Email address of the named owner"), max_length=254, required=False)
    due_on = date_field(_("Due date"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=BIGGEST_ID)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["overall_grade"].choices = code_choices("audit_grade")  # type: ignore[attr-defined]
