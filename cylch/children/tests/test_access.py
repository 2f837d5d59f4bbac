"""Need-to-know: only the team around the child sees the record; sensitivity categories;
emergency (break-glass) access and its review."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.urls import URLPattern, reverse
from django.utils import timezone

from cylch.access import rules
from cylch.access.models import AccessGrant
from cylch.audit.models import AuditEntry
from cylch.children import services, urls
from cylch.children.models import Child, Identifier, NetworkMember, VoiceEntry
from cylch.core import testing
from cylch.core.models import Notification
from cylch.core.reference_data import policy
from cylch.people.models import Person, Role

from .conftest import World, fingerprint, signed_in_client

pytestmark = pytest.mark.django_db

# Pages naming a child that a person outside the team around the child may open on
# purpose: asking to join and emergency access. They show no details of the child.
OPEN_TO_OUTSIDERS = {"join", "break_glass"}


def _child_url_patterns() -> list[URLPattern]:
    return [p for p in urls.urlpatterns if isinstance(p, URLPattern) and "child_id" in p.pattern.converters]


def _today() -> str:
    return timezone.localdate().strftime("%d %m %Y")


def _objects(world: World) -> dict[str, Any]:
    identifier = Identifier.objects.create(child=world.child, kind="la_case_number", value=f"CASE-{world.child.pk}")
    member = NetworkMember.objects.create(child=world.child, full_name="Angharad Davies", relationship="mother")
    return {"identifier": identifier, "member": member}


def _kwargs(pattern: URLPattern, world: World, objects: dict[str, Any]) -> dict[str, int]:
    values = {
        "child_id": world.child.pk,
        "identifier_id": objects["identifier"].pk,
        "member_id": objects["member"].pk,
        "involvement_id": world.police_involvement.pk,
    }
    missing = set(pattern.pattern.converters) - set(values)
    assert not missing, f"children:{pattern.name} takes {missing}: give it a value in this test"
    return {name: values[name] for name in pattern.pattern.converters}


def _post_data(name: str, world: World, objects: dict[str, Any]) -> dict[str, Any]:
    """Data that would succeed for someone in the team around the child (checked below)."""
    child = Child.objects.get(pk=world.child.pk)
    details = {
        "version": child.version,
        "given_names": "Changed",
        "family_name": "Changed",
        "date_of_birth": "14 5 2016",
        "language": "cy",
    }
    basis = {
        "basis": "statutory",
        "statutory_basis": "safeguarding",
        "no_agreement_justification": "Needed to protect the child",
    }
    data: dict[str, dict[str, Any]] = {
        "edit": details,
        "status": {"status": "closed", "reason": "No longer needed"},
        "identifier_add": {"kind": "police_reference", "value": "DP/1/26"},
        "identifier_end": {},
        "address_add": {
            "line_1": "1 Stryd Fawr",
            "town": "Aberystwyth",
            "postcode": "SY23 1AA",
            "local_authority": world.la.pk,
            "moved_in_on": _today(),
        },
        "network": {"full_name": "Dai Davies", "relationship": "father", "language": "en"},
        "network_edit": {
            "version": objects["member"].version,
            "full_name": "Angharad Jones",
            "relationship": "mother",
            "language": "cy",
        },
        "voice": {
            "words": "I like my dog",
            "language": "en",
            "captured_on": _today(),
            "method": "conversation",
            "sensitivity": "general",
        },
        "active_offer": {"answer": "accepted_welsh", "offered_on": _today()},
        "involvement_add": {
            "team": world.school_team.pk,
            "role_for_child": "school_dsp",
            "reason": "Attends the school",
            **basis,
        },
        "involvement_end": {"reason": "Work finished"},
        "handover": {"to": world.health_involvement.pk, "reason": "Health now leads"},
        "involvement_basis": {
            "action": "basis",
            "reason": "Basis reviewed",
            **basis,
            "statutory_basis": "legal_obligation",
        },
    }
    return data.get(name, {"reason": "Anything at all", "confirm": "on"})


READ_ONLY = {"summary", "team", "history"}


def test_every_child_page_is_covered() -> None:
    names = {p.name for p in _child_url_patterns()}
    assert {"summary", "edit", "voice", "network", "history"} <= names
    assert OPEN_TO_OUTSIDERS <= names


@pytest.mark.parametrize("who", ["outsider", "outsider_safeguarding_lead", "outsider_manager", "school_dsl"])
def test_no_child_page_or_action_opens_to_someone_outside_the_team(world: World, who: str) -> None:
    objects = _objects(world)
    person: Person = getattr(world, who)
    client = signed_in_client(person)
    audit_before = AuditEntry.objects.count()
    checked = []
    for pattern in _child_url_patterns():
        assert pattern.name, f"name the URL pattern {pattern.pattern}"
        if pattern.name in OPEN_TO_OUTSIDERS:
            continue
        url = reverse(f"children:{pattern.name}", kwargs=_kwargs(pattern, world, objects))
        before = fingerprint()
        assert client.get(url).status_code == 404, f"GET {url}"
        response = client.post(url, _post_data(pattern.name, world, objects))
        assert response.status_code == 404, f"POST {url}"
        assert fingerprint() == before, f"POST {url} changed something"
        checked.append(pattern.name)
    assert AuditEntry.objects.count() == audit_before
    assert len(checked) == len(_child_url_patterns()) - len(OPEN_TO_OUTSIDERS)


@pytest.mark.parametrize("name", [p.name for p in _child_url_patterns() if p.name not in OPEN_TO_OUTSIDERS])
def test_the_refused_posts_would_have_worked_for_the_lead_professional(world: World, name: str) -> None:
    """So the need-to-know test above refuses real changes, not junk. A new page that
    changes the record needs its data in _post_data."""
    objects = _objects(world)
    client = signed_in_client(world.lead)
    pattern = next(p for p in _child_url_patterns() if p.name == name)
    url = reverse(f"children:{name}", kwargs=_kwargs(pattern, world, objects))
    before = fingerprint()
    response = client.post(url, _post_data(name, world, objects))
    if name in READ_ONLY:
        assert response.status_code == 200, url
        assert fingerprint() == before
    else:
        assert response.status_code == 302, (
            f"POST {url} by the lead professional did not succeed: give it valid data in _post_data"
        )
        assert fingerprint() != before, url


def test_outsiders_may_ask_to_join_or_use_emergency_access_but_see_nothing_of_the_child(world: World) -> None:
    client = signed_in_client(world.outsider)
    for name in OPEN_TO_OUTSIDERS:
        response = client.get(reverse(f"children:{name}", args=[world.child.pk]))
        assert response.status_code == 200
        html = response.content.decode()
        assert "Rhys" not in html and "Davies" not in html
    assert client.get(reverse("children:join", args=[999_999])).status_code == 404


def test_a_record_that_does_not_exist_answers_like_one_that_is_hidden(world: World) -> None:
    client = signed_in_client(world.outsider)
    assert client.get(reverse("children:summary", args=[999_999])).status_code == 404
    assert client.get(reverse("children:summary", args=[world.child.pk])).status_code == 404


def test_involved_practitioner_sees_the_summary_and_each_view_is_audited(world: World) -> None:
    client = signed_in_client(world.health)
    url = reverse("children:summary", args=[world.child.pk])
    for n in range(1, 4):
        response = client.get(url)
        assert response.status_code == 200
        assert "Rhys Davies" in response.content.decode()
        entries = AuditEntry.objects.filter(kind=AuditEntry.Kind.ACCESS, child_id=world.child.pk, actor=world.health)
        assert entries.count() == n
    assert set(entries.values_list("action", flat=True)) == {"cylch.children.child.viewed"}


def test_need_to_know_is_by_team_not_by_agency(world: World) -> None:
    """A practitioner in another team of an involved agency is not in the team around the child."""
    other_health_team = testing.make_team(world.health_agency)
    nurse = testing.make_person(Role.PRACTITIONER, other_health_team)
    assert signed_in_client(nurse).get(reverse("children:summary", args=[world.child.pk])).status_code == 404


def test_safeguarding_lead_of_an_involved_agency_sees_the_child(world: World) -> None:
    client = signed_in_client(world.cs_safeguarding_lead)
    assert client.get(reverse("children:summary", args=[world.child.pk])).status_code == 200
    assert rules.child_access(world.cs_safeguarding_lead, world.child).via == "agency_oversight"
    assert world.child.pk in rules.children_visible_to(world.cs_safeguarding_lead).values_list("pk", flat=True)
    # The history of views is for the lead professional and managers.
    assert client.get(reverse("children:history", args=[world.child.pk])).status_code == 200
    assert signed_in_client(world.health).get(reverse("children:history", args=[world.child.pk])).status_code == 404


def test_a_system_administrator_sees_no_child_and_cannot_search(world: World) -> None:
    admin = testing.make_person(Role.SYSTEM_ADMIN, testing.make_team(world.cs_agency))
    client = signed_in_client(admin)
    assert client.get(reverse("children:summary", args=[world.child.pk])).status_code == 404
    assert client.get(reverse("children:search"), {"name": "Rhys Davies"}).status_code == 403
    assert not rules.children_visible_to(admin).exists()


def test_ending_an_involvement_ends_access_but_the_practitioners_words_stay_theirs(world: World) -> None:
    police = signed_in_client(world.police)
    voice_url = reverse("children:voice", args=[world.child.pk])
    response = police.post(
        voice_url,
        {
            "words": "Dw i eisiau aros gyda Mam-gu",
            "language": "cy",
            "captured_on": _today(),
            "method": "conversation",
            "sensitivity": "general",
        },
    )
    assert response.status_code == 302
    assert "Dw i eisiau aros gyda Mam-gu" not in police.get(reverse("children:contributions")).content.decode()

    lead = signed_in_client(world.lead)
    response = lead.post(
        reverse("children:involvement_end", args=[world.child.pk, world.police_involvement.pk]),
        {"reason": "Investigation closed"},
    )
    assert response.status_code == 302
    world.police_involvement.refresh_from_db()
    assert world.police_involvement.ended_on == timezone.localdate()
    assert AuditEntry.objects.filter(action="cylch.children.involvement.ended", reason="Investigation closed").exists()

    assert police.get(reverse("children:summary", args=[world.child.pk])).status_code == 404
    assert police.get(voice_url).status_code == 404
    html = police.get(reverse("children:contributions")).content.decode()
    assert "Dw i eisiau aros gyda Mam-gu" in html
    # The entry itself is untouched and still shows to the team.
    assert "Dw i eisiau aros gyda Mam-gu" in lead.get(voice_url).content.decode()


def test_a_practitioner_may_end_their_own_teams_involvement(world: World) -> None:
    client = signed_in_client(world.police)
    response = client.post(
        reverse("children:involvement_end", args=[world.child.pk, world.police_involvement.pk]), {"reason": "Done"}
    )
    assert response.status_code == 302
    assert client.get(reverse("children:summary", args=[world.child.pk])).status_code == 404


def test_a_practitioner_may_not_end_another_agencys_involvement_when_a_lead_is_named(world: World) -> None:
    client = signed_in_client(world.police)
    response = client.post(
        reverse("children:involvement_end", args=[world.child.pk, world.health_involvement.pk]), {"reason": "Mine now"}
    )
    assert response.status_code == 403
    world.health_involvement.refresh_from_db()
    assert world.health_involvement.ended_on is None


# --- Sensitivity ---------------------------------------------------------------------------


def test_sexual_health_entries_show_to_health_not_police_but_always_to_their_author(world: World) -> None:
    today = timezone.localdate()
    by_lead = services.voice_entry_add(
        actor=world.lead,
        child=world.child,
        words="Words about the clinic",
        language="en",
        captured_on=today,
        method="conversation",
        sensitivity="sexual_health",
    )
    by_police = services.voice_entry_add(
        actor=world.police,
        child=world.child,
        words="Words told to the officer",
        language="en",
        captured_on=today,
        method="conversation",
        sensitivity="sexual_health",
    )
    assert by_lead.sensitivity == by_police.sensitivity == "sexual_health"
    voice = reverse("children:voice", args=[world.child.pk])

    health_page = signed_in_client(world.health).get(voice).content.decode()
    assert "Words about the clinic" in health_page and "Words told to the officer" in health_page

    police_page = signed_in_client(world.police).get(voice).content.decode()
    assert "Words about the clinic" not in police_page
    assert "Words told to the officer" in police_page  # their own

    lead_page = (
        signed_in_client(world.lead).get(voice).content.decode()
    )  # children's services: not a sexual health reader
    assert "Words about the clinic" in lead_page  # their own
    assert "Words told to the officer" not in lead_page


def test_the_summary_applies_sensitivity_to_the_latest_words(world: World) -> None:
    today = timezone.localdate()
    services.voice_entry_add(
        actor=world.lead,
        child=world.child,
        words="General words",
        language="en",
        captured_on=today - datetime.timedelta(days=1),
        method="play",
    )
    services.voice_entry_add(
        actor=world.health,
        child=world.child,
        words="Private clinic words",
        language="en",
        captured_on=today,
        method="conversation",
        sensitivity="sexual_health",
    )
    summary = reverse("children:summary", args=[world.child.pk])
    assert "Private clinic words" in signed_in_client(world.health).get(summary).content.decode()
    police_page = signed_in_client(world.police).get(summary).content.decode()
    assert "Private clinic words" not in police_page
    assert "General words" in police_page


def test_role_limited_categories(world: World) -> None:
    """Criminal investigation detail: police see it; in children's services only managers and safeguarding leads."""
    services.voice_entry_add(
        actor=world.police,
        child=world.child,
        words="What I told the detective",
        language="en",
        captured_on=timezone.localdate(),
        method="conversation",
        sensitivity="criminal_investigation",
    )
    voice = reverse("children:voice", args=[world.child.pk])
    assert "What I told the detective" not in signed_in_client(world.lead).get(voice).content.decode()
    assert "What I told the detective" in signed_in_client(world.manager).get(voice).content.decode()
    assert "What I told the detective" in signed_in_client(world.cs_safeguarding_lead).get(voice).content.decode()
    assert "What I told the detective" not in signed_in_client(world.health).get(voice).content.decode()


