"""Plans, actions, agreed versions and professional differences: the rules the services keep."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone, translation

from cylch.audit.models import AuditEntry
from cylch.chronology.models import ChronologyEntry
from cylch.core.models import Notification
from cylch.core.testing import make_person
from cylch.people.models import Role
from cylch.plans import selectors, services
from cylch.plans.models import ActionUpdate, Disagreement, Plan, PlanAction, PlanVersion

from .conftest import World
from .factories import PLAN_TEXT, add_action, agree, draft_plan

pytestmark = pytest.mark.django_db

# After the world is made (memberships and involvements start "now"), whenever the suite runs.
TODAY = datetime.datetime(2030, 6, 3, 9, 0, tzinfo=datetime.UTC)


def _actions(plan: Plan) -> list[PlanAction]:
    return list(plan.actions.order_by("pk"))


# --- Plans ---------------------------------------------------------------------------


def test_a_plan_can_only_be_started_by_someone_in_the_team_around_the_child(world: World) -> None:
    with pytest.raises(Http404):
        draft_plan(world.child, world.outsider)
    plan = draft_plan(world.child, world.police)
    assert plan.status == Plan.Status.DRAFT
    assert plan.lead_agency == world.police_agency
    assert AuditEntry.objects.filter(action="cylch.plans.plan.created", subject_id=str(plan.pk)).exists()


def test_a_plan_type_must_come_from_the_reference_list(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        draft_plan(world.child, world.lead, plan_type="made_up")
    assert "plan_type" in error.value.message_dict


def test_the_plan_types_are_bilingual_reference_data() -> None:
    from cylch.core.models import ReferenceCode

    types = {c.code: c for c in ReferenceCode.objects.filter(list_name="plan_type")}
    assert {"care_and_support", "child_protection", "looked_after", "team_around_the_family"} <= set(types)
    assert all(c.label_en and c.label_cy and c.label_en != c.label_cy for c in types.values())
    with translation.override("cy"):
        assert types["child_protection"].label == types["child_protection"].label_cy


def test_only_a_part_6_plan_holds_health_education_and_placement_plans(world: World) -> None:
    assert services.plan_sections("looked_after") == ["health_plan", "personal_education_plan", "placement_plan"]
    assert services.plan_sections("child_protection") == []


def test_an_edit_over_a_newer_version_is_refused_and_says_what_changed(world: World) -> None:
    plan = draft_plan(world.child, world.lead)
    loaded = plan.version
    services.plan_update(actor=world.colleague, plan=plan, expected_version=loaded, changes={"needs": "Theirs"})
    with pytest.raises(services.StaleEdit) as stale:
        services.plan_update(actor=world.lead, plan=plan, expected_version=loaded, changes={"needs": "Mine"})
    assert stale.value.changed == {"needs": {"yours": "Mine", "theirs": "Theirs"}}
    plan.refresh_from_db()
    assert plan.needs == "Theirs"


def test_editing_an_agreed_plan_marks_changes_not_yet_agreed(world: World) -> None:
    plan = draft_plan(world.child, world.lead)
    add_action(plan, world.lead, world.police)
    agree(plan, world.lead)
    plan.refresh_from_db()
    assert not plan.changed_since_agreed
    services.plan_update(actor=world.lead, plan=plan, expected_version=plan.version, changes={"needs": "New needs"})
    plan.refresh_from_db()
    assert plan.changed_since_agreed and plan.status == Plan.Status.AGREED


def test_a_review_date_in_the_past_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        draft_plan(world.child, world.lead, next_review_on=timezone.localdate() - datetime.timedelta(days=1))
    assert "next_review_on" in error.value.message_dict


# --- Actions -------------------------------------------------------------------------


def test_an_action_due_before_it_could_be_agreed_is_refused_with_a_clear_message(world: World) -> None:
    plan = draft_plan(world.child, world.lead)
    with pytest.raises(ValidationError) as error:
        add_action(plan, world.lead, world.police, days=-1)
    assert error.value.message_dict["due_on"] == ["The due date cannot be before the action is agreed. Enter today's date or a later one."]


def test_an_agreed_action_cannot_be_moved_before_the_day_it_was_agreed(world: World) -> None:
    with time_machine.travel(TODAY, tick=False):
        plan = draft_plan(world.child, world.lead)
        action = add_action(plan, world.lead, world.police)
        agree(plan, world.lead)
    with time_machine.travel(TODAY + datetime.timedelta(days=10), tick=False):
        action.refresh_from_db()
        with pytest.raises(ValidationError) as error:
            services.action_update(
                actor=world.lead, action=action, expected_version=action.version, changes={"due_on": datetime.date(2030, 6, 1)}
            )
        assert error.value.message_dict["due_on"] == ["The due date cannot be before the action was agreed on 03/06/2030."]
        # Between the day it was agreed and today is allowed (it becomes overdue at once).
        services.action_update(actor=world.lead, action=action, expected_version=action.version, changes={"due_on": datetime.date(2030, 6, 7)})
        action.refresh_from_db()
        assert action.due_on == datetime.date(2030, 6, 7)


def test_an_agreed_action_keeps_its_owner_and_date(world: World) -> None:
    plan = draft_plan(world.child, world.lead)
    action = add_action(plan, world.lead, world.police)
    agree(plan, world.lead)
    action.refresh_from_db()
    with pytest.raises(ValidationError):
        services.action_update(actor=world.lead, action=action, expected_version=action.version, changes={"owner_id": None})
    with pytest.raises(ValidationError):
        services.action_update(actor=world.lead, action=action, expected_version=action.version, changes={"due_on": None})


def test_the_owner_must_be_in_the_team_around_the_child(world: World) -> None:
    plan = draft_plan(world.child, world.lead)
    stranger = make_person(Role.PRACTITIONER)
    with pytest.raises(ValidationError) as error:
        add_action(plan, world.lead, stranger)
    assert "owner_agency" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        add_action(plan, world.lead, world.police, agency_id=world.school_agency.pk)
    assert "owner" in error.value.message_dict
    # The agency follows from the named person when it is not given.
    action = services.action_add(actor=world.lead, plan=plan, what="Share call-outs", owner_id=world.police.pk)
    assert action.owner_agency == world.police_agency and action.owner_team == world.police_team


def test_an_action_edit_over_a_newer_version_is_refused(world: World) -> None:
    plan = draft_plan(world.child, world.lead)
    action = add_action(plan, world.lead, world.police)
    loaded = action.version
    services.action_update(actor=world.police, action=action, expected_version=loaded, changes={"what": "Theirs"})
    with pytest.raises(services.StaleEdit) as stale:
        services.action_update(actor=world.lead, action=action, expected_version=loaded, changes={"what": "Mine"})
    assert stale.value.changed["what"] == {"yours": "Mine", "theirs": "Theirs"}


# --- Agreeing ------------------------------------------------------------------------


def test_a_plan_with_an_action_lacking_an_owner_or_a_date_cannot_be_agreed_and_the_message_names_them(world: World) -> None:
    plan = draft_plan(world.child, world.lead)
    add_action(plan, world.lead, world.police, what="Share police call-outs")
    add_action(plan, world.lead, None, what="Find a counsellor")
    add_action(plan, world.lead, world.school, days=None, what="Quiet place at school")
    with pytest.raises(ValidationError) as error:
        agree(plan, world.lead)
    text = " ".join(error.value.messages)
    assert "“Find a counsellor”" in text and "no owning agency and named person" in text
    assert "“Quiet place at school”" in text and "no due date" in text
    assert "Share police call-outs" not in text
    plan.refresh_from_db()
    assert plan.status == Plan.Status.DRAFT and not PlanVersion.objects.exists()


def test_a_draft_action_whose_date_passed_before_agreement_is_refused(world: World) -> None:
    with time_machine.travel(TODAY, tick=False):
        plan = draft_plan(world.child, world.lead, next_review_on=datetime.date(2030, 9, 1))
        add_action(plan, world.lead, world.police, days=1, what="Call the family")
    with time_machine.travel(TODAY + datetime.timedelta(days=3), tick=False):
        with pytest.raises(ValidationError) as error:
            agree(plan, world.lead)
    assert "“Call the family”" in " ".join(error.value.messages)
    assert "due before the date they are agreed" in " ".join(error.value.messages)


def test_a_plan_needs_outcomes_needs_a_review_date_and_an_action(world: World) -> None:
    plan = services.plan_create(actor=world.lead, child=world.child, plan_type="care_and_support", values={})
    with pytest.raises(ValidationError) as error:
        agree(plan, world.lead)
    assert len(error.value.messages) == 4


def test_agreeing_keeps_a_version_tells_the_chronology_and_the_owners(world: World, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    plan = draft_plan(world.child, world.lead)
    police_action = add_action(plan, world.lead, world.police, what="Share police call-outs")
    own_action = add_action(plan, world.lead, world.lead, what="Visit every two weeks")
    with django_capture_on_commit_callbacks(execute=True):
        version = agree(plan, world.lead, note="Initial conference")
    plan.refresh_from_db()
    assert plan.status == Plan.Status.AGREED and plan.agreed_version == 1 and version.number == 1
    assert version.snapshot["fields"]["personal_outcomes"] == PLAN_TEXT["personal_outcomes"]
    assert {a["id"] for a in version.snapshot["actions"]} == {police_action.pk, own_action.pk}
    assert version.snapshot["actions"][0]["owner_agency"]["cy"]
    assert all(a.agreed_on == timezone.localdate() for a in _actions(plan))
    entry = ChronologyEntry.objects.get(child=world.child, entry_type="plan")
    assert entry.summary == "Plan agreed: Child protection plan, version 1"
    assert entry.summary_cy and entry.source_agency == world.cs_agency
    assert AuditEntry.objects.filter(action="cylch.plans.plan.agreed").count() == 1
    told = Notification.objects.filter(kind="cylch.plans.action.assigned")
    assert [n.recipient for n in told] == [world.police]  # the lead agreed it and owns the other action
    with pytest.raises(RuntimeError):
        version.save()


def test_only_the_lead_professional_or_a_manager_agrees_a_plan_that_has_a_lead(world: World) -> None:
    plan = draft_plan(world.child, world.police)
    add_action(plan, world.police, world.police)
    with pytest.raises(PermissionDenied):
        agree(plan, world.police)
    agree(plan, world.manager)


def test_agreeing_again_needs_a_change_and_the_versions_can_be_compared(world: World) -> None:
    plan = draft_plan(world.child, world.lead)
    kept = add_action(plan, world.lead, world.police, what="Share police call-outs")
    dropped = add_action(plan, world.lead, world.school, what="Weekly check-in")
    first = agree(plan, world.lead)
    with pytest.raises(ValidationError):
        agree(plan, world.lead)
    plan.refresh_from_db()
    services.plan_update(actor=world.lead, plan=plan, expected_version=plan.version, changes={"needs": "A calmer home"})
    kept.refresh_from_db()
    services.action_update(
        actor=world.lead, action=kept, expected_version=kept.version, changes={"due_on": kept.due_on + datetime.timedelta(days=7)}  # type: ignore[operator]
    )
    services.action_remove(actor=world.lead, action=dropped, reason="No longer needed")
    added = add_action(plan, world.lead, world.lead, what="Family group conference")
    second = agree(plan, world.lead)
    assert second.number == 2
    comparison = selectors.versions_compare(first.snapshot, second.snapshot)
    assert [d.name for d in comparison.fields] == ["needs"]
    assert comparison.fields[0].new == "A calmer home"
    assert [a["what"] for a in comparison.added] == [added.what]
    assert [a["what"] for a in comparison.removed] == [dropped.what]
    assert [c.what for c in comparison.changed] == [kept.what]
    assert [d.name for d in comparison.changed[0].differences] == ["due_on"]
    # The first version is as it was.
    first.refresh_from_db()
    assert {a["id"] for a in first.snapshot["actions"]} == {kept.pk, dropped.pk}


# --- Progress -----------------------------------------------------------------------


def test_progress_is_recorded_only_on_agreed_actions_and_completion_needs_evidence(world: World) -> None:
    plan = draft_plan(world.child, world.lead)
    action = add_action(plan, world.lead, world.police)
    with pytest.raises(ValidationError):
        services.action_progress_record(actor=world.police, action=action, expected_version=action.version, status="in_progress", note="Started")
    agree(plan, world.lead)
    action.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.action_progress_record(actor=world.police, action=action, expected_version=action.version, status="done")
    assert "evidence" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.action_progress_record(actor=world.police, action=action, expected_version=action.version, status="cancelled")
    assert "note" in error.value.message_dict
    action = services.action_progress_record(
        actor=world.police, action=action, expected_version=action.version, status="done", evidence="Call-out log shared on 3 June"
    )
    assert action.status == PlanAction.Status.DONE and action.completed_on == timezone.localdate()
    assert action.evidence == "Call-out log shared on 3 June"
    assert ActionUpdate.objects.filter(action=action).count() == 1
    with pytest.raises(ValidationError):
        services.action_progress_record(actor=world.police, action=action, expected_version=action.version, status="in_progress", note="Again")


def test_two_people_completing_the_same_action_at_once_do_not_both_succeed(world: World) -> None:
    plan = draft_plan(world.child, world.lead)
    action = add_action(plan, world.lead, world.police)
    agree(plan, world.lead)
    action.refresh_from_db()
    stale_copy = PlanAction.objects.get(pk=action.pk)
    services.action_progress_record(actor=world.police, action=action, expected_version=action.version, status="in_progress", note="Started")
    with pytest.raises(services.StaleEdit):
        services.action_progress_record(
            actor=world.lead, action=stale_copy, expected_version=stale_copy.version, status="done", evidence="Done"
        )


# --- Selectors across children --------------------------------------------------------


def test_open_actions_owned_by_lists_agreed_open_actions_on_children_the_owner_sees(world: World) -> None:
    with time_machine.travel(TODAY, tick=False):
        plan = draft_plan(world.child, world.lead)
        late = add_action(plan, world.lead, world.police, days=2, what="Late")
        later = add_action(plan, world.lead, world.police, days=30, what="Later")
        add_action(plan, world.lead, world.school, days=4, what="Not theirs")
        agree(plan, world.lead)
        add_action(plan, world.lead, world.police, days=3, what="Not agreed yet")
    with time_machine.travel(TODAY + datetime.timedelta(days=5), tick=False):
        mine = list(selectors.open_actions_owned_by(actor=world.police))
        assert [a.pk for a in mine] == [late.pk, later.pk]
        assert [a.overdue for a in mine] == [True, False]  # type: ignore[attr-defined]
        police_counts = list(selectors.overdue_actions_for_teams(team_ids=[world.police_team.pk]))
        assert police_counts == [
            {"owner_id": world.police.pk, "owner__full_name": "Pedr Police", "owner_agency_id": world.police_agency.pk, "overdue": 1, "oldest_due_on": late.due_on}
        ]
        agency_counts = list(selectors.overdue_actions_for_agencies(agency_ids=[world.police_agency.pk, world.school_agency.pk]))
        assert {(row["owner_id"], row["overdue"]) for row in agency_counts} == {(world.police.pk, 1), (world.school.pk, 1)}
        assert not list(selectors.overdue_actions_for_teams(team_ids=[world.cs_team.pk]))


# --- Professional differences --------------------------------------------------------


def test_a_professional_difference_climbs_the_levels_until_resolved(world: World, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    plan = draft_plan(world.child, world.lead)
    with django_capture_on_commit_callbacks(execute=True):
        d = services.disagreement_record(actor=world.school, child=world.child, about="Ending the plan", concern="Too soon", plan=plan)
    assert d.level == "practitioners" and d.status == Disagreement.Status.OPEN
    assert Notification.objects.filter(kind="cylch.plans.disagreement.recorded", recipient=world.lead).exists()
    today = timezone.localdate()
    for expected in ["managers", "senior_managers", "safeguarding_board"]:
        d = services.disagreement_escalate(
            actor=world.school, disagreement=d, expected_version=d.version, outcome="Not agreed", outcome_on=today, reason="Still a risk"
        )
        assert d.level == expected
    with pytest.raises(ValidationError):
        services.disagreement_escalate(
            actor=world.school, disagreement=d, expected_version=d.version, outcome="x", outcome_on=today, reason="y"
        )
    d = services.disagreement_resolve(actor=world.lead, disagreement=d, expected_version=d.version, outcome="Plan continues", outcome_on=today)
    assert d.status == Disagreement.Status.RESOLVED and d.resolved_on == today
    stages = list(d.stages.order_by("pk"))
    assert [s.level for s in stages] == ["practitioners", "managers", "senior_managers", "safeguarding_board"]
    assert all(s.outcome and s.outcome_on == today for s in stages)
    assert Notification.objects.filter(kind="cylch.plans.disagreement.resolved", recipient=world.school).exists()
    with pytest.raises(ValidationError):
        services.disagreement_resolve(actor=world.lead, disagreement=d, expected_version=d.version, outcome="Again", outcome_on=today)


def test_a_difference_needs_an_outcome_dated_no_later_than_today_and_a_reason_to_escalate(world: World) -> None:
    d = services.disagreement_record(actor=world.police, child=world.child, about="Decision", concern="Why")
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        services.disagreement_escalate(actor=world.police, disagreement=d, expected_version=d.version, outcome="", outcome_on=today, reason="r")
    assert "outcome" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.disagreement_escalate(
            actor=world.police, disagreement=d, expected_version=d.version, outcome="o", outcome_on=today + datetime.timedelta(days=1), reason="r"
        )
    assert "outcome_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.disagreement_escalate(actor=world.police, disagreement=d, expected_version=d.version, outcome="o", outcome_on=today, reason=" ")
    assert "reason" in error.value.message_dict


def test_nobody_outside_the_team_around_the_child_records_a_difference(world: World) -> None:
    with pytest.raises(Http404):
        services.disagreement_record(actor=world.outsider, child=world.child, about="x", concern="y")


def test_a_retired_level_is_skipped(world: World) -> None:
    from cylch.core.models import ReferenceCode

    ReferenceCode.objects.filter(list_name="disagreement_level", code="senior_managers").update(is_active=False)
    d = services.disagreement_record(actor=world.police, child=world.child, about="x", concern="y")
    today = timezone.localdate()
    d = services.disagreement_escalate(actor=world.police, disagreement=d, expected_version=d.version, outcome="o", outcome_on=today, reason="r")
    d = services.disagreement_escalate(actor=world.police, disagreement=d, expected_version=d.version, outcome="o", outcome_on=today, reason="r")
    assert d.level == "safeguarding_board"
