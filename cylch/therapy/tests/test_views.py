"""Pages: both languages, bad input on the page, the provider's referral-scoped view, audit, query counts."""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cylch.audit.models import AuditEntry
from cylch.core import testing
from cylch.organisations.models import Board
from cylch.people.models import Person, Role
from cylch.therapy.models import Referral, Service, TherapeuticNeed

from .factories import NEED, World, move, record_need, sent_referral

pytestmark = pytest.mark.django_db


def client_for(person: Person, language: str = "en") -> Client:
    client = testing.sign_in_verified(Client(), person)
    client.cookies["cylch_language"] = language
    return client


def _text(response: Any) -> str:
    return response.content.decode()


@pytest.mark.parametrize(("language", "heading"), [("en", "Record a need for therapeutic support"), ("cy", "Cofnodi angen am gymorth therapiwtig")])
def test_recording_a_need_in_either_language(world: World, language: str, heading: str) -> None:
    client = client_for(world.lead, language)
    url = reverse("therapy:need_new", args=[world.child.pk])
    assert heading in _text(client.get(url))
    response = client.post(url, NEED)
    need = TherapeuticNeed.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("therapy:need", args=[world.child.pk, need.pk])
    page = _text(client.get(response["Location"]))
    welsh, quick, far = ("Welsh Play Therapy", "Quick Therapy", "Far Therapy") if language == "en" else ("Therapi Chwarae Cymraeg", "Therapi Cyflym", "Therapi Pell")
    assert welsh in page and page.index(welsh) < page.index(quick)
    assert far not in page


def test_bad_need_shows_the_error_summary_and_changes_nothing(world: World) -> None:
    client = client_for(world.lead)
    response = client.post(reverse("therapy:need_new", args=[world.child.pk]), {"care_status": "x", "need": ""})
    assert response.status_code == 200
    page = _text(response)
    assert "govuk-error-summary" in page and "Describe the need for therapeutic support." in page
    assert not TherapeuticNeed.objects.exists()


def test_referral_outside_the_area_asks_for_a_reason_on_the_page(world: World) -> None:
    need = record_need(world)
    client = client_for(world.lead)
    url = reverse("therapy:referral_new", args=[world.child.pk, need.pk, world.far_service.pk])
    page = _text(client.get(url))
    assert 'data-testid="eligibility-warnings"' in page and "does not cover the child&#x27;s local authority area" in page
    response = client.post(url, {"help_for": "child", "shared_parts": ["need"], "send": "1"})
    assert response.status_code == 200 and "Say why this service is still the right one for the child." in _text(response)
    assert not Referral.objects.exists()
    response = client.post(url, {"help_for": "child", "shared_parts": ["need"], "eligibility_reason": "Moving there soon", "send": "1"})
    referral = Referral.objects.get()
    assert response.status_code == 302 and referral.state == Referral.State.SENT


def test_provider_sees_only_what_the_referral_shares_and_never_the_childs_record(world: World) -> None:
    referral = sent_referral(world)  # shares the need and the child's views, not the carers' views
    client = client_for(world.provider)
    page = _text(client.get(reverse("therapy:referral", args=[referral.pk])))
    assert 'data-testid="provider-view"' in page
    assert NEED["need"] in page and "Dw i eisiau siarad" in page
    assert NEED["carers_views"] not in page
    assert world.child.date_of_birth is not None and world.child.date_of_birth.strftime("%Y") not in page.split("<h1")[0]
    # The provider is not in the team around the child: every page of the child is 404.
    for name, args in [("children:summary", [world.child.pk]), ("therapy:child", [world.child.pk]), ("therapy:need", [world.child.pk, referral.need_id])]:
        assert client.get(reverse(name, args=args)).status_code == 404
    entry = AuditEntry.objects.filter(action="cylch.therapy.referral.viewed", actor=world.provider).get()
    assert entry.child_id == world.child.pk and entry.reason == "provider of the service referred to"
    # The team sees everything.
    team_page = _text(client_for(world.lead).get(reverse("therapy:referral", args=[referral.pk])))
    assert NEED["carers_views"] in team_page and 'data-testid="provider-view"' not in team_page


