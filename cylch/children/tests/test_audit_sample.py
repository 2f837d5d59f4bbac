from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cylch.access.models import AccessGrant
from cylch.core import testing
from cylch.people.models import Role

pytestmark = pytest.mark.django_db


def test_an_auditor_gets_a_random_sample_of_one_local_authority_read_only() -> None:
    area = testing.make_area()
    elsewhere = testing.make_area()
    inside = [testing.make_child(local_authority=area) for _ in range(6)]
    testing.make_child(local_authority=elsewhere)
    lead = testing.make_person(Role.SAFEGUARDING_LEAD)
    auditor = testing.make_person(Role.AUDITOR)
    client = testing.sign_in_verified(Client(), lead)
    ends = (timezone.localdate() + datetime.timedelta(days=10)).strftime("%d %m %Y")
    response = client.post(
        reverse("children:audit_grant"),
        {"auditor": auditor.pk, "children": "", "sample_local_authority": area.pk, "sample_size": 4, "ends_on": ends, "reason": "Thematic audit"},
    )
    assert response.status_code == 302
    grants = AccessGrant.objects.filter(person=auditor, kind=AccessGrant.Kind.AUDIT)
    assert grants.count() == 4
    assert {g.child_id for g in grants} <= {c.pk for c in inside}
    auditor_client = testing.sign_in_verified(Client(), auditor)
    sampled = grants.first()
    assert sampled is not None
    assert auditor_client.get(reverse("children:summary", args=[sampled.child_id])).status_code == 200
    # Read-only: writing is refused as if the record were not there.
    assert auditor_client.get(reverse("children:edit", args=[sampled.child_id])).status_code == 404


def test_a_grant_needs_children_or_a_sample() -> None:
    lead = testing.make_person(Role.SAFEGUARDING_LEAD)
    auditor = testing.make_person(Role.AUDITOR)
    client = testing.sign_in_verified(Client(), lead)
    ends = (timezone.localdate() + datetime.timedelta(days=10)).strftime("%d %m %Y")
    response = client.post(reverse("children:audit_grant"), {"auditor": auditor.pk, "ends_on": ends, "reason": "x"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not AccessGrant.objects.exists()
