from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


def apply_validation_error(form: forms.Form, error: ValidationError, *, default_field: str | None = None) -> None:
    """Show a service's ValidationError on the form, field by field where it names them."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else default_field
            for item in errors:
                form.add_error(target, item)
    else:
        for message in error.messages:
            form.add_error(default_field, message)


def form_set_value(form: forms.Form, name: str, value: str) -> None:
    """Change one submitted value before re-rendering (e.g. the version after a stale edit)."""
    data = form.data.copy()  # type: ignore[attr-defined]
    data[name] = value
    form.data = data
