"""The demo region: Seren's strategy discussion five working days ago, so her initial conference is due."""

from __future__ import annotations

from typing import Any

import pytest

from cylch.chronology.models import ChronologyEntry
from cylch.core.demo import demo_load
from cylch.meetings.demo import build_meetings
from cylch.meetings.models import Invitee, Meeting
from cylch.timescales.calendar import working_days_between
from cylch.timescales.models import DueItem

pytestmark = pytest.mark.django_db


def test_build_meetings_holds_serens_strategy_discussion_once(clock: Any) -> None:
    region = demo_load()
    build_meetings(region)
    build_meetings(region)
    meeting = Meeting.objects.get(meeting_type="strategy_discussion")
    assert meeting.status == Meeting.Status.HELD
    [seren] = list(meeting.children.all())
    assert seren.family_name == "Enghraifft"
    kinds = {i.agency.kind for i in Invitee.objects.filter(meeting=meeting, attendance="attended", had_authority=True).select_related("agency")}
    assert {"police", "childrens_services"} <= kinds
    from django.utils import timezone

    assert working_days_between(timezone.localtime(meeting.held_at).date(), timezone.localdate()) == 5
    item = DueItem.objects.get(child=seren, rule__code="initial-conference")
    assert item.state == DueItem.State.OPEN
    assert ChronologyEntry.objects.filter(child=seren, entry_type="strategy_discussion").exists()