# --- Emergency (break-glass) access ---------------------------------------------------------

REASON = "Child reported missing overnight; I need the trusted adult's details now"


def _open_break_glass(world: World, person: Person | None = None) -> Any:
    client = signed_in_client(person or world.outsider)
    response = client.post(reverse("children:break_glass", args=[world.child.pk]), {"reason": REASON, "confirm": "on"})
    assert response.status_code == 302
    assert response["Location"] == reverse("children:summary", args=[world.child.pk])
    return client


def test_break_glass_needs_a_reason_and_the_confirmation(world: World) -> None:
    client = signed_in_client(world.outsider)
    url = reverse("children:break_glass", args=[world.child.pk])
    for data in [{"reason": REASON}, {"reason": "urgent", "confirm": "on"}, {"reason": "          ", "confirm": "on"}]:
        response = client.post(url, data)
        assert response.status_code == 200
        assert "govuk-error-summary" in response.content.decode()
    assert not AccessGrant.objects.exists()
    assert client.get(reverse("children:summary", args=[world.child.pk])).status_code == 404


def test_break_glass_reads_but_never_writes_and_expires(world: World, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        client = _open_break_glass(world)
    grant = AccessGrant.objects.get(person=world.outsider, child=world.child)
    assert grant.kind == AccessGrant.Kind.BREAK_GLASS
    assert grant.agency == world.elsewhere_agency
    opened = AuditEntry.objects.get(action="cylch.access.break_glass.opened")
    assert opened.reason == REASON
    assert opened.actor == world.outsider
    assert opened.child_id == world.child.pk

    summary = reverse("children:summary", args=[world.child.pk])
    for n in range(1, 3):
        response = client.get(summary)
        assert response.status_code == 200
        assert "emergency access" in response.content.decode()
        views = AuditEntry.objects.filter(kind=AuditEntry.Kind.ACCESS, child_id=world.child.pk, actor=world.outsider)
        assert views.count() == n
        assert all(v.reason == REASON for v in views)

    # Read-only: no page that changes the record opens.
    before = fingerprint()
    edit = reverse("children:edit", args=[world.child.pk])
    assert client.get(edit).status_code == 404
    assert (
        client.post(
            edit, {"version": 1, "given_names": "X", "family_name": "Y", "date_of_birth": "14 5 2016", "language": "en"}
        ).status_code
        == 404
    )
    voice = reverse("children:voice", args=[world.child.pk])
    assert (
        client.post(
            voice, {"words": "x", "language": "en", "captured_on": _today(), "method": "play", "sensitivity": "general"}
        ).status_code
        == 404
    )
    assert fingerprint() == before

    hours = int(policy("break_glass_hours"))
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=hours, minutes=1), tick=False):
        later = signed_in_client(world.outsider)
        assert later.get(summary).status_code == 404
        assert not AccessGrant.objects.in_force().filter(person=world.outsider).exists()
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=hours, minutes=-5), tick=False):
        still = signed_in_client(world.outsider)
        assert still.get(summary).status_code == 200


