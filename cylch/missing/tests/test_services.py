from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from cylch.audit.models import AuditEntry
from cylch.chronology.models import ChronologyEntry
from cylch.core.models import Notification, PolicySetting
from cylch.missing import services
from cylch.missing.models import ChildInformationForm, MissingEpisode, PatternTrigger, ReturnInterview, RiskGrading
from cylch.plans.models import Plan, PlanAction
from cylch.plans.services import plan_end
from cylch.timescales.models import DueItem

from .conftest import World
from .factories import ago, episode, information_form, interview


def _count() -> tuple[int, int, int]:
    return MissingEpisode.objects.count(), ChronologyEntry.objects.count(), DueItem.objects.count()


# --- Episodes -------------------------------------------------------------------------------


def test_police_record_an_episode_that_enters_the_chronology_and_tells_the_lead(world: World) -> None:
    ep = episode(world.child, world.police, start=ago(hours=3), grade="medium")
    assert ep.is_open and ep.risk_grade == "medium"
    assert list(ep.gradings.values_list("grade", flat=True)) == ["medium"]
    entry = ChronologyEntry.objects.get(child=world.child, origin_type="missing.missingepisode", origin_id=str(ep.pk))
    assert entry.entry_type == "missing" and "Foster carer" in entry.summary and "Risg ganolig" in entry.summary_cy
    assert AuditEntry.objects.filter(action="cylch.missing.episode.recorded", child_id=world.child.pk).exists()
    notice = Notification.objects.get(recipient=world.lead, kind="cylch.missing.reported")
    assert notice.params["child"] == world.child.display_name


@pytest.mark.parametrize(
    ("start_hours", "reported_offset", "field"),
    [
        (-2, 0, "missing_from"),  # last seen in the future
        (3, -60, "reported_at"),  # reported before last seen
    ],
)
def test_bad_times_are_refused_and_change_nothing(world: World, start_hours: float, reported_offset: int, field: str) -> None:
    before = _count()
    start = ago(hours=start_hours)
    with pytest.raises(ValidationError) as error:
        services.episode_record(
            actor=world.police, child=world.child, missing_from=start, reported_at=start + datetime.timedelta(minutes=reported_offset),
            reported_by="Carer", risk_grade="low",
        )
    assert field in error.value.message_dict
    assert _count() == before


