"""The browser fixtures of core (one Chromium per module, axe-core), for the framework's browser test."""

from cylch.core.tests.conftest import axe_source, browser, browser_context, page, page_log  # noqa: F401
