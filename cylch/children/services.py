"""Writes about a child's record and the team around the child.

Every service takes the actor, checks access through cylch.access.rules,
runs in one transaction and writes its audit entry inside it. Nothing about a
child is ever deleted: records are closed or marked as entered in error.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cylch.access import rules
from cylch.access.models import AccessGrant
from cylch.access.rules import Capability
from cylch.audit.services import audit_record
from cylch.children import identifiers, search
from cylch.children.models import (
    ActiveOffer,
    Address,
    Child,
    Identifier,
    Involvement,
    JoinRequest,
    NetworkMember,
    VoiceEntry,
)
from cylch.chronology.services import chronology_record_event
from cylch.core.notices import notice_send
from cylch.core.reference_data import policy
from cylch.core.text import LazyFormat
from cylch.organisations.models import Area, Team
from cylch.people.models import Membership, Person, Role

CHILD_FIELDS = [
    "given_names",
    "family_name",
    "preferred_name",
    "date_of_birth",
    "expected_date_of_birth",
    "gender",
    "ethnicity",
    "disability",
    "communication_needs",
    "language",
    "other_language",
]


class StaleEdit(Exception):
    """Someone saved a newer version first. Carries what they changed."""

    def __init__(self, current: dict[str, Any], changed: dict[str, dict[str, Any]]) -> None:
        super().__init__("stale edit")
        self.current = current
        self.changed = changed


def _values(obj: Any, fields: list[str]) -> dict[str, Any]:
    return {f: getattr(obj, f) for f in fields}


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, datetime.date) else v) for k, v in values.items()}


def _require_write(actor: Person, child: Child) -> rules.ChildAccess:
    access = rules.child_access(actor, child)
    if not access.can_write:
        raise Http404
    return access


def _acting_team(actor: Person, child: Child | None = None) -> Team:
    """The actor's team that works with this child (or their first team that works with children)."""
    team_ids = rules.teams_where(actor, Capability.WORK_WITH_CHILDREN)
    if child is not None:
        involved = Involvement.objects.active().filter(child=child, team_id__in=team_ids).values_list("team_id", flat=True).first()
        if involved:
            return Team.objects.select_related("agency").get(pk=involved)
    for membership in rules.current_memberships(actor):
        if membership.team_id in team_ids:
            return membership.team
    raise PermissionDenied


def _set_search_keys(child: Child) -> None:
    child.search_family = search.fold(child.family_name)[:200]
    child.search_given = search.fold(child.given_names)[:200]
    child.phonetic_family = search.phonetic(child.family_name)
    child.phonetic_given = search.phonetic(child.preferred_name or child.given_names)


def _check_dates(*, date_of_birth: datetime.date | None, expected_date_of_birth: datetime.date | None) -> None:
    today = timezone.localdate()
    if date_of_birth is None and expected_date_of_birth is None:
        raise ValidationError({"date_of_birth": _("Enter the date of birth, or the expected date of birth for an unborn child.")})
    if date_of_birth is not None and date_of_birth > today:
        raise ValidationError({"date_of_birth": _("The date of birth must be today or in the past.")})
    if date_of_birth is not None and date_of_birth < today - datetime.timedelta(days=366 * 26):
        raise ValidationError({"date_of_birth": _("The date of birth is more than 25 years ago. Check it is correct.")})
    if date_of_birth is None and expected_date_of_birth is not None and expected_date_of_birth < today - datetime.timedelta(days=31):
        raise ValidationError({"expected_date_of_birth": _("The expected date of birth is in the past: enter the date of birth instead.")})


@dataclass(frozen=True)
class Basis:
    """The lawful basis on which an agency receives information about the child."""

    basis: str
    statutory_basis: str = ""
    consent_given_by: str = ""
    consent_given_on: datetime.date | None = None
    consent_scope: str = ""
    consent_expires_on: datetime.date | None = None
    agreement_id: int | None = None
    no_agreement_justification: str = ""


def _apply_basis(involvement: Involvement, basis: Basis, *, agency_id: int) -> None:
    from cylch.sharing.models import SharingAgreement

    if basis.basis == Involvement.Basis.CONSENT:
        if not basis.consent_given_by.strip() or basis.consent_given_on is None:
            raise ValidationError({"consent_given_by": _("Record who gave consent and when.")})
        if basis.consent_given_on > timezone.localdate():
            raise ValidationError({"consent_given_on": _("Consent cannot be given in the future.")})
        if basis.consent_expires_on and basis.consent_expires_on <= basis.consent_given_on:
            raise ValidationError({"consent_expires_on": _("Consent must expire after the date it was given.")})
    elif basis.basis == Involvement.Basis.STATUTORY:
        if not basis.statutory_basis:
            raise ValidationError({"statutory_basis": _("Choose the statutory basis.")})
    else:
        raise ValidationError({"basis": _("Choose consent or a statutory basis.")})
    agreement = None
    if basis.agreement_id:
        agreement = SharingAgreement.objects.filter(pk=basis.agreement_id, parties__id=agency_id).first()
        if agreement is None or not agreement.is_in_force():
            raise ValidationError({"agreement": _("Choose an agreement in force that this agency is party to.")})
    elif not basis.no_agreement_justification.strip():
        raise ValidationError(
            {"no_agreement_justification": _("Without an information-sharing agreement, write why sharing is justified.")}
        )
    involvement.basis = basis.basis
    involvement.statutory_basis = basis.statutory_basis if basis.basis == Involvement.Basis.STATUTORY else ""
    involvement.consent_given_by = basis.consent_given_by.strip()
    involvement.consent_given_on = basis.consent_given_on
    involvement.consent_scope = basis.consent_scope.strip()
    involvement.consent_expires_on = basis.consent_expires_on
    involvement.agreement = agreement
    involvement.no_agreement_justification = "" if agreement else basis.no_agreement_justification.strip()
    involvement.flagged_to_data_protection_lead = agreement is None


