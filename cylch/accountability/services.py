"""Writes to the accountability ledger."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cylch.accountability.models import LedgerAction
from cylch.audit.services import audit_record
from cylch.organisations.models import Agency
from cylch.people.models import Person


def ledger_action_create(
    *,
    actor: Person,
    partnership: Any,
    source_kind: str,
    source_id: str | int,
    what: str,
    owner_agency: Agency | None,
    owner: Person | None,
    due_on: datetime.date | None,
    standard: Any = None,
) -> LedgerAction:
    """Agree an action: every action has an owner agency, a named person in it and a due date."""
    errors: dict[str, str] = {}
    if not (what or "").strip():
        errors["what"] = _("Say what will be done")
    if owner_agency is None:
        errors["owner_agency"] = _("Choose the agency that owns the action")
    if owner is None:
        errors["owner"] = _("Name the person who owns the action")
    elif owner_agency is not None and not owner.memberships.current().filter(team__agency=owner_agency).exists():
        errors["owner"] = _("The named owner must work for the owning agency")
    if due_on is None:
        errors["due_on"] = _("Enter the date the action is due")
    elif due_on < timezone.localdate():
        errors["due_on"] = _("The due date must be today or in the future")
    if errors:
        raise ValidationError(errors)
    assert owner_agency is not None and owner is not None and due_on is not None  # noqa: S101 (checked above)
    with transaction.atomic():
        action = LedgerAction.objects.create(
            partnership=partnership,
            source_kind=source_kind,
            source_id=str(source_id),
            standard=standard,
            what=what.strip(),
            owner_agency=owner_agency,
            owner=owner,
            due_on=due_on,
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action="cylch.accountability.action.created",
            subject=action,
            changes={
                "what": action.what,
                "owner_agency": owner_agency.pk,
                "owner": owner.pk,
                "due_on": due_on.isoformat(),
            },  # type: ignore[union-attr]
            agency_id=owner_agency.pk,  # type: ignore[union-attr]
        )
    return action