def test_outsiders_get_404_and_providers_of_other_agencies_too(world: World) -> None:
    referral = sent_referral(world)
    other_provider = testing.make_person(Role.PRACTITIONER, testing.make_team())
    for person in (world.outsider, other_provider):
        client = client_for(person)
        assert client.get(reverse("therapy:referral", args=[referral.pk])).status_code == 404
        assert client.get(reverse("therapy:referral_move", args=[referral.pk, "accepted"])).status_code == 404
        assert referral.child.display_name not in _text(client.get(reverse("therapy:received")))


def test_drafts_stay_with_the_team(world: World) -> None:
    need = record_need(world)
    from cylch.therapy import services

    draft = services.referral_create(actor=world.lead, need=need, service=world.welsh_service, help_for="child", shared_parts=[])
    assert client_for(world.provider).get(reverse("therapy:referral", args=[draft.pk])).status_code == 404
    assert world.child.display_name not in _text(client_for(world.provider).get(reverse("therapy:received")))


@pytest.mark.parametrize("language", ["en", "cy"])
def test_provider_declines_and_must_name_an_onward_route(world: World, language: str) -> None:
    referral = sent_referral(world)
    client = client_for(world.provider, language)
    assert world.child.display_name in _text(client.get(reverse("therapy:received")))
    url = reverse("therapy:referral_move", args=[referral.pk, "declined"])
    response = client.post(url, {"version": referral.version, "reason": "Full until spring"})
    assert response.status_code == 200 and "govuk-error-summary" in _text(response)
    assert Referral.objects.get(pk=referral.pk).state == Referral.State.SENT
    response = client.post(
        url,
        {"version": referral.version, "reason": "Full until spring", "onward_route": "next_step", "onward_note": "Ring the carer", "onward_owner": "Lowri Lead", "onward_due_on": "1 1 2099"},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.state == Referral.State.DECLINED and referral.onward_due_on == datetime.date(2099, 1, 1)
    page = _text(client_for(world.lead, language).get(reverse("therapy:referral", args=[referral.pk])))
    assert 'data-testid="onward"' in page and "Ring the carer" in page


def test_impossible_move_by_url_is_refused_on_the_page(world: World) -> None:
    referral = sent_referral(world)
    client = client_for(world.lead)
    response = client.post(reverse("therapy:referral_move", args=[referral.pk, "started"]), {"version": referral.version, "goals": "x"})
    assert response.status_code == 200 and "cannot go from “Sent” to “Help started”" in _text(response)
    assert client.get(reverse("therapy:referral_move", args=[referral.pk, "flying"])).status_code == 404
    stale = client_for(world.provider).post(reverse("therapy:referral_move", args=[referral.pk, "accepted"]), {"version": 999})
    assert "Someone else moved this referral on" in _text(stale)


def test_directory_filters_and_service_editing_by_the_provider(world: World) -> None:
    client = client_for(world.lead, "cy")
    page = _text(client.get(reverse("therapy:directory"), {"welsh": "on", "area": str(world.la.pk)}))
    assert "Therapi Chwarae Cymraeg" in page and "Therapi Cyflym" not in page
    assert client.get(reverse("therapy:directory"), {"area": "junk", "kind": "nope"}).status_code == 200
    assert client.get(reverse("therapy:service_edit", args=[world.welsh_service.pk])).status_code == 403
    provider = client_for(world.provider)
    url = reverse("therapy:service_edit", args=[world.welsh_service.pk])
    assert provider.get(url).status_code == 200
    bad = provider.post(url, {"version": 1, "name_en": "", "minimum_age": "x"})
    assert bad.status_code == 200 and "govuk-error-summary" in _text(bad)
    assert Service.objects.get(pk=world.welsh_service.pk).version == 1


def test_the_record_links_to_therapeutic_support(world: World) -> None:
    sent_referral(world)
    page = _text(client_for(world.lead, "cy").get(reverse("children:summary", args=[world.child.pk])))
    assert f'href="{reverse("therapy:child", args=[world.child.pk])}">Cymorth therapiwtig<' in page


def _many_referrals(world: World, count: int) -> None:
    for n in range(count):
        referral = sent_referral(world, service=world.welsh_service if n % 2 else world.english_service)
        if n % 3 == 0:
            move(referral, world.provider, Referral.State.DECLINED, reason="Full", onward_route="carer_consultation", onward_note="Advice line")


def test_demand_page_chart_table_and_csv(world: World) -> None:
    board = Board.objects.create(code="test-rpb", kind=Board.Kind.REGIONAL_PARTNERSHIP, name_en="Test Region", name_cy="Rhanbarth Prawf")
    board.local_authorities.set([world.la])
    _many_referrals(world, 6)
    assert client_for(world.lead).get(reverse("therapy:demand")).status_code == 403
    manager = client_for(testing.make_person(Role.PARTNERSHIP_MANAGER), "cy")
    page = _text(manager.get(reverse("therapy:demand")))
    assert 'data-testid="demand-chart"' in page and 'data-testid="demand-regions"' in page and "Rhanbarth Prawf" in page
    response = manager.get(reverse("therapy:demand_csv"), {"region": str(board.pk)})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    region = next(r for r in rows if r[1] == "Rhanbarth Prawf")
    assert region[2:4] == ["6", "2"] and region[5] == "2" and region[9] == "1"  # four referrals waiting, all for one child
    assert AuditEntry.objects.filter(action="cylch.therapy.demand.exported").count() == 1
    bad = manager.get(reverse("therapy:demand"), {"start": "31 12 2030", "end": "1 1 2030", "region": "junk"})
    assert bad.status_code == 200 and "govuk-error-summary" in _text(bad)


def test_key_pages_have_a_constant_number_of_queries(world: World, django_assert_max_num_queries: Any) -> None:
    _many_referrals(world, 3)
    need = record_need(world)
    lead = client_for(world.lead)
    lead.get(reverse("therapy:need", args=[world.child.pk, need.pk]))
    with django_assert_max_num_queries(30):
        lead.get(reverse("therapy:need", args=[world.child.pk, need.pk]))
    with django_assert_max_num_queries(30):
        lead.get(reverse("therapy:child", args=[world.child.pk]))
    referral = Referral.objects.first()
    assert referral is not None
    with django_assert_max_num_queries(35):
        lead.get(reverse("therapy:referral", args=[referral.pk]))
    manager = client_for(testing.make_person(Role.PARTNERSHIP_MANAGER))
    with django_assert_max_num_queries(20):
        manager.get(reverse("therapy:demand"))
    provider = client_for(world.provider)
    with django_assert_max_num_queries(20):
        provider.get(reverse("therapy:received"))
    with django_assert_max_num_queries(20):
        lead.get(reverse("therapy:directory"))


def test_wait_shown_to_the_lead_professional_in_my_work(world: World) -> None:
    from cylch.timescales.models import DueItem

    sent_referral(world)
    DueItem.objects.filter(rule__code="therapy-first-contact").update(due_at=timezone.now() - datetime.timedelta(days=3))
    page = _text(client_for(world.lead).get(reverse("work:mine")))
    assert "Therapeutic support: first contact after the referral was sent" in page


def test_names_in_the_csv_are_never_formulas() -> None:
    from cylch.therapy.views import _csv_safe

    assert _csv_safe("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert _csv_safe("Play Therapy") == "Play Therapy"


def test_close_need_page(world: World) -> None:
    need = record_need(world)
    client = client_for(world.lead, "cy")
    url = reverse("therapy:need_close", args=[world.child.pk, need.pk])
    bad = client.post(url, {"reason": ""})
    assert bad.status_code == 200 and "govuk-error-summary" in _text(bad)
    assert client.post(url, {"reason": "Dim angen"}).status_code == 302
    need.refresh_from_db()
    assert need.status == TherapeuticNeed.Status.CLOSED
    assert client.get(url).status_code == 404
