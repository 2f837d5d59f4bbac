"""The demo child protection plan for Seren Enghraifft."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cylch.core import testing
from cylch.core.demo import demo_load
from cylch.plans.demo import build_plans
from cylch.plans.models import Plan, PlanAction

pytestmark = pytest.mark.django_db


def test_the_demo_plan_has_actions_for_three_agencies_one_overdue() -> None:
    region = demo_load()
    build_plans(region)
    build_plans(region)  # a second run changes nothing
    plan = Plan.objects.get()
    assert plan.child.family_name == "Enghraifft" and plan.plan_type == "child_protection"
    assert plan.status == Plan.Status.AGREED and plan.versions.count() == 1
    actions = list(plan.actions.select_related("owner_agency"))
    assert {a.owner_agency.kind for a in actions if a.owner_agency} == {"childrens_services", "police", "third_sector"}
    assert [a.what[:11] for a in PlanAction.objects.overdue(timezone.localdate())] == ["Start weekl"]
    client = testing.sign_in_verified(Client(), region.people["practitioner"])
    response = client.get(reverse("plans:detail", args=[plan.child_id, plan.pk]))
    assert response.status_code == 200 and 'data-testid="overdue"' in response.content.decode()
    family_support = testing.sign_in_verified(Client(), region.people["familysupport"])
    assert family_support.get(reverse("plans:detail", args=[plan.child_id, plan.pk])).status_code == 200
    # The school and the health visitor stay outside Seren's team (the demo's join and
    # emergency-access journeys start from there).
    for outsider in ("dsl", "healthvisitor"):
        client = testing.sign_in_verified(Client(), region.people[outsider])
        assert client.get(reverse("plans:detail", args=[plan.child_id, plan.pk])).status_code == 404