def _flag_to_data_protection_leads(involvement: Involvement) -> None:
    """Sharing with no agreement is flagged to the receiving agency's data protection lead."""
    leads = Person.objects.filter(
        is_active=True,
        memberships__team__agency_id=involvement.agency_id,
        memberships__role=Role.DATA_PROTECTION_LEAD,
        memberships__ended_at__isnull=True,
    ).distinct()
    for lead in leads:
        notice_send(
            recipient=lead,
            kind="cylch.sharing.no_agreement_flagged",
            params={"agency": str(involvement.agency), "child_ref": involvement.child_id},
            link=reverse("sharing:flags"),
            dedupe_key=f"no-agreement-{involvement.pk}-{lead.pk}",
        )


# --- Registering and editing ---------------------------------------------------------


def child_register(
    *,
    actor: Person,
    details: dict[str, Any],
    role_for_child: str,
    reason: str,
    basis: Basis,
    as_lead: bool,
) -> Child:
    """Open a record; the actor's team joins the team around the child at once."""
    if not rules.has_capability(actor, Capability.WORK_WITH_CHILDREN):
        raise PermissionDenied
    _check_dates(date_of_birth=details.get("date_of_birth"), expected_date_of_birth=details.get("expected_date_of_birth"))
    if not reason.strip():
        raise ValidationError({"reason": _("Enter why your agency is involved.")})
    team = _acting_team(actor)
    with transaction.atomic():
        child = Child(created_by=actor, **{k: v for k, v in details.items() if k in CHILD_FIELDS})
        _set_search_keys(child)
        child.save()
        involvement = Involvement(
            child=child,
            agency=team.agency,
            team=team,
            practitioner=actor,
            role_for_child="lead_professional" if as_lead else role_for_child,
            is_lead=as_lead,
            reason=reason.strip(),
        )
        _apply_basis(involvement, basis, agency_id=team.agency_id)
        involvement.save()
        audit_record(
            actor=actor,
            action="cylch.children.child.registered",
            subject=child,
            child_id=child.pk,
            agency_id=team.agency_id,
            changes=_jsonable(_values(child, CHILD_FIELDS)),
        )
        if involvement.flagged_to_data_protection_lead:
            _flag_to_data_protection_leads(involvement)
    return child


def child_update(*, actor: Person, child: Child, expected_version: int, changes: dict[str, Any]) -> Child:
    """Save edits only over the version the person loaded; otherwise say what changed."""
    _require_write(actor, child)
    changes = {k: v for k, v in changes.items() if k in CHILD_FIELDS}
    _check_dates(
        date_of_birth=changes.get("date_of_birth", child.date_of_birth),
        expected_date_of_birth=changes.get("expected_date_of_birth", child.expected_date_of_birth),
    )
    with transaction.atomic():
        current = Child.objects.select_for_update().get(pk=child.pk)
        if current.version != expected_version:
            raise StaleEdit(
                current=_values(current, CHILD_FIELDS),
                changed={
                    f: {"yours": changes.get(f), "theirs": getattr(current, f)}
                    for f in CHILD_FIELDS
                    if f in changes and getattr(current, f) != changes.get(f)
                },
            )
        old = _values(current, CHILD_FIELDS)
        for field, value in changes.items():
            setattr(current, field, value)
        _set_search_keys(current)
        # The conditional update is what prevents a lost update even without row locks (SQLite).
        updated = Child.objects.filter(pk=current.pk, version=expected_version).update(
            version=F("version") + 1,
            search_family=current.search_family,
            search_given=current.search_given,
            phonetic_family=current.phonetic_family,
            phonetic_given=current.phonetic_given,
            **changes,
        )
        if updated != 1:
            raise StaleEdit(current=old, changed={})
        new = _values(current, CHILD_FIELDS)
        audit_record(
            actor=actor,
            action="cylch.children.child.updated",
            subject=current,
            child_id=current.pk,
            changes={k: {"old": _jsonable({k: old[k]})[k], "new": _jsonable({k: new[k]})[k]} for k in new if old[k] != new[k]},
        )
    current.refresh_from_db()
    return current


def child_status_set(*, actor: Person, child: Child, status: str, reason: str) -> Child:
    """Close a record or mark it entered in error. Nothing is deleted."""
    _require_write(actor, child)
    if status not in {Child.Status.CLOSED, Child.Status.ENTERED_IN_ERROR, Child.Status.OPEN}:
        raise ValidationError(_("Choose a status."))
    if not reason.strip():
        raise ValidationError({"reason": _("Enter the reason.")})
    with transaction.atomic():
        old = child.status
        Child.objects.filter(pk=child.pk).update(status=status, status_reason=reason.strip(), version=F("version") + 1)
        audit_record(
            actor=actor,
            action="cylch.children.child.status_changed",
            subject=child,
            child_id=child.pk,
            reason=reason.strip(),
            changes={"status": {"old": old, "new": status}},
        )
    child.refresh_from_db()
    return child


