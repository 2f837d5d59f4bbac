"""The demo region's learning: a review in progress and a finished audit round."""

from __future__ import annotations

import pytest
from django.test import Client

from cylch.core import testing
from cylch.core.demo import demo_load
from cylch.learning.demo import build_learning
from cylch.learning.models import AuditRound, Briefing, Review

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_review_in_progress_and_a_finished_audit_round() -> None:
    region = demo_load()
    build_learning(region)  # a second run changes nothing
    review = Review.objects.get()
    assert review.stage == "panel" and review.chronology.exists() and review.recommendations.count() == 1
    audit_round = AuditRound.objects.get()
    assert audit_round.status == AuditRound.Status.FINISHED
    assert audit_round.cases.filter(moderated_at__isnull=True).count() == 0
    assert Briefing.objects.filter(status=Briefing.Status.PUBLISHED).count() == 1
    client = testing.sign_in_verified(Client(), region.people["businessmanager"])
    for url in [
        f"/learning/reviews/{review.pk}/",
        f"/learning/audit-rounds/{audit_round.pk}/",
        "/learning/themes/neglect/",
        "/learning/standards/delivery/",
    ]:
        assert client.get(url).status_code == 200, url
