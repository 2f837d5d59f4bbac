"""Drafts: saved as a person types so a timed-out session never loses work."""

from __future__ import annotations

from typing import Any

from cylch.core.models import Draft
from cylch.people.models import Person

MAX_FIELDS = 200
MAX_VALUE = 100_000
SKIPPED = {"csrfmiddlewaretoken", "version", "password", "password_again"}


def draft_save(*, actor: Person, form_key: str, data: dict[str, Any]) -> Draft:
    """Keep the latest typed values of a form. Drafts are the person's own and not audited."""
    clean = {
        str(k)[:100]: str(v)[:MAX_VALUE]
        for k, v in list(data.items())[:MAX_FIELDS]
        if str(k) not in SKIPPED and isinstance(v, str | int | float)
    }
    draft, _created = Draft.objects.update_or_create(person=actor, form_key=form_key, defaults={"data": clean})
    return draft


def draft_for(*, actor: Person, form_key: str) -> dict[str, Any] | None:
    draft = Draft.objects.filter(person=actor, form_key=form_key).first()
    return draft.data if draft else None


def draft_discard(*, actor: Person, form_key: str) -> None:
    Draft.objects.filter(person=actor, form_key=form_key).delete()
