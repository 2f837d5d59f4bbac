"""Configurable lists and policy figures: loading and reading."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"


def load_codes_into(reference_code_model: Any, policy_model: Any) -> dict[str, int]:
    """Insert missing codes and policy settings; never overwrite an administrator's change."""
    codes = json.loads((REFERENCE_DIR / "codes.json").read_text())
    created = 0
    for list_name, entries in codes.items():
        if list_name.startswith("_"):
            continue
        for order, (code, label_en, label_cy) in enumerate(entries):
            _obj, was_created = reference_code_model.objects.get_or_create(
                list_name=list_name, code=code, defaults={"label_en": label_en, "label_cy": label_cy, "order": order}
            )
            created += int(was_created)
    policies = json.loads((REFERENCE_DIR / "policy.json").read_text())
    for key, entry in policies.items():
        if key.startswith("_"):
            continue
        _obj, was_created = policy_model.objects.get_or_create(
            key=key, defaults={"value": entry["value"], "description": entry.get("description", "")}
        )
        created += int(was_created)
    return {"created": created}


_CODES_CACHE: dict[str, tuple[float, list[Any]]] = {}
CODES_TTL = 60.0


def codes(list_name: str) -> list[Any]:
    """Active entries of a list, re-read at most once a minute per process (lists change rarely)."""
    import time

    from cylch.core.models import ReferenceCode

    now = time.monotonic()
    cached = _CODES_CACHE.get(list_name)
    if cached is None or now - cached[0] > CODES_TTL:
        cached = (now, list(ReferenceCode.objects.filter(list_name=list_name, is_active=True)))
        _CODES_CACHE[list_name] = cached
    return cached[1]


def codes_changed() -> None:
    _CODES_CACHE.clear()


def code_choices(list_name: str) -> list[tuple[str, str]]:
    return [(c.code, c.label) for c in codes(list_name)]


def code_label(list_name: str, code: str) -> str:
    for entry in codes(list_name):
        if entry.code == code:
            return entry.label
    return code


def policy(key: str) -> Any:
    from cylch.core.models import PolicySetting

    setting = PolicySetting.objects.filter(key=key).first()
    if setting is not None:
        return setting.value
    return json.loads((REFERENCE_DIR / "policy.json").read_text())[key]["value"]
