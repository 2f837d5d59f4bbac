from __future__ import annotations

import pytest

from cylch.accountability.models import LedgerAction
from cylch.core.demo import demo_load
from cylch.governance.models import BoardMeeting, Risk

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_board_meeting_with_actions_and_an_escalated_risk_and_loads_twice() -> None:
    region = demo_load()
    demo_load()
    meeting = BoardMeeting.objects.get()
    assert meeting.decisions.count() == 1 and meeting.agenda.count() == 3
    actions = LedgerAction.objects.filter(source_kind="board_meeting", source_id=str(meeting.pk))
    assert actions.count() == 2
    assert actions.filter(owner_agency=region.agencies["demo-health"]).exists()
    assert sum(a.is_overdue() for a in actions) == 1
    assert Risk.objects.get().escalated_on is not None
