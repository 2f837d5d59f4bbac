"""Builders for the framework tests and the permission matrix."""

from __future__ import annotations

from typing import Any

from cylch.core import testing
from cylch.framework import services
from cylch.framework.models import Document, DocumentVersion
from cylch.people.models import Person, Role


def manager(**extra: Any) -> Person:
    return testing.make_person(Role.PARTNERSHIP_MANAGER, **extra)


def open_draft(code: str = "conferences", *, status: str = DocumentVersion.Status.DRAFT) -> DocumentVersion:
    """The document's open draft, made on first use (for the matrix: the same one for every role)."""
    document = Document.objects.get(code=code)
    draft = document.versions.filter(status__in=[DocumentVersion.Status.DRAFT, DocumentVersion.Status.IN_REVIEW]).first()
    if draft is None:
        published = document.published
        draft = DocumentVersion.objects.create(
            document=document,
            status=status,
            based_on=(published.number or 0) if published else 0,
            **{f: getattr(published, f) for f in ["title_en", "title_cy", "summary_en", "summary_cy", "body_en", "body_cy"]},
        )
    return draft


def in_force(code: str) -> DocumentVersion:
    version = Document.objects.select_related("published").get(code=code).published
    assert version is not None
    return version


def draft_kwargs(ctx: dict[str, Any]) -> dict[str, Any]:
    open_draft("conferences")
    return {"code": "conferences"}


def review_kwargs(ctx: dict[str, Any]) -> dict[str, Any]:
    open_draft("therapeutic-support", status=DocumentVersion.Status.IN_REVIEW)
    return {"code": "therapeutic-support"}


def published_change(code: str, *, author: Person, reviewer: Person, **wording: Any) -> DocumentVersion:
    """A new version published through the services: author drafts and sends, reviewer publishes."""
    document = Document.objects.get(code=code)
    draft = services.draft_start(actor=author, document=document)
    values = {f: getattr(draft, f) for f in services.DRAFT_FIELDS}
    values.update({"change_note_en": "A change", "change_note_cy": "Newid"})
    values.update(wording)
    draft = services.draft_save(actor=author, draft=draft, expected_version=draft.edit_version, values=values)
    draft = services.draft_submit(actor=author, draft=draft, expected_version=draft.edit_version)
    return services.draft_publish(actor=reviewer, draft=draft, expected_version=draft.edit_version)
