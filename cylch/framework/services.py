"""Writes to the Framework: drafts, review, publication, loading the shipped files and importing
the official text.

A draft starts as a copy of the version in force. Its author sends it for review with a
change note in English and Welsh; a second partnership manager (policy
`framework.publish_needs_second_person`) publishes it or sends it back. Publishing gives the
next version number and writes the wording into the stable row (Standard, Indicator,
PracticeNote) other domains read. Published versions are never changed. Every write is
audited in its own transaction.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cylch.access import rules
from cylch.access.rules import Capability
from cylch.audit.services import audit_record
from cylch.children.services import StaleEdit
from cylch.core.notices import notice_send
from cylch.core.reference_data import policy
from cylch.framework.content_loader import (
    ContentModels,
    LoadResult,
    content_parse,
    entries_apply,
    framework_content,
    stable_row_write,
    wording_problems,
)
from cylch.framework.models import LANGUAGE_FIELDS, Document, DocumentVersion
from cylch.people.models import Membership

__all__ = ["StaleEdit"]

DRAFT_FIELDS = [*LANGUAGE_FIELDS, "change_note_en", "change_note_cy", "is_placeholder", "evidence_required"]
CHANGE_NOTE_FIELDS = ["change_note_en", "change_note_cy"]

_PROBLEMS = {
    ("required", "en"): _("Enter the English wording: it is needed in English and in Welsh."),
    ("required", "cy"): _("Enter the Welsh wording: it is needed in English and in Welsh."),
    ("other_language", "en"): _("Enter the English wording too, or leave both languages empty."),
    ("other_language", "cy"): _("Enter the Welsh wording too, or leave both languages empty."),
    ("too_long", "en"): _("The English wording is too long."),
    ("too_long", "cy"): _("The Welsh wording is too long."),
}


def _require_editor(actor: Any) -> None:
    if not rules.has_capability(actor, Capability.EDIT_FRAMEWORK):
        raise PermissionDenied


def _wording_errors(kind: str, values: dict[str, Any]) -> dict[str, list[Any]]:
    errors: dict[str, list[Any]] = {}
    for field, problem in wording_problems(kind, values).items():
        errors.setdefault(field, []).append(_PROBLEMS[(problem, field.rsplit("_", 1)[1])])
    return errors


def _change_note_errors(values: dict[str, Any], *, required: bool) -> dict[str, list[Any]]:
    en, cy = (values.get("change_note_en") or "").strip(), (values.get("change_note_cy") or "").strip()
    errors: dict[str, list[Any]] = {}
    if required or bool(en) != bool(cy):
        if not en:
            errors["change_note_en"] = [_("Say what changed and why, in English.")]
        if not cy:
            errors["change_note_cy"] = [_("Say what changed and why, in Welsh.")]
    return errors


def _snapshot(version: DocumentVersion) -> dict[str, Any]:
    return {f: getattr(version, f) for f in DRAFT_FIELDS}


def _open_draft(document: Document) -> DocumentVersion | None:
    return document.versions.filter(status__in=[DocumentVersion.Status.DRAFT, DocumentVersion.Status.IN_REVIEW]).first()


def _editors_to_tell(actor: Any) -> list[Any]:
    """Other people who may publish: partnership managers of the actor's own agencies, or, if
    there are none, every one in Wales."""
    roles = [role for role, capabilities in rules.ROLE_CAPABILITIES.items() if Capability.EDIT_FRAMEWORK in capabilities]
    editors = Membership.objects.current().filter(role__in=roles, person__is_active=True).exclude(person=actor)
    own = editors.filter(team__agency_id__in={m.team.agency_id for m in rules.current_memberships(actor)})
    chosen = own if own.exists() else editors
    people = {m.person_id: m.person for m in chosen.select_related("person")}
    return list(people.values())


def _title_params(version: DocumentVersion) -> dict[str, str]:
    return {"title": version.title_en or version.document.code, "title_cy": version.title_cy}


# --- Drafts ----------------------------------------------------------------------------


def draft_start(*, actor: Any, document: Document) -> DocumentVersion:
    """The document's open draft, started now from the version in force if there is none."""
    _require_editor(actor)
    existing = _open_draft(document)
    if existing is not None:
        return existing
    published = document.published
    copy = {f: getattr(published, f) for f in LANGUAGE_FIELDS} if published else {}
    try:
        with transaction.atomic():
            draft = DocumentVersion.objects.create(
                document=document,
                status=DocumentVersion.Status.DRAFT,
                source=DocumentVersion.Source.APP,
                based_on=(published.number or 0) if published else 0,
                is_placeholder=published.is_placeholder if published else False,
                evidence_required=(
                    (published.evidence_required if published else False) if document.kind == Document.Kind.INDICATOR else None
                ),
                created_by=actor,
                updated_by=actor,
                **copy,
            )
            audit_record(actor=actor, action="cylch.framework.draft.started", subject=document)
    except IntegrityError:
        # Someone else started one at the same moment: work on theirs.
        existing = _open_draft(document)
        if existing is None:
            raise
        return existing
    return draft


