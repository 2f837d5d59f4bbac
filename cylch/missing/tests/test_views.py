from __future__ import annotations

import csv
import datetime
import io
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cylch.audit.models import AuditEntry
from cylch.core import testing
from cylch.missing import selectors, services
from cylch.missing.models import ChildInformationForm, MissingEpisode, ReturnInterview, RiskGrading
from cylch.organisations.models import Board

from .conftest import World
from .factories import FORM_VALUES, ago, episode, image_bytes, information_form, interview, upload


def esc(text: str) -> str:
    """Text as Django's autoescape writes it in a page."""
    return text.replace("'", "&#x27;")


def client_for(person: Any, language: str = "en") -> Client:
    client = testing.sign_in_verified(Client(), person)
    client.cookies["cylch_language"] = language
    return client


def _typed(moment: datetime.datetime) -> tuple[str, str]:
    local = timezone.localtime(moment)
    return f"{local.day} {local.month} {local.year}", local.strftime("%H:%M")


def _episode_post(start: datetime.datetime, **extra: str) -> dict[str, str]:
    day, time = _typed(start)
    reported_day, reported_time = _typed(start + datetime.timedelta(minutes=20))
    return {
        "missing_from_date": day,
        "missing_from_time": time,
        "reported_date": reported_day,
        "reported_time": reported_time,
        "reported_by": "Foster carer",
        "risk_grade": "medium",
        "police_reference": "DV-1",
        **extra,
    }


# --- Every missing page, in both languages, with the practice note one click away ----------


