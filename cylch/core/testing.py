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


def make_child(*, involved_team: Team | None = None, practitioner: Person | None = None, is_lead: bool = False, **extra: Any) -> Any:
    """A child with (optionally) one team involved, built directly for tests."""
    import datetime

    from cylch.children import search
    from cylch.children.models import Child, Involvement

    n = next(_counter)
    child = Child(
        given_names=extra.pop("given_names", f"Testchild{n}"),
        family_name=extra.pop("family_name", f"Family{n}"),
        date_of_birth=extra.pop("date_of_birth", datetime.date(2015, 3, 27)),
        **extra,
    )
    child.search_family = search.fold(child.family_name)
    child.search_given = search.fold(child.given_names)
    child.phonetic_family = search.phonetic(child.family_name)
    child.phonetic_given = search.phonetic(child.given_names)
    child.save()
    if involved_team is not None:
        Involvement.objects.create(
            child=child,
            agency=involved_team.agency,
            team=involved_team,
            practitioner=practitioner,
            role_for_child="lead_professional" if is_lead else "key_worker",
            is_lead=is_lead,
            reason="Test involvement",
            basis=Involvement.Basis.STATUTORY,
            statutory_basis="safeguarding",
            no_agreement_justification="Test",
        )
    return child


def make_child_context(agency_team: Team, colleague: Person) -> dict[str, Any]:
    """A child the agency team is involved with (no lead named), with one of everything."""
    import datetime

    from django.utils import timezone

    from cylch.access.models import AccessGrant
    from cylch.children.models import Identifier, Involvement, JoinRequest, NetworkMember
    from cylch.sharing.models import SharingAgreement

    child = make_child(involved_team=agency_team, practitioner=colleague)
    other_team = make_team()
    other_involvement = Involvement.objects.create(
        child=child,
        agency=other_team.agency,
        team=other_team,
        role_for_child="health_visitor",
        reason="Test",
        basis=Involvement.Basis.STATUTORY,
        statutory_basis="safeguarding",
        no_agreement_justification="Test",
    )
    asker = make_person(Role.PRACTITIONER, make_team())
    join_request = JoinRequest.objects.create(child=child, team=asker.memberships.first().team, requested_by=asker, role_for_child="school_dsp", reason="Test")  # type: ignore[union-attr]
    identifier = Identifier.objects.create(child=child, kind=Identifier.Kind.LA_CASE_NUMBER, value=f"CASE-{child.pk}")
    member = NetworkMember.objects.create(child=child, full_name="Test Parent", relationship="mother")
    outsider = make_person(Role.PRACTITIONER, make_team(agency=agency_team.agency))
    grant = AccessGrant.objects.create(
        kind=AccessGrant.Kind.BREAK_GLASS,
        person=outsider,
        child=make_child(),
        agency=agency_team.agency,
        reason="Test emergency",
        ends_at=timezone.now() + datetime.timedelta(hours=1),
        granted_by=outsider,
    )
    agreement = SharingAgreement.objects.create(
        kind=SharingAgreement.Kind.ISP,
        title="Test agreement",
        purpose="p",
        people_covered="c",
        data_categories="d",
        lawful_basis="l",
        starts_on=timezone.localdate() - datetime.timedelta(days=10),
        review_date=timezone.localdate() + datetime.timedelta(days=100),
        owner_agency=agency_team.agency,
        created_by=colleague,
    )
    agreement.parties.set([agency_team.agency, other_team.agency])
    from cylch.chronology.models import ChronologyEntry

    chronology_entry = ChronologyEntry.objects.create(
        child=child,
        occurred_at=timezone.now() - datetime.timedelta(days=1),
        entry_type="visit",
        summary="Home visit",
        source_agency=agency_team.agency,
        author=colleague,
    )
    return {
        "chronology_entry": chronology_entry,
        "child": child,
        "other_involvement": other_involvement,
        "join_request": join_request,
        "identifier": identifier,
        "member": member,
        "grant": grant,
        "agreement": agreement,
    }
