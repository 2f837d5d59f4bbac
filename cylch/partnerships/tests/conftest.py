from __future__ import annotations

from typing import Any

import pytest

from cylch.partnerships.tests.factories import World


@pytest.fixture
def world(db: Any) -> World:
    return World()


@pytest.fixture(autouse=True)
def private_files(tmp_path: Any, settings: Any) -> Any:
    """Evidence documents go to a temporary folder in tests."""
    settings.CYLCH_PRIVATE_FILES_DIR = str(tmp_path / "private")
    return tmp_path / "private"


# The browser fixtures (Chromium per module, axe-core) are core's.
from cylch.core.tests.conftest import axe_source, browser  # noqa: E402, F401
