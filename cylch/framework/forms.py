from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cylch.framework.content_loader import REQUIRED
from cylch.framework.models import Document
from cylch.framework.selectors import field_label

_HINTS: dict[str, Any] = {
    "summary": _("A sentence or two. Shown beside the link to this part on the pages where it applies."),
    "change_note": _("What changed and why. Readers see it beside the version."),
}


def _text(label: Any, *, rows: int, max_length: int, lang: str, hint: Any = "") -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows, "lang": lang, "spellcheck": "true"}) if rows > 1 else forms.TextInput(attrs={"lang": lang})
    return forms.CharField(label=label, required=False, max_length=max_length, widget=widget, help_text=hint)


class DraftForm(forms.Form):
    """The wording of a draft, every field in English and in Welsh, side by side in the order read."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, rows, length in (("title", 1, 200), ("summary", 3, 5000), ("body", 12, 100000), ("change_note", 3, 5000)):
            if kind == Document.Kind.INDICATOR and name == "summary":
                continue
            for lang in ("en", "cy"):
                self.fields[f"{name}_{lang}"] = _text(
                    field_label(kind, f"{name}_{lang}"), rows=rows, max_length=length, lang=lang, hint=_HINTS.get(name, "")
                )
        if kind == Document.Kind.INDICATOR:
            self.fields["evidence_required"] = forms.BooleanField(
                label=_("A rating of this indicator must carry evidence (a document or a link)"), required=False
            )
        self.fields["is_placeholder"] = forms.BooleanField(
            label=_("This is still placeholder wording, not the Framework's official text"), required=False
        )
        self.required_names = {f"{n}_{lang}" for n in REQUIRED.get(kind, ()) for lang in ("en", "cy")}

    def values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class StepForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ReturnForm(StepForm):
    comment = forms.CharField(
        label=_("What needs to change"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class CompareForm(forms.Form):
    old = forms.TypedChoiceField(label=_("Compare version"), coerce=int)
    new = forms.TypedChoiceField(label=_("with version"), coerce=int)

    def __init__(self, *args: Any, numbers: list[int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(n), str(n)) for n in numbers or []]
        self.fields["old"].choices = choices  # type: ignore[attr-defined]
        self.fields["new"].choices = choices  # type: ignore[attr-defined]


class NewDocumentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What are you adding?"),
        widget=forms.RadioSelect,
        choices=[
            (Document.Kind.PRACTICE_NOTE, _("A practice note")),
            (Document.Kind.GUIDANCE, _("Guidance")),
            (Document.Kind.PRINCIPLE, _("A principle")),
        ],
    )
    code = forms.CharField(
        label=_("Short name for its web address"),
        max_length=80,
        help_text=_("Lower-case letters, digits and hyphens, for example domestic-abuse. It cannot be changed later."),
    )
