from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from cylch.audit.models import AuditEntry
from cylch.core import testing
from cylch.people.models import Invitation, Membership, Person, Role

pytestmark = pytest.mark.django_db


def _admin_and_team():  # type: ignore[no-untyped-def]
    team = testing.make_team()
    admin = testing.make_person(Role.AGENCY_ADMIN, team)
    return testing.sign_in_verified(Client(), admin), admin, team


def test_agency_admin_invites_and_the_invitee_joins_in_welsh(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    client, admin, team = _admin_and_team()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("people:invite"),
            {"full_name": "Newydd Prawf", "email": "newydd@test.cylch.invalid", "language": "cy", "team": team.pk, "role": Role.PRACTITIONER},
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.extra_headers["Content-Language"] == "cy"
    assert team.name_cy in message.body
    token = re.search(r"/invitations/([^/]+)/", str(message.body))
    assert token is not None
    invitee = Client()
    response = invitee.post(
        f"/invitations/{token.group(1)}/", {"password": "a long enough passphrase", "password_again": "a long enough passphrase"}
    )
    assert response.status_code == 302
    person = Person.objects.get(email="newydd@test.cylch.invalid")
    assert person.language == "cy"
    assert Membership.objects.filter(person=person, team=team, role=Role.PRACTITIONER).exists()
    # The token works once.
    assert invitee.get(f"/invitations/{token.group(1)}/").status_code == 404
    invitation = Invitation.objects.get(email=person.email)
    entry = AuditEntry.objects.get(action="cylch.people.invitation.sent", subject_id=str(invitation.pk))
    assert entry.changes["token"] == "********"
    assert entry.actor == admin


def test_weak_password_is_refused_on_joining(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    client, _admin, team = _admin_and_team()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("people:invite"),
            {"full_name": "Weak Prawf", "email": "weak@test.cylch.invalid", "language": "en", "team": team.pk, "role": Role.PRACTITIONER},
        )
    token = re.search(r"/invitations/([^/]+)/", str(mail.outbox[0].body))
    assert token is not None
    response = Client().post(f"/invitations/{token.group(1)}/", {"password": "password123", "password_again": "password123"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not Person.objects.filter(email="weak@test.cylch.invalid").exists()


def test_agency_admin_cannot_invite_into_another_agency() -> None:
    client, _admin, _team = _admin_and_team()
    elsewhere = testing.make_team()
    response = client.post(
        reverse("people:invite"),
        {"full_name": "X", "email": "x@test.cylch.invalid", "language": "en", "team": elsewhere.pk, "role": Role.PRACTITIONER},
    )
    assert response.status_code == 200  # the team is not a valid choice
    assert not Invitation.objects.exists()


def test_auditor_invitation_needs_an_end_date() -> None:
    client, _admin, team = _admin_and_team()
    response = client.post(
        reverse("people:invite"),
        {"full_name": "Aud", "email": "aud@test.cylch.invalid", "language": "en", "team": team.pk, "role": Role.AUDITOR},
    )
    assert response.status_code == 200
    assert "must end on a date" in response.content.decode()
    assert not Invitation.objects.exists()


def test_deactivation_takes_effect_at_once() -> None:
    client, admin, team = _admin_and_team()
    worker = testing.make_person(Role.PRACTITIONER, team)
    worker_client = testing.sign_in_verified(Client(), worker)
    assert worker_client.get("/").status_code == 200
    response = client.post(reverse("people:detail", args=[worker.pk]), {"reason": "Left the agency"})
    assert response.status_code == 302
    worker.refresh_from_db()
    assert worker.is_active is False
    assert worker_client.get("/").status_code == 302
    entry = AuditEntry.objects.get(action="cylch.people.person.deactivated")
    assert entry.reason == "Left the agency"
    assert entry.actor == admin


def test_deactivation_needs_a_reason() -> None:
    client, _admin, team = _admin_and_team()
    worker = testing.make_person(Role.PRACTITIONER, team)
    response = client.post(reverse("people:detail", args=[worker.pk]), {"reason": "  "})
    assert response.status_code == 200
    worker.refresh_from_db()
    assert worker.is_active


def test_agency_admin_cannot_reach_people_of_another_agency() -> None:
    client, _admin, _team = _admin_and_team()
    stranger = testing.make_person(Role.PRACTITIONER)
    assert client.get(reverse("people:detail", args=[stranger.pk])).status_code == 404
    assert client.post(reverse("people:detail", args=[stranger.pk]), {"reason": "x"}).status_code == 404
    stranger.refresh_from_db()
    assert stranger.is_active
    listing = client.get(reverse("people:list")).content.decode()
    assert stranger.full_name not in listing


def test_system_admin_cannot_see_child_records_by_default() -> None:
    from cylch.access import rules

    sysadmin = testing.make_person(Role.SYSTEM_ADMIN)
    assert not any(c.value.startswith("children.") for r in rules.roles_of(sysadmin) for c in rules.ROLE_CAPABILITIES[r])


def test_expired_auditor_membership_gives_no_roles() -> None:
    from datetime import timedelta

    from django.utils import timezone

    from cylch.access import rules

    auditor = testing.make_person(None)
    Membership.objects.create(
        person=auditor, team=testing.make_team(), role=Role.AUDITOR, valid_until=timezone.now() - timedelta(days=1)
    )
    assert rules.roles_of(auditor) == set()
