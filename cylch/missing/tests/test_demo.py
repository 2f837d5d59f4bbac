"""The demo looked-after child Lili Mai Enghraifft-Jones and her missing history."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cylch.children.models import Involvement
from cylch.core import testing
from cylch.core.demo import demo_load
from cylch.missing import services
from cylch.missing.demo import _lili, build_missing
from cylch.missing.models import ChildInformationForm, MissingEpisode, ReturnInterview
from cylch.timescales.models import DueItem

pytestmark = pytest.mark.django_db


def test_lili_has_a_form_and_two_past_episodes_so_a_third_raises_a_strategy_discussion() -> None:
    region = demo_load()
    build_missing(region)  # a second run changes nothing
    lili = _lili()
    assert lili is not None
    form = ChildInformationForm.objects.get(child=lili)
    assert form.photo_name and services.photo_read(form)
    assert MissingEpisode.objects.filter(child=lili, found_at__isnull=False).count() == 2
    assert ReturnInterview.objects.filter(episode__child=lili).count() == 2
    assert not DueItem.objects.filter(child=lili, state="open", rule__code__in=["return-interview", "missing-strategy-discussion"]).exists()
    police, lead = region.people["police"], region.people["lacworker"]
    assert Involvement.objects.active().get(child=lili, is_lead=True).practitioner == lead
    start = timezone.now() - datetime.timedelta(hours=3)
    services.episode_record(actor=police, child=lili, missing_from=start, reported_at=start, reported_by="Foster carer", risk_grade="low")
    item = DueItem.objects.get(child=lili, rule__code="missing-strategy-discussion")
    assert item.owner_person == lead
    page = testing.sign_in_verified(Client(), region.people["supervising"]).get(reverse("missing:form", args=[lili.pk]))
    assert page.status_code == 200
    # Seren's team still leaves the school and health out (the demo's other journeys rely on it).
    seren_kinds = set(Involvement.objects.active().filter(child__family_name="Enghraifft").values_list("agency__kind", flat=True))
    assert "school" not in seren_kinds and "health" not in seren_kinds
