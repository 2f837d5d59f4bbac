from __future__ import annotations

import datetime
from typing import Any

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


def posted(request: Any) -> Any:
    """The submitted data on a POST (even an empty one, so it is validated), else None."""
    return request.POST if request.method == "POST" else None


def draft_initial(request: Any, initial: dict[str, Any] | None = None) -> dict[str, Any]:
    """Start a long form from the person's saved draft, if any (for example after a timeout)."""
    from cylch.core.services import draft_for

    initial = dict(initial or {})
    draft = draft_for(actor=request.user, form_key=request.path)
    if draft:
        initial.update(draft)
    return initial


def moment_from(day: datetime.date, time: datetime.time | None) -> datetime.datetime:
    """A date and optional time entered on a form, as an aware moment; today without a time
    is taken as now rather than a midday that may not have come yet."""
    from django.utils import timezone

    moment = timezone.make_aware(datetime.datetime.combine(day, time or datetime.time(12, 0)))
    if time is None and day == timezone.localdate():
        moment = min(moment, timezone.now())
    return moment
