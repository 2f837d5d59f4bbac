"""Writes to the register of information-sharing agreements (WASPI)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cylch.access import rules
from cylch.access.rules import Capability
from cylch.audit.services import audit_record
from cylch.children.services import StaleEdit
from cylch.organisations.models import Agency
from cylch.people.models import Person
from cylch.sharing.models import SharingAgreement

AGREEMENT_FIELDS = [
    "kind",
    "title",
    "purpose",
    "people_covered",
    "data_categories",
    "lawful_basis",
    "starts_on",
    "review_date",
    "status",
]


def _check(values: dict[str, Any], parties: list[Agency]) -> None:
    if len(parties) < 2 and values.get("kind") != SharingAgreement.Kind.DDA:
        raise ValidationError({"parties": _("An agreement needs at least two parties.")})
    if not parties:
        raise ValidationError({"parties": _("Choose the parties to the agreement.")})
    starts, review = values.get("starts_on"), values.get("review_date")
    if isinstance(starts, datetime.date) and isinstance(review, datetime.date) and review <= starts:
        raise ValidationError({"review_date": _("The review date must be after the start date.")})


def agreement_create(*, actor: Person, values: dict[str, Any], parties: list[Agency]) -> SharingAgreement:
    managed = rules.agencies_where(actor, Capability.MANAGE_AGREEMENTS)
    if not managed:
        raise PermissionDenied
    _check(values, parties)
    if not any(p.pk in managed for p in parties):
        raise ValidationError({"parties": _("Your own agency must be one of the parties.")})
    owner_id = next(p.pk for p in parties if p.pk in managed)
    with transaction.atomic():
        agreement = SharingAgreement.objects.create(
            owner_agency_id=owner_id, created_by=actor, **{k: v for k, v in values.items() if k in AGREEMENT_FIELDS}
        )
        agreement.parties.set(parties)
        audit_record(
            actor=actor,
            action="cylch.sharing.agreement.created",
            subject=agreement,
            agency_id=owner_id,
            changes={k: str(v) for k, v in values.items() if k in AGREEMENT_FIELDS} | {"parties": [p.code for p in parties]},
        )
    return agreement


def agreement_update(
    *, actor: Person, agreement: SharingAgreement, expected_version: int, values: dict[str, Any], parties: list[Agency]
) -> SharingAgreement:
    if agreement.owner_agency_id not in rules.agencies_where(actor, Capability.MANAGE_AGREEMENTS):
        raise PermissionDenied
    _check(values, parties)
    values = {k: v for k, v in values.items() if k in AGREEMENT_FIELDS}
    with transaction.atomic():
        current = SharingAgreement.objects.select_for_update().get(pk=agreement.pk)
        old = {f: getattr(current, f) for f in AGREEMENT_FIELDS}
        if current.version != expected_version:
            raise StaleEdit(current=old, changed={f: {"yours": values.get(f), "theirs": old[f]} for f in values if old[f] != values[f]})
        if SharingAgreement.objects.filter(pk=agreement.pk, version=expected_version).update(version=F("version") + 1, **values) != 1:
            raise StaleEdit(current=old, changed={})
        current.parties.set(parties)
        audit_record(
            actor=actor,
            action="cylch.sharing.agreement.updated",
            subject=current,
            agency_id=current.owner_agency_id,
            changes={k: {"old": str(old[k]), "new": str(v)} for k, v in values.items() if old[k] != v},
        )
    current.refresh_from_db()
    return current


def agreement_review_reminders(*, today: datetime.date | None = None) -> int:
    """Tell the owning agency's data protection leads that a review is near or past. Once per stage."""
    from cylch.core.notices import notice_send
    from cylch.core.reference_data import policy
    from cylch.people.models import Role

    today = today or timezone.localdate()
    warning = datetime.timedelta(days=int(policy("sharing_agreement_review_warning_days")))
    sent = 0
    due = SharingAgreement.objects.filter(status=SharingAgreement.Status.ACTIVE, review_date__lte=today + warning)
    for agreement in due.select_related("owner_agency"):
        stage = "expired" if agreement.review_date < today else "due"
        leads = Person.objects.filter(
            is_active=True,
            memberships__team__agency_id=agreement.owner_agency_id,
            memberships__role__in=[Role.DATA_PROTECTION_LEAD],
            memberships__ended_at__isnull=True,
        ).distinct()
        for lead in leads:
            note = notice_send(
                recipient=lead,
                kind=f"cylch.sharing.agreement.review_{stage}",
                params={"title": agreement.title, "date": agreement.review_date.isoformat()},
                link=f"/sharing-agreements/{agreement.pk}/",
                dedupe_key=f"agreement-{agreement.pk}-{agreement.review_date.isoformat()}-{stage}-{lead.pk}",
            )
            sent += int(note is not None)
    return sent
