"""Template helpers that render Django form fields as GOV.UK Design System fields."""

from __future__ import annotations

from django import forms, template
from django.utils.safestring import SafeString

register = template.Library()

_CLASSES = {
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "input": "govuk-input",
}


@register.filter
def widget_kind(field: forms.BoundField) -> str:
    widget = field.field.widget
    # CheckboxSelectMultiple is a subclass of RadioSelect in Django: test it first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.Select):
        return "select"
    return "input"


@register.filter
def govuk_widget(field: forms.BoundField) -> SafeString:
    kind = widget_kind(field)
    css = _CLASSES.get(kind, "govuk-input")
    if field.errors:
        css += f" {css}--error"
    extra = field.field.widget.attrs.get("class")
    if extra:
        css += f" {extra}"
    attrs: dict[str, str | bool] = {"class": css}
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-hint")
    if field.errors:
        described.append(f"{field.auto_id}-error")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


@register.filter
def get_item(mapping: dict[str, str], key: str) -> str | None:
    return mapping.get(key)


@register.filter
def error_anchor(field: forms.BoundField) -> str:
    """Where an error summary link should land: the field, or the first radio or checkbox."""
    if isinstance(field.field.widget, forms.RadioSelect):  # includes CheckboxSelectMultiple
        return f"{field.auto_id}_0"
    return str(field.id_for_label or field.auto_id)


@register.filter
def code_label(code: str, list_name: str) -> str:
    """The reader's-language label of a reference code, e.g. a role for a child."""
    from cylch.core.reference_data import code_label as label

    return label(list_name, code)
