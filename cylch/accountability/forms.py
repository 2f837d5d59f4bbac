from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cylch.accountability.models import LedgerAction
from cylch.children.forms import date_field


def text_field(label: Any, *, required: bool = False, rows: int = 4, help_text: Any = "", max_length: int = 20000) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, max_length=max_length, widget=forms.Textarea(attrs={"rows": rows}), help_text=help_text
    )


class ProgressForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=LedgerAction.Status.choices, widget=forms.RadioSelect)
    note = text_field(_("Progress made"), rows=3, help_text=_("Required to cancel an action: say why."))
    evidence = text_field(
        _("Evidence of completion"), rows=3, help_text=_("Required when the action is done: what shows it was done, for example a link to a document.")
    )


class LedgerFilterForm(forms.Form):
    """Filters of the ledger page (read from the query string; bad values are ignored)."""

    view = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("open", _("Open")), ("overdue", _("Overdue")), ("done", _("Done")), ("all", _("All"))],
    )
    source = forms.ChoiceField(label=_("Where the action came from"), required=False)
    agency = forms.TypedChoiceField(label=_("Owning agency"), required=False, coerce=int, empty_value=None)
    standard = forms.TypedChoiceField(label=_("Standard"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, agencies: list[tuple[int, str]], standards: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything = [("", _("Any"))]
        self.fields["source"].choices = [*everything, *LedgerAction.Source.choices]  # type: ignore[attr-defined]
        self.fields["agency"].choices = [*everything, *agencies]  # type: ignore[attr-defined]
        self.fields["standard"].choices = [*everything, *standards]  # type: ignore[attr-defined]


class LedgerActionForm(forms.Form):
    """Agree a partnership action: what, which agency, which named person in it, by when."""

    what = text_field(_("What will be done"), required=True, rows=3)
    owner_agency = forms.TypedChoiceField(label=_("Owning agency"), coerce=int, empty_value=None)
    owner = forms.TypedChoiceField(
        label=_("Named person"), coerce=int, empty_value=None, help_text=_("Someone who works for the owning agency.")
    )
    due_on = date_field(_("Due date"))
    standard = forms.TypedChoiceField(label=_("Standard (optional)"), required=False, coerce=int, empty_value=None)

    def __init__(
        self,
        *args: Any,
        agencies: list[tuple[int, str]],
        people: list[tuple[int, str]],
        standards: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_agency"].choices = [("", _("Choose an agency")), *agencies]  # type: ignore[attr-defined]
        self.fields["owner"].choices = [("", _("Choose a person")), *people]  # type: ignore[attr-defined]
        self.fields["standard"].choices = [("", _("None")), *standards]  # type: ignore[attr-defined]


class ChangeForm(forms.Form):
    """A manager changes an open action: what, who, by when, and why."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    what = text_field(_("What will be done"), required=True, rows=3)
    owner_agency = forms.TypedChoiceField(label=_("Owning agency"), coerce=int, empty_value=None)
    owner = forms.TypedChoiceField(
        label=_("Named person"), coerce=int, empty_value=None, help_text=_("Someone who works for the owning agency.")
    )
    due_on = date_field(_("Due date"), help_text=_("A new due date starts the reminders and escalation again."))
    reason = text_field(_("Why the action is changed"), required=True, rows=3, help_text=_("For example, the new date agreed at the board meeting of 3 March."))

    def __init__(self, *args: Any, agencies: list[tuple[int, str]], people: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_agency"].choices = [("", _("Choose an agency")), *agencies]  # type: ignore[attr-defined]
        self.fields["owner"].choices = [("", _("Choose a person")), *people]  # type: ignore[attr-defined]