def identifier_add(*, actor: Person, child: Child, kind: str, value: str, valid_from: datetime.date | None = None) -> Identifier:
    _require_write(actor, child)
    if kind not in Identifier.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of identifier.")})
    try:
        value = identifiers.check(kind, value)
    except ValidationError as error:
        raise ValidationError({"value": error.messages}) from None
    with transaction.atomic():
        clash = Identifier.objects.filter(kind=kind, value=value, valid_to__isnull=True).exclude(child=child)
        if clash.filter(child__status__in=[Child.Status.OPEN, Child.Status.CLOSED]).exists():
            raise ValidationError(
                {"value": _("This identifier already belongs to another child's record. If they are the same child, ask an administrator to merge the records.")}
            )
        if Identifier.objects.filter(child=child, kind=kind, value=value, valid_to__isnull=True).exists():
            raise ValidationError({"value": _("The record already has this identifier.")})
        identifier = Identifier.objects.create(child=child, kind=kind, value=value, valid_from=valid_from or timezone.localdate())
        audit_record(
            actor=actor,
            action="cylch.children.identifier.added",
            subject=child,
            child_id=child.pk,
            changes={"kind": kind, "value": value},
        )
    return identifier


def identifier_end(*, actor: Person, identifier: Identifier, valid_to: datetime.date) -> Identifier:
    _require_write(actor, identifier.child)
    if valid_to < identifier.valid_from:
        raise ValidationError({"valid_to": _("The end date must be on or after the start date.")})
    with transaction.atomic():
        identifier.valid_to = valid_to
        identifier.save(update_fields=["valid_to"])
        audit_record(
            actor=actor,
            action="cylch.children.identifier.ended",
            subject=identifier.child,
            child_id=identifier.child_id,
            changes={"kind": identifier.kind, "valid_to": valid_to.isoformat()},
        )
    return identifier


def address_add(
    *,
    actor: Person,
    child: Child,
    line_1: str,
    line_2: str,
    town: str,
    postcode: str,
    local_authority: Area,
    moved_in_on: datetime.date,
) -> Address:
    """A new address; the previous one ends and the child's local authority follows the new one."""
    _require_write(actor, child)
    if moved_in_on > timezone.localdate():
        raise ValidationError({"moved_in_on": _("The date moved in must be today or in the past.")})
    if local_authority.kind != Area.Kind.LOCAL_AUTHORITY:
        raise ValidationError({"local_authority": _("Choose a local authority.")})
    with transaction.atomic():
        previous = Address.objects.filter(child=child, moved_out_on__isnull=True).first()
        if previous is not None:
            if moved_in_on < previous.moved_in_on:
                raise ValidationError({"moved_in_on": _("The new address must start after the current one.")})
            previous.moved_out_on = moved_in_on
            previous.save(update_fields=["moved_out_on"])
        address = Address.objects.create(
            child=child,
            line_1=line_1.strip(),
            line_2=line_2.strip(),
            town=town.strip(),
            postcode=postcode.strip().upper(),
            local_authority=local_authority,
            moved_in_on=moved_in_on,
        )
        Child.objects.filter(pk=child.pk).update(local_authority=local_authority, version=F("version") + 1)
        audit_record(
            actor=actor,
            action="cylch.children.address.added",
            subject=child,
            child_id=child.pk,
            changes={"town": address.town, "local_authority": local_authority.code, "moved_in_on": moved_in_on.isoformat()},
        )
    return address


NETWORK_FIELDS = [
    "full_name",
    "relationship",
    "parental_responsibility",
    "is_trusted_adult",
    "phone",
    "email",
    "address",
    "language",
    "other_language",
]


def network_member_add(*, actor: Person, child: Child, values: dict[str, Any]) -> NetworkMember:
    _require_write(actor, child)
    if not str(values.get("full_name", "")).strip():
        raise ValidationError({"full_name": _("Enter the person's name.")})
    with transaction.atomic():
        member = NetworkMember.objects.create(child=child, **{k: v for k, v in values.items() if k in NETWORK_FIELDS})
        audit_record(
            actor=actor,
            action="cylch.children.network_member.added",
            subject=member,
            child_id=child.pk,
            changes={"relationship": member.relationship, "trusted_adult": member.is_trusted_adult},
        )
    return member


def network_member_update(*, actor: Person, member: NetworkMember, expected_version: int, values: dict[str, Any]) -> NetworkMember:
    _require_write(actor, member.child)
    values = {k: v for k, v in values.items() if k in NETWORK_FIELDS}
    with transaction.atomic():
        current = NetworkMember.objects.select_for_update().get(pk=member.pk)
        old = _values(current, NETWORK_FIELDS)
        if current.version != expected_version:
            raise StaleEdit(
                current=old,
                changed={f: {"yours": values.get(f), "theirs": old[f]} for f in values if old[f] != values.get(f)},
            )
        updated = NetworkMember.objects.filter(pk=member.pk, version=expected_version).update(version=F("version") + 1, **values)
        if updated != 1:
            raise StaleEdit(current=old, changed={})
        audit_record(
            actor=actor,
            action="cylch.children.network_member.updated",
            subject=current,
            child_id=current.child_id,
            changes={k: {"old": old[k], "new": v} for k, v in values.items() if old[k] != v and k not in {"phone", "email", "address"}},
        )
    current.refresh_from_db()
    return current