def draft_save(*, actor: Any, draft: DocumentVersion, expected_version: int, values: dict[str, Any]) -> DocumentVersion:
    """Save the draft's wording. Both languages of every field, or the draft is not saved."""
    _require_editor(actor)
    values = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items() if k in DRAFT_FIELDS}
    if draft.document.kind != Document.Kind.INDICATOR:
        values.pop("evidence_required", None)
    elif "evidence_required" in values:
        values["evidence_required"] = bool(values["evidence_required"])
    errors = _wording_errors(draft.document.kind, values) | _change_note_errors(values, required=False)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = DocumentVersion.objects.select_for_update().get(pk=draft.pk)
        if current.status != DocumentVersion.Status.DRAFT:
            raise ValidationError(_("This draft has been sent for review or published, so it can no longer be changed here."))
        old = _snapshot(current)
        if current.edit_version != expected_version:
            raise StaleEdit(
                current=old, changed={f: {"yours": values.get(f), "theirs": old[f]} for f in values if old[f] != values.get(f)}
            )
        updated = DocumentVersion.objects.filter(pk=draft.pk, edit_version=expected_version).update(
            edit_version=F("edit_version") + 1, updated_by=actor, updated_at=timezone.now(), **values
        )
        if updated != 1:
            raise StaleEdit(current=old, changed={})
        real = {k: {"old": old[k], "new": v} for k, v in values.items() if old[k] != v}
        audit_record(actor=actor, action="cylch.framework.draft.saved", subject=current.document, changes=real)
    current.refresh_from_db()
    return current


def _check_state(draft: DocumentVersion, expected_version: int, status: str) -> DocumentVersion:
    # No joins under FOR UPDATE: PostgreSQL refuses to lock the nullable side of an outer join.
    current = DocumentVersion.objects.select_for_update().get(pk=draft.pk)
    if current.edit_version != expected_version or current.status != status:
        raise StaleEdit(current=_snapshot(current), changed={})
    return current


def draft_submit(*, actor: Any, draft: DocumentVersion, expected_version: int) -> DocumentVersion:
    """Send the draft for review: it needs a change note and a change."""
    _require_editor(actor)
    with transaction.atomic():
        current = _check_state(draft, expected_version, DocumentVersion.Status.DRAFT)
        values = _snapshot(current)
        errors = _wording_errors(current.document.kind, values) | _change_note_errors(values, required=True)
        if errors:
            raise ValidationError(errors)
        published = current.document.published
        if published is not None and all(getattr(published, f) == values[f] for f in [*LANGUAGE_FIELDS, "is_placeholder", "evidence_required"]):
            raise ValidationError(_("The draft is the same as the version in force. Change the wording before sending it for review."))
        DocumentVersion.objects.filter(pk=current.pk).update(
            status=DocumentVersion.Status.IN_REVIEW,
            submitted_by=actor,
            submitted_at=timezone.now(),
            review_comment="",
            edit_version=F("edit_version") + 1,
        )
        audit_record(actor=actor, action="cylch.framework.draft.submitted", subject=current.document)
        link = reverse("framework:review", args=[current.document.code])
        for person in _editors_to_tell(actor):
            notice_send(
                recipient=person,
                kind="cylch.framework.draft.submitted",
                params={"person": actor.full_name, **_title_params(current)},
                link=link,
                dedupe_key=f"framework-submitted-{current.pk}-{current.edit_version}-{person.pk}",
            )
    current.refresh_from_db()
    return current


