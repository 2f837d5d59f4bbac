"""Shared pieces of the permission matrix, so each domain can add its own rows.

A domain adds rows in `cylch/<app>/tests/matrix_rows.py` as `ROWS: list[Row]`;
`test_permission_matrix.py` collects them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cylch.people.models import Role

ANONYMOUS = "anonymous"
UNVERIFIED = "unverified"  # password accepted, second factor not yet given
VERIFIED_ROLES = [r.value for r in Role]
ALL = [ANONYMOUS, UNVERIFIED, *VERIFIED_ROLES]
ADMINS = {Role.AGENCY_ADMIN.value, Role.SYSTEM_ADMIN.value}
CHILD_WORKERS = {Role.PRACTITIONER.value, Role.TEAM_MANAGER.value, Role.SAFEGUARDING_LEAD.value}
MANAGERS = {Role.TEAM_MANAGER.value, Role.SAFEGUARDING_LEAD.value}
AGREEMENT_READERS = CHILD_WORKERS | {
    Role.DATA_PROTECTION_LEAD.value,
    Role.PARTNERSHIP_MANAGER.value,
    Role.AUDITOR.value,
}


@dataclass
class Row:
    name: str
    method: str = "GET"
    kwargs: Callable[[dict[str, Any]], dict[str, Any]] = lambda ctx: {}
    data: Any = None
    # status by role; roles not named get `others`
    expected: dict[str, int] = field(default_factory=dict)
    others: int = 200


def signed_in_only(ok: int = 200, **special: int) -> dict[str, int]:
    """Anonymous and unverified people are sent to sign in (302)."""
    return {ANONYMOUS: 302, UNVERIFIED: 302, **{r: ok for r in VERIFIED_ROLES}, **special}


def only(roles: set[str], ok: int = 200, refused: int = 403) -> dict[str, int]:
    return {ANONYMOUS: 302, UNVERIFIED: 302, **{r: (ok if r in roles else refused) for r in VERIFIED_ROLES}}