def voice_entry_add(
    *, actor: Person, child: Child, words: str, language: str, captured_on: datetime.date, method: str, sensitivity: str = "general"
) -> VoiceEntry:
    """The child's own words, kept exactly as given."""
    _require_write(actor, child)
    if not words.strip():
        raise ValidationError({"words": _("Write what the child said, in their own words.")})
    if captured_on > timezone.localdate():
        raise ValidationError({"captured_on": _("The date must be today or in the past.")})
    team = _acting_team(actor, child)
    with transaction.atomic():
        entry = VoiceEntry.objects.create(
            child=child,
            words=words,
            language=language,
            captured_on=captured_on,
            captured_by=actor,
            captured_for_agency=team.agency,
            method=method,
            sensitivity=sensitivity or "general",
        )
        audit_record(
            actor=actor,
            action="cylch.children.voice.recorded",
            subject=entry,
            child_id=child.pk,
            changes={"method": method, "language": language, "sensitivity": entry.sensitivity},
        )
    return entry


def voice_entry_mark_in_error(*, actor: Person, entry: VoiceEntry, reason: str) -> VoiceEntry:
    _require_write(actor, entry.child)
    if not reason.strip():
        raise ValidationError({"reason": _("Enter the reason.")})
    with transaction.atomic():
        entry.entered_in_error = True
        entry.error_reason = reason.strip()
        entry.save(update_fields=["entered_in_error", "error_reason"])
        audit_record(actor=actor, action="cylch.children.voice.entered_in_error", subject=entry, child_id=entry.child_id, reason=reason)
    return entry


def active_offer_record(
    *, actor: Person, child: Child, answer: str, offered_at: datetime.datetime, network_member: NetworkMember | None = None, note: str = ""
) -> ActiveOffer:
    _require_write(actor, child)
    if offered_at > timezone.now():
        raise ValidationError({"offered_at": _("The Active Offer cannot be recorded in the future.")})
    if network_member is not None and network_member.child_id != child.pk:
        raise ValidationError({"network_member": _("Choose someone in this child's network.")})
    with transaction.atomic():
        offer = ActiveOffer.objects.create(
            child=child, network_member=network_member, offered_at=offered_at, offered_by=actor, answer=answer, note=note.strip()
        )
        # The answer becomes the language preference from then on.
        language = {ActiveOffer.Answer.WELSH: "cy", ActiveOffer.Answer.ENGLISH: "en"}.get(answer)  # type: ignore[call-overload]
        if language:
            if network_member is None:
                Child.objects.filter(pk=child.pk).update(language=language, version=F("version") + 1)
            else:
                NetworkMember.objects.filter(pk=network_member.pk).update(language=language, version=F("version") + 1)
        audit_record(
            actor=actor,
            action="cylch.children.active_offer.recorded",
            subject=child,
            child_id=child.pk,
            changes={"answer": answer, "for": "network member" if network_member else "child"},
        )
    return offer


# --- The team around the child ----------------------------------------------------


def _lead(child: Child) -> Involvement | None:
    return Involvement.objects.active().filter(child=child, is_lead=True).select_related("practitioner", "team").first()


def _may_manage_team_around(actor: Person, child: Child) -> bool:
    """The lead professional, or a manager of the lead's team, or a safeguarding lead of its agency."""
    lead = _lead(child)
    if lead is None:
        return rules.child_access(actor, child).can_write
    if lead.practitioner_id == actor.pk:
        return True
    managers = rules.teams_where(actor, Capability.REVIEW_BREAK_GLASS)
    return lead.team_id in managers or lead.agency_id in rules.agencies_where(actor, Capability.OVERSEE_AGENCY_CHILDREN)


def involvement_add(
    *,
    actor: Person,
    child: Child,
    team: Team,
    practitioner: Person | None,
    role_for_child: str,
    reason: str,
    basis: Basis,
    started_on: datetime.date | None = None,
) -> Involvement:
    _require_write(actor, child)
    if not _may_manage_team_around(actor, child):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Enter why this agency is involved.")})
    if practitioner is not None and not Membership.objects.current().filter(person=practitioner, team=team).exists():
        raise ValidationError({"practitioner": _("The practitioner must belong to the team.")})
    if Involvement.objects.active().filter(child=child, team=team, practitioner=practitioner).exists():
        raise ValidationError({"team": _("This team is already involved with the child.")})
    with transaction.atomic():
        involvement = Involvement(
            child=child,
            agency=team.agency,
            team=team,
            practitioner=practitioner,
            role_for_child=role_for_child,
            reason=reason.strip(),
            started_on=started_on or timezone.localdate(),
        )
        _apply_basis(involvement, basis, agency_id=team.agency_id)
        involvement.save()
        chronology_record_event(
            child=child,
            occurred_at=timezone.now(),
            entry_type="other",
            summary=LazyFormat(gettext_lazy("%(agency)s joined the team around the child"), agency=team.agency),
            source_agency_id=team.agency_id,
            origin=involvement,
            significance="routine",
            author=actor,
        )
        audit_record(
            actor=actor,
            action="cylch.children.involvement.started",
            subject=involvement,
            child_id=child.pk,
            changes={"agency": team.agency.code, "team": team.code, "role": role_for_child, "basis": basis.basis},
        )
        if involvement.flagged_to_data_protection_lead:
            _flag_to_data_protection_leads(involvement)
    return involvement


