"""Writing to the audit trail. Called by every service inside its transaction."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from cylch.audit import context
from cylch.audit.models import AuditChainHead, AuditEntry

GENESIS_HASH = "0" * 64
MASK = "********"
SECRET_FIELD_MARKERS = ("password", "secret", "token", "key", "otp", "recovery")


def mask_secrets(values: dict[str, Any]) -> dict[str, Any]:
    masked: dict[str, Any] = {}
    for name, value in values.items():
        if any(marker in name.lower() for marker in SECRET_FIELD_MARKERS):
            masked[name] = MASK
        elif isinstance(value, dict):
            masked[name] = mask_secrets(value)
        else:
            masked[name] = value
    return masked


def _canonical(value: Any) -> Any:
    """JSON-safe form used both when writing and when verifying."""
    return json.loads(json.dumps(value, sort_keys=True, default=str))


def entry_digest(entry: AuditEntry) -> str:
    payload = {
        "occurred_at": entry.occurred_at.isoformat(),
        "kind": entry.kind,
        "channel": entry.channel,
        "actor_id": entry.actor_id,
        "actor_label": entry.actor_label,
        "agency_id": entry.agency_id,
        "action": entry.action,
        "subject_type": entry.subject_type,
        "subject_id": entry.subject_id,
        "subject_label": entry.subject_label,
        "child_id": entry.child_id,
        "reason": entry.reason,
        "changes": _canonical(entry.changes),
        "previous_hash": entry.previous_hash,
    }
    blob = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def _subject_parts(subject: models.Model | None) -> tuple[str, str, str]:
    if subject is None:
        return "", "", ""
    return subject._meta.label_lower, str(subject.pk), str(subject)[:300]


def _append(
    *,
    kind: str,
    actor: Any,
    action: str,
    subject: models.Model | None,
    child_id: int | None,
    reason: str,
    changes: dict[str, Any],
    agency_id: int | None,
) -> AuditEntry:
    ctx = context.current()
    subject_type, subject_id, subject_label = _subject_parts(subject)
    with transaction.atomic():
        head, _created = AuditChainHead.objects.select_for_update().get_or_create(
            id=1, defaults={"last_hash": GENESIS_HASH}
        )
        person = actor if getattr(actor, "pk", None) else None
        entry = AuditEntry(
            occurred_at=timezone.now(),
            kind=kind,
            channel=ctx.channel,
            actor=person,
            actor_label=str(person) if person else "",
            agency_id=agency_id if agency_id is not None else ctx.agency_id,
            action=action,
            subject_type=subject_type,
            subject_id=subject_id,
            subject_label=subject_label,
            child_id=child_id,
            reason=reason,
            changes=_canonical(mask_secrets(changes)),
            previous_hash=head.last_hash,
        )
        entry.entry_hash = entry_digest(entry)
        entry.save()
        AuditChainHead.objects.filter(id=1).update(last_hash=entry.entry_hash, entry_count=head.entry_count + 1)
    return entry


def audit_record(
    *,
    actor: Any,
    action: str,
    subject: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    child_id: int | None = None,
    reason: str = "",
    agency_id: int | None = None,
) -> AuditEntry:
    """Record a change. Call inside the service's own transaction."""
    return _append(
        kind=AuditEntry.Kind.CHANGE,
        actor=actor,
        action=action,
        subject=subject,
        child_id=child_id,
        reason=reason,
        changes=changes or {},
        agency_id=agency_id,
    )


def access_record(
    *,
    actor: Any,
    action: str,
    subject: models.Model | None = None,
    child_id: int | None = None,
    reason: str = "",
) -> AuditEntry:
    """Record that someone viewed child-level data. Called by the access functions."""
    return _append(
        kind=AuditEntry.Kind.ACCESS,
        actor=actor,
        action=action,
        subject=subject,
        child_id=child_id,
        reason=reason,
        changes={},
        agency_id=None,
    )


def diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """Old and new values of the fields that changed."""
    return {
        name: {"old": old.get(name), "new": value} for name, value in new.items() if old.get(name) != value
    }


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_at: int | None
    problem: str


def audit_chain_verify() -> ChainReport:
    """Walk the chain in order; report the first entry whose link does not hold."""
    previous = GENESIS_HASH
    checked = 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if entry.previous_hash != previous:
            return ChainReport(checked, entry.pk, "previous hash does not match the entry before it")
        if entry_digest(entry) != entry.entry_hash:
            return ChainReport(checked, entry.pk, "content does not match its hash")
        previous = entry.entry_hash
        checked += 1
    head = AuditChainHead.objects.filter(id=1).first()
    if head is not None and head.last_hash != previous:
        return ChainReport(checked, None, "the newest entries are missing: chain head does not match")
    return ChainReport(checked, None, "")
