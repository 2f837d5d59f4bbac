from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cylch.children.models import ActiveOffer, Identifier, Involvement, LanguagePreference
from cylch.core.reference_data import code_choices
from cylch.organisations.models import Area

DATE_FORMATS = ["%d %m %Y", "%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]
DATE_HINT = _("For example, 27 3 2015")


def date_field(label: Any, *, required: bool = True, help_text: Any = DATE_HINT) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        help_text=help_text,
        widget=forms.DateInput(attrs={"class": "govuk-input--width-10"}, format="%d %m %Y"),
        error_messages={"invalid": _("Enter a real date, for example 27 3 2015.")},
    )


class SearchForm(forms.Form):
    name = forms.CharField(label=_("Name"), required=False, max_length=200)
    date_of_birth = date_field(_("Date of birth"), required=False)
    identifier = forms.CharField(
        label=_("NHS number, Unique Pupil Number or other reference"), required=False, max_length=60
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("name") or "").strip() and not data.get("date_of_birth") and not (data.get("identifier") or "").strip():
            raise forms.ValidationError(_("Enter a name, a date of birth or an identifier."))
        return data


class ChildDetailsForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    given_names = forms.CharField(label=_("Given names (legal)"), max_length=200)
    family_name = forms.CharField(label=_("Family name (legal)"), max_length=200)
    preferred_name = forms.CharField(label=_("Name the child likes to be called"), max_length=200, required=False)
    date_of_birth = date_field(_("Date of birth"), required=False)
    expected_date_of_birth = date_field(_("Expected date of birth (unborn child)"), required=False)
    gender = forms.ChoiceField(label=_("Gender"), required=False)
    ethnicity = forms.ChoiceField(label=_("Ethnicity"), required=False)
    language = forms.ChoiceField(label=_("Preferred language"), choices=LanguagePreference.choices, widget=forms.RadioSelect)
    other_language = forms.CharField(label=_("Other language, if any"), max_length=100, required=False)
    communication_needs = forms.CharField(
        label=_("Communication needs"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
    disability = forms.CharField(label=_("Disability"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gender"].choices = [("", _("Not recorded")), *code_choices("gender")]  # type: ignore[attr-defined]
        self.fields["ethnicity"].choices = [("", _("Not recorded")), *code_choices("ethnicity")]  # type: ignore[attr-defined]


class BasisForm(forms.Form):
    """The lawful basis on which an agency receives information about the child."""

    basis = forms.ChoiceField(label=_("Basis for receiving information"), choices=Involvement.Basis.choices, widget=forms.RadioSelect)
    statutory_basis = forms.ChoiceField(label=_("Statutory basis"), required=False)
    consent_given_by = forms.CharField(label=_("Consent given by"), required=False, max_length=200)
    consent_given_on = date_field(_("Consent given on"), required=False)
    consent_scope = forms.CharField(label=_("What the consent covers"), required=False, max_length=2000)
    consent_expires_on = date_field(_("Consent expires on"), required=False)
    agreement = forms.ChoiceField(label=_("Information-sharing agreement relied on"), required=False)
    no_agreement_justification = forms.CharField(
        label=_("If there is no agreement: why sharing is justified"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Sharing without an agreement is flagged to your agency's data protection lead."),
    )

    def __init__(self, *args: Any, agreements: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["statutory_basis"].choices = [("", _("Choose")), *code_choices("statutory_basis")]  # type: ignore[attr-defined]
        self.fields["agreement"].choices = [("", _("No agreement applies")), *[(str(a.pk), a.title) for a in agreements]]  # type: ignore[attr-defined]

    def basis_value(self) -> Any:
        from cylch.children.services import Basis

        d = self.cleaned_data
        return Basis(
            basis=d["basis"],
            statutory_basis=d.get("statutory_basis") or "",
            consent_given_by=d.get("consent_given_by") or "",
            consent_given_on=d.get("consent_given_on"),
            consent_scope=d.get("consent_scope") or "",
            consent_expires_on=d.get("consent_expires_on"),
            agreement_id=int(d["agreement"]) if d.get("agreement") else None,
            no_agreement_justification=d.get("no_agreement_justification") or "",
        )


class RegisterForm(ChildDetailsForm, BasisForm):
    role_for_child = forms.ChoiceField(label=_("Your role for this child"))
    as_lead = forms.BooleanField(label=_("I am the lead professional for this child"), required=False)
    reason = forms.CharField(label=_("Why your agency is involved"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    confirmed_new = forms.BooleanField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role_for_child"].choices = code_choices("involvement_role")  # type: ignore[attr-defined]


class IdentifierForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of identifier"), choices=Identifier.Kind.choices, widget=forms.RadioSelect)
    value = forms.CharField(label=_("Identifier"), max_length=60)
    valid_from = date_field(_("Valid from"), required=False)


class AddressForm(forms.Form):
    line_1 = forms.CharField(label=_("Address line 1"), max_length=200)
    line_2 = forms.CharField(label=_("Address line 2"), max_length=200, required=False)
    town = forms.CharField(label=_("Town or city"), max_length=100)
    postcode = forms.CharField(label=_("Postcode"), max_length=10)
    local_authority = forms.ModelChoiceField(
        label=_("Local authority"), queryset=Area.objects.filter(kind=Area.Kind.LOCAL_AUTHORITY).order_by("name_en")
    )
    moved_in_on = date_field(_("Moved in on"))


class NetworkMemberForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    relationship = forms.ChoiceField(label=_("Relationship to the child"))
    parental_responsibility = forms.BooleanField(label=_("Has parental responsibility"), required=False)
    is_trusted_adult = forms.BooleanField(label=_("The child's trusted adult"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("Email address"), required=False)
    address = forms.CharField(label=_("Address"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    language = forms.ChoiceField(label=_("Preferred language"), choices=LanguagePreference.choices, widget=forms.RadioSelect)
    other_language = forms.CharField(label=_("Other language, if any"), max_length=100, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["relationship"].choices = code_choices("relationship")  # type: ignore[attr-defined]


class VoiceForm(forms.Form):
    words = forms.CharField(
        label=_("What matters to me, in the child's own words"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Write exactly what the child said or showed, in the language they used."),
    )
    language = forms.ChoiceField(label=_("Language the child used"), choices=LanguagePreference.choices, widget=forms.RadioSelect)
    captured_on = date_field(_("Date"))
    method = forms.ChoiceField(label=_("How it was captured"))
    sensitivity = forms.ChoiceField(label=_("Sensitivity"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = code_choices("voice_method")  # type: ignore[attr-defined]
        self.fields["sensitivity"].choices = code_choices("sensitivity")  # type: ignore[attr-defined]


class ActiveOfferForm(forms.Form):
    network_member = forms.ChoiceField(label=_("Offered to"), required=False)
    answer = forms.ChoiceField(label=_("Answer"), choices=ActiveOffer.Answer.choices, widget=forms.RadioSelect)
    offered_on = date_field(_("Date the offer was made"))
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)

    def __init__(self, *args: Any, network: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["network_member"].choices = [("", _("The child")), *[(str(m.pk), m.full_name) for m in network]]  # type: ignore[attr-defined]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class StatusForm(ReasonForm):
    status = forms.ChoiceField(
        label=_("Change the record to"),
        choices=[("closed", _("Closed")), ("entered_in_error", _("Entered in error")), ("open", _("Open"))],
        widget=forms.RadioSelect,
    )


class JoinRequestForm(forms.Form):
    role_for_child = forms.ChoiceField(label=_("Your role for this child"))
    reason = forms.CharField(
        label=_("Why your agency needs to be in the team around this child"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role_for_child"].choices = code_choices("involvement_role")  # type: ignore[attr-defined]


class JoinDecisionForm(BasisForm):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("accept", _("Accept")), ("decline", _("Decline"))], widget=forms.RadioSelect
    )
    decision_reason = forms.CharField(label=_("Reason (required to decline)"), required=False, max_length=5000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["basis"].required = False


class InvolvementForm(BasisForm):
    team = forms.ChoiceField(label=_("Team"))
    role_for_child = forms.ChoiceField(label=_("Role for this child"))
    reason = forms.CharField(label=_("Why this agency is involved"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, teams: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [(str(t.pk), f"{t.agency.name} – {t.name}") for t in teams]  # type: ignore[attr-defined]
        self.fields["role_for_child"].choices = code_choices("involvement_role")  # type: ignore[attr-defined]


class HandoverForm(ReasonForm):
    to = forms.ChoiceField(label=_("New lead professional"))

    def __init__(self, *args: Any, involvements: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [  # type: ignore[attr-defined]
            (str(i.pk), f"{i.practitioner.full_name} ({i.agency.name})") for i in involvements if i.practitioner and not i.is_lead
        ]


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label=_("Why you need to see this record now"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Your access lasts a limited time. The lead professional and your agency's safeguarding lead are told at once."),
    )
    confirm = forms.BooleanField(label=_("I understand my use of this record is recorded and will be reviewed"))


class BreakGlassReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Was the access justified?"),
        choices=[("confirmed", _("Yes, confirm it")), ("challenged", _("No, challenge it"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=5000)


class AuditGrantForm(forms.Form):
    auditor = forms.ChoiceField(label=_("Auditor or inspector"))
    children = forms.CharField(
        label=_("Record numbers of the children"),
        max_length=5000,
        required=False,
        help_text=_("Separate the numbers with spaces or commas. Or leave empty and choose a random sample below."),
    )
    sample_local_authority = forms.ModelChoiceField(
        label=_("Random sample from local authority"),
        required=False,
        queryset=Area.objects.filter(kind=Area.Kind.LOCAL_AUTHORITY).order_by("name_en"),
    )
    sample_size = forms.IntegerField(label=_("Sample size"), required=False, min_value=1, max_value=200)
    ends_on = date_field(_("Access ends on"))
    reason = forms.CharField(label=_("Purpose of the audit or inspection"), max_length=5000)

    def __init__(self, *args: Any, auditors: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["auditor"].choices = [(str(p.pk), f"{p.full_name} <{p.email}>") for p in auditors]  # type: ignore[attr-defined]

    def clean_children(self) -> list[int]:
        raw = (self.cleaned_data.get("children") or "").replace(",", " ").split()
        try:
            return sorted({int(x) for x in raw})
        except ValueError:
            raise forms.ValidationError(_("Enter record numbers only, for example 12 15 31.")) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("children") and not (data.get("sample_local_authority") and data.get("sample_size")):
            raise forms.ValidationError(_("Enter record numbers, or choose a local authority and a sample size."))
        return data


class MergeForm(ReasonForm):
    keep = forms.IntegerField(label=_("Record number to keep"), min_value=1)
    duplicate = forms.IntegerField(label=_("Record number of the duplicate"), min_value=1)


class ConsentWithdrawnForm(forms.Form):
    withdrawn_on = date_field(_("Date consent was withdrawn"))
    reason = forms.CharField(label=_("Who withdrew consent and what they said"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class BasisChangeForm(BasisForm):
    reason = forms.CharField(label=_("Why the basis is changing"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))
