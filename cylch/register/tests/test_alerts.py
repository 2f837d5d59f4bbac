"""The register alert on the child's summary, in one query."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from cylch.access import rules
from cylch.meetings.tests.factories import World, register_at_conference, signed_in_client, wales
from cylch.register import services
from cylch.register.alerts import registration_alert
from cylch.register.models import Registration

pytestmark = pytest.mark.django_db


def test_the_summary_shows_the_registration_in_the_readers_language(world: World) -> None:
    register_at_conference(world, at=wales(2026, 6, 1, 11))
    access = rules.child_access(world.lead, world.child)
    with CaptureQueriesContext(connection) as queries:
        alerts = registration_alert(world.child, access)
    assert len(queries) == 1
    assert alerts == ["On the child protection register since 1 June 2026, categories: Emotional or psychological abuse, Neglect"]
    with translation.override("cy"):
        [welsh] = registration_alert(world.child, access)
    assert "Cam-drin emosiynol neu seicolegol, Esgeulustod" in welsh
    page = signed_in_client(world.police).get(reverse("children:summary", args=[world.child.pk])).content.decode()
    assert "On the child protection register since 1 June 2026" in page


def test_no_alert_when_not_registered_or_after_the_registration_ends(world: World) -> None:
    access = rules.child_access(world.lead, world.child)
    assert registration_alert(world.child, access) == []
    register_at_conference(world, at=wales(2026, 6, 1, 11))
    services.registration_end(
        actor=world.lead, registration=Registration.objects.get(), reason="died", detail="Sadly died", ended_on=datetime.date(2026, 6, 9)
    )
    assert registration_alert(world.child, access) == []