def involvement_end(*, actor: Person, involvement: Involvement, reason: str, ended_on: datetime.date | None = None) -> Involvement:
    """End an agency's part. Its people lose access to the record (what they wrote stays theirs)."""
    child = involvement.child
    _require_write(actor, child)
    is_own = involvement.team_id in rules.teams_where(actor, Capability.WORK_WITH_CHILDREN)
    if not (is_own or _may_manage_team_around(actor, child)):
        raise PermissionDenied
    if involvement.is_lead:
        raise ValidationError(_("Hand over the lead professional role before ending this involvement."))
    if not reason.strip():
        raise ValidationError({"reason": _("Enter why the involvement is ending.")})
    ended_on = ended_on or timezone.localdate()
    if ended_on < involvement.started_on:
        raise ValidationError({"ended_on": _("The end date must be on or after the start date.")})
    with transaction.atomic():
        involvement.ended_on = ended_on
        involvement.end_reason = reason.strip()
        involvement.save(update_fields=["ended_on", "end_reason"])
        chronology_record_event(
            child=child,
            occurred_at=timezone.now(),
            entry_type="other",
            summary=LazyFormat(gettext_lazy("%(agency)s left the team around the child"), agency=involvement.agency),
            source_agency_id=involvement.agency_id,
            origin=involvement,
            significance="routine",
            author=actor,
        )
        audit_record(actor=actor, action="cylch.children.involvement.ended", subject=involvement, child_id=child.pk, reason=reason)
    return involvement


def involvement_consent_withdraw(*, actor: Person, involvement: Involvement, withdrawn_on: datetime.date, reason: str) -> Involvement:
    """Record that consent was withdrawn. From that day the agency no longer receives
    information on that basis, unless a statutory basis is recorded instead."""
    child = involvement.child
    _require_write(actor, child)
    if involvement.basis != Involvement.Basis.CONSENT:
        raise ValidationError(_("This involvement does not rest on consent."))
    if involvement.consent_withdrawn_on is not None:
        raise ValidationError(_("Withdrawal of consent has already been recorded."))
    if withdrawn_on > timezone.localdate():
        raise ValidationError({"withdrawn_on": _("The date consent was withdrawn must be today or in the past.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Record who withdrew consent and what they said.")})
    if involvement.is_lead:
        raise ValidationError(_("Hand over the lead professional role first, or record a statutory basis instead."))
    with transaction.atomic():
        involvement.consent_withdrawn_on = withdrawn_on
        involvement.save(update_fields=["consent_withdrawn_on"])
        audit_record(
            actor=actor,
            action="cylch.children.consent.withdrawn",
            subject=involvement,
            child_id=child.pk,
            reason=reason.strip(),
            changes={"withdrawn_on": withdrawn_on.isoformat()},
        )
        lead = _lead(child)
        if lead is not None and lead.practitioner is not None and lead.practitioner_id != actor.pk:
            notice_send(
                recipient=lead.practitioner,
                kind="cylch.children.consent.withdrawn",
                params={"child": child.display_name, "agency": str(involvement.agency)},
                link=reverse("children:team", args=[child.pk]),
                dedupe_key=f"consent-withdrawn-{involvement.pk}",
            )
    return involvement


def involvement_basis_change(*, actor: Person, involvement: Involvement, basis: Basis, reason: str) -> Involvement:
    """Record a new lawful basis for an agency's part (for example a statutory basis after consent is withdrawn)."""
    child = involvement.child
    _require_write(actor, child)
    if not _may_manage_team_around(actor, child):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Enter why the basis is changing.")})
    with transaction.atomic():
        old = {"basis": involvement.basis, "statutory_basis": involvement.statutory_basis, "agreement": involvement.agreement_id}
        _apply_basis(involvement, basis, agency_id=involvement.agency_id)
        involvement.consent_withdrawn_on = None if basis.basis == Involvement.Basis.CONSENT else involvement.consent_withdrawn_on
        involvement.version += 1
        involvement.save()
        audit_record(
            actor=actor,
            action="cylch.children.involvement.basis_changed",
            subject=involvement,
            child_id=child.pk,
            reason=reason.strip(),
            changes={"old": old, "new": {"basis": involvement.basis, "statutory_basis": involvement.statutory_basis, "agreement": involvement.agreement_id}},
        )
        if involvement.flagged_to_data_protection_lead:
            _flag_to_data_protection_leads(involvement)
    return involvement