def test_break_glass_tells_the_lead_professional_and_the_safeguarding_lead_in_their_own_language(
    world: World,
    django_capture_on_commit_callbacks,
    welsh_catalogue,  # type: ignore[no-untyped-def]
) -> None:
    Person.objects.filter(pk=world.lead.pk).update(language="cy")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _open_break_glass(world)
    told = Notification.objects.filter(kind="cylch.access.break_glass.opened")
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted(
        [world.lead.pk, world.outsider_safeguarding_lead.pk]
    )
    links = {n.recipient_id: n.link for n in told}
    # The lead sees who has opened the record; the safeguarding lead reviews the use.
    assert links[world.lead.pk] == reverse("children:history", args=[world.child.pk])
    assert links[world.outsider_safeguarding_lead.pk] == reverse("children:break_glass_review")
    assert all(n.params["reason"] == REASON for n in told)

    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {world.lead.email, world.outsider_safeguarding_lead.email}
    welsh, english = by_recipient[world.lead.email], by_recipient[world.outsider_safeguarding_lead.email]
    assert english.extra_headers["Content-Language"] == "en"
    assert welsh.extra_headers["Content-Language"] == "cy"
    assert "Osian Outsider used emergency access" in english.body
    assert REASON in english.body and REASON in welsh.body
    assert welsh.subject != english.subject
    assert "Dear " not in welsh.body
    assert "used emergency access" not in welsh.body
    assert reverse("children:break_glass_review") in english.body
    assert reverse("children:history", args=[world.child.pk]) in welsh.body


