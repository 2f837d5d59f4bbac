"""The live measure of therapeutic waits, the demo builder, and pages for providers adding services and ratings."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cylch.core import testing
from cylch.partnerships.measures import all_measures
from cylch.therapy.models import ChildRating, Referral, Service

from .factories import World, move, sent_referral, service_values

pytestmark = pytest.mark.django_db


def test_therapeutic_waits_measure_under_the_delivery_standard(world: World) -> None:
    measure = next(m for m in all_measures() if m.code == "therapeutic-waits")
    assert measure.standard == "delivery"
    today = timezone.localdate()
    start, end = today - datetime.timedelta(days=200), today
    quick = sent_referral(world)
    move(quick, world.provider, Referral.State.ACCEPTED)
    move(quick, world.provider, Referral.State.STARTED, goals="Sleep")
    slow = sent_referral(world)
    Referral.objects.filter(pk=slow.pk).update(sent_at=timezone.now() - datetime.timedelta(days=120))
    sent_referral(world)  # still within the threshold: its wait is not yet known
    result = measure.compute(area_ids=[world.la.pk], start=start, end=end)
    assert (result.numerator, result.denominator) == (1, 2)
    assert measure.children is not None
    assert set(measure.children(area_ids=[world.la.pk], start=start, end=end).values_list("child_id", flat=True)) == {world.child.pk}
    assert measure.compute(area_ids=[world.other_la.pk], start=start, end=end).denominator == 0


def test_demo_builds_services_a_provider_person_and_gwenno_once() -> None:
    from cylch.children.models import Child
    from cylch.core.demo import demo_load
    from cylch.timescales.models import DueItem

    region = demo_load()
    therapist = region.people["therapist"]
    assert therapist.email.endswith("@demo.cylch.invalid") and "Demo" in therapist.full_name
    assert Service.objects.filter(welsh_language=True, provider__code="demo-therapy-charity").exists()
    gwenno = Child.objects.get(given_names="Gwenno", family_name="Breuddwyd")
    item = DueItem.objects.get(child=gwenno, rule__code="therapy-first-contact")
    assert item.due_at < timezone.now() and item.owner_person == region.people["practitioner"]
    seren = Child.objects.get(given_names="Seren Haf")
    assert not seren.involvements.filter(agency__kind__in=["school", "health"]).exists()
    assert not Referral.objects.filter(child=seren).exists()
    demo_load()
    assert Child.objects.filter(given_names="Gwenno").count() == 1 and Service.objects.filter(provider__code="demo-therapy-charity").count() == 1


def test_provider_adds_a_service_and_bad_input_changes_nothing(world: World) -> None:
    client = testing.sign_in_verified(Client(), world.provider)
    url = reverse("therapy:service_new")
    before = Service.objects.count()
    bad = client.post(url, {"provider": str(world.provider_agency.pk), "name_en": "X", "minimum_age": "99"})
    assert bad.status_code == 200 and "govuk-error-summary" in bad.content.decode()
    assert Service.objects.count() == before
    data = {k: v for k, v in service_values(name_en="New Service", name_cy="Gwasanaeth Newydd").items() if not isinstance(v, bool) and not isinstance(v, list)}
    data |= {"provider": str(world.provider_agency.pk), "areas": [str(world.la.pk)], "welsh_language": "on"}
    response = client.post(url, data)
    service = Service.objects.get(name_en="New Service")
    assert response.status_code == 302 and service.welsh_language and service.provider == world.provider_agency
    # Someone else's agency cannot be chosen as the provider.
    other = client.post(url, data | {"provider": str(testing.make_agency().pk), "name_en": "Sneaky"})
    assert other.status_code == 200 and not Service.objects.filter(name_en="Sneaky").exists()


def test_rating_page(world: World) -> None:
    referral = sent_referral(world)
    client = testing.sign_in_verified(Client(), world.provider)
    url = reverse("therapy:referral_rating", args=[referral.pk])
    early = client.post(url, {"stage": "start", "score": "3"})
    assert early.status_code == 200 and "once help has started" in early.content.decode()
    move(referral, world.provider, Referral.State.ACCEPTED)
    move(referral, world.provider, Referral.State.STARTED, goals="Sleep")
    assert client.post(url, {"stage": "start", "score": "7"}).status_code == 200
    assert client.post(url, {"stage": "start", "score": "3", "words": "Iawn"}).status_code == 302
    assert list(ChildRating.objects.values_list("score", "words")) == [(3, "Iawn")]
