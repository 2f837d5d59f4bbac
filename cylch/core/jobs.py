"""Periodic jobs of the core domain. Jobs are just another caller of services."""

from __future__ import annotations

import logging

from django_tasks import task

from cylch.audit.context import acting
from cylch.audit.services import audit_chain_verify

logger = logging.getLogger(__name__)


@task()
def audit_chain_check() -> dict[str, object]:
    with acting(channel="job"):
        report = audit_chain_verify()
    if report.problem:
        logger.error("Audit chain broken at entry %s: %s", report.broken_at, report.problem)
    return {"checked": report.checked, "broken_at": report.broken_at, "problem": report.problem}
