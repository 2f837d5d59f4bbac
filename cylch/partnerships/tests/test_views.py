"""Partnership and self-assessment pages: what people see and do, what is refused, in both languages."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cylch.accountability.models import LedgerAction
from cylch.audit.models import AuditEntry
from cylch.core import testing
from cylch.framework.models import Indicator, Standard
from cylch.partnerships import services
from cylch.partnerships.models import AccountabilityEntry, AssessmentCycle, Rating
from cylch.people.models import Person

pytestmark = pytest.mark.django_db


def _client(person: Person, language: str = "en") -> Client:
    client = testing.sign_in_verified(Client(), person)
    client.cookies["cylch_language"] = language
    return client


def _date(day: datetime.date) -> str:
    return day.strftime("%d %m %Y")


def test_list_and_detail_in_both_languages(world: Any) -> None:
    for language, expected in (("en", "Joint accountability matrix"), ("cy", "Matrics atebolrwydd ar y cyd")):
        client = _client(world.manager, language)
        response = client.get(reverse("partnerships:list"))
        assert response.status_code == 200
        assert world.partnership.name_en in response.content.decode() or world.partnership.name_cy in response.content.decode()
        html = client.get(reverse("partnerships:detail", args=[world.partnership.pk])).content.decode()
        assert expected in html


def test_outsiders_get_404_and_practitioners_403(world: Any) -> None:
    url = reverse("partnerships:detail", args=[world.partnership.pk])
    assert _client(world.outsider_manager).get(url).status_code == 404
    assert _client(world.practitioner).get(reverse("partnerships:list")).status_code == 403
    assert _client(world.practitioner).get(url).status_code == 404


def test_opening_a_cycle_and_bad_dates(world: Any) -> None:
    client = _client(world.manager)
    url = reverse("partnerships:cycle_new", args=[world.partnership.pk])
    today = timezone.localdate()
    response = client.post(url, {"period_start": _date(today), "period_end": _date(today - datetime.timedelta(days=3)), "deadline": _date(today)})
    assert response.status_code == 200
    assert "The end of the period must be on or after its start" in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()
    assert not AssessmentCycle.objects.exists()
    response = client.post(url, {"period_start": _date(today - datetime.timedelta(days=365)), "period_end": _date(today), "deadline": _date(today + datetime.timedelta(days=20))})
    cycle = AssessmentCycle.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("partnerships:cycle", args=[world.partnership.pk, cycle.pk])
    # A safeguarding lead of a member agency cannot open one.
    assert _client(world.health_lead).get(url).status_code == 403


def test_rating_refused_without_evidence_then_saved_with_a_document(world: Any) -> None:
    cycle = world.cycle()
    indicator = Indicator.objects.filter(evidence_required=True)[0]
    client = _client(world.health_lead)
    url = reverse("partnerships:rate", args=[world.partnership.pk, cycle.pk, indicator.pk])
    page = client.get(url)
    assert page.status_code == 200
    # The lead may rate only for their own agency.
    assert f'<option value="{world.health.pk}"' in page.content.decode()
    assert f'<option value="{world.cs.pk}"' not in page.content.decode()
    response = client.post(url, {"agency": world.health.pk, "score": "3", "narrative": "We audit monthly"})
    assert response.status_code == 200
    assert "This indicator needs evidence" in response.content.decode()
    assert not Rating.objects.exists()
    # Rating for another agency is refused by the form's choices.
    response = client.post(url, {"agency": world.cs.pk, "score": "3", "evidence_link": "https://example.invalid"})
    assert response.status_code == 200 and not Rating.objects.exists()
    upload = SimpleUploadedFile("audit.pdf", b"%PDF-1.4 audit", content_type="application/pdf")
    response = client.post(url, {"agency": world.health.pk, "score": "3", "document": upload})
    assert response.status_code == 302
    rating = Rating.objects.get()
    document = rating.documents.get()
    # The document is served only through the access check, and the opening is audited.
    doc_url = reverse("partnerships:document", args=[world.partnership.pk, cycle.pk, document.pk])
    got = _client(world.manager).get(doc_url)
    assert got.status_code == 200 and b"".join(got.streaming_content) == b"%PDF-1.4 audit"  # type: ignore[attr-defined]
    assert "attachment" in got["Content-Disposition"]
    assert AuditEntry.objects.filter(action="cylch.partnerships.evidence.viewed", actor=world.manager).exists()
    assert _client(world.outsider_manager).get(doc_url).status_code == 404


def test_standard_page_shows_live_measures_beside_the_ratings(world: Any, django_assert_max_num_queries: Any) -> None:
    cycle = world.cycle()
    world.rate_everything(cycle)
    client = _client(world.manager)
    url = reverse("partnerships:cycle_standard", args=[world.partnership.pk, cycle.pk, "delivery"])
    client.get(url)
    with django_assert_max_num_queries(30):
        response = client.get(url)
    html = response.content.decode()
    assert "Live measures" in html
    assert "Initial child protection conferences held within 15 working days" in html
    assert "How this is measured" in html
    welsh = _client(world.manager, "cy").get(url).content.decode()
    assert "Mesurau byw" in welsh
    # Managers may change any member agency's rating while the cycle is open.
    assert "?agency=" in html
    # The partnership manager sees no child: figures only, no links to children.
    assert "Children behind this figure" not in html
    cs_lead = testing.make_person("safeguarding_lead", world.cs_team)
    testing.make_child(involved_team=world.cs_team, local_authority=world.partnership.areas.get())
    assert "Children behind this figure" in _client(cs_lead).get(url).content.decode()


def test_measure_children_page_lists_only_children_the_reader_may_see(world: Any) -> None:
    area = world.partnership.areas.get()
    child = testing.make_child(involved_team=world.cs_team, practitioner=world.practitioner, local_authority=area)
    from cylch.children.models import Involvement

    Involvement.objects.filter(child=child).update(statutory_basis="")
    cycle = world.cycle(period_end=timezone.localdate())
    url = reverse("partnerships:measure", args=[world.partnership.pk, cycle.pk, "infrastructure-involvements-lawful-basis"])
    manager_html = _client(world.manager).get(url).content.decode()
    assert child.family_name not in manager_html
    assert "partnership roles on their own show figures only" in manager_html
    # A safeguarding lead of children's services sees the partnership and, through agency
    # oversight, the child.
    cs_lead = testing.make_person("safeguarding_lead", world.cs_team)
    lead_html = _client(cs_lead).get(url).content.decode()
    assert child.family_name in lead_html
    assert AuditEntry.objects.filter(action="cylch.partnerships.measure_children.viewed", actor=cs_lead).exists()
    assert _client(world.manager).get(url.replace("infrastructure-involvements-lawful-basis", "no-such-measure")).status_code == 404


def test_challenge_and_sign_off_through_the_pages(world: Any) -> None:
    cycle = world.cycle()
    world.rate_everything(cycle)
    rating = Rating.objects.filter(agency=world.cs)[0]
    lead = _client(world.health_lead)
    response = lead.post(reverse("partnerships:challenge", args=[world.partnership.pk, cycle.pk, rating.pk]), {"comment": ""})
    assert response.status_code == 200 and "Say why you challenge the rating" in response.content.decode()
    lead.post(reverse("partnerships:challenge", args=[world.partnership.pk, cycle.pk, rating.pk]), {"comment": "Too high"})
    challenge = rating.challenges.get()
    assert challenge.raised_by_agency == world.health
    manager = _client(world.manager)
    sign_off = reverse("partnerships:sign_off", args=[world.partnership.pk, cycle.pk])
    response = manager.post(sign_off, {"version": cycle.version})
    html = response.content.decode()
    assert response.status_code == 200
    assert "The cycle cannot be signed off while ratings are open." in html and "1 challenge to a rating is not resolved yet." in html
    # The health lead cannot resolve a challenge to children's services' rating, nor sign off.
    resolve = reverse("partnerships:challenge_resolve", args=[world.partnership.pk, cycle.pk, challenge.pk])
    assert lead.post(resolve, {"response": "x"}).status_code == 403
    assert lead.get(sign_off).status_code == 403
    assert manager.post(resolve, {"response": "Agreed at moderation: evidence seen"}).status_code == 302
    assert manager.post(sign_off, {"version": cycle.version, "note": "Board, 14 May"}).status_code == 302
    cycle.refresh_from_db()
    assert cycle.status == AssessmentCycle.Status.SIGNED_OFF


def test_improvement_action_through_the_page(world: Any) -> None:
    cycle = world.cycle()
    client = _client(world.manager)
    url = reverse("partnerships:action_new", args=[world.partnership.pk, cycle.pk])
    page = client.get(url + "?standard=delivery").content.decode()
    assert world.health_lead.full_name in page
    response = client.post(url, {"what": "", "owner_agency": "", "owner": "", "due_on": ""})
    html = response.content.decode()
    assert "Say what will be done" in html or "This field is required" in html
    assert not LedgerAction.objects.exists()
    due = timezone.localdate() + datetime.timedelta(days=30)
    response = client.post(
        url,
        {
            "standard": Standard.objects.get(code="delivery").pk,
            "what": "Review conference timeliness monthly",
            "owner_agency": world.health.pk,
            "owner": world.health_lead.pk,
            "due_on": _date(due),
        },
    )
    assert response.status_code == 302
    action = LedgerAction.objects.get()
    assert action.source_kind == "self_assessment" and action.owner == world.health_lead
    assert "Review conference timeliness monthly" in client.get(reverse("partnerships:cycle", args=[world.partnership.pk, cycle.pk])).content.decode()


def test_matrix_edit_needs_a_responsible_agency(world: Any) -> None:
    client = _client(world.manager)
    url = reverse("partnerships:matrix_standard", args=[world.partnership.pk, "delivery"])
    data = {"accountable_body": world.board.pk, "lead": world.health_lead.pk, f"agency_{world.cs.pk}": "informed"}
    response = client.post(url, data)
    assert "At least one agency must be responsible" in response.content.decode()
    assert not AccountabilityEntry.objects.exists()
    data[f"agency_{world.health.pk}"] = "responsible"
    assert client.post(url, data).status_code == 302
    html = client.get(reverse("partnerships:matrix", args=[world.partnership.pk])).content.decode()
    assert "<caption" in html and 'scope="row"' in html
    assert world.health_lead.full_name in html
    # A stale edit is refused.
    data["version"] = "0"
    response = client.post(url, data)
    assert "Someone else changed this row" in response.content.decode()


def test_progress_and_national_with_csv(world: Any, django_assert_max_num_queries: Any) -> None:
    cycle = world.cycle()
    world.rate_everything(cycle, score="2")
    services.cycle_sign_off(actor=world.manager, cycle=cycle)
    services.snapshots_refresh()
    client = _client(world.manager)
    html = client.get(reverse("partnerships:progress", args=[world.partnership.pk])).content.decode()
    assert "<svg" in html and "<table" in html
    csv_text = client.get(reverse("partnerships:progress", args=[world.partnership.pk]) + "?format=csv").content.decode("utf-8-sig")
    assert "Delivery" in csv_text and ",2.0" in csv_text
    url = reverse("partnerships:national")
    client.get(url)
    with django_assert_max_num_queries(20):
        response = client.get(url)
    html = response.content.decode()
    assert "were computed on" in html and world.partnership.name_en in html
    csv_text = client.get(url + "?format=csv").content.decode("utf-8-sig")
    assert world.partnership.name_en in csv_text
    # Aggregates only: no child-level words on the national page.
    assert "children:summary" not in html


def test_setting_up_a_local_partnership_and_its_members(world: Any) -> None:
    client = _client(world.manager)
    url = reverse("partnerships:new")
    response = client.post(url, {"name_en": "Valley Early Help Partnership", "name_cy": ""})
    html = response.content.decode()
    assert "Choose at least one local authority area" in html and "govuk-error-summary" in html
    area = world.cs.area
    response = client.post(url, {"name_en": "Valley Early Help Partnership", "name_cy": "Partneriaeth Cymorth Cynnar y Cwm", "areas": [area.pk]})
    from cylch.partnerships.models import Partnership, PartnershipRole

    local = Partnership.objects.get(kind=Partnership.Kind.LOCAL_PARTNERSHIP)
    assert response.status_code == 302 and response["Location"] == reverse("partnerships:members", args=[local.pk])
    assert list(local.areas.all()) == [area]
    assert world.cs in local.agencies.all()
    assert PartnershipRole.objects.filter(partnership=local, person=world.manager, role="business_manager").exists()
    assert AuditEntry.objects.filter(action="cylch.partnerships.partnership.created").exists()
    # Members: only agencies of the areas; none chosen is refused.
    members = reverse("partnerships:members", args=[local.pk])
    page = client.get(members).content.decode()
    assert world.cs.name_en in page and world.health.name_en not in page
    response = client.post(members, {})
    assert "Choose at least one member agency" in response.content.decode()
    assert local.agencies.exists()
    third = testing.make_agency(kind="third_sector", area=area)
    assert client.post(members, {"agencies": [world.cs.pk, third.pk]}).status_code == 302
    assert set(local.agencies.all()) == {world.cs, third}
    # Only partnership managers set partnerships up.
    assert _client(world.health_lead).get(url).status_code == 403


def test_ratings_to_give_appear_in_my_work_until_done(world: Any) -> None:
    from cylch.partnerships.work import self_assessment_work
    from cylch.work.selectors import Scope

    cycle = world.cycle()
    now = timezone.now()
    items = self_assessment_work(world.health_lead, Scope(person_ids={world.health_lead.pk}), now)
    assert len(items) == 1
    assert world.partnership.name_en in items[0].title and items[0].status == "upcoming"
    assert items[0].link == reverse("partnerships:cycle", args=[world.partnership.pk, cycle.pk])
    page = _client(world.health_lead).get(reverse("work:mine")).content.decode()
    assert "Self-assessment for" in page
    world.rate_everything(cycle)
    assert self_assessment_work(world.health_lead, Scope(person_ids={world.health_lead.pk}), now) == []
    # Practitioners do not rate: nothing, and no query.
    assert self_assessment_work(world.practitioner, Scope(person_ids={world.practitioner.pk}), now) == []
