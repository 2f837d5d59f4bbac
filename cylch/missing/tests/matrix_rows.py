"""Missing-children pages in the permission matrix. Pages of a child answer 404 to anyone outside
the team around the child; the list of children missing now opens to roles that work with
children; the partnership statistics (counts only) to partnership managers."""

from __future__ import annotations

from cylch.access.tests.matrix_support import CHILD_WORKERS, Row, only
from cylch.missing.tests import factories
from cylch.people.models import Role

PARTNERSHIP = {Role.PARTNERSHIP_MANAGER.value}

ROWS: list[Row] = [
    Row("missing:current", expected=only(CHILD_WORKERS)),
    Row("missing:statistics", expected=only(PARTNERSHIP)),
    Row("missing:statistics_csv", expected=only(PARTNERSHIP)),
    *[
        Row(f"missing:{name}", kwargs=factories.child_kwargs, expected=only(CHILD_WORKERS, refused=404))
        for name in ["child", "form", "form_edit", "photo", "form_pdf", "episode_new"]
    ],
    # Reviewing without changes is a POST; an empty one is refused back to the form (302).
    Row("missing:form_confirm", method="POST", kwargs=factories.child_kwargs, expected=only(CHILD_WORKERS, ok=302, refused=404)),
    *[
        Row(f"missing:{name}", kwargs=factories.episode_kwargs, expected=only(CHILD_WORKERS, refused=404))
        for name in ["episode", "episode_regrade", "interview", "safe_and_well"]
    ],
    # The matrix's episode has ended, so the "found" page sends people back to the episode.
    Row("missing:episode_return", kwargs=factories.episode_kwargs, expected=only(CHILD_WORKERS, ok=302, refused=404)),
]
