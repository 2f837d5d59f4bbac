"""Ledger pages in the permission matrix. The ledger opens to those who govern the partnership
(403 to roles with no partnership). A partnership action opens to those who govern its partnership
and to its named owner; it answers 404 to everyone else (the matrix's own people are not its owner)."""

from __future__ import annotations

from cylch.access.tests.matrix_support import Row, only
from cylch.governance.tests import factories as f
from cylch.people.models import Role

PM = {Role.PARTNERSHIP_MANAGER.value}

ROWS: list[Row] = [
    Row("accountability:ledger", kwargs=f.partnership_kwargs, expected=only(PM)),
    Row("accountability:action", kwargs=f.action_kwargs, expected=only(PM, refused=404)),
]
