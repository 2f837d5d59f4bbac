"""Writing to the chronology: by people in the team around the child, and by Cylch itself."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from cylch.access import rules
from cylch.audit.services import audit_record
from cylch.chronology.models import ChronologyEntry, Significance
from cylch.core.reference_data import code_choices

FUTURE_GRACE = datetime.timedelta(minutes=5)


def _check(*, occurred_at: datetime.datetime, entry_type: str, summary: str, significance: str, sensitivity: str) -> None:
    if occurred_at > timezone.now() + FUTURE_GRACE:
        raise ValidationError({"occurred_at": _("An event cannot be dated in the future.")})
    if entry_type not in dict(code_choices("chronology_type")):
        raise ValidationError({"entry_type": _("Choose the type of event.")})
    if not summary.strip():
        raise ValidationError({"summary": _("Enter a summary of what happened.")})
    if significance not in Significance.values:
        raise ValidationError({"significance": _("Choose how significant the event is.")})
    if sensitivity not in dict(code_choices("sensitivity")):
        raise ValidationError({"sensitivity": _("Choose the sensitivity.")})


def _acting_agency_id(actor: Any, child: Any) -> int:
    access = rules.child_access(actor, child)
    if not access.can_write:
        raise Http404
    from cylch.children.models import Involvement

    agency_id = (
        Involvement.objects.active().filter(child=child, team_id__in=access.team_ids).values_list("agency_id", flat=True).first()
    )
    if agency_id is None:
        agencies = rules.agencies_where(actor, rules.Capability.WORK_WITH_CHILDREN)
        if not agencies:
            raise Http404
        agency_id = min(agencies)
    return int(agency_id)


def chronology_entry_add(
    *,
    actor: Any,
    child: Any,
    occurred_at: datetime.datetime,
    entry_type: str,
    summary: str,
    detail: str = "",
    significance: str = Significance.ROUTINE,
    sensitivity: str = "general",
) -> ChronologyEntry:
    _check(occurred_at=occurred_at, entry_type=entry_type, summary=summary, significance=significance, sensitivity=sensitivity)
    agency_id = _acting_agency_id(actor, child)
    with transaction.atomic():
        entry = ChronologyEntry.objects.create(
            child=child,
            occurred_at=occurred_at,
            entry_type=entry_type,
            summary=summary.strip(),
            detail=detail.strip(),
            significance=significance,
            source_agency_id=agency_id,
            author=actor,
            sensitivity=sensitivity,
        )
        audit_record(
            actor=actor,
            action="cylch.chronology.entry.added",
            subject=entry,
            child_id=child.pk,
            agency_id=agency_id,
            changes={"type": entry_type, "significance": significance, "sensitivity": sensitivity},
        )
    return entry


def chronology_entry_correct(
    *, actor: Any, entry: ChronologyEntry, reason: str, occurred_at: datetime.datetime, summary: str, detail: str, significance: str
) -> ChronologyEntry:
    """Append a correction; the original stays, marked as corrected, for those allowed to see it."""
    if not reason.strip():
        raise ValidationError({"reason": _("Enter why the entry is being corrected.")})
    if entry.corrections.exists():
        raise ValidationError(_("This entry has already been corrected: correct the newest version instead."))
    _check(occurred_at=occurred_at, entry_type=entry.entry_type, summary=summary, significance=significance, sensitivity=entry.sensitivity)
    agency_id = _acting_agency_id(actor, entry.child)
    with transaction.atomic():
        correction = ChronologyEntry.objects.create(
            child=entry.child,
            occurred_at=occurred_at,
            entry_type=entry.entry_type,
            summary=summary.strip(),
            detail=detail.strip(),
            significance=significance,
            source_agency_id=agency_id,
            author=actor,
            sensitivity=entry.sensitivity,
            corrects=entry,
            correction_reason=reason.strip(),
        )
        audit_record(
            actor=actor,
            action="cylch.chronology.entry.corrected",
            subject=correction,
            child_id=entry.child_id,
            reason=reason.strip(),
            changes={"corrects": entry.pk},
        )
    return correction


def chronology_record_event(
    *,
    child: Any,
    occurred_at: datetime.datetime,
    entry_type: str,
    summary: Any,
    source_agency_id: int,
    origin: Any,
    significance: str = Significance.SIGNIFICANT,
    author: Any = None,
    sensitivity: str = "general",
) -> ChronologyEntry:
    """Cylch writes its own entry when something happens elsewhere (a meeting, a registration).
    Called inside the caller's transaction and audited by the caller's own entry. `summary`
    is a lazy translation, stored in English and Welsh."""
    existing = ChronologyEntry.objects.filter(
        child=child, origin_type=origin._meta.label_lower, origin_id=str(origin.pk), entry_type=entry_type
    ).first()
    if existing is not None:
        return existing
    return ChronologyEntry.objects.create(
        child=child,
        occurred_at=occurred_at,
        entry_type=entry_type,
        summary=_in(summary, "en"),
        summary_cy=_in(summary, "cy"),
        significance=significance,
        source_agency_id=source_agency_id,
        author=author,
        sensitivity=sensitivity,
        origin_type=origin._meta.label_lower,
        origin_id=str(origin.pk),
    )


def _in(text: Any, language: str) -> str:
    from django.utils import translation

    with translation.override(language):
        return str(text)[:300]
