"""Synthetic learning data: removed with the other extensions' rows and built again the same."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from cylch.accountability.models import LedgerAction
from cylch.core.synthetic import extensions_delete
from cylch.learning.models import Briefing, BriefingRead, Review
from cylch.learning.synthetic import PARTNERSHIP_CODE
from cylch.partnerships.models import Partnership

pytestmark = pytest.mark.django_db


def _rows() -> tuple[int, int, list[tuple[str, str]]]:
    actions = LedgerAction.objects.filter(partnership__code=PARTNERSHIP_CODE)
    return (
        Review.objects.filter(partnership__code=PARTNERSHIP_CODE).count(),
        BriefingRead.objects.filter(briefing__partnership__code=PARTNERSHIP_CODE).count(),
        list(actions.order_by("due_on", "status", "owner__email").values_list("status", "owner__email")),
    )


def test_synthetic_learning_is_deleted_and_built_again_the_same() -> None:
    call_command("make_synthetic", "--scale", "small", "--seed", "1", stdout=StringIO())
    first = _rows()
    assert first[0] == 201 and first[1] > 0 and first[2]
    extensions_delete()
    assert not Partnership.objects.filter(code=PARTNERSHIP_CODE).exists()
    assert not Briefing.objects.exists() and not Review.objects.exists()
    assert not LedgerAction.objects.exists()  # nor any other extension's
    call_command("make_synthetic", "--scale", "small", "--seed", "1", stdout=StringIO())
    assert _rows() == first
