"""Who is acting, for which agency, through which channel.

Set once per request by middleware, per job by the worker wrapper and per
command; services read it when they write their audit entry.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class AuditContext:
    channel: str = "command"
    agency_id: int | None = None


_current: ContextVar[AuditContext] = ContextVar("cylch_audit_context", default=AuditContext())  # noqa: B039 - frozen


def current() -> AuditContext:
    return _current.get()


@contextmanager
def acting(*, channel: str, agency_id: int | None = None) -> Iterator[AuditContext]:
    context = AuditContext(channel=channel, agency_id=agency_id)
    token = _current.set(context)
    try:
        yield context
    finally:
        _current.reset(token)
