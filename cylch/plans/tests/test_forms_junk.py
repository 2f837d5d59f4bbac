"""Property-based tests: junk thrown at every form of the plans pages never makes a
server error, and a form shown again with its errors has changed nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cylch.audit.models import AuditEntry
from cylch.core import testing
from cylch.core.models import Notification
from cylch.plans import services
from cylch.plans.models import (
    ActionEscalation,
    ActionUpdate,
    Disagreement,
    DisagreementStage,
    Plan,
    PlanAction,
    PlanVersion,
)

from .conftest import World
from .factories import add_action, agree, draft_plan

pytestmark = pytest.mark.django_db

junk_text = st.one_of(
    st.text(max_size=200),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=30),
    st.sampled_from(
        [
            "",
            " ",
            "0",
            "-1",
            "1",
            "2",
            "3",
            "7",
            "99999999999999999999",
            "<script>alert(1)</script>",
            "'; DROP TABLE x;--",
            "\x00",
            "31 2 2020",
            "29 2 2023",
            "1 1 0001",
            "31 12 9999",
            "2030-06-03",
            "00 00 0000",
            "on",
            "True",
            "done",
            "in_progress",
            "cancelled",
            "not_started",
            "escalate",
            "resolve",
            "child_protection",
            "looked_after",
            "😀" * 50,
            "x" * 21000,
        ]
    ),
)
HYPOTHESIS = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _form(fields: list[str]) -> Any:
    return st.dictionaries(keys=st.sampled_from(fields), values=junk_text, max_size=len(fields))


PLAN_FIELDS = ["plan_type", "personal_outcomes", "needs", "progress_measures", "review_arrangements", "next_review_on", "health_plan", "version"]
ACTION_FIELDS = ["version", "what", "owner_agency", "owner", "due_on", "another"]
PROGRESS_FIELDS = ["version", "status", "note", "evidence"]
DISAGREEMENT_FIELDS = ["plan", "action", "about", "concern"]
STEP_FIELDS = [
    "step",
    "escalate-version",
    "escalate-outcome",
    "escalate-outcome_on",
    "escalate-reason",
    "resolve-version",
    "resolve-outcome",
    "resolve-outcome_on",
]


def _fingerprint() -> tuple[Any, ...]:
    models: list[Any] = [Plan, PlanAction, PlanVersion, ActionUpdate, ActionEscalation, Disagreement, DisagreementStage]
    rows = tuple(tuple(m.objects.order_by("pk").values_list()) for m in models)
    return (*rows, AuditEntry.objects.filter(kind=AuditEntry.Kind.CHANGE).count(), Notification.objects.count())


@pytest.fixture
def records(world: World) -> dict[str, Any]:
    plan = draft_plan(world.child, world.lead, plan_type="looked_after")
    action = add_action(plan, world.lead, world.police)
    agree(plan, world.lead)
    draft = draft_plan(world.child, world.lead)
    draft_action = add_action(draft, world.lead, world.school)
    disagreement = services.disagreement_record(actor=world.police, child=world.child, about="x", concern="y", plan=plan)
    return {
        "client": testing.sign_in_verified(Client(), world.lead),
        "c": world.child.pk,
        "plan": plan.pk,
        "action": action.pk,
        "draft": draft.pk,
        "draft_action": draft_action.pk,
        "disagreement": disagreement.pk,
    }


def _post(records: dict[str, Any], url: str, data: dict[str, str]) -> None:
    before = _fingerprint()
    response = records["client"].post(url, data)
    assert response.status_code < 500, url
    if response.status_code == 200:
        assert _fingerprint() == before, url


def _urls(r: dict[str, Any]) -> dict[str, Callable[[], str]]:
    return {
        "new": lambda: reverse("plans:new", args=[r["c"]]),
        "edit": lambda: reverse("plans:edit", args=[r["c"], r["plan"]]),
        "agree": lambda: reverse("plans:agree", args=[r["c"], r["draft"]]),
        "end": lambda: reverse("plans:end", args=[r["c"], r["draft"]]),
        "action_add": lambda: reverse("plans:action_add", args=[r["c"], r["draft"]]),
        "action_edit": lambda: reverse("plans:action_edit", args=[r["c"], r["plan"], r["action"]]),
        "progress": lambda: reverse("plans:action", args=[r["c"], r["plan"], r["action"]]),
        "remove": lambda: reverse("plans:action_remove", args=[r["c"], r["draft"], r["draft_action"]]),
        "disagreement_new": lambda: reverse("plans:disagreement_new", args=[r["c"]]),
        "disagreement": lambda: reverse("plans:disagreement", args=[r["c"], r["disagreement"]]),
    }


@HYPOTHESIS
@given(data=_form(PLAN_FIELDS))
def test_plan_forms_survive_junk(records: dict[str, Any], data: dict[str, str]) -> None:
    _post(records, _urls(records)["new"](), data)
    _post(records, _urls(records)["edit"](), data)


@HYPOTHESIS
@given(data=_form(ACTION_FIELDS))
def test_action_forms_survive_junk(records: dict[str, Any], data: dict[str, str]) -> None:
    _post(records, _urls(records)["action_add"](), data)
    _post(records, _urls(records)["action_edit"](), data)


@HYPOTHESIS
@given(data=_form(PROGRESS_FIELDS))
def test_progress_form_survives_junk(records: dict[str, Any], data: dict[str, str]) -> None:
    _post(records, _urls(records)["progress"](), data)


@HYPOTHESIS
@given(data=_form(["version", "note", "reason"]))
def test_agree_end_and_remove_forms_survive_junk(records: dict[str, Any], data: dict[str, str]) -> None:
    for name in ["agree", "remove", "end"]:
        _post(records, _urls(records)[name](), data)


@HYPOTHESIS
@given(data=_form(DISAGREEMENT_FIELDS + STEP_FIELDS))
def test_disagreement_forms_survive_junk(records: dict[str, Any], data: dict[str, str]) -> None:
    _post(records, _urls(records)["disagreement_new"](), data)
    _post(records, _urls(records)["disagreement"](), data)


@HYPOTHESIS
@given(old=junk_text, new=junk_text, number=st.integers(min_value=-5, max_value=10**12))
def test_compare_and_version_pages_survive_junk(records: dict[str, Any], old: str, new: str, number: int) -> None:
    client = records["client"]
    response = client.get(reverse("plans:compare", args=[records["c"], records["plan"]]), {"old": old, "new": new})
    assert response.status_code == 200
    if number >= 0:
        response = client.get(reverse("plans:version", args=[records["c"], records["plan"], number]))
        assert response.status_code in {200, 404}
