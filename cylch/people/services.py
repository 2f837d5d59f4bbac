"""Writes about people: invite, accept, deactivate, change language.

Each service takes the actor, runs in one transaction and writes its audit
entry inside it; emails go out only after the transaction commits.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cylch.access import rules
from cylch.audit.services import audit_record
from cylch.core.tasks import email_after_commit
from cylch.organisations.models import Team
from cylch.people.models import Invitation, Language, Membership, Person, Role

INVITATION_DAYS = 7


def _check_role_and_dates(*, role: str, valid_until: datetime | None) -> None:
    if role == Role.AUDITOR and valid_until is None:
        raise ValidationError({"valid_until": _("Auditor and inspector access must end on a date.")})
    if valid_until is not None and valid_until <= timezone.now():
        raise ValidationError({"valid_until": _("The end date must be in the future.")})


def person_invite(
    *,
    actor: Person,
    email: str,
    full_name: str,
    language: str,
    team: Team,
    role: str,
    valid_until: datetime | None = None,
    base_url: str,
) -> Invitation:
    """Invite someone to a team of an agency the actor administers."""
    if not rules.can_manage_agency(actor, team.agency_id):
        raise PermissionDenied
    if role == Role.SYSTEM_ADMIN and not rules.has_capability(actor, rules.Capability.MANAGE_ALL_PEOPLE):
        raise PermissionDenied
    _check_role_and_dates(role=role, valid_until=valid_until)
    email = email.strip().lower()
    if Person.objects.filter(email=email, is_active=True).exists():
        raise ValidationError({"email": _("Someone with this email address already uses Cylch.")})
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        invitation = Invitation.objects.create(
            email=email,
            full_name=full_name.strip(),
            language=language,
            team=team,
            role=role,
            valid_until=valid_until,
            token_hash=Invitation.hash_token(token),
            invited_by=actor,
            expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
        )
        audit_record(
            actor=actor,
            action="cylch.people.invitation.sent",
            subject=invitation,
            agency_id=team.agency_id,
            changes={"email": email, "team": team.code, "role": role, "token": token},
        )
        email_after_commit(
            template="people/email/invitation",
            to=email,
            language=language,
            context={
                "full_name": invitation.full_name,
                "team_en": team.name_en,
                "team_cy": team.name_cy,
                "agency_en": team.agency.name_en,
                "agency_cy": team.agency.name_cy,
                "inviter": actor.full_name,
                "link": f"{base_url.rstrip('/')}/invitations/{token}/",
                "days": INVITATION_DAYS,
            },
        )
    return invitation


def invitation_by_token(token: str) -> Invitation | None:
    invitation = (
        Invitation.objects.select_related("team__agency").filter(token_hash=Invitation.hash_token(token)).first()
    )
    return invitation if invitation is not None and invitation.is_open else None


def invitation_accept(*, token: str, password: str) -> Person:
    """The invited person sets their password; their account and membership start."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update().filter(token_hash=Invitation.hash_token(token)).first()
        )
        if invitation is None or not invitation.is_open:
            raise ValidationError(_("This invitation link has expired or has already been used."))
        person = Person.objects.filter(email=invitation.email).first()
        candidate = person or Person(email=invitation.email, full_name=invitation.full_name)
        validate_password(password, user=candidate)
        if person is None:
            person = Person.objects.create_user(
                email=invitation.email, password=password, full_name=invitation.full_name, language=invitation.language
            )
        else:
            person.set_password(password)
            person.is_active = True
            person.deactivated_at = None
            person.save(update_fields=["password", "is_active", "deactivated_at"])
        Membership.objects.create(
            person=person, team=invitation.team, role=invitation.role, valid_until=invitation.valid_until
        )
        invitation.accepted_at = timezone.now()
        invitation.person = person
        invitation.save(update_fields=["accepted_at", "person"])
        audit_record(
            actor=person,
            action="cylch.people.invitation.accepted",
            subject=invitation,
            agency_id=invitation.team.agency_id,
            changes={"role": invitation.role, "team": invitation.team.code},
        )
    return person


def person_deactivate(*, actor: Person, person: Person, reason: str) -> Person:
    """Stop someone using Cylch at once: memberships end and their sessions are ended."""
    if person.pk == actor.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    if not reason.strip():
        raise ValidationError({"reason": _("Enter why this person no longer needs access.")})
    # The access check: an agency administrator reaches only their own people.
    person = rules.access_person_for_management(actor, person.pk)
    managed_all = rules.has_capability(actor, rules.Capability.MANAGE_ALL_PEOPLE)
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        if not person.is_active:
            raise ValidationError(_("This person has already been deactivated."))
        now = timezone.now()
        memberships = Membership.objects.filter(person=person, ended_at__isnull=True)
        if not managed_all:
            memberships = memberships.filter(team__agency_id__in=rules.agencies_where(actor, rules.Capability.MANAGE_PEOPLE))
        ended = list(memberships.values_list("id", flat=True))
        memberships.update(ended_at=now)
        remaining = Membership.objects.filter(person=person, ended_at__isnull=True).exists()
        if not remaining:
            person.is_active = False
            person.deactivated_at = now
            person.save(update_fields=["is_active", "deactivated_at"])
            _end_sessions(person)
        audit_record(
            actor=actor,
            action="cylch.people.person.deactivated",
            subject=person,
            reason=reason.strip(),
            changes={"is_active": {"old": True, "new": person.is_active}, "memberships_ended": ended},
        )
    rules.forget(person)
    return person


def _end_sessions(person: Person) -> None:
    """Delete every session of the person so deactivation takes effect at once."""
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        data: dict[str, Any] = session.get_decoded()
        if str(data.get("_auth_user_id")) == str(person.pk):
            session.delete()


def person_language_set(*, actor: Person, language: str) -> Person:
    if language not in Language.values:
        raise ValidationError(_("Choose English or Cymraeg."))
    if actor.language == language:
        return actor
    with transaction.atomic():
        old = actor.language
        actor.language = language
        actor.save(update_fields=["language"])
        audit_record(
            actor=actor,
            action="cylch.people.person.language_changed",
            subject=actor,
            changes={"language": {"old": old, "new": language}},
        )
    return actor



