"""An audit round can sample children referred for therapeutic support in the period."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from cylch.learning.sampling import criterion

from .factories import make_world, record_need, sent_referral


@pytest.mark.django_db
def test_children_referred_in_the_period_and_area_are_sampled() -> None:
    world = make_world()
    record_need(world)  # a need with no referral sent is not sampled
    today = timezone.localdate()
    period = {"start": today - datetime.timedelta(days=30), "end": today}
    therapy = criterion("therapy")
    assert therapy is not None
    assert list(therapy.children(area_ids=[world.la.pk], **period)) == []
    sent_referral(world)
    assert set(therapy.children(area_ids=[world.la.pk], **period)) == {world.child.pk}
    assert list(therapy.children(area_ids=[world.other_la.pk], **period)) == []
