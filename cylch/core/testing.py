"""Factories and sign-in helpers for the test suite (imported by tests only)."""

from __future__ import annotations

import itertools
from datetime import timedelta
from typing import Any

from django.test import Client
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from cylch.organisations.models import Agency, Area, Team
from cylch.people.models import Membership, Person, Role

_counter = itertools.count(1)
TEST_PASSWORD = "correct horse battery staple 42"  # noqa: S105 - test accounts only
TEST_TOTP_KEY = "3132333435363738393031323334353637383930"


def make_area(**extra: Any) -> Area:
    n = next(_counter)
    defaults: dict[str, Any] = {
        "code": f"test-area-{n}",
        "kind": Area.Kind.LOCAL_AUTHORITY,
        "name_en": f"Test Area {n}",
        "name_cy": f"Ardal Prawf {n}",
    }
    defaults.update(extra)
    return Area.objects.create(**defaults)


def make_agency(kind: str = Agency.Kind.CHILDRENS_SERVICES, area: Area | None = None, **extra: Any) -> Agency:
    n = next(_counter)
    defaults: dict[str, Any] = {
        "code": f"test-agency-{n}",
        "kind": kind,
        "area": area or make_area(),
        "name_en": f"Test Agency {n}",
        "name_cy": f"Asiantaeth Prawf {n}",
    }
    defaults.update(extra)
    return Agency.objects.create(**defaults)


def make_team(agency: Agency | None = None, **extra: Any) -> Team:
    n = next(_counter)
    defaults: dict[str, Any] = {
        "code": f"test-team-{n}",
        "agency": agency or make_agency(),
        "name_en": f"Test Team {n}",
        "name_cy": f"Tîm Prawf {n}",
    }
    defaults.update(extra)
    return Team.objects.create(**defaults)


def make_person(
    role: str | None = Role.PRACTITIONER, team: Team | None = None, *, language: str = "en", with_device: bool = True, **extra: Any
) -> Person:
    n = next(_counter)
    person = Person.objects.create_user(
        email=extra.pop("email", f"person{n}@test.cylch.invalid"),
        password=TEST_PASSWORD,
        full_name=extra.pop("full_name", f"Test Person {n}"),
        language=language,
        **extra,
    )
    if role is not None:
        valid_until = timezone.now() + timedelta(days=30) if role == Role.AUDITOR else None
        Membership.objects.create(person=person, team=team or make_team(), role=role, valid_until=valid_until)
    if with_device:
        TOTPDevice.objects.create(user=person, name="Test", key=TEST_TOTP_KEY, confirmed=True)
    return person


def current_code(key_hex: str = TEST_TOTP_KEY, offset: int = 0) -> str:
    totp = TOTP(bytes.fromhex(key_hex))
    totp.time = totp.time + offset * totp.step
    return f"{totp.token():06d}"


def sign_in_verified(client: Client, person: Person) -> Client:
    """Sign in and mark the session as verified by the person's authenticator."""
    client.force_login(person, backend="django.contrib.auth.backends.ModelBackend")
    device = TOTPDevice.objects.filter(user=person, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=person, name="Test", key=TEST_TOTP_KEY, confirmed=True)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client