@pytest.mark.parametrize(("language", "heading", "note"), [("en", "Missing history", "Practice note:"), ("cy", "Hanes mynd ar goll", "Nodyn ymarfer:")])
def test_history_page_in_both_languages(world: World, language: str, heading: str, note: str) -> None:
    information_form(world.child, world.supervising)
    ep = episode(world.child, world.police, start=ago(days=3), found=ago(days=2), found_where="Bus station", found_with="Jac, Ffion")
    interview(ep, world.lead)
    episode(world.child, world.police, start=ago(days=1, hours=5), found=ago(days=1), found_where="bus station", found_with="Jac")
    response = client_for(world.lead, language).get(reverse("missing:child", args=[world.child.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert heading in body and note in body and 'data-testid="practice-note-link"' in body
    places = body.split('data-testid="recurring-places"')[1].split("</ul>")[0].lower()
    assert "bus station (× 2)" in places or "bus station (2 times)" in places
    assert "Jac" in body.split('data-testid="recurring-associates"')[1].split("</ul>")[0]
    assert AuditEntry.objects.filter(action="cylch.missing.history.viewed", actor=world.lead, child_id=world.child.pk).exists()


def test_every_missing_page_links_the_practice_note(world: World) -> None:
    information_form(world.child, world.supervising)
    ep = episode(world.child, world.police, start=ago(hours=10), found=ago(hours=2))
    client = client_for(world.lead)
    child = world.child.pk
    urls = [
        reverse("missing:current"),
        reverse("missing:child", args=[child]),
        reverse("missing:form", args=[child]),
        reverse("missing:form_edit", args=[child]),
        reverse("missing:episode_new", args=[child]),
        reverse("missing:episode", args=[child, ep.pk]),
        reverse("missing:episode_regrade", args=[child, ep.pk]),
        reverse("missing:interview", args=[child, ep.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'data-testid="practice-note-link"' in response.content.decode(), url
    stats = client_for(world.partnership).get(reverse("missing:statistics"))
    assert 'data-testid="practice-note-link"' in stats.content.decode()


# --- Episodes through the pages -------------------------------------------------------------


def test_police_report_a_child_missing_and_the_summary_shows_the_alert(world: World) -> None:
    client = client_for(world.police)
    response = client.post(reverse("missing:episode_new", args=[world.child.pk]), _episode_post(ago(hours=4)))
    ep = MissingEpisode.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("missing:episode", args=[world.child.pk, ep.pk])
    summary = client_for(world.lead, "cy").get(reverse("children:summary", args=[world.child.pk])).content.decode()
    assert "Ar goll ers" in summary and "Risg ganolig" in summary
    page = client.get(reverse("missing:current")).content.decode()
    assert world.child.display_name in page and "Medium risk" in page


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"missing_from_date": "1 1 2999"}, "cannot be in the future"),
        ({"risk_grade": ""}, "Choose the risk grade the police gave."),
        ({"reported_by": ""}, "This field is required."),
        ({"missing_from_date": "31 2 2024"}, "Enter a real date"),
    ],
)
def test_bad_episodes_are_refused_with_a_message_on_the_page(world: World, extra: dict[str, str], message: str) -> None:
    response = client_for(world.police).post(reverse("missing:episode_new", args=[world.child.pk]), _episode_post(ago(hours=4), **extra))
    body = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in body and message in body
    assert not MissingEpisode.objects.exists()


def test_an_overlapping_episode_is_refused_on_the_page(world: World) -> None:
    episode(world.child, world.police, start=ago(hours=10))
    response = client_for(world.police).post(reverse("missing:episode_new", args=[world.child.pk]), _episode_post(ago(hours=4)))
    assert "already has an open missing episode" in response.content.decode()
    assert MissingEpisode.objects.count() == 1


def test_the_return_through_the_page_and_its_refusals(world: World) -> None:
    ep = episode(world.child, world.police, start=ago(hours=10))
    client = client_for(world.police, "cy")
    url = reverse("missing:episode_return", args=[world.child.pk, ep.pk])
    for moment, message in [(ago(hours=12), "Rhaid i'r amser dod o hyd iddo fod ar ôl"), (ago(hours=-5), "Ni all amser dod o hyd i'r plentyn fod yn y dyfodol")]:
        day, time = _typed(moment)
        response = client.post(url, {"found_date": day, "found_time": time, "found_where": "Parc", "version": ep.version})
        assert response.status_code == 200 and esc(message) in response.content.decode()
    assert MissingEpisode.objects.get().is_open
    day, time = _typed(ago(hours=1))
    response = client.post(url, {"found_date": day, "found_time": time, "found_where": "Parc", "version": ep.version})
    assert response.status_code == 302
    page = client.get(reverse("missing:episode", args=[world.child.pk, ep.pk])).content.decode()
    assert "I'w gynnig erbyn" in page


def test_the_safe_and_well_check_after_the_return(world: World) -> None:
    ep = episode(world.child, world.police, start=ago(hours=10), found=ago(hours=3))
    client = client_for(world.police)
    url = reverse("missing:safe_and_well", args=[world.child.pk, ep.pk])
    early_day, early_time = _typed(ago(hours=4))
    response = client.post(url, {"safe_and_well_date": early_day, "safe_and_well_time": early_time, "safe_and_well_by": "PC Jones", "version": ep.version})
    assert "cannot be before the child was found" in response.content.decode()
    day, time = _typed(ago(hours=1))
    response = client.post(url, {"safe_and_well_date": day, "safe_and_well_time": time, "safe_and_well_by": "PC Jones", "safe_and_well_notes": "Well", "version": ep.version})
    assert response.status_code == 302
    ep.refresh_from_db()
    assert ep.safe_and_well_by == "PC Jones" and ep.safe_and_well_at is not None
    assert AuditEntry.objects.filter(action="cylch.missing.episode.safe_and_well", child_id=world.child.pk).exists()
    assert client_for(world.other_police).get(url).status_code == 404


def test_the_lead_records_the_return_interview_in_welsh(world: World) -> None:
    from cylch.plans.models import Plan
    from cylch.plans.services import plan_end

    for plan in Plan.objects.filter(child=world.child):
        plan_end(actor=world.lead, plan=plan, reason="Home")
    ep = episode(world.child, world.police, start=ago(hours=30), found=ago(hours=20))
    client = client_for(world.lead, "cy")
    url = reverse("missing:interview", args=[world.child.pk, ep.pk])
    form_page = client.get(url).content.decode()
    assert "Nid oes gan y plentyn gynllun agored" in form_page
    day, time = _typed(ago(hours=3))
    response = client.post(
        url,
        {
            "offered_date": day,
            "offered_time": time,
            "offered_by": "Lowri Lead",
            "response": "accepted",
            "held_on": day,
            "held_time": time,
            "conducted_by": "Eiriolwr",
            "child_chose_conductor": "yes",
            "child_words": "Roeddwn i eisiau gweld fy mrawd.",
            "child_words_language": "cy",
            "pull_factors": ["family"],
            "exploitation_indicators": ["criminal"],
            "action_1_what": "Trefnu cyswllt gyda'i brawd",
            "action_1_agency": str(world.cs_team.agency_id),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    recorded = ReturnInterview.objects.get()
    assert recorded.child_words_language == "cy" and recorded.child_chose_conductor is True
    page = client.get(reverse("missing:episode", args=[world.child.pk, ep.pk])).content.decode()
    assert 'lang="cy"' in page and "Roeddwn i eisiau gweld fy mrawd." in page
    assert esc("Camfanteisio'n droseddol ar blant") in page
    assert "Gofynnwyd am drafodaeth strategaeth" in page


def test_a_bad_interview_is_refused_on_the_page(world: World) -> None:
    ep = episode(world.child, world.police, start=ago(hours=30), found=ago(hours=20))
    day, time = _typed(ago(hours=25))
    response = client_for(world.lead).post(
        reverse("missing:interview", args=[world.child.pk, ep.pk]),
        {"offered_date": day, "offered_time": time, "offered_by": "Me", "response": "accepted", "action_2_agency": str(world.cs_team.agency_id)},
    )
    body = response.content.decode()
    assert "govuk-error-summary" in body and "leave the whole action empty" in body
    assert not ReturnInterview.objects.exists()


# --- Child Information Form -----------------------------------------------------------------


def test_the_supervising_social_worker_updates_the_form_with_a_photo(world: World) -> None:
    client = client_for(world.supervising)
    url = reverse("missing:form_edit", args=[world.child.pk])
    data = {**FORM_VALUES, "version": "0", "photo": upload(image_bytes(), "me.jpg")}
    response = client.post(url, data)
    assert response.status_code == 302
    form = ChildInformationForm.objects.get()
    assert form.photo_name and form.last_reviewed_by == world.supervising
    page = client.get(reverse("missing:form", args=[world.child.pk])).content.decode()
    assert reverse("missing:photo", args=[world.child.pk]) in page and "Inhaler for asthma" in page


def test_uploading_something_that_is_not_an_image_is_refused_on_the_page(world: World) -> None:
    response = client_for(world.supervising).post(
        reverse("missing:form_edit", args=[world.child.pk]),
        {**FORM_VALUES, "version": "0", "photo": upload(b"#!/bin/sh\necho hello", "photo.jpg")},
    )
    body = response.content.decode()
    assert response.status_code == 200 and "must be a photograph" in body and "govuk-error-summary" in body
    assert not ChildInformationForm.objects.exists()


def test_a_stale_form_save_is_refused_and_shows_what_changed(world: World) -> None:
    information_form(world.child, world.supervising)
    client_for(world.lead).post(reverse("missing:form_edit", args=[world.child.pk]), {**FORM_VALUES, "clothing": "Blue coat", "version": "1"})
    response = client_for(world.supervising).post(reverse("missing:form_edit", args=[world.child.pk]), {**FORM_VALUES, "clothing": "Red coat", "version": "1"})
    body = response.content.decode()
    assert "Someone else saved changes" in body and 'data-testid="stale-changes"' in body
    assert ChildInformationForm.objects.get().clothing == "Blue coat"


def test_health_needs_follow_the_sensitivity_rules(world: World) -> None:
    information_form(world.child, world.supervising)
    url = reverse("missing:form", args=[world.child.pk])
    assert "Inhaler for asthma" in client_for(world.police).get(url).content.decode()
    family_page = client_for(world.family).get(url).content.decode()
    assert "Inhaler for asthma" not in family_page and 'data-testid="health"' not in family_page


@pytest.mark.parametrize(("language", "text"), [("en", "Child Information Form"), ("cy", "Ffurflen Wybodaeth am y Plentyn")])
def test_the_pdf_for_police_in_either_language_is_audited(world: World, language: str, text: str) -> None:
    services_form = information_form(world.child, world.supervising)
    assert services_form.pk
    response = client_for(world.police, "en").get(reverse("missing:form_pdf", args=[world.child.pk]) + f"?lang={language}")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f"-{language}.pdf" in response["Content-Disposition"]
    assert AuditEntry.objects.filter(action="cylch.missing.form.printed", actor=world.police, child_id=world.child.pk).count() == 1


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(content)).pages)


def test_the_pdf_text_is_in_the_chosen_language_and_follows_the_sensitivity_rules(world: World) -> None:
    services_form = services.information_form_save(actor=world.supervising, child=world.child, values=FORM_VALUES, photo=upload(image_bytes()))
    assert services_form.photo_name
    url = reverse("missing:form_pdf", args=[world.child.pk])
    welsh = _pdf_text(client_for(world.police).get(url + "?lang=cy").content)
    assert "Ffurflen Wybodaeth am y Plentyn" in welsh and "Disgrifiad corfforol" in welsh and "Inhaler for asthma" in welsh
    english = _pdf_text(client_for(world.family).get(url + "?lang=en").content)
    assert "Physical description" in english and "Tall, red hair" in english
    assert "Inhaler" not in english and "Health needs" not in english


# --- Lists, statistics and query counts -----------------------------------------------------


def test_police_see_only_children_their_team_is_involved_with(world: World) -> None:
    episode(world.child, world.police, start=ago(hours=4))
    other_child = testing.make_child(involved_team=world.cs_team)
    episode(other_child, world.lead, start=ago(hours=3))
    mine = client_for(world.police).get(reverse("missing:current")).content.decode()
    assert world.child.display_name in mine and other_child.display_name not in mine
    theirs = client_for(world.other_police).get(reverse("missing:current")).content.decode()
    assert world.child.display_name not in theirs and "No child you work with is missing." in theirs
    assert client_for(world.other_police).get(reverse("missing:child", args=[world.child.pk])).status_code == 404


def test_episode_and_form_pages_have_a_fixed_query_budget(world: World, django_assert_max_num_queries: Any) -> None:
    information_form(world.child, world.supervising)
    ep = episode(world.child, world.police, start=ago(hours=30), found=ago(hours=20))
    interview(ep, world.lead, actions=[{"what": "Contact with her brother"}, {"what": "Safety plan"}])
    client = client_for(world.lead)
    client.get(reverse("missing:episode", args=[world.child.pk, ep.pk]))
    # Session, person, authenticator, the child, memberships, involvements, the audit entry (chain
    # head, insert, update) and the practice note, then the episode with its grades, triggers,
    # interview actions and their plan actions, and its due item.
    with django_assert_max_num_queries(18):
        assert client.get(reverse("missing:episode", args=[world.child.pk, ep.pk])).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("missing:form", args=[world.child.pk])).status_code == 200


def test_the_currently_missing_list_costs_the_same_however_many(world: World, django_assert_max_num_queries: Any) -> None:
    client = client_for(world.police)
    for n in range(12):
        child = testing.make_child(involved_team=world.police_team)
        episode(child, world.police, start=ago(hours=2 + n))
    with django_assert_max_num_queries(14):
        response = client.get(reverse("missing:current"))
    assert response.content.decode().count('data-testid="missing-for"') == 12


def test_a_history_of_100_episodes_in_a_fixed_number_of_queries(world: World, django_assert_max_num_queries: Any) -> None:
    information_form(world.child, world.supervising)
    base = ago(days=400)
    episodes = [
        MissingEpisode(
            child=world.child,
            agency=world.police_team.agency,
            missing_from=base + datetime.timedelta(days=3 * n),
            reported_at=base + datetime.timedelta(days=3 * n, hours=1),
            reported_by="Carer",
            risk_grade="low",
            found_at=base + datetime.timedelta(days=3 * n, hours=6),
            found_where=f"Place {n % 7}",
            found_with=f"Friend {n % 5}",
            recorded_by=world.police,
        )
        for n in range(100)
    ]
    MissingEpisode.objects.bulk_create(episodes)
    RiskGrading.objects.bulk_create(
        [RiskGrading(episode=e, grade="low", graded_at=e.reported_at, recorded_by=world.police) for e in MissingEpisode.objects.all()]
    )
    from cylch.access import rules

    access = rules.child_access(world.lead, world.child)
    with CaptureQueriesContext(connection) as captured:
        history = selectors.missing_history(actor=world.lead, child=world.child, access=access)
    assert len(history.episodes) == 100 and len(captured.captured_queries) <= 10
    client = client_for(world.lead)
    with django_assert_max_num_queries(24):
        response = client.get(reverse("missing:child", args=[world.child.pk]))
    assert response.content.decode().count("/missing/episodes/") >= 100


def test_partnership_statistics_with_chart_table_and_csv(world: World) -> None:
    board = Board.objects.create(code="test-rpb", kind=Board.Kind.REGIONAL_PARTNERSHIP, name_en="Test RPB", name_cy="BPRh Prawf")
    board.local_authorities.set([world.la])
    first = episode(world.child, world.police, start=ago(days=10), found=ago(days=9, hours=20))
    interview(first, world.lead)
    episode(world.child, world.police, start=ago(days=5), found=ago(days=4, hours=20))
    other = testing.make_child(involved_team=world.cs_team, local_authority=world.la)
    late = episode(other, world.lead, start=ago(days=8), found=ago(days=7))
    interview(late, world.lead, offered_at=ago(days=2), response="declined", late_reason="Could not reach him")
    client = client_for(world.partnership)
    query = f"?region={board.pk}"
    response = client.get(reverse("missing:statistics") + query)
    body = response.content.decode()
    assert response.status_code == 200 and "<svg" in body and world.la.name_en in body
    assert world.child.display_name not in body
    stats = response.context["stats"]
    row = stats.rows[0]
    assert (row.episodes, row.children, row.repeat_children, row.ended, row.offered_in_time, row.accepted) == (3, 2, 1, 3, 1, 1)
    csv_response = client.get(reverse("missing:statistics_csv") + query)
    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    assert rows[1] == [world.la.name_en, "3", "2", "1", "3", "1", "1"]
    assert AuditEntry.objects.filter(action="cylch.missing.statistics.exported", actor=world.partnership).exists()
    bad = client.get(reverse("missing:statistics") + "?start=10+10+2026&end=1+1+2026")
    assert "govuk-error-summary" in bad.content.decode()


def test_the_measure_counts_offers_within_the_timescale(world: World) -> None:
    from cylch.partnerships.measures import all_measures

    measure = next(m for m in all_measures() if m.code == "missing-return-interviews-72h")
    assert measure.standard == "delivery"
    first = episode(world.child, world.police, start=ago(days=10), found=ago(days=9))
    interview(first, world.lead)
    episode(world.child, world.police, start=ago(days=5), found=ago(days=4))
    result = measure.compute(area_ids=[world.la.pk], start=timezone.localdate() - datetime.timedelta(days=30), end=timezone.localdate())
    assert (result.numerator, result.denominator, result.percent) == (1, 2, 50.0)
    assert measure.children is not None
    assert {row["child_id"] for row in measure.children(area_ids=[world.la.pk], start=timezone.localdate() - datetime.timedelta(days=30), end=timezone.localdate())} == {world.child.pk}
