"""Reads of the Framework content. Framework content holds no child data: everyone signed in may
read it; drafts are read by the people who may edit it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cylch.access import rules
from cylch.access.rules import Capability
from cylch.framework.diff import FieldChange, changes_html
from cylch.framework.models import LANGUAGE_FIELDS, Document, DocumentVersion

_LABELS: dict[str, Any] = {
    "title_en": _("Title in English"),
    "title_cy": _("Title in Welsh"),
    "summary_en": _("Short summary in English"),
    "summary_cy": _("Short summary in Welsh"),
    "body_en": _("Full text in English"),
    "body_cy": _("Full text in Welsh"),
    "change_note_en": _("Change note in English"),
    "change_note_cy": _("Change note in Welsh"),
}
_BODY_LABELS: dict[str, dict[str, Any]] = {
    Document.Kind.STANDARD: {"body_en": _("Descriptor in English"), "body_cy": _("Descriptor in Welsh")},
    Document.Kind.INDICATOR: {"body_en": _("Indicator in English"), "body_cy": _("Indicator in Welsh")},
}


def field_label(kind: str, name: str) -> Any:
    return _BODY_LABELS.get(kind, {}).get(name) or _LABELS[name]


@dataclass
class FrameworkHome:
    standards: list[Document] = field(default_factory=list)  # each with .indicator_documents
    principles: list[Document] = field(default_factory=list)
    practice_notes: list[Document] = field(default_factory=list)
    guidance: list[Document] = field(default_factory=list)
    open_drafts: int = 0
    any_placeholder: bool = False


def framework_home(*, actor: Any) -> FrameworkHome:
    """Every part of the Framework with its version in force, in one query (plus one for drafts)."""
    documents = list(
        Document.objects.select_related("published", "parent").order_by("position", "code")
    )
    home = FrameworkHome()
    by_code: dict[str, Document] = {}
    for document in documents:
        document.indicator_documents = []  # type: ignore[attr-defined]
        by_code[document.code] = document
    home.any_placeholder = any(d.published is not None and d.published.is_placeholder for d in documents)
    for document in documents:
        if document.kind == Document.Kind.INDICATOR and document.parent_id:
            parent = by_code.get(document.parent.code)  # type: ignore[union-attr]
            if parent is not None:
                parent.indicator_documents.append(document)  # type: ignore[attr-defined]
            continue
        target = {
            Document.Kind.STANDARD: home.standards,
            Document.Kind.PRINCIPLE: home.principles,
            Document.Kind.PRACTICE_NOTE: home.practice_notes,
            Document.Kind.GUIDANCE: home.guidance,
        }.get(document.kind)  # type: ignore[call-overload]
        if target is not None:
            target.append(document)
    if rules.has_capability(actor, Capability.EDIT_FRAMEWORK):
        home.open_drafts = DocumentVersion.objects.filter(status__in=[DocumentVersion.Status.DRAFT, DocumentVersion.Status.IN_REVIEW]).count()
    return home


def document_get(*, actor: Any, code: str) -> Document:
    try:
        return Document.objects.select_related("published", "parent__published").get(code=code)
    except Document.DoesNotExist:
        raise Http404 from None


def practice_note_document(*, actor: Any, slug: str) -> Document:
    document = document_get(actor=actor, code=slug)
    if document.kind != Document.Kind.PRACTICE_NOTE:
        raise Http404
    return document


def versions_published(*, actor: Any, document: Document) -> list[DocumentVersion]:
    return list(
        document.versions.filter(status=DocumentVersion.Status.PUBLISHED).select_related("published_by").order_by("-number")
    )


def version_get(*, actor: Any, document: Document, number: int) -> DocumentVersion:
    try:
        version = document.versions.select_related("published_by", "submitted_by").get(
            number=number, status=DocumentVersion.Status.PUBLISHED
        )
    except DocumentVersion.DoesNotExist:
        raise Http404 from None
    version.document = document
    return version


def draft_for(*, actor: Any, document: Document) -> DocumentVersion | None:
    """The document's open draft (editors only; others are refused before this)."""
    rules.require(actor, Capability.EDIT_FRAMEWORK)
    draft = (
        document.versions.filter(status__in=[DocumentVersion.Status.DRAFT, DocumentVersion.Status.IN_REVIEW])
        .select_related("created_by", "updated_by", "submitted_by")
        .first()
    )
    if draft is not None:
        draft.document = document
    return draft


def drafts_list(*, actor: Any) -> list[DocumentVersion]:
    rules.require(actor, Capability.EDIT_FRAMEWORK)
    return list(
        DocumentVersion.objects.filter(status__in=[DocumentVersion.Status.DRAFT, DocumentVersion.Status.IN_REVIEW])
        .select_related("document", "updated_by", "submitted_by")
        .order_by("-status", "-updated_at")
    )


def versions_compare(kind: str, old: Any, new: Any, *, with_notes: bool = False) -> list[FieldChange]:
    """The fields that differ between two versions (either may be None: nothing), word by word,
    in English and in Welsh."""
    names = [*LANGUAGE_FIELDS, *(["change_note_en", "change_note_cy"] if with_notes else [])]
    changes = []
    for name in names:
        a = getattr(old, name, "") if old is not None else ""
        b = getattr(new, name, "") if new is not None else ""
        if (a or "") != (b or ""):
            changes.append(FieldChange(name, str(field_label(kind, name)), name.rsplit("_", 1)[1], changes_html(a or "", b or "")))
    if kind == Document.Kind.INDICATOR:
        a, b = getattr(old, "evidence_required", None), getattr(new, "evidence_required", None)
        if bool(a) != bool(b) and new is not None:
            language = "cy" if (get_language() or "en").startswith("cy") else "en"
            shown = {True: str(_("Evidence required")), False: str(_("Evidence not required"))}
            changes.append(FieldChange("evidence_required", str(_("Evidence")), language, changes_html(shown[bool(a)], shown[bool(b)])))
    return changes


def draft_counts(*, actor: Any) -> dict[str, int]:
    return DocumentVersion.objects.aggregate(
        drafts=Count("pk", filter=Q(status=DocumentVersion.Status.DRAFT)),
        in_review=Count("pk", filter=Q(status=DocumentVersion.Status.IN_REVIEW)),
    )
