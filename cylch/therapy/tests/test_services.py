"""Needs, referrals through their states, no wrong door, timeliness clocks and ratings."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from cylch.audit.models import AuditEntry
from cylch.children.models import Child
from cylch.chronology.models import ChronologyEntry
from cylch.core.models import Notification
from cylch.therapy import services
from cylch.therapy.models import ChildRating, Referral, ReferralStateChange, Service, TherapeuticNeed
from cylch.timescales.models import DueItem

from .factories import NEED, World, move, record_need, sent_referral

pytestmark = pytest.mark.django_db


def _items(rule: str) -> list[DueItem]:
    return list(DueItem.objects.filter(rule__code=rule).order_by("pk"))


def test_need_records_the_childs_voice_starts_the_clock_and_enters_the_chronology(world: World) -> None:
    need = record_need(world)
    assert need.child_help_wanted.startswith("Dw i eisiau")
    item = _items("therapy-referral-sent")[0]
    assert item.state == DueItem.State.OPEN and item.owner_person == world.lead and item.child == world.child
    entry = ChronologyEntry.objects.get(child=world.child, origin_type="therapy.therapeuticneed")
    assert entry.summary == "Need for therapeutic support recorded" and entry.summary_cy
    assert AuditEntry.objects.filter(action="cylch.therapy.need.recorded", child_id=world.child.pk).count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"care_status": "martian"}, "care_status"),
        ({"help_for": ""}, "help_for"),
        ({"need": "   "}, "need"),
        ({"child_help_wanted": ""}, "child_help_wanted"),
        ({"child_language": "fr"}, "child_language"),
        ({"consent": "not_asked", "consent_note": ""}, "consent_note"),
    ],
)
def test_bad_need_is_refused_and_nothing_changes(world: World, change: dict[str, str], field: str) -> None:
    with pytest.raises(ValidationError) as error:
        services.need_record(actor=world.lead, child=world.child, values={**NEED, **change})
    assert field in error.value.error_dict
    assert not TherapeuticNeed.objects.exists() and not DueItem.objects.exists()


def test_outsiders_and_providers_cannot_record_a_need(world: World) -> None:
    for person in (world.outsider, world.provider):
        with pytest.raises(Http404):
            services.need_record(actor=person, child=world.child, values=NEED)


def test_sending_meets_the_need_clock_and_starts_the_first_contact_clock(world: World) -> None:
    referral = sent_referral(world)
    assert referral.state == Referral.State.SENT and referral.sent_at is not None
    assert _items("therapy-referral-sent")[0].state == DueItem.State.MET
    first = _items("therapy-first-contact")
    assert len(first) == 1 and first[0].state == DueItem.State.OPEN and first[0].owner_person == world.lead
    # The provider's people are told; the chronology has the change.
    assert Notification.objects.filter(recipient=world.provider, kind="cylch.therapy.referral.received").count() == 1
    assert ChronologyEntry.objects.filter(child=world.child, origin_type="therapy.referralstatechange").count() == 1


def test_a_service_outside_the_childs_area_or_age_warns_and_needs_a_reason(world: World) -> None:
    need = record_need(world)
    with pytest.raises(ValidationError) as error:
        services.referral_create(actor=world.lead, need=need, service=world.far_service, help_for="child", shared_parts=[])
    messages = error.value.error_dict["eligibility_reason"][0].messages + error.value.error_dict["eligibility_reason"][1].messages
    assert any("local authority area" in m for m in messages)
    Service.objects.filter(pk=world.english_service.pk).update(minimum_age=14)
    world.english_service.refresh_from_db()
    with pytest.raises(ValidationError, match="ages 14 to 18"):
        services.referral_create(actor=world.lead, need=need, service=world.english_service, help_for="child", shared_parts=[])
    assert not Referral.objects.exists()
    referral = services.referral_create(
        actor=world.lead, need=need, service=world.far_service, help_for="child", shared_parts=[], eligibility_reason="Gwion moves there next month."
    )
    assert referral.eligibility_reason == "Gwion moves there next month." and referral.state == Referral.State.DRAFT


def test_a_service_not_taking_referrals_is_refused(world: World) -> None:
    Service.objects.filter(pk=world.welsh_service.pk).update(status=Service.Status.TEMPORARILY_CLOSED)
    world.welsh_service.refresh_from_db()
    with pytest.raises(ValidationError, match="not taking referrals"):
        sent_referral(world)


def test_the_whole_pathway_with_ratings_and_outcome(world: World) -> None:
    referral = sent_referral(world)
    referral = move(referral, world.provider, Referral.State.TRIAGED, reason="Seen at triage", contact_on=timezone.localdate())
    assert referral.first_contact_at is not None
    assert _items("therapy-first-contact")[0].state == DueItem.State.MET
    assert _items("therapy-help-started")[0].state == DueItem.State.OPEN
    referral = move(referral, world.provider, Referral.State.ACCEPTED)
    referral = move(referral, world.provider, Referral.State.WAITING, reason="Next group starts soon")
    with pytest.raises(ValidationError) as error:
        move(referral, world.provider, Referral.State.STARTED)
    assert "goals" in error.value.error_dict
    referral = move(referral, world.provider, Referral.State.STARTED, goals="Sleep through; Bethan knows what helps at night.")
    assert referral.days_to_start == 0 and _items("therapy-help-started")[0].state == DueItem.State.MET
    services.rating_record(actor=world.provider, referral=referral, stage="start", score=2, words="Anodd")
    with pytest.raises(ValidationError):
        services.rating_record(actor=world.lead, referral=referral, stage="start", score=3)
    referral = move(referral, world.lead, Referral.State.IN_REVIEW, reason="Six-week review")
    services.rating_record(actor=world.lead, referral=referral, stage="review", score=4)
    with pytest.raises(ValidationError) as error:
        move(referral, world.provider, Referral.State.ENDED)
    assert "end_reason" in error.value.error_dict
    referral = move(referral, world.provider, Referral.State.ENDED, end_reason="goals_met")
    services.rating_record(actor=world.provider, referral=referral, stage="end", score=5)
    assert list(ChildRating.objects.values_list("stage", "score")) == [("start", 2), ("review", 4), ("end", 5)]
    assert list(ReferralStateChange.objects.values_list("to_state", flat=True)) == [
        "sent", "triaged", "accepted", "waiting", "started", "in_review", "ended"
    ]
    assert ChronologyEntry.objects.filter(child=world.child, origin_type="therapy.referralstatechange").count() == 7
    # The team around the child (the lead) heard of every move the provider made.
    assert Notification.objects.filter(recipient=world.lead, kind="cylch.therapy.referral.moved").count() == 5


def test_impossible_and_wrong_side_moves_are_refused_with_a_clear_message(world: World) -> None:
    need = record_need(world)
    draft = services.referral_create(actor=world.lead, need=need, service=world.welsh_service, help_for="child", shared_parts=[])
    with pytest.raises(ValidationError, match="cannot go from “Draft” to “Help started”"):
        move(draft, world.lead, Referral.State.STARTED)
    with pytest.raises(ValidationError, match="cannot go from"):
        move(draft, world.lead, "flying")
    # A provider does not see drafts at all.
    with pytest.raises(Http404):
        move(draft, world.provider, Referral.State.SENT)
    sent = move(draft, world.lead, Referral.State.SENT)
    with pytest.raises(ValidationError, match="Only the service's provider"):
        move(sent, world.lead, Referral.State.ACCEPTED)
    with pytest.raises(Http404):
        move(sent, world.outsider, Referral.State.ACCEPTED)
    sent.refresh_from_db()
    assert sent.state == Referral.State.SENT


def test_two_people_moving_the_same_referral_do_not_overwrite_each_other(world: World) -> None:
    referral = sent_referral(world)
    version = referral.version
    services.referral_move(actor=world.provider, referral=referral, to_state=Referral.State.ACCEPTED, expected_version=version)
    stale = Referral.objects.get(pk=referral.pk)
    stale.state = Referral.State.SENT
    with pytest.raises(services.StaleEdit):
        services.referral_move(actor=world.provider_manager, referral=stale, to_state=Referral.State.DECLINED, expected_version=version, reason="x", onward_route="carer_consultation", onward_note="y")
    assert Referral.objects.get(pk=referral.pk).state == Referral.State.ACCEPTED


def test_no_wrong_door_a_decline_needs_an_onward_route(world: World) -> None:
    referral = sent_referral(world)
    cases: list[tuple[dict[str, Any], str]] = [
        ({}, "reason"),
        ({"reason": "Full"}, "onward_route"),
        ({"reason": "Full", "onward_route": "another_service"}, "onward_service"),
        ({"reason": "Full", "onward_route": "another_service", "onward_service": world.welsh_service}, "onward_service"),
        ({"reason": "Full", "onward_route": "next_step", "onward_note": "Call"}, "onward_owner"),
        ({"reason": "Full", "onward_route": "next_step", "onward_note": "Call", "onward_owner": "Lowri"}, "onward_due_on"),
        ({"reason": "Full", "onward_route": "next_step", "onward_note": "Call", "onward_owner": "Lowri", "onward_due_on": timezone.localdate() - datetime.timedelta(days=1)}, "onward_due_on"),
        ({"reason": "Full", "onward_route": "carer_consultation"}, "onward_note"),
    ]
    for kwargs, field in cases:
        with pytest.raises(ValidationError) as error:
            move(referral, world.provider, Referral.State.DECLINED, **kwargs)
        assert field in error.value.error_dict, (kwargs, error.value)
    assert Referral.objects.get(pk=referral.pk).state == Referral.State.SENT
    referral = move(referral, world.provider, Referral.State.DECLINED, reason="Full until spring", onward_route="another_service", onward_service=world.english_service)
    assert referral.onward_service == world.english_service
    assert _items("therapy-first-contact")[0].state == DueItem.State.CANCELLED
    note = Notification.objects.get(recipient=world.lead, kind="cylch.therapy.referral.declined")
    assert note.params["route"] == "Referral to another service" and note.params["route_cy"] == "Atgyfeirio i wasanaeth arall"
    referral = move(referral, world.lead, Referral.State.ENDED)
    assert referral.end_reason == "declined_onward"


def test_a_declined_referral_without_an_onward_route_cannot_be_closed(world: World) -> None:
    referral = sent_referral(world)
    Referral.objects.filter(pk=referral.pk).update(state=Referral.State.DECLINED, onward_route="")
    with pytest.raises(ValidationError, match="Record the onward route"):
        move(referral, world.lead, Referral.State.ENDED)
    assert Referral.objects.get(pk=referral.pk).state == Referral.State.DECLINED


def test_first_contact_cannot_be_in_the_future_or_before_sending(world: World) -> None:
    referral = sent_referral(world)
    for day in [timezone.localdate() + datetime.timedelta(days=1), timezone.localdate() - datetime.timedelta(days=30)]:
        with pytest.raises(ValidationError) as error:
            move(referral, world.provider, Referral.State.ACCEPTED, contact_on=day)
        assert "contact_on" in error.value.error_dict


def test_carer_consultation_is_help_in_its_own_right(world: World) -> None:
    need = record_need(world, help_for="carers")
    referral = services.referral_create(actor=world.lead, need=need, service=world.english_service, help_for="carers", shared_parts=["carers_views"], send=True)
    referral = move(referral, world.provider, Referral.State.ACCEPTED)
    referral = move(referral, world.provider, Referral.State.STARTED, goals="Bethan has a plan for bedtimes.")
    assert referral.help_for == "carers" and referral.started_at is not None


def test_overdue_waits_escalate_like_any_overdue_item(world: World) -> None:
    from cylch.core import testing
    from cylch.people.models import Role
    from cylch.timescales.services import due_items_remind

    manager = testing.make_person(Role.TEAM_MANAGER, world.cs_team, full_name="Mererid Manager")
    sent_referral(world)
    item = _items("therapy-first-contact")[0]
    later = item.due_at + datetime.timedelta(days=4)
    due_items_remind(now=later)
    kinds = set(Notification.objects.filter(dedupe_key__startswith=f"due-{item.pk}-").values_list("recipient_id", "kind"))
    assert (world.lead.pk, "cylch.timescales.overdue.owner_reminder") in kinds
    assert (manager.pk, "cylch.timescales.overdue.team_manager") in kinds


def test_ratings_are_refused_before_help_starts_and_with_junk(world: World) -> None:
    referral = sent_referral(world)
    with pytest.raises(ValidationError, match="once help has started"):
        services.rating_record(actor=world.lead, referral=referral, stage="start", score=3)
    referral = move(referral, world.provider, Referral.State.ACCEPTED)
    referral = move(referral, world.provider, Referral.State.STARTED, goals="x")
    for stage, score in [("middle", 3), ("start", 9)]:
        with pytest.raises(ValidationError):
            services.rating_record(actor=world.lead, referral=referral, stage=stage, score=score)
    assert not ChildRating.objects.exists()


def test_matching_by_eligibility_welsh_first_then_shortest_wait(world: World) -> None:
    from cylch.therapy.selectors import services_matching

    need = record_need(world)
    names = [s.service.name_en for s in services_matching(actor=world.lead, child=world.child, need=need)]
    assert names == ["Welsh Play Therapy", "Quick Therapy"]  # the far service does not cover the child's area
    english = record_need(world, child_language="en")
    assert [s.service.name_en for s in services_matching(actor=world.lead, child=world.child, need=english)] == ["Quick Therapy", "Welsh Play Therapy"]
    Service.objects.filter(pk=world.welsh_service.pk).update(care_statuses=["adopted"])
    Service.objects.filter(pk=world.english_service.pk).update(diagnosis_needed=True)
    assert services_matching(actor=world.lead, child=world.child, need=need) == []
    Child.objects.filter(pk=world.child.pk).update(date_of_birth=None)
    world.child.refresh_from_db()
    assert services_matching(actor=world.lead, child=world.child, need=need) == []


def test_services_are_updated_by_the_providers_own_people_only(world: World) -> None:
    from django.core.exceptions import PermissionDenied

    from .factories import service_values

    service = world.welsh_service
    with pytest.raises(PermissionDenied):
        services.service_update(actor=world.lead, service=service, expected_version=service.version, values=service_values(), area_ids=[world.la.pk])
    updated = services.service_update(actor=world.provider, service=service, expected_version=service.version, values=service_values(waiting_weeks=12), area_ids=[world.la.pk])
    assert updated.waiting_weeks == 12 and updated.updated_by == world.provider and updated.version == 2
    with pytest.raises(services.StaleEdit):
        services.service_update(actor=world.provider_manager, service=service, expected_version=1, values=service_values(waiting_weeks=1), area_ids=[world.la.pk])
    for values, areas, field in [
        (service_values(name_cy=""), [world.la.pk], "name_cy"),
        (service_values(minimum_age=12, maximum_age=5), [world.la.pk], "maximum_age"),
        (service_values(kind="astrology"), [world.la.pk], "kind"),
        (service_values(care_statuses=["pirate"]), [world.la.pk], "care_statuses"),
        (service_values(), [], "areas"),
    ]:
        with pytest.raises(ValidationError) as error:
            services.service_update(actor=world.provider, service=updated, expected_version=2, values=values, area_ids=areas)
        assert field in error.value.error_dict
    assert Service.objects.get(pk=service.pk).waiting_weeks == 12


def test_closing_a_need_stops_its_clock_and_refuses_new_referrals(world: World) -> None:
    need = record_need(world)
    with pytest.raises(ValidationError) as error:
        services.need_close(actor=world.lead, need=need, reason="  ")
    assert "reason" in error.value.error_dict
    with pytest.raises(Http404):
        services.need_close(actor=world.provider, need=need, reason="x")
    services.need_close(actor=world.lead, need=need, reason="Gwion says he is fine now")
    assert _items("therapy-referral-sent")[0].state == DueItem.State.CANCELLED
    with pytest.raises(ValidationError, match="already closed"):
        services.need_close(actor=world.lead, need=need, reason="again")
    with pytest.raises(ValidationError, match="This need is closed"):
        sent_referral(world, need)
