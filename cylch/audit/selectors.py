from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from cylch.access import rules
from cylch.access.rules import Capability
from cylch.audit.models import AuditEntry
from cylch.audit.sentences import sentence


@dataclass(frozen=True)
class AuditLine:
    occurred_at: datetime
    kind: str
    channel: str
    sentence: str
    agency: str
    reason: str
    action: str


def _lines(entries: QuerySet[AuditEntry]) -> list[AuditLine]:
    return [
        AuditLine(
            occurred_at=e.occurred_at,
            kind=e.get_kind_display(),
            channel=e.get_channel_display(),
            sentence=sentence(e.action, actor=e.actor_label or "Cylch", subject=e.subject_label),
            agency=e.agency.name if e.agency else "",
            reason=e.reason,
            action=e.action,
        )
        for e in entries
    ]


def audit_trail(*, actor: Any, limit: int = 200) -> list[AuditLine]:
    """The whole trail, newest first: for the service desk only."""
    rules.require(actor, Capability.VIEW_AUDIT_TRAIL)
    return _lines(AuditEntry.objects.select_related("agency").order_by("-id")[:limit])


def audit_trail_of_person(*, actor: Any, limit: int = 200) -> list[AuditLine]:
    """A person's own activity and access history."""
    return _lines(AuditEntry.objects.filter(actor=actor).select_related("agency").order_by("-id")[:limit])