def lead_handover(*, actor: Person, child: Child, to: Involvement, reason: str) -> Involvement:
    """Hand the lead professional role to another involved practitioner: one lead at a time."""
    _require_write(actor, child)
    if not _may_manage_team_around(actor, child):
        raise PermissionDenied
    if to.child_id != child.pk or to.ended_on is not None or to.practitioner_id is None:
        raise ValidationError({"to": _("Choose a named practitioner already in the team around the child.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Enter why the lead professional is changing.")})
    with transaction.atomic():
        current = Involvement.objects.select_for_update().filter(child=child, is_lead=True, ended_on__isnull=True).first()
        if current is not None and current.pk == to.pk:
            raise ValidationError({"to": _("This practitioner is already the lead professional.")})
        if current is not None:
            Involvement.objects.filter(pk=current.pk).update(is_lead=False, version=F("version") + 1)
        Involvement.objects.filter(pk=to.pk).update(is_lead=True, version=F("version") + 1)
        audit_record(
            actor=actor,
            action="cylch.children.lead.handed_over",
            subject=child,
            child_id=child.pk,
            reason=reason,
            changes={"from": current.practitioner_id if current else None, "to": to.practitioner_id},
        )
        assert to.practitioner is not None
        notice_send(
            recipient=to.practitioner,
            kind="cylch.children.lead.you_are_lead",
            params={"child": child.display_name},
            link=reverse("children:summary", args=[child.pk]),
        )
    to.refresh_from_db()
    return to


def join_request_create(*, actor: Person, child: Child, role_for_child: str, reason: str) -> JoinRequest:
    """A practitioner of an agency not yet involved asks to join the team around the child."""
    if not rules.has_capability(actor, Capability.WORK_WITH_CHILDREN):
        raise PermissionDenied
    if child.status not in {Child.Status.OPEN, Child.Status.CLOSED}:
        raise Http404
    if rules.child_access(actor, child).via == "team":
        raise ValidationError(_("Your team is already in the team around this child."))
    if not reason.strip():
        raise ValidationError({"reason": _("Enter why your agency needs to be involved.")})
    team = _acting_team(actor)
    if JoinRequest.objects.filter(child=child, team=team, status=JoinRequest.Status.PENDING).exists():
        raise ValidationError(_("Your team has already asked to join. The lead professional has been told."))
    with transaction.atomic():
        request = JoinRequest.objects.create(
            child=child, team=team, requested_by=actor, role_for_child=role_for_child, reason=reason.strip()
        )
        audit_record(
            actor=actor,
            action="cylch.children.join_request.made",
            subject=request,
            child_id=child.pk,
            agency_id=team.agency_id,
            reason=reason,
        )
        for person in _deciders(child):
            notice_send(
                recipient=person,
                kind="cylch.children.join_request.received",
                params={"agency": team.agency.name_en if person.language == "en" else team.agency.name_cy, "person": actor.full_name},
                link=reverse("children:join_requests"),
                dedupe_key=f"join-{request.pk}-{person.pk}",
            )
    return request


def _deciders(child: Child) -> list[Person]:
    """The lead professional and the managers of the lead's team."""
    lead = _lead(child)
    if lead is None:
        involved = Involvement.objects.active().filter(child=child).values_list("team_id", flat=True)
        return list(
            Person.objects.filter(
                is_active=True, memberships__team_id__in=involved, memberships__role=Role.TEAM_MANAGER, memberships__ended_at__isnull=True
            ).distinct()
        )
    people = list(
        Person.objects.filter(
            is_active=True, memberships__team_id=lead.team_id, memberships__role=Role.TEAM_MANAGER, memberships__ended_at__isnull=True
        ).distinct()
    )
    if lead.practitioner is not None and lead.practitioner.is_active:
        people.insert(0, lead.practitioner)
    return people


def join_request_decide(*, actor: Person, request: JoinRequest, accept: bool, reason: str, basis: Basis | None = None) -> JoinRequest:
    child = request.child
    _require_write(actor, child)
    if not _may_manage_team_around(actor, child):
        raise PermissionDenied
    if request.status != JoinRequest.Status.PENDING:
        raise ValidationError(_("This request has already been decided."))
    if not accept and not reason.strip():
        raise ValidationError({"decision_reason": _("Enter why the request is declined.")})
    with transaction.atomic():
        locked = JoinRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status != JoinRequest.Status.PENDING:
            raise ValidationError(_("This request has already been decided."))
        if accept:
            if basis is None:
                raise ValidationError({"basis": _("Choose consent or a statutory basis.")})
            involvement = Involvement(
                child=child,
                agency=locked.team.agency,
                team=locked.team,
                practitioner=locked.requested_by,
                role_for_child=locked.role_for_child,
                reason=locked.reason,
            )
            _apply_basis(involvement, basis, agency_id=locked.team.agency_id)
            involvement.save()
            locked.involvement = involvement
            chronology_record_event(
                child=child,
                occurred_at=timezone.now(),
                entry_type="other",
                summary=LazyFormat(gettext_lazy("%(agency)s joined the team around the child"), agency=locked.team.agency),
                source_agency_id=locked.team.agency_id,
                origin=involvement,
                significance="routine",
                author=actor,
            )
            if involvement.flagged_to_data_protection_lead:
                _flag_to_data_protection_leads(involvement)
        locked.status = JoinRequest.Status.ACCEPTED if accept else JoinRequest.Status.DECLINED
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.decision_reason = reason.strip()
        locked.save()
        audit_record(
            actor=actor,
            action="cylch.children.join_request.accepted" if accept else "cylch.children.join_request.declined",
            subject=locked,
            child_id=child.pk,
            reason=reason,
            changes={"basis": basis.basis if basis else ""},
        )
        requester = locked.requested_by
        notice_send(
            recipient=requester,
            kind="cylch.children.join_request.accepted" if accept else "cylch.children.join_request.declined",
            params={"child": child.display_name if accept else "", "reason": locked.decision_reason},
            link=reverse("children:summary", args=[child.pk]) if accept else "",
            dedupe_key=f"join-decided-{locked.pk}",
        )
    return locked