def test_an_unknown_grade_and_no_reporter_are_refused(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        services.episode_record(actor=world.police, child=world.child, missing_from=ago(2), reported_at=ago(1), reported_by="x", risk_grade="purple")
    assert "risk_grade" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.episode_record(actor=world.police, child=world.child, missing_from=ago(2), reported_at=ago(1), reported_by=" ", risk_grade="low")
    assert "reported_by" in error.value.message_dict
    assert not MissingEpisode.objects.exists()


def test_overlapping_episodes_are_refused(world: World) -> None:
    episode(world.child, world.police, start=ago(days=5), found=ago(days=4))
    before = _count()
    with pytest.raises(ValidationError) as error:
        episode(world.child, world.police, start=ago(days=5) + datetime.timedelta(hours=3))
    assert "overlaps another missing episode" in error.value.message_dict["missing_from"][0]
    open_one = episode(world.child, world.police, start=ago(hours=5))
    with pytest.raises(ValidationError) as error:
        episode(world.child, world.police, start=ago(hours=2))
    assert "already has an open missing episode" in error.value.message_dict["missing_from"][0]
    # An episode recorded late, starting before the open one, would overlap it too.
    with pytest.raises(ValidationError):
        episode(world.child, world.police, start=ago(hours=8))
    assert _count()[0] == before[0] + 1
    assert open_one.is_open


def test_the_return_cannot_end_before_it_started_or_in_the_future(world: World) -> None:
    ep = episode(world.child, world.police, start=ago(hours=6))
    for found, message in [(ago(hours=7), "must be after the child was last seen"), (ago(hours=-3), "cannot be in the future")]:
        with pytest.raises(ValidationError) as error:
            services.episode_end(actor=world.police, episode=ep, expected_version=ep.version, found_at=found, found_where="Park")
        assert message in error.value.message_dict["found_at"][0]
    with pytest.raises(ValidationError) as error:
        services.episode_end(actor=world.police, episode=ep, expected_version=ep.version, found_at=ago(hours=1), found_where="")
    assert "found_where" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.episode_end(
            actor=world.police, episode=ep, expected_version=ep.version, found_at=ago(hours=1), found_where="Park", safe_and_well_at=ago(hours=2)
        )
    assert "safe_and_well_at" in error.value.message_dict
    ep.refresh_from_db()
    assert ep.is_open and not DueItem.objects.exists()


def test_the_return_starts_the_72_hour_return_interview_clock_for_the_lead(world: World) -> None:
    information_form(world.child, world.supervising)
    ep = episode(world.child, world.police, start=ago(hours=10), found=ago(hours=1))
    item = DueItem.objects.get(rule__code="return-interview", trigger_id=str(ep.pk))
    assert item.owner_person == world.lead
    assert ep.found_at is not None and item.due_at == ep.found_at + datetime.timedelta(hours=72)
    assert ChildInformationForm.objects.get(child=world.child).review_after_episode
    assert services.review_due(ChildInformationForm.objects.get(child=world.child))
    assert Notification.objects.filter(recipient=world.lead, kind="cylch.missing.returned").exists()
    assert ChronologyEntry.objects.filter(child=world.child, entry_type="missing").count() == 2


def test_a_stale_return_is_refused(world: World) -> None:
    ep = episode(world.child, world.police, start=ago(hours=10))
    services.episode_regrade(actor=world.police, episode=ep, grade="medium", graded_at=ago(hours=5), expected_version=ep.version)
    with pytest.raises(services.StaleEdit):
        services.episode_end(actor=world.lead, episode=ep, expected_version=ep.version, found_at=ago(hours=1), found_where="Park")
    ep.refresh_from_db()
    assert ep.is_open


def test_grades_are_kept_over_time(world: World) -> None:
    ep = episode(world.child, world.police, start=ago(hours=10), grade="low")
    ep = services.episode_regrade(actor=world.police, episode=ep, grade="medium", graded_at=ago(hours=6), expected_version=ep.version, note="Phone off")
    assert list(RiskGrading.objects.filter(episode=ep).values_list("grade", flat=True)) == ["low", "medium"]
    assert ep.risk_grade == "medium"
    with pytest.raises(ValidationError):
        services.episode_regrade(actor=world.police, episode=ep, grade="medium", graded_at=ago(hours=20), expected_version=ep.version)


def test_outsiders_cannot_record(world: World) -> None:
    with pytest.raises(Http404):
        episode(world.child, world.other_police, start=ago(hours=3))
    assert not MissingEpisode.objects.exists()


# --- Pattern triggers -----------------------------------------------------------------------


def test_a_third_episode_in_90_days_asks_the_lead_for_a_strategy_discussion_and_says_why(world: World) -> None:
    episode(world.child, world.police, start=ago(days=80), found=ago(days=79, hours=20))
    episode(world.child, world.police, start=ago(days=40), found=ago(days=39, hours=20))
    assert not DueItem.objects.filter(rule__code="missing-strategy-discussion").exists()
    third = episode(world.child, world.police, start=ago(hours=5))
    item = DueItem.objects.get(rule__code="missing-strategy-discussion")
    assert item.owner_person == world.lead
    # The lead reads Welsh: the reason is in their language, with the configured figures.
    assert "3" in item.reason and "90" in item.reason and "diwrnod" in item.reason
    trigger = PatternTrigger.objects.get(episode=third)
    assert trigger.reasons == ["repeat_episodes"] and trigger.due_item == item
    notice = Notification.objects.get(recipient=world.lead, kind="cylch.missing.strategy_discussion")
    assert "90" in notice.params["reasons"] and "90" in notice.params["reasons_cy"]


def test_the_window_and_count_are_configuration(world: World) -> None:
    PolicySetting.objects.filter(key="missing_trigger_episode_count").update(value=2)
    episode(world.child, world.police, start=ago(days=40), found=ago(days=39, hours=20))
    episode(world.child, world.police, start=ago(hours=5))
    assert DueItem.objects.filter(rule__code="missing-strategy-discussion").count() == 1


def test_episodes_outside_the_window_do_not_count(world: World) -> None:
    episode(world.child, world.police, start=ago(days=200), found=ago(days=199, hours=20))
    episode(world.child, world.police, start=ago(days=40), found=ago(days=39, hours=20))
    episode(world.child, world.police, start=ago(hours=5))
    assert not DueItem.objects.filter(rule__code="missing-strategy-discussion").exists()


def test_high_risk_and_long_episodes_trigger_and_a_second_item_is_not_raised_while_one_is_open(world: World) -> None:
    ep = episode(world.child, world.police, start=ago(hours=40))
    services.episode_regrade(actor=world.police, episode=ep, grade="high", graded_at=ago(hours=30), expected_version=ep.version)
    assert PatternTrigger.objects.get(episode=ep).reasons == ["high_risk"]
    ep.refresh_from_db()
    services.episode_end(actor=world.police, episode=ep, expected_version=ep.version, found_at=ago(hours=1), found_where="Park")
    reasons = [t.reasons for t in PatternTrigger.objects.filter(episode=ep).order_by("pk")]
    assert reasons == [["high_risk"], ["long_episode"]]
    assert DueItem.objects.filter(rule__code="missing-strategy-discussion").count() == 1


def test_holding_a_strategy_discussion_meets_the_item(world: World) -> None:
    """Holding a strategy discussion (cylch.meetings) answers the item a pattern raised."""
    from cylch.meetings import services as meetings
    from cylch.meetings.models import Invitee

    ep = episode(world.child, world.police, start=ago(hours=5), grade="high")
    item = DueItem.objects.get(rule__code="missing-strategy-discussion")
    held_at = ago(hours=1).replace(microsecond=0)
    meeting = meetings.meeting_arrange(
        actor=world.lead, child=world.child, meeting_type=meetings.STRATEGY_DISCUSSION, scheduled_at=held_at, chair_name="Lowri Lead"
    )
    for person, team in ((world.lead, world.cs_team), (world.police, world.police_team)):
        meetings.invitee_add(actor=world.lead, meeting=meeting, agency=team.agency, person=person)
    meetings.attendance_record(
        actor=world.lead, meeting=meeting, attendance={i.pk: (Invitee.Attendance.ATTENDED, True) for i in meeting.invitees.all()}
    )
    meetings.meeting_hold(actor=world.lead, meeting=meeting, held_at=held_at, chair_name="Lowri Lead", record_summary="Safety plan agreed.")
    assert services.strategy_items_meet() == 1
    item.refresh_from_db()
    assert item.state == DueItem.State.MET and item.met_at == held_at and ep.pk
    assert services.strategy_items_meet() == 0


def test_a_strategy_discussion_held_before_the_pattern_does_not_meet_it(world: World) -> None:
    from cylch.meetings import services as meetings
    from cylch.meetings.models import Invitee

    held_at = ago(days=2).replace(microsecond=0)
    meeting = meetings.meeting_arrange(
        actor=world.lead, child=world.child, meeting_type=meetings.STRATEGY_DISCUSSION, scheduled_at=held_at, chair_name="Lowri Lead"
    )
    for person, team in ((world.lead, world.cs_team), (world.police, world.police_team)):
        meetings.invitee_add(actor=world.lead, meeting=meeting, agency=team.agency, person=person)
    meetings.attendance_record(
        actor=world.lead, meeting=meeting, attendance={i.pk: (Invitee.Attendance.ATTENDED, True) for i in meeting.invitees.all()}
    )
    meetings.meeting_hold(actor=world.lead, meeting=meeting, held_at=held_at, chair_name="Lowri Lead", record_summary="Earlier concern.")
    episode(world.child, world.police, start=ago(hours=5), grade="high")
    assert services.strategy_items_meet() == 0
    assert DueItem.objects.get(rule__code="missing-strategy-discussion").state == DueItem.State.OPEN


# --- Return interviews ----------------------------------------------------------------------


def test_the_return_interview_meets_the_due_item_and_its_actions_join_the_plan(world: World) -> None:
    plan = Plan.objects.get(child=world.child, plan_type="looked_after")
    ep = episode(world.child, world.police, start=ago(hours=30), found=ago(hours=20))
    due = timezone.localdate() + datetime.timedelta(days=7)
    recorded = interview(
        ep,
        world.lead,
        held_at=ago(hours=10),
        conducted_by="Advocate",
        child_chose_conductor=True,
        child_words="Roeddwn i eisiau gweld fy mrawd.",
        child_words_language="cy",
        push_factors=["placement_unhappy"],
        pull_factors=["family"],
        actions=[{"what": "Arrange contact with her brother", "owner_agency_id": world.cs_team.agency_id, "due_on": due}],
    )
    assert DueItem.objects.get(rule__code="return-interview").state == DueItem.State.MET
    action = PlanAction.objects.get(plan=plan)
    assert action.what == "Arrange contact with her brother" and action.due_on == due
    assert recorded.actions.get().plan_action == action
    assert not recorded.started_plan  # type: ignore[attr-defined]


def end_plans(world: World) -> None:
    for plan in Plan.objects.filter(child=world.child):
        plan_end(actor=world.lead, plan=plan, reason="Returned home")


def test_without_a_plan_a_draft_plan_is_started_for_the_actions(world: World) -> None:
    end_plans(world)
    ep = episode(world.child, world.police, start=ago(hours=30), found=ago(hours=20))
    recorded = interview(ep, world.lead, actions=[{"what": "Safety plan for the bus station"}])
    plan = Plan.objects.exclude(status=Plan.Status.ENDED).get(child=world.child)
    assert plan.status == Plan.Status.DRAFT and plan.plan_type == services.DRAFT_PLAN_TYPE
    assert recorded.started_plan  # type: ignore[attr-defined]
    assert PlanAction.objects.get(plan=plan).what == "Safety plan for the bus station"


def test_an_indicator_of_exploitation_triggers_a_strategy_discussion(world: World) -> None:
    ep = episode(world.child, world.police, start=ago(hours=30), found=ago(hours=20))
    interview(ep, world.lead, exploitation_indicators=["county_lines"])
    assert PatternTrigger.objects.get(episode=ep).reasons == ["exploitation"]
    assert DueItem.objects.filter(rule__code="missing-strategy-discussion", state="open").exists()


def test_interview_refusals_change_nothing(world: World) -> None:
    open_ep = episode(world.child, world.police, start=ago(hours=3))
    with pytest.raises(ValidationError):
        services.return_interview_record(actor=world.lead, episode=open_ep, offered_at=ago(1), offered_by="x", response="accepted")
    ep = services.episode_end(actor=world.police, episode=open_ep, expected_version=open_ep.version, found_at=ago(hours=2), found_where="Park")
    cases: list[tuple[dict[str, Any], str]] = [
        ({"offered_at": ago(hours=2.5)}, "offered_at"),
        ({"response": "maybe"}, "response"),
        ({"response": "declined", "held_at": ago(hours=1)}, "held_on"),
        ({"held_at": ago(hours=1)}, "conducted_by"),
        ({"push_factors": ["nonsense"]}, "push_factors"),
        ({"exploitation_indicators": ["nonsense"]}, "exploitation_indicators"),
    ]
    for extra, field in cases:
        values: dict[str, Any] = {"offered_at": ago(hours=1.5), "offered_by": "Social worker", "response": "accepted", **extra}
        with pytest.raises(ValidationError) as error:
            services.return_interview_record(actor=world.lead, episode=ep, **values)
        assert field in error.value.message_dict, extra
    assert not ReturnInterview.objects.exists()
    assert DueItem.objects.get(rule__code="return-interview").state == DueItem.State.OPEN


def test_a_late_offer_needs_a_reason(world: World) -> None:
    ep = episode(world.child, world.police, start=ago(days=5), found=ago(days=4))
    with pytest.raises(ValidationError) as error:
        interview(ep, world.lead, offered_at=ago(hours=1))
    assert "late_reason" in error.value.message_dict
    interview(ep, world.lead, offered_at=ago(hours=1), late_reason="The child was in hospital.")
    item = DueItem.objects.get(rule__code="return-interview")
    assert item.state == DueItem.State.MET_LATE and item.late_reason == "The child was in hospital."


def test_one_interview_per_episode(world: World) -> None:
    ep = episode(world.child, world.police, start=ago(hours=30), found=ago(hours=20))
    interview(ep, world.lead)
    with pytest.raises(ValidationError):
        interview(ep, world.lead)
    assert ReturnInterview.objects.count() == 1


# --- Child Information Form -----------------------------------------------------------------


def test_saving_the_form_is_a_review_and_stale_saves_are_refused(world: World) -> None:
    form = information_form(world.child, world.supervising)
    assert form.version == 1 and form.last_reviewed_by == world.supervising
    again = services.information_form_save(actor=world.lead, child=world.child, values={"clothing": "Blue coat"}, expected_version=1)
    assert again.version == 2 and again.clothing == "Blue coat" and again.physical_description == "Tall, red hair"
    with pytest.raises(services.StaleEdit) as stale:
        services.information_form_save(actor=world.supervising, child=world.child, values={"clothing": "Red coat"}, expected_version=1)
    assert stale.value.changed["clothing"] == {"yours": "Red coat", "theirs": "Blue coat"}
    assert ChildInformationForm.objects.get(child=world.child).clothing == "Blue coat"


def test_the_form_asks_for_review_when_old(world: World) -> None:
    form = information_form(world.child, world.supervising)
    assert not services.review_due(form)
    ChildInformationForm.objects.filter(pk=form.pk).update(last_reviewed_at=timezone.now() - datetime.timedelta(days=95))
    form.refresh_from_db()
    assert services.review_due(form)
    confirmed = services.information_form_confirm(actor=world.lead, form=form, expected_version=form.version)
    assert not services.review_due(confirmed)
    assert services.review_due(None)


def test_only_the_lead_starts_a_form_for_a_child_who_is_not_looked_after(world: World) -> None:
    end_plans(world)
    assert not services.is_looked_after(world.child)
    with pytest.raises(ValidationError) as error:
        information_form(world.child, world.supervising)
    assert "only the lead professional" in error.value.messages[0]
    assert not ChildInformationForm.objects.exists()
    information_form(world.child, world.lead)
    updated = services.information_form_save(actor=world.supervising, child=world.child, values={"clothing": "Coat"})
    assert updated.version == 2


def test_a_child_missing_longer_than_configured_triggers_while_still_missing(world: World) -> None:
    episode(world.child, world.police, start=ago(hours=30))
    assert not PatternTrigger.objects.exists()
    assert services.long_episodes_check() == 1
    assert PatternTrigger.objects.get().reasons == ["long_episode"]
    assert services.long_episodes_check() == 0  # once per episode
    assert DueItem.objects.filter(rule__code="missing-strategy-discussion", state="open").count() == 1


def test_someone_who_may_not_see_health_cannot_change_it(world: World) -> None:
    information_form(world.child, world.supervising)
    services.information_form_save(actor=world.family, child=world.child, values={"health_and_medication": "", "clothing": "Coat"})
    form = ChildInformationForm.objects.get(child=world.child)
    assert form.health_and_medication == "Inhaler for asthma" and form.clothing == "Coat"
