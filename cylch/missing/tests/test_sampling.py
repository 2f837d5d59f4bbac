"""An audit round can sample children who went missing in the period."""

from __future__ import annotations

import datetime

from django.utils import timezone

from cylch.core import testing
from cylch.learning.sampling import criterion

from .conftest import World
from .factories import ago, episode


def test_children_who_went_missing_in_the_period_and_area_are_sampled(world: World) -> None:
    episode(world.child, world.police, start=ago(days=3), found=ago(days=2))
    elsewhere = testing.make_child(involved_team=world.police_team, local_authority=testing.make_area())
    episode(elsewhere, world.police, start=ago(days=3), found=ago(days=2))
    missing = criterion("missing")
    assert missing is not None
    today = timezone.localdate()
    assert set(missing.children(area_ids=[world.la.pk], start=today - datetime.timedelta(days=30), end=today)) == {world.child.pk}
    long_ago = today - datetime.timedelta(days=400)
    assert list(missing.children(area_ids=[world.la.pk], start=long_ago, end=long_ago + datetime.timedelta(days=30))) == []