def test_a_manager_confirms_a_use_of_emergency_access(world: World) -> None:
    _open_break_glass(world)
    grant = AccessGrant.objects.get(person=world.outsider)
    manager = signed_in_client(world.outsider_manager)
    listing = manager.get(reverse("children:break_glass_review"))
    assert listing.status_code == 200
    assert "Osian Outsider" in listing.content.decode()
    response = manager.post(reverse("children:break_glass_decide", args=[grant.pk]), {"outcome": "confirmed"})
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.review == AccessGrant.Review.CONFIRMED
    assert grant.reviewed_by == world.outsider_manager
    assert grant.revoked_at is None
    assert AuditEntry.objects.filter(action="cylch.access.break_glass.confirmed", subject_id=str(grant.pk)).exists()
    assert signed_in_client(world.outsider).get(reverse("children:summary", args=[world.child.pk])).status_code == 200


def test_a_challenge_needs_a_note_and_revokes_the_access(world: World) -> None:
    client = _open_break_glass(world)
    grant = AccessGrant.objects.get(person=world.outsider)
    manager = signed_in_client(world.outsider_safeguarding_lead)
    url = reverse("children:break_glass_decide", args=[grant.pk])
    response = manager.post(url, {"outcome": "challenged", "note": "  "})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    grant.refresh_from_db()
    assert grant.review == "" and grant.revoked_at is None

    response = manager.post(url, {"outcome": "challenged", "note": "No emergency: the child was at school"})
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.review == AccessGrant.Review.CHALLENGED
    assert grant.review_note == "No emergency: the child was at school"
    assert grant.revoked_at is not None
    entry = AuditEntry.objects.get(action="cylch.access.break_glass.challenged")
    assert entry.reason == "No emergency: the child was at school"
    assert client.get(reverse("children:summary", args=[world.child.pk])).status_code == 404


