from cylch.governance.tests.conftest import world  # noqa: F401 (the shared partnership fixture)
