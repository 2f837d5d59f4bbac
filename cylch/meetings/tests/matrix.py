"""A meeting for the permission matrix (cylch/access/tests/test_permission_matrix.py)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone


def meeting_kwargs(ctx: dict[str, Any]) -> dict[str, int]:
    """child_id and meeting_id of a meeting about the matrix's child, made once per matrix run."""
    from cylch.meetings.models import Meeting, MeetingChild

    if "meeting" not in ctx:
        colleague = ctx["colleague"]
        meeting = Meeting.objects.create(
            meeting_type="initial_conference",
            scheduled_at=timezone.now() + datetime.timedelta(days=3),
            convened_by_agency=colleague.memberships.first().team.agency,
            convened_by=colleague,
        )
        MeetingChild.objects.create(meeting=meeting, child=ctx["child"])
        ctx["meeting"] = meeting
    return {"child_id": ctx["child"].pk, "meeting_id": ctx["meeting"].pk}
