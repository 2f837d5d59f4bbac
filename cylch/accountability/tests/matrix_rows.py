"""Ledger pages in the permission matrix. They follow the partnership's access (see
cylch/governance/tests/matrix_rows.py): viewers of the partnership read the ledger and its actions,
everyone else gets 404. A partnership action also opens to its named owner (the matrix's colleague,
who is none of the personas)."""

from __future__ import annotations

from cylch.access.tests.matrix_support import Row, only
from cylch.governance.tests import factories as f
from cylch.governance.tests.matrix_rows import VIEWERS, write

ROWS: list[Row] = [
    Row("accountability:ledger", kwargs=f.partnership_kwargs, expected=only(VIEWERS, refused=404)),
    Row("accountability:action", kwargs=f.action_kwargs, expected=only(VIEWERS, refused=404)),
    # Changing an action is for the partnership's managers: 403 for the other viewers.
    Row("accountability:action_change", kwargs=f.action_kwargs, expected=write()),
]
