"""The pages of the child's record, driven as a practitioner would."""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

import pytest
from django.core import mail
from django.db.models import ProtectedError
from django.urls import URLPattern, reverse
from django.utils import timezone

from cylch.access.models import AccessGrant
from cylch.audit.models import AuditEntry
from cylch.children import services, urls
from cylch.children.forms import ChildDetailsForm
from cylch.children.models import Child, Identifier, Involvement, JoinRequest, NetworkMember, VoiceEntry
from cylch.core import testing
from cylch.core.models import Draft, Notification
from cylch.people.models import Role

from .conftest import DOMAIN_MODELS, World, fingerprint, make_agreement, signed_in_client

pytestmark = pytest.mark.django_db


def _today() -> str:
    return timezone.localdate().strftime("%d %m %Y")


def _messages(response: Any) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


# --- Registration ---------------------------------------------------------------------------

REGISTRATION = {
    "given_names": "Rhys",
    "family_name": "Davis",
    "date_of_birth": "14 5 2016",
    "language": "cy",
    "role_for_child": "social_worker",
    "as_lead": "on",
    "reason": "Referral from the school nurse",
    "basis": "statutory",
    "statutory_basis": "safeguarding",
    "no_agreement_justification": "Referral under Part 7",
}


def test_registering_shows_possible_matches_across_wales_first(world: World) -> None:
    client = signed_in_client(world.outsider)
    children_before = Child.objects.count()
    response = client.post(reverse("children:register"), REGISTRATION)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="possible-matches"' in html
    assert "A record exists" in html
    assert "Test Children&#x27;s Services" in html  # the agency holding the record, not the child's details
    assert "Rhys Davies" not in html
    assert reverse("children:join", args=[world.child.pk]) in html
    assert re.search(r'name="confirmed_new"[^>]*value="True"', html)
    assert Child.objects.count() == children_before
    assert AuditEntry.objects.filter(
        action="cylch.children.search.hidden_match_revealed", actor=world.outsider
    ).exists()

    # "None of these": the record opens with the registrant's team around the child.
    response = client.post(reverse("children:register"), {**REGISTRATION, "confirmed_new": "True"})
    assert response.status_code == 302
    child = Child.objects.exclude(pk=world.child.pk).get(family_name="Davis")
    assert response["Location"] == reverse("children:summary", args=[child.pk])
    involvement = Involvement.objects.get(child=child)
    assert (involvement.team, involvement.practitioner, involvement.is_lead) == (
        world.elsewhere_team,
        world.outsider,
        True,
    )
    assert involvement.flagged_to_data_protection_lead
    assert client.get(response["Location"]).status_code == 200
    # The other record is untouched and still hidden from the registrant.
    assert client.get(reverse("children:summary", args=[world.child.pk])).status_code == 404


def test_registering_shows_a_visible_match_as_a_link(world: World) -> None:
    client = signed_in_client(world.colleague)
    html = client.post(reverse("children:register"), REGISTRATION).content.decode()
    assert f'href="{reverse("children:summary", args=[world.child.pk])}"' in html
    assert "Rhys Davies" in html


def test_registering_with_no_match_opens_the_record_at_once(world: World) -> None:
    client = signed_in_client(world.outsider)
    response = client.post(
        reverse("children:register"), {**REGISTRATION, "given_names": "Ffion", "family_name": "Llywelyn"}
    )
    assert response.status_code == 302
    assert Child.objects.filter(family_name="Llywelyn", created_by=world.outsider).count() == 1


def test_registering_with_errors_shows_them_and_opens_nothing(world: World) -> None:
    client = signed_in_client(world.outsider)
    before = fingerprint()
    for data in [
        {**REGISTRATION, "family_name": ""},
        {**REGISTRATION, "date_of_birth": "31 2 2016"},
        {**REGISTRATION, "date_of_birth": "", "confirmed_new": "True"},
        {**REGISTRATION, "no_agreement_justification": "", "confirmed_new": "True"},
        {**REGISTRATION, "basis": "consent", "confirmed_new": "True"},
    ]:
        response = client.post(reverse("children:register"), data)
        assert response.status_code == 200
        assert "govuk-error-summary" in response.content.decode(), data
    assert fingerprint() == before


