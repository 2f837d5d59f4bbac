from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class SignInForm(forms.Form):
    username = forms.EmailField(
        label=_("Email address"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "username"})
    )
    password = forms.CharField(
        label=_("Password"), max_length=200, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    def __init__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        self.request = request
        self.person: Any = None
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        username, password = data.get("username"), data.get("password")
        if username and password:
            self.person = authenticate(self.request, username=username.lower(), password=password)
            if self.person is None:
                raise forms.ValidationError(_("Enter a correct email address and password."))
        return data


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The 6-digit code from your authenticator app, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "spellcheck": "false"}),
    )

    def clean_code(self) -> str:
        return str(self.cleaned_data["code"]).strip().replace(" ", "").lower()


class SetupCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false", "class": "govuk-input--width-10"}),
    )

    def clean_code(self) -> str:
        code = str(self.cleaned_data["code"]).strip().replace(" ", "")
        if not code.isdigit() or len(code) != 6:
            raise forms.ValidationError(_("Enter the 6-digit code shown in your authenticator app."))
        return code


class CylchPasswordResetForm(PasswordResetForm):
    """Sends the reset email in the person's own language, after commit, through the worker."""

    def send_mail(  # type: ignore[override]
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        from cylch.core.tasks import email_after_commit

        person = context["user"]
        link = f"{context['protocol']}://{context['domain']}/password-reset/{context['uid']}/{context['token']}/"
        email_after_commit(
            template="signin/email/password_reset",
            to=to_email,
            language=person.language,
            context={"full_name": person.full_name, "link": link},
        )


class CylchSetPasswordForm(SetPasswordForm):  # type: ignore[type-arg]
    pass
