"""Browser fixtures for the learning journey come from the core browser tests."""

from cylch.core.tests.conftest import axe_source, browser  # noqa: F401 - pytest fixtures