def test_nobody_reviews_their_own_emergency_access(world: World) -> None:
    _open_break_glass(world, world.outsider_manager)
    grant = AccessGrant.objects.get(person=world.outsider_manager)
    client = signed_in_client(world.outsider_manager)
    response = client.post(reverse("children:break_glass_decide", args=[grant.pk]), {"outcome": "confirmed"})
    assert response.status_code == 200
    assert "Someone else must review" in response.content.decode()
    grant.refresh_from_db()
    assert grant.review == "" and grant.reviewed_by is None
    # Another manager of the agency may.
    assert (
        signed_in_client(world.outsider_safeguarding_lead)
        .post(reverse("children:break_glass_decide", args=[grant.pk]), {"outcome": "confirmed"})
        .status_code
        == 302
    )


def test_managers_of_other_agencies_cannot_review(world: World) -> None:
    _open_break_glass(world)
    grant = AccessGrant.objects.get(person=world.outsider)
    client = signed_in_client(world.manager)
    assert "Osian Outsider" not in client.get(reverse("children:break_glass_review")).content.decode()
    assert (
        client.post(reverse("children:break_glass_decide", args=[grant.pk]), {"outcome": "confirmed"}).status_code
        == 404
    )
    grant.refresh_from_db()
    assert grant.review == ""


def test_audit_grant_is_read_only_and_sees_every_category(world: World) -> None:
    services.voice_entry_add(
        actor=world.health,
        child=world.child,
        words="Clinic words",
        language="en",
        captured_on=timezone.localdate(),
        method="play",
        sensitivity="sexual_health",
    )
    auditor = testing.make_person(Role.AUDITOR, testing.make_team())
    grants = services.audit_grant_create(
        actor=world.cs_safeguarding_lead,
        auditor=auditor,
        children=[world.child],
        ends_on=timezone.localdate() + datetime.timedelta(days=5),
        reason="Inspection",
    )
    assert len(grants) == 1
    client = signed_in_client(auditor)
    assert "Clinic words" in client.get(reverse("children:voice", args=[world.child.pk])).content.decode()
    assert client.get(reverse("children:edit", args=[world.child.pk])).status_code == 404
    assert VoiceEntry.objects.count() == 1
