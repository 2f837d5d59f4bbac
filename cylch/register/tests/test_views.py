"""The register pages of a child's record, and the duty lines page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cylch.core import testing
from cylch.meetings.tests.factories import World, register_at_conference, signed_in_client, wales
from cylch.people.models import Role
from cylch.register.models import DutyLine, Registration, TransferIn
from cylch.timescales.models import DueItem

pytestmark = pytest.mark.django_db


def test_the_register_page_shows_the_registration_and_its_decision(world: World) -> None:
    meeting = register_at_conference(world, at=wales(2026, 6, 1, 11))
    page = signed_in_client(world.health).get(reverse("register:child", args=[world.child.pk])).content.decode()
    assert "On the child protection register since 1 June 2026" in page
    assert "Emotional or psychological abuse" in page
    assert reverse("meetings:detail", args=[world.child.pk, meeting.pk]) in page


def test_removing_from_the_register_for_a_listed_event(world: World) -> None:
    client = signed_in_client(world.lead)
    blocked = client.get(reverse("register:end", args=[world.child.pk])).content.decode()
    assert 'data-testid="blocked"' in blocked
    register_at_conference(world, at=wales(2026, 6, 1, 11))
    form = client.get(reverse("register:end", args=[world.child.pk])).content.decode()
    assert "review_conference" not in form  # a review conference decides at the conference
    response = client.post(reverse("register:end", args=[world.child.pk]), {"reason": "turned_18", "ended_on": "9 6 2026", "detail": "18"})
    assert response.status_code == 200
    assert "The child is not 18 on that date" in response.content.decode()
    response = client.post(
        reverse("register:end", args=[world.child.pk]), {"reason": "moved_out_of_uk", "ended_on": "9 6 2026", "detail": "Moved to Canada"}
    )
    assert response.status_code == 302
    assert Registration.objects.get().end_reason == "moved_out_of_uk"
    page = client.get(reverse("register:child", args=[world.child.pk])).content.decode()
    assert "Moved permanently out of the UK" in page and "Moved to Canada" in page


def test_recording_a_transfer_in(world: World) -> None:
    client = signed_in_client(world.lead)
    response = client.post(
        reverse("register:transfer_in", args=[world.child.pk]),
        {"notified_on": "8 6 2026", "notified_time": "09:30", "from_area": "Cyngor Sir Ddinbych", "categories": ["neglect"]},
    )
    assert response.status_code == 302
    assert TransferIn.objects.get().from_area == "Cyngor Sir Ddinbych"
    assert DueItem.objects.filter(child=world.child, rule__code="transfer-in-conference", state=DueItem.State.OPEN).exists()


def test_agency_administrators_keep_their_duty_lines(world: World) -> None:
    admin = testing.make_person(Role.AGENCY_ADMIN, testing.make_team(world.cs_agency))
    client = signed_in_client(admin)
    page = client.get(reverse("register:duty_lines")).content.decode()
    assert "Test Children&#x27;s Services" in page and "Test Police" not in page
    response = client.post(reverse("register:duty_lines"), {"agency": world.police_agency.pk, "phone": "01234 567890"})
    assert response.status_code == 200
    assert not DutyLine.objects.exists()
    response = client.post(reverse("register:duty_lines"), {"agency": world.cs_agency.pk, "phone": "01234 567890", "notes_cy": "Ar agor 24 awr"})
    assert response.status_code == 302
    assert DutyLine.objects.get().notes_cy == "Ar agor 24 awr"
    assert signed_in_client(world.lead).get(reverse("register:duty_lines")).status_code == 403
