"""The services that write about a child: lawful basis, the lead professional, edits, merges."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cylch.access.models import AccessGrant
from cylch.audit.models import AuditEntry
from cylch.children import services
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
from cylch.children.services import Basis, StaleEdit
from cylch.core import testing
from cylch.core.models import Notification
from cylch.people.models import Role

from .conftest import World, fingerprint, involve, make_agreement

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _statutory(**extra) -> Basis:  # type: ignore[no-untyped-def]
    return Basis(basis="statutory", statutory_basis="safeguarding", **extra)


def _add_school(world: World, basis: Basis) -> Involvement:
    return services.involvement_add(
        actor=world.lead,
        child=world.child,
        team=world.school_team,
        practitioner=None,
        role_for_child="school_dsp",
        reason="Attends the school",
        basis=basis,
    )


# --- Lawful basis ---------------------------------------------------------------------------


def test_without_an_agreement_a_written_justification_is_needed(world: World) -> None:
    before = fingerprint()
    for justification in ["", "   "]:
        with pytest.raises(ValidationError) as error:
            _add_school(world, _statutory(no_agreement_justification=justification))
        assert "no_agreement_justification" in error.value.message_dict
    assert fingerprint() == before


def test_sharing_without_an_agreement_is_flagged_to_the_agencys_data_protection_lead(
    world: World, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    dpl = testing.make_person(Role.DATA_PROTECTION_LEAD, testing.make_team(world.school_agency))
    other_dpl = testing.make_person(Role.DATA_PROTECTION_LEAD, testing.make_team(world.cs_agency))
    with django_capture_on_commit_callbacks(execute=True):
        involvement = _add_school(
            world, _statutory(no_agreement_justification="  Urgent safeguarding concern raised by the school  ")
        )
    assert involvement.flagged_to_data_protection_lead is True
    assert involvement.agreement is None
    assert involvement.no_agreement_justification == "Urgent safeguarding concern raised by the school"
    flags = Notification.objects.filter(kind="cylch.sharing.no_agreement_flagged")
    assert list(flags.values_list("recipient_id", flat=True)) == [dpl.pk]
    assert not flags.filter(recipient=other_dpl).exists()


def test_with_an_agreement_in_force_nothing_is_flagged(world: World) -> None:
    dpl = testing.make_person(Role.DATA_PROTECTION_LEAD, testing.make_team(world.school_agency))
    agreement = make_agreement(world.cs_agency, world.school_agency, created_by=world.lead)
    involvement = _add_school(world, _statutory(agreement_id=agreement.pk, no_agreement_justification="ignored"))
    assert involvement.flagged_to_data_protection_lead is False
    assert involvement.agreement == agreement
    assert involvement.no_agreement_justification == ""
    assert not Notification.objects.filter(recipient=dpl).exists()


def test_an_agreement_the_agency_is_not_party_to_or_not_in_force_is_refused(world: World) -> None:
    not_party = make_agreement(world.cs_agency, world.health_agency, created_by=world.lead)
    expired = make_agreement(world.cs_agency, world.school_agency, created_by=world.lead)
    expired.review_date = TODAY() - datetime.timedelta(days=1)
    expired.save()
    for agreement in [not_party, expired]:
        with pytest.raises(ValidationError) as error:
            _add_school(world, _statutory(agreement_id=agreement.pk))
        assert "agreement" in error.value.message_dict
    assert not Involvement.objects.filter(team=world.school_team).exists()


def test_consent_needs_who_and_when(world: World) -> None:
    for basis in [
        Basis(basis="consent", consent_given_on=TODAY(), no_agreement_justification="j"),
        Basis(basis="consent", consent_given_by="Mother", no_agreement_justification="j"),
        Basis(basis="consent", consent_given_by="   ", consent_given_on=TODAY(), no_agreement_justification="j"),
    ]:
        with pytest.raises(ValidationError) as error:
            _add_school(world, basis)
        assert "consent_given_by" in error.value.message_dict
    assert not Involvement.objects.filter(team=world.school_team).exists()


def test_consent_in_the_future_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        _add_school(
            world,
            Basis(
                basis="consent",
                consent_given_by="Mother",
                consent_given_on=TODAY() + datetime.timedelta(days=1),
                no_agreement_justification="j",
            ),
        )
    assert "consent_given_on" in error.value.message_dict
    assert not Involvement.objects.filter(team=world.school_team).exists()


def test_consent_must_expire_after_it_was_given(world: World) -> None:
    with pytest.raises(ValidationError):
        _add_school(
            world,
            Basis(
                basis="consent",
                consent_given_by="Mother",
                consent_given_on=TODAY(),
                consent_expires_on=TODAY(),
                no_agreement_justification="j",
            ),
        )


def test_consent_is_recorded(world: World) -> None:
    involvement = _add_school(
        world,
        Basis(
            basis="consent",
            consent_given_by="Mother",
            consent_given_on=TODAY(),
            consent_scope="School attendance",
            no_agreement_justification="j",
        ),
    )
    involvement.refresh_from_db()
    assert (involvement.basis, involvement.consent_given_by, involvement.consent_given_on) == (
        "consent",
        "Mother",
        TODAY(),
    )
    assert involvement.statutory_basis == ""


def test_statutory_basis_must_be_named(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        _add_school(world, Basis(basis="statutory", no_agreement_justification="j"))
    assert "statutory_basis" in error.value.message_dict
    with pytest.raises(ValidationError):
        _add_school(world, Basis(basis="because", no_agreement_justification="j"))


def test_registering_with_a_bad_basis_leaves_no_record_behind(world: World) -> None:
    before = Child.objects.count()
    with pytest.raises(ValidationError):
        services.child_register(
            actor=world.lead,
            details={
                "given_names": "Nia",
                "family_name": "Bevan",
                "date_of_birth": datetime.date(2019, 1, 2),
                "language": "cy",
            },
            role_for_child="social_worker",
            reason="Referral",
            basis=_statutory(),
            as_lead=True,
        )
    assert Child.objects.count() == before


def test_registering_puts_the_registrants_team_in_the_team_around_the_child(world: World) -> None:
    child = services.child_register(
        actor=world.colleague,
        details={
            "given_names": "Nia",
            "family_name": "Bevan",
            "date_of_birth": datetime.date(2019, 1, 2),
            "language": "cy",
        },
        role_for_child="social_worker",
        reason="Referral",
        basis=_statutory(no_agreement_justification="Referral by the police"),
        as_lead=True,
    )
    involvement = Involvement.objects.get(child=child)
    assert (involvement.team, involvement.practitioner, involvement.is_lead) == (world.cs_team, world.colleague, True)
    assert child.phonetic_family == "B150"
    assert AuditEntry.objects.filter(action="cylch.children.child.registered", child_id=child.pk).exists()


@pytest.mark.parametrize(
    ("details", "field"),
    [
        (lambda today: {}, "date_of_birth"),
        (lambda today: {"date_of_birth": today + datetime.timedelta(days=2)}, "date_of_birth"),
        (lambda today: {"date_of_birth": datetime.date(1990, 1, 1)}, "date_of_birth"),
        (lambda today: {"expected_date_of_birth": today - datetime.timedelta(days=60)}, "expected_date_of_birth"),
    ],
)
def test_registering_checks_the_dates(
    world: World, details: Callable[[datetime.date], dict[str, Any]], field: str
) -> None:
    with pytest.raises(ValidationError) as error:
        services.child_register(
            actor=world.lead,
            details={"given_names": "A", "family_name": "B", **details(TODAY())},
            role_for_child="social_worker",
            reason="r",
            basis=_statutory(no_agreement_justification="j"),
            as_lead=False,
        )
    assert field in error.value.message_dict


def test_an_unborn_child_may_be_registered(world: World) -> None:
    child = services.child_register(
        actor=world.lead,
        details={
            "given_names": "Baby",
            "family_name": "Davies",
            "expected_date_of_birth": TODAY() + datetime.timedelta(days=90),
        },
        role_for_child="social_worker",
        reason="Pre-birth assessment",
        basis=_statutory(no_agreement_justification="j"),
        as_lead=False,
    )
    assert child.is_unborn


def test_people_who_do_not_work_with_children_cannot_register(world: World) -> None:
    admin = testing.make_person(Role.AGENCY_ADMIN, world.cs_team)
    with pytest.raises(PermissionDenied):
        services.child_register(
            actor=admin,
            details={"given_names": "A", "family_name": "B", "date_of_birth": datetime.date(2019, 1, 1)},
            role_for_child="social_worker",
            reason="r",
            basis=_statutory(no_agreement_justification="j"),
            as_lead=False,
        )


# --- The lead professional ------------------------------------------------------------------


def test_the_database_allows_one_open_lead_professional(world: World) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        involve(world.child, world.school_team, world.school_dsl, is_lead=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Involvement.objects.filter(pk=world.health_involvement.pk).update(is_lead=True)
    assert Involvement.objects.filter(child=world.child, is_lead=True).count() == 1
    # An ended lead does not count; another child may have its own lead.
    Involvement.objects.filter(pk=world.lead_involvement.pk).update(ended_on=TODAY())
    involve(world.child, world.school_team, world.school_dsl, is_lead=True)
    testing.make_child(involved_team=world.cs_team, practitioner=world.lead, is_lead=True)


def test_handover_moves_the_lead_and_tells_the_new_lead(world: World, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        new = services.lead_handover(
            actor=world.lead, child=world.child, to=world.health_involvement, reason="Health needs lead"
        )
    assert new.is_lead
    world.lead_involvement.refresh_from_db()
    assert world.lead_involvement.is_lead is False
    assert list(Involvement.objects.filter(child=world.child, is_lead=True).values_list("pk", flat=True)) == [
        world.health_involvement.pk
    ]
    notice = Notification.objects.get(kind="cylch.children.lead.you_are_lead")
    assert notice.recipient == world.health
    entry = AuditEntry.objects.get(action="cylch.children.lead.handed_over")
    assert entry.changes == {"from": world.lead.pk, "to": world.health.pk}
    # The former lead can no longer manage the team around the child; the new lead can.
    assert services._may_manage_team_around(world.health, world.child)
    assert not services._may_manage_team_around(world.lead, world.child)


def test_handover_refusals(world: World) -> None:
    nameless = involve(world.child, world.school_team, None)
    with pytest.raises(ValidationError):
        services.lead_handover(actor=world.lead, child=world.child, to=nameless, reason="r")
    with pytest.raises(ValidationError):
        services.lead_handover(actor=world.lead, child=world.child, to=world.lead_involvement, reason="r")
    with pytest.raises(ValidationError):
        services.lead_handover(actor=world.lead, child=world.child, to=world.health_involvement, reason="  ")
    with pytest.raises(PermissionDenied):
        services.lead_handover(actor=world.police, child=world.child, to=world.police_involvement, reason="I want it")
    other_child = testing.make_child(involved_team=world.cs_team, practitioner=world.colleague)
    with pytest.raises(ValidationError):
        services.lead_handover(
            actor=world.lead, child=world.child, to=Involvement.objects.get(child=other_child), reason="r"
        )
    assert Involvement.objects.get(child=world.child, is_lead=True) == world.lead_involvement


def test_a_manager_of_the_leads_team_may_hand_over(world: World) -> None:
    services.lead_handover(actor=world.manager, child=world.child, to=world.health_involvement, reason="Leave cover")
    assert Involvement.objects.get(child=world.child, is_lead=True) == world.health_involvement


def test_the_leads_involvement_cannot_end_without_a_handover(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        services.involvement_end(actor=world.lead, involvement=world.lead_involvement, reason="Leaving")
    assert "Hand over" in " ".join(error.value.messages)
    world.lead_involvement.refresh_from_db()
    assert world.lead_involvement.ended_on is None and world.lead_involvement.is_lead


def test_ending_an_involvement_needs_a_reason(world: World) -> None:
    with pytest.raises(ValidationError):
        services.involvement_end(actor=world.lead, involvement=world.police_involvement, reason=" ")
    world.police_involvement.refresh_from_db()
    assert world.police_involvement.ended_on is None


# --- Editing --------------------------------------------------------------------------------


def test_child_update_saves_over_the_version_loaded_only(world: World) -> None:
    child = Child.objects.get(pk=world.child.pk)
    updated = services.child_update(
        actor=world.lead, child=child, expected_version=1, changes={"preferred_name": "Rhysi", "family_name": "Davis"}
    )
    assert updated.version == 2
    assert updated.phonetic_given == "R200" and updated.search_family == "davis"
    entry = AuditEntry.objects.get(action="cylch.children.child.updated")
    assert entry.changes == {
        "preferred_name": {"old": "", "new": "Rhysi"},
        "family_name": {"old": "Davies", "new": "Davis"},
    }
    with pytest.raises(StaleEdit) as stale:
        services.child_update(
            actor=world.colleague,
            child=child,
            expected_version=1,
            changes={"preferred_name": "Rhyso", "family_name": "Davis"},
        )
    assert stale.value.changed == {"preferred_name": {"yours": "Rhyso", "theirs": "Rhysi"}}
    child.refresh_from_db()
    assert (child.version, child.preferred_name) == (2, "Rhysi")


def test_child_update_ignores_fields_that_are_not_details(world: World) -> None:
    services.child_update(
        actor=world.lead,
        child=world.child,
        expected_version=1,
        changes={"status": "merged", "version": 99, "given_names": "Rhys"},
    )
    world.child.refresh_from_db()
    assert (world.child.status, world.child.version) == ("open", 2)


def test_status_changes_need_a_reason_and_are_audited(world: World) -> None:
    for status in ["closed", "entered_in_error"]:
        with pytest.raises(ValidationError):
            services.child_status_set(actor=world.lead, child=world.child, status=status, reason="  ")
        world.child.refresh_from_db()
        assert world.child.status == "open"
    with pytest.raises(ValidationError):
        services.child_status_set(actor=world.lead, child=world.child, status="merged", reason="Trying")
    services.child_status_set(
        actor=world.lead, child=world.child, status="entered_in_error", reason="Opened twice by mistake"
    )
    world.child.refresh_from_db()
    assert (world.child.status, world.child.status_reason) == ("entered_in_error", "Opened twice by mistake")
    entry = AuditEntry.objects.get(action="cylch.children.child.status_changed")
    assert entry.reason == "Opened twice by mistake"
    assert entry.changes == {"status": {"old": "open", "new": "entered_in_error"}}
    assert Child.objects.filter(pk=world.child.pk).exists()


def test_a_new_address_ends_the_previous_and_moves_the_local_authority(world: World) -> None:
    other_la = testing.make_area()
    first = services.address_add(
        actor=world.lead,
        child=world.child,
        line_1="1 High St",
        line_2="",
        town="Aberaeron",
        postcode="sa46 0aa",
        local_authority=world.la,
        moved_in_on=TODAY() - datetime.timedelta(days=30),
    )
    assert first.postcode == "SA46 0AA"
    with pytest.raises(ValidationError):
        services.address_add(
            actor=world.lead,
            child=world.child,
            line_1="2 Old St",
            line_2="",
            town="X",
            postcode="X",
            local_authority=other_la,
            moved_in_on=TODAY() - datetime.timedelta(days=31),
        )
    with pytest.raises(ValidationError):
        services.address_add(
            actor=world.lead,
            child=world.child,
            line_1="2 New St",
            line_2="",
            town="X",
            postcode="X",
            local_authority=other_la,
            moved_in_on=TODAY() + datetime.timedelta(days=1),
        )
    services.address_add(
        actor=world.lead,
        child=world.child,
        line_1="3 New St",
        line_2="",
        town="Cardiff",
        postcode="CF1 1AA",
        local_authority=other_la,
        moved_in_on=TODAY(),
    )
    first.refresh_from_db()
    assert first.moved_out_on == TODAY()
    world.child.refresh_from_db()
    assert world.child.local_authority == other_la
    assert Address.objects.filter(child=world.child, moved_out_on__isnull=True).count() == 1


def test_a_welsh_active_offer_answer_becomes_the_language_preference(world: World) -> None:
    assert world.child.language == "en"
    services.active_offer_record(
        actor=world.lead, child=world.child, answer=ActiveOffer.Answer.WELSH, offered_at=timezone.now()
    )
    world.child.refresh_from_db()
    assert world.child.language == "cy"
    with pytest.raises(ValidationError):
        services.active_offer_record(
            actor=world.lead,
            child=world.child,
            answer="chose_english",
            offered_at=timezone.now() + datetime.timedelta(hours=2),
        )


def test_voice_entries_keep_the_words_exactly(world: World) -> None:
    words = "  Dw i'n hoffi\n  pêl-droed  "
    entry = services.voice_entry_add(
        actor=world.health, child=world.child, words=words, language="cy", captured_on=TODAY(), method="conversation"
    )
    entry.refresh_from_db()
    assert entry.words == words
    assert entry.captured_for_agency == world.health_agency
    with pytest.raises(ValidationError):
        services.voice_entry_add(
            actor=world.health, child=world.child, words="  ", language="cy", captured_on=TODAY(), method="conversation"
        )
    with pytest.raises(ValidationError):
        services.voice_entry_add(
            actor=world.health,
            child=world.child,
            words="x",
            language="cy",
            captured_on=TODAY() + datetime.timedelta(days=1),
            method="conversation",
        )
    services.voice_entry_mark_in_error(actor=world.health, entry=entry, reason="Wrong child")
    entry.refresh_from_db()
    assert entry.entered_in_error and entry.words == words


# --- Join requests --------------------------------------------------------------------------


def test_a_team_asks_to_join_once_at_a_time(world: World) -> None:
    services.join_request_create(
        actor=world.school_dsl, child=world.child, role_for_child="school_dsp", reason="Attends our school"
    )
    teacher = testing.make_person(Role.PRACTITIONER, world.school_team)
    with pytest.raises(ValidationError) as error:
        services.join_request_create(actor=teacher, child=world.child, role_for_child="school_dsp", reason="Also me")
    assert "already asked" in " ".join(error.value.messages)
    assert JoinRequest.objects.filter(child=world.child).count() == 1


def test_a_team_already_involved_does_not_ask(world: World) -> None:
    with pytest.raises(ValidationError):
        services.join_request_create(actor=world.health, child=world.child, role_for_child="health_visitor", reason="r")
    with pytest.raises(ValidationError):
        services.join_request_create(actor=world.school_dsl, child=world.child, role_for_child="school_dsp", reason=" ")
    assert not JoinRequest.objects.exists()


def test_declining_needs_a_reason_and_only_the_lead_side_decides(world: World) -> None:
    request = services.join_request_create(
        actor=world.school_dsl, child=world.child, role_for_child="school_dsp", reason="Attends our school"
    )
    with pytest.raises(ValidationError):
        services.join_request_decide(actor=world.lead, request=request, accept=False, reason="  ")
    with pytest.raises(PermissionDenied):
        services.join_request_decide(actor=world.police, request=request, accept=False, reason="No")
    with pytest.raises(ValidationError):
        services.join_request_decide(actor=world.lead, request=request, accept=True, reason="", basis=None)
    request.refresh_from_db()
    assert request.status == JoinRequest.Status.PENDING
    services.join_request_decide(actor=world.lead, request=request, accept=False, reason="Not needed")
    with pytest.raises(ValidationError):
        services.join_request_decide(
            actor=world.lead, request=request, accept=True, reason="", basis=_statutory(no_agreement_justification="j")
        )
    request.refresh_from_db()
    assert request.status == JoinRequest.Status.DECLINED
    assert not Involvement.objects.filter(team=world.school_team).exists()


# --- Merging --------------------------------------------------------------------------------


def _duplicate_with_everything(world: World) -> Child:
    duplicate = testing.make_child(
        involved_team=world.police_team,
        practitioner=world.police,
        is_lead=True,
        given_names="Rhys",
        family_name="Davis",
    )
    Identifier.objects.create(child=duplicate, kind="nhs_number", value="9434765919")
    NetworkMember.objects.create(
        child=duplicate, full_name="Angharad Davis", relationship="mother", is_trusted_adult=True
    )
    Address.objects.create(
        child=duplicate,
        line_1="1 Stryd",
        town="Tregaron",
        postcode="SY25 6AA",
        local_authority=world.la,
        moved_in_on=TODAY(),
    )
    VoiceEntry.objects.create(
        child=duplicate,
        words="I want my cat",
        language="en",
        captured_on=TODAY(),
        captured_by=world.police,
        method="play",
    )
    ActiveOffer.objects.create(
        child=duplicate, offered_at=timezone.now(), offered_by=world.police, answer="accepted_welsh"
    )
    JoinRequest.objects.create(
        child=duplicate, team=world.school_team, requested_by=world.school_dsl, role_for_child="school_dsp", reason="r"
    )
    AccessGrant.objects.create(
        kind="break_glass",
        person=world.outsider,
        child=duplicate,
        reason="r",
        ends_at=timezone.now(),
        granted_by=world.outsider,
    )
    return duplicate


def _owners(child_ids: list[int]) -> dict[str, list[tuple[int, int]]]:
    return {
        name: sorted(model.objects.filter(child_id__in=child_ids).values_list("pk", "child_id"))  # type: ignore[attr-defined]
        for name, model in services.MERGE_MODELS.items()
    }


def test_merge_moves_everything_and_reversal_restores_it_exactly(world: World) -> None:
    admin = testing.make_person(Role.AGENCY_ADMIN, world.cs_team)
    duplicate = _duplicate_with_everything(world)
    before = _owners([world.child.pk, duplicate.pk])
    leads_before = sorted(Involvement.objects.filter(is_lead=True).values_list("pk", flat=True))
    assert all(before[name] for name in services.MERGE_MODELS), "every kind of row should be there to move"

    services.child_merge(actor=admin, keep=world.child, duplicate=duplicate, reason="Same child: same NHS number")
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.merged_into_id) == ("merged", world.child.pk)
    after = _owners([world.child.pk, duplicate.pk])
    for name in services.MERGE_MODELS:
        assert {child_id for _pk, child_id in after[name]} == {world.child.pk}, name
    # The kept record keeps its lead: the duplicate's lead stands down.
    assert Involvement.objects.filter(child=world.child, is_lead=True, ended_on__isnull=True).count() == 1

    entry = AuditEntry.objects.get(action="cylch.children.child.merged")
    restored = services.child_merge_reverse(actor=admin, audit_entry_id=entry.pk, reason="Twins, not the same child")
    assert restored.pk == duplicate.pk
    assert (restored.status, restored.merged_into_id) == ("open", None)
    assert _owners([world.child.pk, duplicate.pk]) == before
    assert sorted(Involvement.objects.filter(is_lead=True).values_list("pk", flat=True)) == leads_before

    with pytest.raises(ValidationError) as error:
        services.child_merge_reverse(actor=admin, audit_entry_id=entry.pk, reason="Again")
    assert "already been reversed" in " ".join(error.value.messages)
    assert _owners([world.child.pk, duplicate.pk]) == before


def test_a_closed_duplicate_returns_closed(world: World) -> None:
    admin = testing.make_person(Role.AGENCY_ADMIN, world.cs_team)
    duplicate = testing.make_child(involved_team=world.police_team, status="closed")
    services.child_merge(actor=admin, keep=world.child, duplicate=duplicate, reason="Same")
    entry = AuditEntry.objects.get(action="cylch.children.child.merged")
    assert services.child_merge_reverse(actor=admin, audit_entry_id=entry.pk, reason="No").status == "closed"


def test_merge_refusals(world: World) -> None:
    admin = testing.make_person(Role.AGENCY_ADMIN, world.cs_team)
    duplicate = testing.make_child(involved_team=world.police_team)
    with pytest.raises(PermissionDenied):
        services.child_merge(actor=world.lead, keep=world.child, duplicate=duplicate, reason="Same")
    with pytest.raises(ValidationError):
        services.child_merge(actor=admin, keep=world.child, duplicate=world.child, reason="Same")
    with pytest.raises(ValidationError):
        services.child_merge(actor=admin, keep=world.child, duplicate=duplicate, reason=" ")
    services.child_merge(actor=admin, keep=world.child, duplicate=duplicate, reason="Same")
    duplicate.refresh_from_db()
    with pytest.raises(ValidationError):
        services.child_merge(actor=admin, keep=world.child, duplicate=duplicate, reason="Again")
    with pytest.raises(PermissionDenied):
        services.child_merge_reverse(
            actor=world.lead, audit_entry_id=AuditEntry.objects.get(action="cylch.children.child.merged").pk, reason="r"
        )
