from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cylch.chronology.models import ChronologyEntry
from cylch.core import testing
from cylch.people.models import Role

pytestmark = pytest.mark.django_db

junk = st.dictionaries(
    keys=st.sampled_from(["occurred_on", "occurred_time", "entry_type", "summary", "detail", "significance", "sensitivity", "reason", "agency", "date_from", "date_to", "page", "view"]),
    values=st.one_of(st.text(max_size=80), st.sampled_from(["", "31 2 2026", "99:99", "critical", "visit", "-1", "\x00", "9" * 30])),
    max_size=8,
)


@pytest.fixture
def setup():  # type: ignore[no-untyped-def]
    team = testing.make_team()
    lead = testing.make_person(Role.PRACTITIONER, team)
    child = testing.make_child(involved_team=team, practitioner=lead, is_lead=True)
    return testing.sign_in_verified(Client(), lead), child


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=junk)
def test_junk_never_breaks_the_chronology_forms(setup, data) -> None:  # type: ignore[no-untyped-def]
    client, child = setup
    before = ChronologyEntry.objects.count()
    response = client.post(reverse("chronology:add", args=[child.pk]), data)
    assert response.status_code in {200, 302}
    if response.status_code == 200:
        assert ChronologyEntry.objects.count() == before
    assert client.get(reverse("chronology:timeline", args=[child.pk]), data).status_code == 200
    assert client.get(reverse("chronology:export", args=[child.pk, "csv"]), data).status_code == 200
