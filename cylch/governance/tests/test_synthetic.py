from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from cylch.accountability.models import LedgerAction
from cylch.core.synthetic import extensions_delete
from cylch.governance.models import BoardMeeting, Risk

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, int, list[str]]:
    return (
        BoardMeeting.objects.count(),
        Risk.objects.count(),
        LedgerAction.objects.count(),
        list(LedgerAction.objects.order_by("what", "due_on").values_list("status", flat=True)[:50]),
    )


def test_synthetic_governance_is_built_deterministically_and_deleted() -> None:
    call_command("make_synthetic", "--scale", "small", "--seed", "1", stdout=StringIO())
    first = _counts()
    assert first[0] > 0 and first[1] > 0 and first[2] > 0
    extensions_delete()
    assert BoardMeeting.objects.count() == 0 and LedgerAction.objects.count() == 0 and Risk.objects.count() == 0
    call_command("make_synthetic", "--scale", "small", "--seed", "1", stdout=StringIO())
    assert _counts() == first
