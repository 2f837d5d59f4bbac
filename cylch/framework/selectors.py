"""Reads of the Framework content. Framework content holds no child data: everyone signed in may read it."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404

from cylch.framework.models import PracticeNote, Standard


def practice_note_get(*, actor: Any, slug: str) -> PracticeNote:
    return get_object_or_404(PracticeNote, slug=slug)


def standards_list(*, actor: Any) -> list[Standard]:
    return list(Standard.objects.prefetch_related("indicators"))
