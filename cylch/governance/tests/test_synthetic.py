from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from cylch.accountability.models import LedgerAction
from cylch.core.synthetic import extensions_delete
from cylch.governance.models import BoardMeeting, Risk
from cylch.organisations.management.commands.make_synthetic import EMAIL_DOMAIN

pytestmark = pytest.mark.django_db


# This domain's synthetic rows (made by the synthetic partnership managers); other domains'
# extensions (learning's board) add ledger actions of their own.
SYNTHETIC = {"created_by__email__endswith": f"@{EMAIL_DOMAIN}"}


def _counts() -> tuple[int, int, int, list[str]]:
    actions = LedgerAction.objects.filter(**SYNTHETIC)
    return (
        BoardMeeting.objects.filter(**SYNTHETIC).count(),
        Risk.objects.filter(**SYNTHETIC).count(),
        actions.count(),
        list(actions.order_by("what", "due_on").values_list("status", flat=True)[:50]),
    )


def test_synthetic_governance_is_built_deterministically_and_deleted() -> None:
    call_command("make_synthetic", "--scale", "small", "--seed", "1", stdout=StringIO())
    first = _counts()
    assert first[0] > 0 and first[1] > 0 and first[2] > 0
    extensions_delete()
    assert _counts()[:3] == (0, 0, 0)
    call_command("make_synthetic", "--scale", "small", "--seed", "1", stdout=StringIO())
    assert _counts() == first
