"""Configurable lists and policy figures: loading and reading."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"


def reference_dirs() -> list[Path]:
    """Core's reference folder, then each domain's own `cylch/<app>/reference/` folder.

    A domain ships its lists (codes.json), policy figures (policy.json) and timescale rules
    (rules.json) beside its code and loads them from its own data migration.
    """
    cylch_dir = REFERENCE_DIR.parent.parent
    return [REFERENCE_DIR, *sorted(p for p in cylch_dir.glob("*/reference") if p != REFERENCE_DIR)]


def _read(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def load_codes_into(reference_code_model: Any, policy_model: Any, directory: Path = REFERENCE_DIR) -> dict[str, int]:
    """Insert missing codes and policy settings; never overwrite an administrator's change."""
    codes = _read(directory / "codes.json")
    created = 0
    for list_name, entries in codes.items():
        if list_name.startswith("_"):
            continue
        for order, (code, label_en, label_cy) in enumerate(entries):
            _obj, was_created = reference_code_model.objects.get_or_create(
                list_name=list_name, code=code, defaults={"label_en": label_en, "label_cy": label_cy, "order": order}
            )
            created += int(was_created)
    policies = _read(directory / "policy.json")
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
    for directory in reference_dirs():
        shipped = _read(directory / "policy.json")
        if key in shipped:
            return shipped[key]["value"]
    raise KeyError(key)
