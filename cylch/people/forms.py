from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cylch.access import rules
from cylch.organisations.models import Team
from cylch.people.models import Language, Role


class InvitationForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("Email address"), max_length=254)
    language = forms.ChoiceField(
        label=_("Language for emails and screens"), choices=Language.choices, widget=forms.RadioSelect
    )
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), empty_label=None)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, widget=forms.RadioSelect)
    valid_until = forms.DateField(
        label=_("Access ends on (auditors and inspectors)"),
        required=False,
        help_text=_("For example, 31 3 2027. Leave empty for other roles."),
        input_formats=["%d %m %Y", "%d/%m/%Y", "%Y-%m-%d"],
    )

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        teams = Team.objects.filter(is_active=True).select_related("agency")
        if not rules.has_capability(actor, rules.Capability.MANAGE_ALL_PEOPLE):
            teams = teams.filter(agency_id__in=rules.agencies_where(actor, rules.Capability.MANAGE_PEOPLE))
            self.fields["role"].choices = [c for c in Role.choices if c[0] != Role.SYSTEM_ADMIN]  # type: ignore[attr-defined]
        self.fields["team"].queryset = teams.order_by("agency__name_en", "name_en")  # type: ignore[attr-defined]
        self.fields["team"].label_from_instance = lambda team: f"{team.agency.name} – {team.name}"  # type: ignore[attr-defined]


class DeactivationForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(
        label=_("Why does this person no longer need access?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class InvitationAcceptForm(forms.Form):
    password = forms.CharField(
        label=_("Create a password"),
        help_text=_("At least 12 characters. A few unrelated words together are easy to remember and hard to guess."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        max_length=200,
    )
    password_again = forms.CharField(
        label=_("Enter the password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        max_length=200,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("The passwords do not match."))
        return data
