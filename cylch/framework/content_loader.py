"""Loads the shipped Framework content (content/framework.json) into the database."""

from __future__ import annotations

import json
import pathlib
from typing import Any

CONTENT = pathlib.Path(__file__).resolve().parent / "content" / "framework.json"


def framework_content() -> dict[str, Any]:
    return json.loads(CONTENT.read_text(encoding="utf-8"))


def content_load(
    standard_model: Any, indicator_model: Any, note_model: Any, data: dict[str, Any] | None = None
) -> None:
    """Create or update the standards, indicators and practice notes (idempotent)."""
    data = data or framework_content()
    for position, item in enumerate(data["standards"], start=1):
        standard, _ = standard_model.objects.update_or_create(
            code=item["code"],
            defaults={
                "position": position,
                **{k: item[k] for k in ("title_en", "title_cy", "summary_en", "summary_cy")},
            },
        )
        for index, indicator in enumerate(item.get("indicators", []), start=1):
            indicator_model.objects.update_or_create(
                code=indicator["code"],
                defaults={
                    "standard": standard,
                    "position": index,
                    "text_en": indicator["text_en"],
                    "text_cy": indicator["text_cy"],
                    "evidence_required": indicator.get("evidence_required", False),
                },
            )
    for note in data.get("practice_notes", []):
        note_model.objects.update_or_create(
            slug=note["slug"],
            defaults={k: note[k] for k in ("title_en", "title_cy", "body_en", "body_cy")},
        )
