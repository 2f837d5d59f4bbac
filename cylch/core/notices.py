"""In-app notices and their emails, in the recipient's language.

Each domain declares its notice kinds in `<app>/notice_kinds.py` as NOTICES, a dict
of kind -> translated sentence with {placeholders}. Sending a notice writes
the in-app row at once and queues the email for after commit.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.functional import Promise

from cylch.core.models import Notification
from cylch.core.tasks import email_after_commit

_registry: dict[str, Promise | str] = {}


def discover() -> None:
    from importlib import import_module
    from importlib.util import find_spec

    for config in apps.get_app_configs():
        name = f"{config.name}.notice_kinds"
        if config.name.startswith("cylch.") and find_spec(name) is not None:
            _registry.update(import_module(name).NOTICES)


def known_kinds() -> set[str]:
    return set(_registry)


def notice_text(kind: str, params: dict[str, Any]) -> str:
    """The notice in the active language. A parameter may carry a Welsh form beside it
    (`item` and `item_cy`); the Welsh form is used when the reader reads Welsh."""
    from django.utils.translation import get_language

    template = _registry.get(kind)
    if template is None:
        return kind
    if (get_language() or "en").startswith("cy"):
        params = {**params, **{k[:-3]: v for k, v in params.items() if k.endswith("_cy") and v}}
    try:
        return str(template).format(**params)
    except (KeyError, IndexError, ValueError):
        return str(template)


def notice_send(*, recipient: Any, kind: str, params: dict[str, Any], link: str = "", dedupe_key: str | None = None) -> Notification | None:
    """Tell one person something. With a dedupe_key the notice is sent at most once."""
    if kind not in _registry:
        raise KeyError(f"Unknown notice kind {kind}")
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient, kind=kind, params=params, link=link, dedupe_key=dedupe_key
            )
    except IntegrityError:
        return None  # already sent
    with translation.override(recipient.language):
        text = notice_text(kind, params)
    email_after_commit(
        template="core/email/notice",
        to=recipient.email,
        language=recipient.language,
        context={"full_name": recipient.full_name, "text": text, "link": f"{settings.SITE_URL}{link}" if link else ""},
    )
    return notification
