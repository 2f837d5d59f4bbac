"""Synthetic partnerships: deterministic by seed, idempotent, and removable."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from cylch.core.synthetic import extensions_delete
from cylch.partnerships.models import AssessmentCycle, Partnership, PartnershipRole, Rating

pytestmark = pytest.mark.django_db


def _ratings() -> list[tuple[str, str, str, str]]:
    return list(
        Rating.objects.order_by("cycle__partnership__code", "cycle__period_start", "agency__code", "indicator__code").values_list(
            "cycle__partnership__code", "agency__code", "indicator__code", "score"
        )
    )


def test_synthetic_partnerships_are_deterministic_and_idempotent() -> None:
    call_command("make_synthetic", "--scale", "small", "--seed", "1", stdout=StringIO())
    assert Partnership.objects.filter(board__isnull=False).count() == 13
    # The two statutory boards over Cardiff (other domains may add synthetic partnerships of their own).
    cardiff = Partnership.objects.filter(areas__code="la-cardiff", board__isnull=False)
    assert cardiff.count() == 2
    for partnership in cardiff:
        assert partnership.agencies.filter(code__startswith="syn-").exists()
        assert PartnershipRole.objects.filter(partnership=partnership, role=PartnershipRole.Role.BUSINESS_MANAGER).count() == 1
        statuses = sorted(partnership.cycles.values_list("status", flat=True))
        assert statuses == ["open", "signed_off", "signed_off"]
    first = _ratings()
    assert first and {score for *_rest, score in first} <= {"1", "2", "3", "4"}

    out = StringIO()
    call_command("make_synthetic", "--scale", "small", "--seed", "1", stdout=out)
    assert _ratings() == first

    extensions_delete()
    assert not AssessmentCycle.objects.exists() and not Rating.objects.exists()
    call_command("make_synthetic", "--scale", "small", "--seed", "1", stdout=StringIO())
    assert _ratings() == first
