"""A frozen clock and a small team around one child, shared by the timescales tests."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine

from cylch.core import testing
from cylch.organisations.models import Team
from cylch.people.models import Person, Role
from cylch.timescales.calendar import WALES

# Wednesday 10 June 2026, 10:00 in Wales: no bank holiday within the next fortnight.
NOW = datetime.datetime(2026, 6, 10, 10, 0, tzinfo=WALES)


def wales(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, second, tzinfo=WALES)


@pytest.fixture
def clock() -> Iterator[Any]:
    """Time stands still at NOW until a test moves it (clock.move_to(...))."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@dataclass
class World:
    team: Team
    lead: Person  # the child's lead professional
    recorder: Person  # a practitioner in another agency who records events
    manager: Person  # partnership manager: may change the rules
    child: Any
    unled_child: Any  # a child with no lead professional named


@pytest.fixture
def world(db: Any, clock: Any) -> World:
    team = testing.make_team()
    lead = testing.make_person(Role.PRACTITIONER, team, full_name="Lowri Lead")
    recorder_team = testing.make_team()
    recorder = testing.make_person(Role.PRACTITIONER, recorder_team, full_name="Rhodri Recorder")
    manager = testing.make_person(Role.PARTNERSHIP_MANAGER, testing.make_team(), full_name="Manon Manager")
    child = testing.make_child(involved_team=team, practitioner=lead, is_lead=True)
    unled_child = testing.make_child(involved_team=recorder_team, practitioner=recorder, is_lead=False)
    return World(team=team, lead=lead, recorder=recorder, manager=manager, child=child, unled_child=unled_child)