def draft_return(*, actor: Any, draft: DocumentVersion, expected_version: int, comment: str) -> DocumentVersion:
    """Send a draft in review back to its author with a comment."""
    _require_editor(actor)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": [_("Say what needs to change before it can be published.")]})
    with transaction.atomic():
        current = _check_state(draft, expected_version, DocumentVersion.Status.IN_REVIEW)
        DocumentVersion.objects.filter(pk=current.pk).update(
            status=DocumentVersion.Status.DRAFT, review_comment=comment, edit_version=F("edit_version") + 1
        )
        audit_record(actor=actor, action="cylch.framework.draft.returned", subject=current.document, reason=comment)
        if current.submitted_by is not None and current.submitted_by_id != actor.pk:
            notice_send(
                recipient=current.submitted_by,
                kind="cylch.framework.draft.returned",
                params={"person": actor.full_name, "comment": comment[:300], **_title_params(current)},
                link=reverse("framework:draft", args=[current.document.code]),
            )
    current.refresh_from_db()
    return current


def may_publish(actor: Any, draft: DocumentVersion) -> bool:
    """Whether the actor may publish this draft: an editor, and a second person when policy says so."""
    if not rules.has_capability(actor, Capability.EDIT_FRAMEWORK):
        return False
    if policy("framework.publish_needs_second_person"):
        return actor.pk not in {draft.submitted_by_id, draft.updated_by_id}
    return True


def draft_publish(*, actor: Any, draft: DocumentVersion, expected_version: int) -> DocumentVersion:
    """Publish a reviewed draft as the next version and write it into the stable row."""
    _require_editor(actor)
    with transaction.atomic():
        current = _check_state(draft, expected_version, DocumentVersion.Status.IN_REVIEW)
        if not may_publish(actor, current):
            raise ValidationError(_("A second partnership manager must publish this: you wrote or sent this draft."))
        document = Document.objects.select_for_update().get(pk=current.document_id)
        in_force = document.published.number if document.published else 0
        if in_force != current.based_on:
            raise ValidationError(
                _("Version %(number)s was published after this draft was started. Send the draft back so its author can include those changes.")
                % {"number": in_force}
            )
        number = in_force + 1
        # Numbers are never reused, even if a version was published outside this document's pointer.
        highest = document.versions.filter(number__isnull=False).order_by("-number").values_list("number", flat=True).first() or 0
        number = max(number, highest + 1)
        now = timezone.now()
        DocumentVersion.objects.filter(pk=current.pk).update(
            status=DocumentVersion.Status.PUBLISHED,
            number=number,
            published_by=actor,
            published_at=now,
            edit_version=F("edit_version") + 1,
        )
        current.refresh_from_db()
        document.published = current
        document.save(update_fields=["published"])
        stable_row_write(ContentModels.live(), document, current)
        audit_record(
            actor=actor,
            action="cylch.framework.version.published",
            subject=document,
            changes={"number": number, "source": current.source, "change_note_en": current.change_note_en},
        )
        if current.submitted_by is not None and current.submitted_by_id != actor.pk:
            notice_send(
                recipient=current.submitted_by,
                kind="cylch.framework.version.published",
                params={"person": actor.full_name, "number": number, **_title_params(current)},
                link=reverse("framework:version", args=[document.code, number]),
            )
    return current


def draft_discard(*, actor: Any, draft: DocumentVersion, expected_version: int) -> None:
    """Throw a draft away (the version in force stays)."""
    _require_editor(actor)
    with transaction.atomic():
        current = DocumentVersion.objects.select_for_update().get(pk=draft.pk)
        if current.edit_version != expected_version or not current.is_open:
            raise StaleEdit(current=_snapshot(current), changed={})
        DocumentVersion.objects.filter(pk=current.pk).update(status=DocumentVersion.Status.DISCARDED, edit_version=F("edit_version") + 1)
        audit_record(actor=actor, action="cylch.framework.draft.discarded", subject=current.document)


