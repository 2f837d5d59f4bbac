"""The plan pages: what people see and do, what is refused, and who cannot see any of it."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cylch.audit.models import AuditEntry
from cylch.core import testing
from cylch.people.models import Person, Role
from cylch.plans import services
from cylch.plans.models import Disagreement, Plan, PlanAction, PlanVersion

from .conftest import World
from .factories import add_action, agree, draft_plan, involve

pytestmark = pytest.mark.django_db


def _client(person: Person) -> Client:
    return testing.sign_in_verified(Client(), person)


def _date(day: datetime.date) -> str:
    return day.strftime("%d %m %Y")


def _html(response: Any) -> str:
    return response.content.decode()


def test_the_list_shows_each_plan_with_its_status_and_overdue_count(world: World) -> None:
    plan = draft_plan(world.child, world.lead)
    add_action(plan, world.lead, world.police)
    agree(plan, world.lead)
    PlanAction.objects.filter(plan=plan).update(due_on=timezone.localdate() - datetime.timedelta(days=2))
    draft_plan(world.child, world.lead, plan_type="team_around_the_family")
    response = _client(world.police).get(reverse("plans:list", args=[world.child.pk]))
    html = _html(response)
    assert response.status_code == 200
    assert "Child protection plan" in html and "Team around the family plan" in html
    assert "Agreed, version 1" in html and "Draft, not yet agreed" in html
    assert "1 overdue" in html
    assert AuditEntry.objects.filter(action="cylch.plans.plans.viewed", actor=world.police).exists()


def test_starting_a_plan(world: World) -> None:
    client = _client(world.lead)
    url = reverse("plans:new", args=[world.child.pk])
    assert client.get(url).status_code == 200
    review = timezone.localdate() + datetime.timedelta(days=60)
    response = client.post(
        url,
        {
            "plan_type": "looked_after",
            "personal_outcomes": "Dw i eisiau aros yn yr ysgol hon.",
            "needs": "Stability",
            "progress_measures": "Attendance",
            "review_arrangements": "LAC review",
            "next_review_on": _date(review),
        },
    )
    plan = Plan.objects.get(child=world.child)
    assert response.status_code == 302 and response["Location"] == reverse("plans:detail", args=[world.child.pk, plan.pk])
    assert plan.personal_outcomes == "Dw i eisiau aros yn yr ysgol hon." and plan.next_review_on == review
    page = _html(_client(world.lead).get(response["Location"]))
    assert "Health plan" in page and "Personal education plan" in page and "Placement plan" in page
    edit = _html(client.get(reverse("plans:edit", args=[world.child.pk, plan.pk])))
    assert 'name="placement_plan"' in edit


def test_a_child_protection_plan_has_no_part_6_sections(world: World) -> None:
    plan = draft_plan(world.child, world.lead)
    edit = _html(_client(world.lead).get(reverse("plans:edit", args=[world.child.pk, plan.pk])))
    assert 'name="needs"' in edit and 'name="placement_plan"' not in edit


def test_a_stale_edit_is_refused_and_shows_what_the_other_person_changed(world: World) -> None:
    plan = draft_plan(world.child, world.lead)
    loaded = plan.version
    services.plan_update(actor=world.colleague, plan=plan, expected_version=loaded, changes={"needs": "Their needs"})
    response = _client(world.lead).post(
        reverse("plans:edit", args=[world.child.pk, plan.pk]),
        {"version": loaded, "needs": "My needs", "personal_outcomes": plan.personal_outcomes},
    )
    html = _html(response)
    assert response.status_code == 200
    assert "Someone else saved changes to this plan" in html
    assert 'data-testid="stale-changes"' in html and "Their needs" in html
    plan.refresh_from_db()
    assert plan.needs == "Their needs"
    assert f'name="version" value="{plan.version}"' in html


def test_an_action_due_before_it_is_agreed_is_refused_on_the_page(world: World) -> None:
    plan = draft_plan(world.child, world.lead)
    response = _client(world.lead).post(
        reverse("plans:action_add", args=[world.child.pk, plan.pk]),
        {
            "what": "Visit",
            "owner_agency": world.police_agency.pk,
            "owner": world.police.pk,
            "due_on": _date(timezone.localdate() - datetime.timedelta(days=3)),
        },
    )
    html = _html(response)
    assert response.status_code == 200 and "govuk-error-summary" in html
    assert "The due date cannot be before the action is agreed" in html
    assert not PlanAction.objects.exists()


def test_adding_and_changing_an_action(world: World) -> None:
    plan = draft_plan(world.child, world.lead)
    client = _client(world.lead)
    add = client.get(reverse("plans:action_add", args=[world.child.pk, plan.pk]))
    assert "Pedr Police (Test Police)" in _html(add)
    due = timezone.localdate() + datetime.timedelta(days=10)
    response = client.post(
        reverse("plans:action_add", args=[world.child.pk, plan.pk]),
        {"what": "Share call-outs", "owner": world.police.pk, "due_on": _date(due), "another": "1"},
    )
    assert response.status_code == 302 and response["Location"].endswith("/actions/add/")
    action = PlanAction.objects.get()
    assert action.owner_agency == world.police_agency and action.due_on == due
    response = client.post(
        reverse("plans:action_edit", args=[world.child.pk, plan.pk, action.pk]),
        {"version": action.version, "what": "Share every call-out", "owner_agency": world.police_agency.pk, "owner": world.police.pk, "due_on": _date(due)},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.what == "Share every call-out"


def test_the_agree_page_names_the_actions_that_stop_agreement(world: World) -> None:
    plan = draft_plan(world.child, world.lead)
    add_action(plan, world.lead, None, what="Find a counsellor")
    client = _client(world.lead)
    url = reverse("plans:agree", args=[world.child.pk, plan.pk])
    page = _html(client.get(url))
    assert 'data-testid="agreement-problems"' in page and "“Find a counsellor”" in page
    response = client.post(url, {"version": plan.version})
    assert response.status_code == 200 and "govuk-error-summary" in _html(response)
    assert "“Find a counsellor”" in _html(response)
    assert not PlanVersion.objects.exists()


def test_agreeing_on_the_page_then_comparing_versions(world: World) -> None:
    plan = draft_plan(world.child, world.lead)
    action = add_action(plan, world.lead, world.police, what="Share call-outs")
    client = _client(world.lead)
    url = reverse("plans:agree", args=[world.child.pk, plan.pk])
    plan.refresh_from_db()
    response = client.post(url, {"version": plan.version, "note": "Initial conference"})
    assert response.status_code == 302
    assert PlanVersion.objects.get().note == "Initial conference"
    assert 'data-testid="nothing-to-agree"' in _html(client.get(url))
    compare = _html(client.get(reverse("plans:compare", args=[world.child.pk, plan.pk])))
    assert "nothing to compare" in compare
    plan.refresh_from_db()
    services.plan_update(actor=world.lead, plan=plan, expected_version=plan.version, changes={"needs": "Changed needs"})
    add_action(plan, world.lead, world.school, what="Quiet place at school")
    action.refresh_from_db()
    services.action_update(actor=world.lead, action=action, expected_version=action.version, changes={"what": "Share every call-out"})
    preview = _html(client.get(url))
    assert "What changes since version 1" in preview and "Changed needs" in preview
    plan.refresh_from_db()
    assert client.post(url, {"version": plan.version}).status_code == 302
    compare = _html(client.get(reverse("plans:compare", args=[world.child.pk, plan.pk]), {"old": 1, "new": 2}))
    assert 'data-testid="field-differences"' in compare and "Changed needs" in compare
    assert 'data-testid="actions-added"' in compare and "Quiet place at school" in compare
    assert 'data-testid="actions-changed"' in compare and "Share every call-out" in compare
    version = _html(client.get(reverse("plans:version", args=[world.child.pk, plan.pk, 1])))
    assert "Share call-outs" in version and "Changed needs" not in version
    assert client.get(reverse("plans:version", args=[world.child.pk, plan.pk, 9])).status_code == 404
    assert client.get(reverse("plans:compare", args=[world.child.pk, plan.pk]), {"old": 1, "new": 7}).status_code == 200


def test_the_plan_page_marks_overdue_actions_and_shows_escalation(world: World, django_capture_on_commit_callbacks: Any) -> None:
    plan = draft_plan(world.child, world.lead)
    action = add_action(plan, world.lead, world.police, what="Share call-outs")
    agree(plan, world.lead)
    PlanAction.objects.filter(pk=action.pk).update(due_on=timezone.localdate() - datetime.timedelta(days=5))
    with django_capture_on_commit_callbacks(execute=True):
        services.actions_escalate(now=timezone.now())
    client = _client(world.lead)
    page = _html(client.get(reverse("plans:detail", args=[world.child.pk, plan.pk])))
    assert 'data-testid="overdue"' in page and "1 action is overdue." in page
    assert "Reminder to the owner" in page and "Escalated to the owner&#x27;s team manager" in page
    assert "Rheinallt Rheolwr" in page
    detail = _html(client.get(reverse("plans:action", args=[world.child.pk, plan.pk, action.pk])))
    assert 'data-testid="escalation-history"' in detail and "Pedr Police" in detail


def test_recording_progress_and_completion_with_evidence(world: World) -> None:
    plan = draft_plan(world.child, world.lead)
    action = add_action(plan, world.lead, world.police)
    agree(plan, world.lead)
    action.refresh_from_db()
    client = _client(world.police)
    url = reverse("plans:action", args=[world.child.pk, plan.pk, action.pk])
    response = client.post(url, {"version": action.version, "status": "done"})
    assert response.status_code == 200 and "Describe the evidence that the action is done." in _html(response)
    response = client.post(url, {"version": action.version, "status": "done", "evidence": "Call-out log shared"})
    assert response.status_code == 302
    page = _html(client.get(url))
    assert 'data-testid="evidence"' in page and "Call-out log shared" in page
    assert "Record progress" not in page.split("Escalation")[1].split("Progress so far")[0]


def test_removing_an_action_keeps_it_in_the_history(world: World) -> None:
    plan = draft_plan(world.child, world.lead)
    action = add_action(plan, world.lead, world.police, what="Weekly check-in")
    client = _client(world.lead)
    response = client.post(reverse("plans:action_remove", args=[world.child.pk, plan.pk, action.pk]), {"reason": "Duplicate"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.removed_at is not None
    page = _html(client.get(reverse("plans:detail", args=[world.child.pk, plan.pk])))
    assert "Actions removed from the plan" in page and "Duplicate" in page


def test_ending_a_plan(world: World) -> None:
    plan = draft_plan(world.child, world.lead)
    client = _client(world.lead)
    assert client.post(reverse("plans:end", args=[world.child.pk, plan.pk]), {"reason": "De-registered"}).status_code == 302
    plan.refresh_from_db()
    assert plan.status == Plan.Status.ENDED
    assert client.get(reverse("plans:edit", args=[world.child.pk, plan.pk])).status_code == 404


def test_a_practitioner_who_is_not_the_lead_cannot_agree(world: World) -> None:
    plan = draft_plan(world.child, world.lead)
    assert _client(world.police).get(reverse("plans:agree", args=[world.child.pk, plan.pk])).status_code == 403
    assert _client(world.manager).get(reverse("plans:agree", args=[world.child.pk, plan.pk])).status_code == 200


def test_recording_escalating_and_resolving_a_professional_difference(world: World) -> None:
    client = _client(world.school)
    plan = draft_plan(world.child, world.lead)
    new = reverse("plans:disagreement_new", args=[world.child.pk])
    assert "Not about a plan" in _html(client.get(new, {"plan": plan.pk}))
    response = client.post(new, {"plan": plan.pk, "about": "Ending the plan", "concern": "Too soon"})
    disagreement = Disagreement.objects.get()
    assert response.status_code == 302 and disagreement.plan == plan
    url = reverse("plans:disagreement", args=[world.child.pk, disagreement.pk])
    today = _date(timezone.localdate())
    response = client.post(url, {"step": "escalate", "escalate-version": disagreement.version, "escalate-outcome": "Talked", "escalate-outcome_on": today})
    assert response.status_code == 200 and "Why it needs to go to the next level" in _html(response)
    assert "govuk-error-summary" in _html(response)
    response = client.post(
        url,
        {"step": "escalate", "escalate-version": disagreement.version, "escalate-outcome": "Talked", "escalate-outcome_on": today, "escalate-reason": "Still a risk"},
    )
    assert response.status_code == 302
    disagreement.refresh_from_db()
    assert disagreement.level == "managers"
    response = client.post(url, {"step": "resolve", "resolve-version": disagreement.version, "resolve-outcome": "Plan continues", "resolve-outcome_on": today})
    assert response.status_code == 302
    page = _html(client.get(url))
    assert "Resolved" in page and "Between their line managers" in page and "Plan continues" in page
    listing = _html(client.get(reverse("plans:disagreements", args=[world.child.pk])))
    assert "Ending the plan" in listing


def test_every_page_renders_in_welsh(world: World) -> None:
    urls = _every_plan_url(world)
    client = _client(world.lead)
    client.cookies["cylch_language"] = "cy"
    for url in urls:
        assert client.get(url).status_code == 200, url
    page = _html(client.get(reverse("plans:list", args=[world.child.pk])))
    assert "Cynllun amddiffyn plentyn" in page
    assert 'lang="cy"' in page


# --- Nobody outside the team around the child sees anything ----------------------------


def _every_plan_url(world: World) -> list[str]:
    plan = draft_plan(world.child, world.lead)
    action = add_action(plan, world.lead, world.police)
    version = agree(plan, world.lead)
    disagreement = services.disagreement_record(actor=world.police, child=world.child, about="x", concern="y", plan=plan)
    c, p = world.child.pk, plan.pk
    return [
        reverse("plans:list", args=[c]),
        reverse("plans:new", args=[c]),
        reverse("plans:detail", args=[c, p]),
        reverse("plans:edit", args=[c, p]),
        reverse("plans:agree", args=[c, p]),
        reverse("plans:end", args=[c, p]),
        reverse("plans:version", args=[c, p, version.number]),
        reverse("plans:compare", args=[c, p]),
        reverse("plans:action_add", args=[c, p]),
        reverse("plans:action", args=[c, p, action.pk]),
        reverse("plans:action_edit", args=[c, p, action.pk]),
        reverse("plans:action_remove", args=[c, p, action.pk]),
        reverse("plans:disagreements", args=[c]),
        reverse("plans:disagreement_new", args=[c]),
        reverse("plans:disagreement", args=[c, disagreement.pk]),
    ]


def test_every_plan_url_is_covered_here() -> None:
    from cylch.plans.urls import urlpatterns

    assert len(urlpatterns) == 15


@pytest.mark.parametrize("who", ["outsider", "outsider_manager", "outsider_dsl"])
def test_an_uninvolved_practitioner_gets_404_on_every_plan_url(world: World, who: str) -> None:
    person = {
        "outsider": world.outsider,
        "outsider_manager": testing.make_person(Role.TEAM_MANAGER),
        "outsider_dsl": testing.make_person(Role.SAFEGUARDING_LEAD),
    }[who]
    client = _client(person)
    urls = _every_plan_url(world)
    before = (Plan.objects.count(), PlanAction.objects.count(), Disagreement.objects.count(), AuditEntry.objects.filter(kind="change").count())
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"reason": "x", "what": "x", "about": "x", "concern": "y", "status": "done"}).status_code == 404, url
    assert (Plan.objects.count(), PlanAction.objects.count(), Disagreement.objects.count(), AuditEntry.objects.filter(kind="change").count()) == before


def test_a_plan_of_another_child_is_not_reached_through_this_childs_url(world: World) -> None:
    other = testing.make_child(involved_team=world.cs_team, practitioner=world.lead)
    plan = draft_plan(other, world.lead)
    assert _client(world.lead).get(reverse("plans:detail", args=[world.child.pk, plan.pk])).status_code == 404


def test_an_agency_that_has_left_the_team_around_the_child_loses_the_plans(world: World) -> None:
    plan = draft_plan(world.child, world.lead)
    world.child.involvements.filter(team=world.school_team).update(ended_on=timezone.localdate())
    assert _client(world.school).get(reverse("plans:detail", args=[world.child.pk, plan.pk])).status_code == 404


# --- Query counts ----------------------------------------------------------------------


OVERHEAD = re.compile(
    r"^(SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO SAVEPOINT|BEGIN)"
    r'|"django_session"'
    r'|"otp_totp_totpdevice"'
    r'|^SELECT [^;]* FROM "people_person" WHERE "people_person"."id" = \d+ LIMIT 21$'
)
PLAN_PAGE_MAX_QUERIES = 20


def _plan_with(actions: int) -> tuple[Any, Plan, Person]:
    area = testing.make_area()
    lead_team = testing.make_team(testing.make_agency(area=area))
    lead = testing.make_person(Role.PRACTITIONER, lead_team)
    child = testing.make_child(involved_team=lead_team, practitioner=lead, is_lead=True)
    others = []
    for _n in range(3):
        team = testing.make_team(testing.make_agency(area=area))
        person = testing.make_person(Role.PRACTITIONER, team)
        testing.make_person(Role.TEAM_MANAGER, team)
        involve(child, team, person)
        others.append(person)
    plan = draft_plan(child, lead)
    for n in range(actions):
        add_action(plan, lead, others[n % 3], days=10 + n, what=f"Action {n}")
    agree(plan, lead)
    # Half are overdue and have been escalated; some are done.
    PlanAction.objects.filter(plan=plan, pk__in=list(plan.actions.values_list("pk", flat=True)[: actions // 2])).update(
        due_on=timezone.localdate() - datetime.timedelta(days=9)
    )
    services.actions_escalate(now=timezone.now())
    PlanAction.objects.filter(plan=plan, pk__in=list(plan.actions.values_list("pk", flat=True)[actions - 2 :])).update(status="done")
    return child, plan, lead


def _plan_page_queries(child: Any, plan: Plan, person: Person) -> tuple[int, list[str], str]:
    client = _client(person)
    url = reverse("plans:detail", args=[child.pk, plan.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    return len(sql), [s for s in sql if not OVERHEAD.search(s)], _html(response)


def test_the_plan_page_takes_the_same_number_of_queries_however_many_actions() -> None:
    small_child, small_plan, small_lead = _plan_with(4)
    big_child, big_plan, big_lead = _plan_with(40)
    small_total, _small_page, _ = _plan_page_queries(small_child, small_plan, small_lead)
    big_total, big_page, html = _plan_page_queries(big_child, big_plan, big_lead)
    assert html.count('data-testid="overdue"') == 20 and "Action 39" in html
    assert html.count("Escalated to the agency") == 20
    assert len(big_page) <= PLAN_PAGE_MAX_QUERIES, "\n".join(big_page)
    assert small_total == big_total


def test_a_stale_action_edit_names_the_new_owner(world: World) -> None:
    plan = draft_plan(world.child, world.lead)
    action = add_action(plan, world.lead, world.police)
    loaded = action.version
    services.action_update(
        actor=world.colleague, action=action, expected_version=loaded, changes={"owner_agency_id": world.school_agency.pk, "owner_id": world.school.pk}
    )
    response = _client(world.lead).post(
        reverse("plans:action_edit", args=[world.child.pk, plan.pk, action.pk]),
        {"version": loaded, "what": action.what, "owner_agency": world.police_agency.pk, "owner": world.police.pk},
    )
    html = _html(response)
    assert "Someone else saved changes to this action" in html
    assert "Sioned School (Test School)" in html.split('data-testid="stale-changes"')[1].split("</table>")[0]