# --- Stale edits ------------------------------------------------------------------------------


def _details_form(client: Any, child: Child) -> dict[str, str]:
    html = client.get(reverse("children:edit", args=[child.pk])).content.decode()
    version = re.search(r'name="version" value="(\d+)"', html)
    assert version, "the form carries the version it was loaded at"
    return {
        "version": version.group(1),
        "given_names": "Rhys",
        "family_name": "Davies",
        "date_of_birth": "14 05 2016",
        "language": "en",
    }


def test_the_second_save_over_the_same_version_is_refused_and_shows_what_changed(world: World) -> None:
    first, second = signed_in_client(world.lead), signed_in_client(world.colleague)
    first_form, second_form = _details_form(first, world.child), _details_form(second, world.child)
    assert first_form["version"] == second_form["version"] == "1"

    response = first.post(reverse("children:edit", args=[world.child.pk]), {**first_form, "preferred_name": "Rhysi"})
    assert response.status_code == 302

    response = second.post(
        reverse("children:edit", args=[world.child.pk]),
        {**second_form, "preferred_name": "Rhys bach", "communication_needs": "Uses Makaton"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else saved changes to this record while you were editing" in html
    stale = re.search(r'data-testid="stale-changes".*?</div>', html, re.S)
    assert stale is not None
    assert str(ChildDetailsForm.base_fields["preferred_name"].label) in stale.group(0)
    assert "Rhysi" in stale.group(0) and "Rhys bach" in stale.group(0)
    # The form now carries the new version, so saving again is a deliberate choice.
    assert re.search(r'name="version" value="2"', html)

    child = Child.objects.get(pk=world.child.pk)
    assert (child.preferred_name, child.communication_needs, child.version) == ("Rhysi", "", 2)
    assert AuditEntry.objects.filter(action="cylch.children.child.updated").count() == 1

    # Saving again over the version now shown succeeds.
    response = second.post(
        reverse("children:edit", args=[world.child.pk]), {**second_form, "version": "2", "preferred_name": "Rhys bach"}
    )
    assert response.status_code == 302
    assert Child.objects.get(pk=world.child.pk).preferred_name == "Rhys bach"


def test_stale_edit_of_a_network_member(world: World) -> None:
    member = NetworkMember.objects.create(child=world.child, full_name="Angharad Davies", relationship="mother")
    url = reverse("children:network_edit", args=[world.child.pk, member.pk])
    data = {"version": "1", "full_name": "Angharad Davies", "relationship": "mother", "language": "en"}
    assert signed_in_client(world.lead).post(url, {**data, "phone": "01970 000000"}).status_code == 302
    response = signed_in_client(world.colleague).post(url, {**data, "phone": "07700 900000"})
    assert response.status_code == 200
    assert 'data-testid="stale-changes"' in response.content.decode()
    member.refresh_from_db()
    assert (member.phone, member.version) == ("01970 000000", 2)


# --- Drafts -----------------------------------------------------------------------------------


def test_a_draft_comes_back_into_the_form_and_goes_once_saved(world: World) -> None:
    client = signed_in_client(world.health)
    path = reverse("children:voice", args=[world.child.pk])
    words = "Rwy'n hoffi mynd i'r traeth gyda Dad"
    response = client.post(
        reverse("core:draft_save"),
        json.dumps({"form_key": path, "data": {"words": words, "method": "drawing"}}),
        content_type="application/json",
    )
    assert response.status_code == 200
    html = client.get(path).content.decode()
    textarea = re.search(r'<textarea[^>]*name="words"[^>]*>(.*?)</textarea>', html, re.S)
    assert textarea is not None
    assert "Rwy&#x27;n hoffi mynd i&#x27;r traeth gyda Dad" in textarea.group(1)
    # Someone else opening the page does not get this person's draft.
    other = signed_in_client(world.lead).get(path).content.decode()
    assert "traeth gyda Dad" not in other

    response = client.post(
        path, {"words": words, "language": "cy", "captured_on": _today(), "method": "drawing", "sensitivity": "general"}
    )
    assert response.status_code == 302
    assert not Draft.objects.filter(person=world.health, form_key=path).exists()
    assert VoiceEntry.objects.get(child=world.child).words == words
    textarea = re.search(r'<textarea[^>]*name="words"[^>]*>(.*?)</textarea>', client.get(path).content.decode(), re.S)
    assert textarea is not None and textarea.group(1).strip() == ""


def test_a_draft_survives_a_failed_save(world: World) -> None:
    client = signed_in_client(world.health)
    path = reverse("children:voice", args=[world.child.pk])
    client.post(
        reverse("core:draft_save"),
        json.dumps({"form_key": path, "data": {"words": "Half typed"}}),
        content_type="application/json",
    )
    response = client.post(
        path,
        {
            "words": "Half typed",
            "language": "cy",
            "captured_on": "not a date",
            "method": "drawing",
            "sensitivity": "general",
        },
    )
    assert response.status_code == 200
    assert Draft.objects.filter(person=world.health, form_key=path).exists()
    assert not VoiceEntry.objects.exists()


# --- Join requests ----------------------------------------------------------------------------


def _ask_to_join(world: World, person: Any = None, reason: str = "Rhys started at our school this term") -> Any:
    client = signed_in_client(person or world.school_dsl)
    return client.post(
        reverse("children:join", args=[world.child.pk]), {"role_for_child": "school_dsp", "reason": reason}
    )


def test_a_school_asks_to_join_and_the_lead_professional_accepts(
    world: World, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    agreement = make_agreement(world.cs_agency, world.school_agency, created_by=world.lead, title="Schools ISP")
    requester = signed_in_client(world.school_dsl)
    assert requester.get(reverse("children:summary", args=[world.child.pk])).status_code == 404
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = _ask_to_join(world)
    assert response.status_code == 302
    assert response["Location"] == reverse("children:my_requests")
    request = JoinRequest.objects.get(child=world.child)
    assert (request.team, request.requested_by, request.status) == (world.school_team, world.school_dsl, "pending")
    received = Notification.objects.filter(kind="cylch.children.join_request.received")
    assert world.lead.pk in received.values_list("recipient_id", flat=True)
    assert world.lead.email in [m.to[0] for m in mail.outbox]

    lead = signed_in_client(world.lead)
    listing = lead.get(reverse("children:join_requests")).content.decode()
    assert "Sioned School" in listing
    assert reverse("children:join_decide", args=[request.pk]) in listing
    assert "Sioned School" not in signed_in_client(world.police).get(reverse("children:join_requests")).content.decode()
    assert signed_in_client(world.police).get(reverse("children:join_decide", args=[request.pk])).status_code == 404
    assert "Schools ISP" in lead.get(reverse("children:join_decide", args=[request.pk])).content.decode()

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = lead.post(
            reverse("children:join_decide", args=[request.pk]),
            {
                "decision": "accept",
                "basis": "statutory",
                "statutory_basis": "duty_to_cooperate",
                "agreement": agreement.pk,
            },
        )
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.decided_by) == ("accepted", world.lead)
    involvement = Involvement.objects.get(child=world.child, team=world.school_team)
    assert request.involvement == involvement
    assert (involvement.practitioner, involvement.basis, involvement.statutory_basis, involvement.agreement) == (
        world.school_dsl,
        "statutory",
        "duty_to_cooperate",
        agreement,
    )
    assert involvement.flagged_to_data_protection_lead is False
    accepted = Notification.objects.get(kind="cylch.children.join_request.accepted")
    assert accepted.recipient == world.school_dsl
    assert accepted.link == reverse("children:summary", args=[world.child.pk])
    assert [m.to[0] for m in mail.outbox] == [world.school_dsl.email]
    assert requester.get(reverse("children:summary", args=[world.child.pk])).status_code == 200
    assert AuditEntry.objects.filter(action="cylch.children.join_request.accepted", child_id=world.child.pk).exists()


def test_accepting_needs_a_basis(world: World) -> None:
    _ask_to_join(world)
    request = JoinRequest.objects.get()
    response = signed_in_client(world.lead).post(
        reverse("children:join_decide", args=[request.pk]), {"decision": "accept"}
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    request.refresh_from_db()
    assert request.status == "pending"
    assert not Involvement.objects.filter(team=world.school_team).exists()


def test_declining_needs_a_reason_and_the_requester_is_told(world: World, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    _ask_to_join(world)
    request = JoinRequest.objects.get()
    lead = signed_in_client(world.lead)
    url = reverse("children:join_decide", args=[request.pk])
    response = lead.post(url, {"decision": "decline", "decision_reason": "  "})
    assert response.status_code == 200
    assert "Enter why the request is declined" in response.content.decode()
    request.refresh_from_db()
    assert request.status == "pending"
    assert not Notification.objects.filter(recipient=world.school_dsl).exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = lead.post(url, {"decision": "decline", "decision_reason": "Rhys is not on your roll"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.decision_reason) == ("declined", "Rhys is not on your roll")
    declined = Notification.objects.get(kind="cylch.children.join_request.declined")
    assert declined.recipient == world.school_dsl
    assert declined.params["reason"] == "Rhys is not on your roll"
    assert "Rhys Davies" not in json.dumps(declined.params)
    assert not Involvement.objects.filter(team=world.school_team).exists()
    assert signed_in_client(world.school_dsl).get(reverse("children:summary", args=[world.child.pk])).status_code == 404
    # A decided request cannot be decided again.
    assert (
        lead.post(
            url,
            {
                "decision": "accept",
                "basis": "statutory",
                "statutory_basis": "safeguarding",
                "no_agreement_justification": "j",
            },
        ).status_code
        == 404
    )


def test_a_second_pending_request_from_the_same_team_is_refused(world: World) -> None:
    assert _ask_to_join(world).status_code == 302
    teacher = testing.make_person(Role.PRACTITIONER, world.school_team)
    response = _ask_to_join(world, teacher, "Also our pupil")
    assert response.status_code == 200
    assert "already asked to join" in response.content.decode()
    assert JoinRequest.objects.filter(child=world.child).count() == 1


# --- Merging ----------------------------------------------------------------------------------


def test_merging_through_the_pages(world: World) -> None:
    admin = signed_in_client(testing.make_person(Role.AGENCY_ADMIN, world.cs_team))
    duplicate = testing.make_child(
        involved_team=world.school_team, practitioner=world.school_dsl, given_names="Rhys", family_name="Davis"
    )
    identifier = Identifier.objects.create(child=duplicate, kind="upn", value="A123")
    member = NetworkMember.objects.create(child=duplicate, full_name="Dai Davis", relationship="father")
    school_involvement = Involvement.objects.get(child=duplicate)

    response = admin.post(
        reverse("children:merge"), {"keep": world.child.pk, "duplicate": duplicate.pk, "reason": "Same child, misspelt"}
    )
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.merged_into_id) == ("merged", world.child.pk)
    moved: list[Any] = [identifier, member, school_involvement]
    for row in moved:
        row.refresh_from_db()
        assert row.child_id == world.child.pk

    # Someone involved through the duplicate is sent to the record kept.
    school = signed_in_client(world.school_dsl)
    response = school.get(reverse("children:summary", args=[duplicate.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("children:summary", args=[world.child.pk])
    assert school.get(response["Location"]).status_code == 200
    # Someone with no part in either record still gets nothing.
    assert signed_in_client(world.outsider).get(reverse("children:summary", args=[duplicate.pk])).status_code == 404

    entry = AuditEntry.objects.get(action="cylch.children.child.merged")
    assert entry.changes["moved"]["identifiers"] == [identifier.pk]
    response = admin.post(
        reverse("children:merge_reverse", args=[entry.pk]), {"reason": "Different children"}, follow=True
    )
    assert "The merge has been reversed" in _messages(response)
    for row in moved:
        row.refresh_from_db()
        assert row.child_id == duplicate.pk
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.merged_into_id) == ("open", None)
    assert school.get(reverse("children:summary", args=[duplicate.pk])).status_code == 200
    assert school.get(reverse("children:summary", args=[world.child.pk])).status_code == 404
    assert "Reversed" in admin.get(reverse("children:merge")).content.decode()

    before = fingerprint()
    response = admin.post(reverse("children:merge_reverse", args=[entry.pk]), {"reason": "Again"}, follow=True)
    assert "already been reversed" in _messages(response)
    assert fingerprint() == before
    assert admin.get(reverse("children:merge_reverse", args=[entry.pk])).status_code == 405


def test_merge_form_refuses_records_that_do_not_exist(world: World) -> None:
    admin = signed_in_client(testing.make_person(Role.AGENCY_ADMIN, world.cs_team))
    before = fingerprint()
    response = admin.post(reverse("children:merge"), {"keep": world.child.pk, "duplicate": 999_999, "reason": "x"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert fingerprint() == before


# --- Records are never deleted ----------------------------------------------------------------


def _all_children_urls(world: World) -> list[str]:
    identifier = Identifier.objects.create(child=world.child, kind="la_case_number", value="CASE-1")
    member = NetworkMember.objects.create(child=world.child, full_name="Dai Davies", relationship="father")
    request = JoinRequest.objects.create(
        child=world.child,
        team=world.school_team,
        requested_by=world.school_dsl,
        role_for_child="school_dsp",
        reason="r",
    )
    grant = AccessGrant.objects.create(
        kind="break_glass",
        person=world.colleague,
        child=world.child,
        agency=world.cs_agency,
        reason="r",
        ends_at=timezone.now() + datetime.timedelta(hours=1),
        granted_by=world.colleague,
    )
    admin = testing.make_person(Role.AGENCY_ADMIN, world.cs_team)
    keep = testing.make_child(involved_team=world.cs_team)
    services.child_merge(actor=admin, keep=keep, duplicate=testing.make_child(involved_team=world.cs_team), reason="r")
    values = {
        "child_id": world.child.pk,
        "identifier_id": identifier.pk,
        "member_id": member.pk,
        "involvement_id": world.police_involvement.pk,
        "request_id": request.pk,
        "grant_id": grant.pk,
        "entry_id": AuditEntry.objects.get(action="cylch.children.child.merged").pk,
    }
    found = []
    for pattern in urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        kwargs = {name: values[name] for name in pattern.pattern.converters}
        found.append(reverse(f"children:{pattern.name}", kwargs=kwargs))
    return found


def test_no_url_is_named_for_deleting() -> None:
    for pattern in urls.urlpatterns:
        text = f"{pattern.name} {pattern.pattern}".lower()
        assert not any(word in text for word in ["delete", "remove", "destroy", "purge", "erase"]), text


def test_no_request_to_any_children_page_deletes_a_row(world: World) -> None:
    targets = _all_children_urls(world)
    people = [
        world.lead,
        world.manager,
        world.cs_safeguarding_lead,
        testing.make_person(Role.AGENCY_ADMIN, world.cs_team),
        testing.make_person(Role.SYSTEM_ADMIN),
    ]
    before = {
        model.__name__: set(model._default_manager.values_list("pk", flat=True))
        for model in DOMAIN_MODELS
        if model is not Draft
    }
    for person in people:
        client = signed_in_client(person)
        for url in targets:
            client.delete(url)
            client.post(url, {"action": "delete", "delete": "on", "confirm": "on", "_method": "DELETE"})
    for name, pks in before.items():
        model = next(m for m in DOMAIN_MODELS if m.__name__ == name)
        assert pks <= set(model._default_manager.values_list("pk", flat=True)), f"{name} rows were deleted"


def test_the_database_refuses_to_delete_a_child_with_history(world: World) -> None:
    with pytest.raises(ProtectedError):
        Child.objects.filter(pk=world.child.pk).delete()
    assert Child.objects.filter(pk=world.child.pk).exists()


@pytest.mark.parametrize("status", ["closed", "entered_in_error"])
def test_closing_or_marking_in_error_needs_a_reason_and_is_audited(world: World, status: str) -> None:
    client = signed_in_client(world.lead)
    url = reverse("children:status", args=[world.child.pk])
    response = client.post(url, {"status": status, "reason": "   "})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert Child.objects.get(pk=world.child.pk).status == "open"
    assert not AuditEntry.objects.filter(action="cylch.children.child.status_changed").exists()

    response = client.post(url, {"status": status, "reason": "Family moved to England"})
    assert response.status_code == 302
    child = Child.objects.get(pk=world.child.pk)
    assert (child.status, child.status_reason) == (status, "Family moved to England")
    entry = AuditEntry.objects.get(action="cylch.children.child.status_changed")
    assert (entry.actor, entry.reason, entry.child_id) == (world.lead, "Family moved to England", world.child.pk)
    # Nothing is gone: the record and everything on it are still there.
    assert Involvement.objects.filter(child=world.child).count() == 3
    if status == "closed":
        assert (
            "This record is closed" in client.get(reverse("children:summary", args=[world.child.pk])).content.decode()
        )


# --- Other pages ------------------------------------------------------------------------------


def test_the_lead_cannot_end_their_own_involvement_through_the_page(world: World) -> None:
    response = signed_in_client(world.lead).post(
        reverse("children:involvement_end", args=[world.child.pk, world.lead_involvement.pk]), {"reason": "Leaving"}
    )
    assert response.status_code == 200
    assert "Hand over the lead professional role" in response.content.decode()
    world.lead_involvement.refresh_from_db()
    assert world.lead_involvement.ended_on is None


def test_handover_through_the_page_tells_the_new_lead(world: World) -> None:
    client = signed_in_client(world.lead)
    response = client.post(
        reverse("children:handover", args=[world.child.pk]),
        {"to": world.health_involvement.pk, "reason": "Health now leads"},
    )
    assert response.status_code == 302
    assert Involvement.objects.get(child=world.child, is_lead=True) == world.health_involvement
    assert Notification.objects.filter(recipient=world.health, kind="cylch.children.lead.you_are_lead").exists()
    # The former lead no longer manages the team.
    assert client.get(reverse("children:handover", args=[world.child.pk])).status_code == 403


def test_summary_shows_the_team_around_the_child_at_a_glance(world: World) -> None:
    NetworkMember.objects.create(
        child=world.child,
        full_name="Mam-gu Davies",
        relationship="grandparent",
        is_trusted_adult=True,
        phone="01970 123456",
    )
    html = signed_in_client(world.police).get(reverse("children:summary", args=[world.child.pk])).content.decode()
    lead = re.search(r'data-testid="lead-professional">(.*?)</dd>', html, re.S)
    assert lead is not None and "Lowri Lead" in lead.group(1)
    trusted = re.search(r'data-testid="trusted-adult">(.*?)</dd>', html, re.S)
    assert trusted is not None and "Mam-gu Davies" in trusted.group(1)
    for agency in ["Test Children&#x27;s Services", "Test Health Board", "Test Police"]:
        assert agency in html


def test_an_involvement_added_by_the_lead_gives_the_new_team_access(world: World) -> None:
    housing_team = testing.make_team(testing.make_agency("housing", world.la))
    officer = testing.make_person(Role.PRACTITIONER, housing_team)
    response = signed_in_client(world.lead).post(
        reverse("children:involvement_add", args=[world.child.pk]),
        {
            "team": housing_team.pk,
            "role_for_child": "housing_officer",
            "reason": "Family at risk of eviction",
            "basis": "consent",
            "consent_given_by": "Mother",
            "consent_given_on": _today(),
            "no_agreement_justification": "Consent given",
        },
    )
    assert response.status_code == 302
    assert signed_in_client(officer).get(reverse("children:summary", args=[world.child.pk])).status_code == 200
