"""A frozen clock and two siblings with a team around them, shared by the meetings tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from .factories import World, build_world, wales

# Wednesday 10 June 2026, 15:00 in Wales: no bank holiday for weeks either side.
NOW = wales(2026, 6, 10, 15, 0)


@pytest.fixture
def clock() -> Iterator[Any]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def world(db: Any, clock: Any) -> World:
    return build_world()