# --- Break glass and audit grants --------------------------------------------------


def break_glass_open(*, actor: Person, child: Child, reason: str) -> AccessGrant:
    """Emergency access for someone not involved: time-limited, told at once, reviewed after."""
    if not rules.has_capability(actor, Capability.WORK_WITH_CHILDREN):
        raise PermissionDenied
    if not reason.strip() or len(reason.strip()) < 10:
        raise ValidationError({"reason": _("Explain the emergency: why you need to see this record now.")})
    if child.status not in {Child.Status.OPEN, Child.Status.CLOSED}:
        raise Http404
    hours = int(policy("break_glass_hours"))
    team = _acting_team(actor)
    with transaction.atomic():
        grant = AccessGrant.objects.create(
            kind=AccessGrant.Kind.BREAK_GLASS,
            person=actor,
            child=child,
            agency=team.agency,
            reason=reason.strip(),
            ends_at=timezone.now() + datetime.timedelta(hours=hours),
            granted_by=actor,
        )
        audit_record(
            actor=actor,
            action="cylch.access.break_glass.opened",
            subject=grant,
            child_id=child.pk,
            agency_id=team.agency_id,
            reason=reason.strip(),
            changes={"hours": hours},
        )
        told: set[int] = set()
        lead = _lead(child)
        recipients: list[Person] = []
        if lead is not None and lead.practitioner is not None:
            recipients.append(lead.practitioner)
        recipients += list(
            Person.objects.filter(
                is_active=True,
                memberships__team__agency_id=team.agency_id,
                memberships__role=Role.SAFEGUARDING_LEAD,
                memberships__ended_at__isnull=True,
            ).distinct()
        )
        lead_person_id = lead.practitioner_id if lead is not None else None
        for person in recipients:
            if person.pk in told or person.pk == actor.pk:
                continue
            told.add(person.pk)
            notice_send(
                recipient=person,
                kind="cylch.access.break_glass.opened",
                params={"person": actor.full_name, "child": child.display_name, "reason": grant.reason},
                # The lead sees who has opened the record; safeguarding leads review the use.
                link=reverse("children:history", args=[child.pk])
                if person.pk == lead_person_id
                else reverse("children:break_glass_review"),
                dedupe_key=f"break-glass-{grant.pk}-{person.pk}",
            )
    return grant


def break_glass_review(*, actor: Person, grant: AccessGrant, outcome: str, note: str) -> AccessGrant:
    if grant.kind != AccessGrant.Kind.BREAK_GLASS:
        raise Http404
    if grant.agency_id not in rules.agencies_where(actor, Capability.REVIEW_BREAK_GLASS):
        raise Http404
    if grant.person_id == actor.pk:
        raise ValidationError(_("Someone else must review your own emergency access."))
    if outcome not in AccessGrant.Review.values:
        raise ValidationError({"outcome": _("Choose whether the access was justified.")})
    if outcome == AccessGrant.Review.CHALLENGED and not note.strip():
        raise ValidationError({"note": _("Say why the access is challenged.")})
    with transaction.atomic():
        grant.review = outcome
        grant.reviewed_by = actor
        grant.reviewed_at = timezone.now()
        grant.review_note = note.strip()
        if outcome == AccessGrant.Review.CHALLENGED and grant.ends_at > timezone.now():
            grant.revoked_at = timezone.now()
        grant.save()
        audit_record(
            actor=actor,
            action=f"cylch.access.break_glass.{outcome}",
            subject=grant,
            child_id=grant.child_id,
            reason=note,
        )
    return grant


def audit_grant_create(
    *, actor: Person, auditor: Person, children: list[Child], ends_on: datetime.date, reason: str
) -> list[AccessGrant]:
    """Time-limited, read-only access for an auditor or inspector to named children."""
    if not rules.has_capability(actor, Capability.GRANT_AUDIT_ACCESS):
        raise PermissionDenied
    if Role.AUDITOR not in rules.roles_of(auditor):
        raise ValidationError({"auditor": _("Choose a person with a current auditor or inspector role.")})
    today = timezone.localdate()
    max_days = int(policy("audit_grant_max_days"))
    if ends_on <= today or ends_on > today + datetime.timedelta(days=max_days):
        raise ValidationError({"ends_on": _("The grant must end after today and within %(days)s days.") % {"days": max_days}})
    if not children:
        raise ValidationError({"children": _("Choose at least one child.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Enter the purpose of the audit or inspection.")})
    ends_at = timezone.make_aware(datetime.datetime.combine(ends_on, datetime.time(23, 59)))
    grants = []
    with transaction.atomic():
        for child in children:
            if rules.child_access(actor, child).via not in {"team", "agency_oversight"} and not rules.has_capability(
                actor, Capability.GRANT_AUDIT_ACCESS
            ):
                raise Http404
            grant = AccessGrant.objects.create(
                kind=AccessGrant.Kind.AUDIT, person=auditor, child=child, reason=reason.strip(), ends_at=ends_at, granted_by=actor
            )
            audit_record(
                actor=actor,
                action="cylch.access.audit_grant.created",
                subject=grant,
                child_id=child.pk,
                reason=reason,
                changes={"auditor": auditor.pk, "ends_on": ends_on.isoformat()},
            )
            grants.append(grant)
    return grants


