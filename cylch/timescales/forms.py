from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cylch.timescales.models import TimescaleRule

AMOUNT_RANGE = _("Enter a number from 1 to 1000.")


class Radios(forms.RadioSelect):
    """Radios whose field label points at the first option, so the error summary links somewhere."""

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return f"{id_}_{index or 0}" if id_ else id_


class RuleChangeForm(forms.Form):
    """A new version of a timescale: unit, amount and why it changes."""

    version = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20)
    unit = forms.ChoiceField(
        label=_("Unit"),
        choices=TimescaleRule.Unit.choices,
        widget=Radios,
        error_messages={"required": _("Choose a unit."), "invalid_choice": _("Choose a unit.")},
    )
    amount = forms.IntegerField(
        label=_("Amount"),
        help_text=_("A whole number from 1 to 1000"),
        min_value=1,
        max_value=1000,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false", "class": "govuk-input--width-4"}),
        error_messages={
            "required": _("Enter the amount of time allowed."),
            "invalid": _("Enter the amount as a whole number, like 15."),
            "min_value": AMOUNT_RANGE,
            "max_value": AMOUNT_RANGE,
        },
    )
    note = forms.CharField(
        label=_("Why is it changing?"),
        help_text=_("Say what changed and on what authority, for example the procedure or regulation and its date."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={
            "required": _("Record why the timescale is changing and on what authority."),
            "max_length": _("The note must be 2000 characters or fewer."),
        },
    )

    def __init__(self, *args: Any, current: TimescaleRule, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.current = current

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        unit, amount = cleaned.get("unit"), cleaned.get("amount")
        if unit == self.current.unit and amount == self.current.amount:
            raise forms.ValidationError(_("This is the timescale already in force. Change the unit or the amount."))
        return cleaned
