"""Action codes shown to people as translated sentences.

Each domain declares its codes in `<app>/audit_actions.py` as a dict named
ACTIONS; they are gathered here when Django starts. A code with no sentence
is shown as the code itself, and a test fails if any code used in the
project lacks one.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules

_registry: dict[str, Promise | str] = {}


def register(actions: dict[str, Any]) -> None:
    _registry.update(actions)


def discover() -> None:
    autodiscover_modules("audit_actions", register_to=None)
    from django.apps import apps

    for config in apps.get_app_configs():
        module = getattr(config.module, "audit_actions", None)
        if module is not None:
            register(module.ACTIONS)


def known_codes() -> set[str]:
    return set(_registry)


def sentence(action: str, *, actor: str, subject: str) -> str:
    template = _registry.get(action)
    if template is None:
        return action
    return str(template).format(actor=actor, subject=subject)