def audit_sample_choose(*, actor: Person, local_authority: Area, size: int) -> list[Child]:
    """A random sample of open records in a local authority, for an audit or inspection."""
    if not rules.has_capability(actor, Capability.GRANT_AUDIT_ACCESS):
        raise PermissionDenied
    if size < 1 or size > 200:
        raise ValidationError({"sample_size": _("Choose a sample of 1 to 200 children.")})
    ids = list(
        Child.objects.filter(status=Child.Status.OPEN, local_authority=local_authority).order_by("?").values_list("pk", flat=True)[:size]
    )
    if not ids:
        raise ValidationError({"local_authority": _("There are no open records in that local authority.")})
    return list(Child.objects.filter(pk__in=ids))


# --- Merging duplicates -------------------------------------------------------------

MERGE_MODELS = {
    "identifiers": Identifier,
    "addresses": Address,
    "network": NetworkMember,
    "active_offers": ActiveOffer,
    "voice_entries": VoiceEntry,
    "involvements": Involvement,
    "join_requests": JoinRequest,
    "access_grants": AccessGrant,
}


def _merge_models() -> dict[str, Any]:
    """Every kind of row that belongs to a child and must follow it in a merge."""
    from django.apps import apps

    models_by_name: dict[str, Any] = dict(MERGE_MODELS)
    for label in [
        "chronology.ChronologyEntry",
        "timescales.DueItem",
        "plans.Plan",
        "plans.Disagreement",
        "meetings.MeetingChild",
        "register.Registration",
    ]:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        if any(f.name == "child" for f in model._meta.get_fields()):
            models_by_name[label] = model
    return models_by_name


def child_merge(*, actor: Person, keep: Child, duplicate: Child, reason: str) -> Child:
    """Move everything from the duplicate onto the record kept. The audit entry lists
    every moved row, which is what makes the merge reversible."""
    if not rules.has_capability(actor, Capability.MERGE_CHILDREN):
        raise PermissionDenied
    if keep.pk == duplicate.pk:
        raise ValidationError(_("Choose two different records."))
    if not reason.strip():
        raise ValidationError({"reason": _("Enter why these records are the same child.")})
    if duplicate.status == Child.Status.MERGED or keep.status == Child.Status.MERGED:
        raise ValidationError(_("One of these records has already been merged."))
    with transaction.atomic():
        moved: dict[str, list[int]] = {}
        leads_kept = Involvement.objects.filter(child=keep, is_lead=True, ended_on__isnull=True).exists()
        demoted: list[int] = []
        if leads_kept:
            demoted = list(
                Involvement.objects.filter(child=duplicate, is_lead=True, ended_on__isnull=True).values_list("pk", flat=True)
            )
            Involvement.objects.filter(pk__in=demoted).update(is_lead=False)
        for name, model in _merge_models().items():
            ids = list(model.objects.filter(child=duplicate).values_list("pk", flat=True))
            model.objects.filter(pk__in=ids).update(child=keep)
            moved[name] = ids
        Child.objects.filter(pk=duplicate.pk).update(
            status=Child.Status.MERGED, merged_into=keep, status_reason=reason.strip(), version=F("version") + 1
        )
        Child.objects.filter(pk=keep.pk).update(version=F("version") + 1)
        audit_record(
            actor=actor,
            action="cylch.children.child.merged",
            subject=keep,
            child_id=keep.pk,
            reason=reason,
            changes={
                "kept": keep.pk,
                "duplicate": duplicate.pk,
                "duplicate_status": duplicate.status,
                "moved": moved,
                "lead_demoted": demoted,
            },
        )
    keep.refresh_from_db()
    return keep


def child_merge_reverse(*, actor: Person, audit_entry_id: int, reason: str) -> Child:
    """Undo a merge from what its audit entry recorded."""
    from cylch.audit.models import AuditEntry

    if not rules.has_capability(actor, Capability.MERGE_CHILDREN):
        raise PermissionDenied
    entry = AuditEntry.objects.filter(pk=audit_entry_id, action="cylch.children.child.merged").first()
    if entry is None:
        raise Http404
    if AuditEntry.objects.filter(action="cylch.children.child.merge_reversed", subject_id=str(entry.pk)).exists():
        raise ValidationError(_("This merge has already been reversed."))
    if not reason.strip():
        raise ValidationError({"reason": _("Enter why the merge is being reversed.")})
    changes = entry.changes
    duplicate = Child.objects.get(pk=changes["duplicate"])
    with transaction.atomic():
        models_by_name = _merge_models()
        for name, ids in changes["moved"].items():
            models_by_name[name].objects.filter(pk__in=ids).update(child=duplicate)
        if changes.get("lead_demoted"):
            try:
                with transaction.atomic():
                    Involvement.objects.filter(pk__in=changes["lead_demoted"]).update(is_lead=True)
            except IntegrityError:
                pass  # a lead has been named since; leave the role as it is now
        Child.objects.filter(pk=duplicate.pk).update(
            status=changes.get("duplicate_status", Child.Status.OPEN), merged_into=None, version=F("version") + 1
        )
        audit_record(
            actor=actor,
            action="cylch.children.child.merge_reversed",
            subject=entry,
            child_id=duplicate.pk,
            reason=reason,
            changes={"kept": changes["kept"], "restored": duplicate.pk},
        )
    duplicate.refresh_from_db()
    return duplicate