NEW_KINDS = [Document.Kind.PRACTICE_NOTE, Document.Kind.GUIDANCE, Document.Kind.PRINCIPLE]


def document_create(*, actor: Any, kind: str, code: str) -> DocumentVersion:
    """A new practice note, piece of guidance or principle, starting as an empty draft."""
    _require_editor(actor)
    code = (code or "").strip().lower()
    if kind not in NEW_KINDS:
        raise ValidationError({"kind": [_("Choose what you are adding.")]})
    if not code or not all(c.isalnum() or c == "-" for c in code) or not code.isascii():
        raise ValidationError({"code": [_("Enter a short name of letters, digits and hyphens, for example missing-children.")]})
    with transaction.atomic():
        if Document.objects.filter(code=code).exists():
            raise ValidationError({"code": [_("That short name is already used. Choose another.")]})
        position = (Document.objects.filter(kind=kind).order_by("-position").values_list("position", flat=True).first() or 0) + 1
        document = Document.objects.create(kind=kind, code=code, position=position)
        audit_record(actor=actor, action="cylch.framework.document.created", subject=document, changes={"kind": kind, "code": code})
    return draft_start(actor=actor, document=document)


# --- Files: shipped content and the official text ------------------------------------------


def _audit_result(actor: Any, action: str, result: LoadResult, **extra: Any) -> None:
    for version in result.versions:
        audit_record(
            actor=actor,
            action="cylch.framework.version.published",
            subject=version.document,
            changes={"number": version.number, "source": version.source},
        )
    audit_record(
        actor=actor,
        action=action,
        changes={"created": result.created, "updated": result.updated, "kept": result.kept, **extra},
    )


def framework_load(*, actor: Any = None, force: bool = False, data: dict[str, Any] | None = None) -> LoadResult:
    """Load the shipped content files. Loading twice changes nothing; wording published in Cylch
    or imported is kept unless `force`."""
    parsed = content_parse(data if data is not None else framework_content())
    if parsed.errors:
        raise ValidationError(parsed.errors)
    with transaction.atomic():
        result = entries_apply(
            ContentModels.live(), parsed.entries, source=DocumentVersion.Source.SHIPPED, is_placeholder=parsed.placeholder, force=force
        )
        if result.versions or force:
            _audit_result(actor, "cylch.framework.content.loaded", result, force=force)
    return result


def framework_import(*, actor: Any = None, data: Any) -> LoadResult:
    """Publish the official text from a file: every field in both languages, checked before
    anything changes; one new version for each part whose wording differs."""
    parsed = content_parse(data, for_import=True)
    known = {d.code: d.kind for d in Document.objects.all()}
    for entry in parsed.entries:
        if entry.kind == "standard" and entry.code not in known:
            parsed.errors.append(f"{entry.where}: there is no standard {entry.code}; the standards are {', '.join(sorted(c for c, k in known.items() if k == 'standard'))}.")
        elif entry.code in known and known[entry.code] != entry.kind:
            parsed.errors.append(f"{entry.where}: {entry.code} is already a {known[entry.code]}, not a {entry.kind}.")
        if entry.kind == "indicator" and entry.parent not in known and not any(e.code == entry.parent for e in parsed.entries):
            parsed.errors.append(f"{entry.where}: its standard {entry.parent} does not exist.")
    if parsed.errors:
        raise ValidationError(parsed.errors)
    with transaction.atomic():
        result = entries_apply(
            ContentModels.live(),
            parsed.entries,
            source=DocumentVersion.Source.IMPORT,
            is_placeholder=parsed.placeholder,
            change_note=parsed.change_note,
            by=actor if getattr(actor, "pk", None) else None,
        )
        _audit_result(actor, "cylch.framework.content.imported", result)
    return result
