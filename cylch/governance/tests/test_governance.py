"""Board meetings, the risk register and the annual report: services, bad input, stale edits,
access, pages in both languages and the PDF in English and Welsh."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cylch.accountability.models import LedgerAction
from cylch.audit.models import AuditEntry
from cylch.core import testing
from cylch.core.models import Notification
from cylch.governance import services
from cylch.governance.models import AnnualReport, BoardMeeting, Decision, Risk
from cylch.governance.tests.conftest import Board
from cylch.governance.tests.factories import board

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _client(person: Any, language: str = "en") -> Client:
    client = testing.sign_in_verified(Client(), person)
    client.cookies["cylch_language"] = language
    return client


def _meeting(world: Board, **extra: Any) -> BoardMeeting:
    return services.meeting_create(
        actor=world.business_manager,
        partnership=world.partnership,
        body=board(world.partnership),
        held_on=extra.pop("held_on", TODAY()),
        agenda=[("Accountability ledger", "Y gofrestr atebolrwydd"), ("Risks", "")],
    )


def _risk(world: Board, **values: Any) -> Risk:
    base = {
        "title": "Too few return interviews offered in time",
        "owner_agency_id": world.council.pk,
        "owner_id": world.council_dsl.pk,
        "likelihood": "4",
        "impact": "4",
        "controls": "Weekly list to managers",
        "review_on": TODAY() + datetime.timedelta(days=30),
    }
    return services.risk_create(actor=world.business_manager, partnership=world.partnership, values=base | values)


# --- Meetings ---------------------------------------------------------------------------------


def test_a_meeting_keeps_agenda_attendance_decisions_minutes_and_actions_in_the_ledger(world: Board) -> None:
    meeting = _meeting(world)
    assert meeting.status == BoardMeeting.Status.HELD
    assert [a.title_en for a in meeting.agenda.all()] == ["Accountability ledger", "Risks"]
    services.attendance_record(actor=world.business_manager, meeting=meeting, name="Dr Health", agency=world.health, status="present")
    services.decision_record(actor=world.business_manager, meeting=meeting, text_en="Adopt the protocol", text_cy="Mabwysiadu'r protocol")
    action = services.meeting_action_agree(
        actor=world.business_manager,
        meeting=meeting,
        what="Health visitors trained in the protocol",
        owner_agency=world.health,
        owner=world.health_worker,
        due_on=TODAY() + datetime.timedelta(days=60),
    )
    assert (action.source_kind, action.source_id, action.partnership_id) == ("board_meeting", str(meeting.pk), world.partnership.pk)
    services.meeting_update(
        actor=world.business_manager, meeting=meeting, expected_version=1, changes={"minutes_en": "Minutes", "minutes_cy": "Cofnodion"}
    )
    with pytest.raises(services.StaleEdit):
        services.meeting_update(actor=world.chair, meeting=meeting, expected_version=1, changes={"minutes_en": "Other"})
    meeting.refresh_from_db()
    assert meeting.minutes_en == "Minutes" and meeting.version == 2
    assert AuditEntry.objects.filter(action__startswith="cylch.governance.").count() == 4


def test_bad_meeting_input_is_refused_and_changes_nothing(world: Board) -> None:
    other = testing.make_agency()
    with pytest.raises(ValidationError) as error:
        services.meeting_create(actor=world.business_manager, partnership=world.partnership, body=None, held_on=None)
    assert set(error.value.message_dict) == {"body", "held_on"}
    future = _meeting(world, held_on=TODAY() + datetime.timedelta(days=7))
    assert future.status == BoardMeeting.Status.PLANNED
    with pytest.raises(ValidationError):
        services.decision_record(actor=world.business_manager, meeting=future, text_en="Too early")
    with pytest.raises(ValidationError):
        services.meeting_update(actor=world.business_manager, meeting=future, expected_version=1, changes={"status": "held"})
    with pytest.raises(ValidationError):
        services.meeting_update(actor=world.business_manager, meeting=future, expected_version=1, changes={"minutes_en": "Early"})
    with pytest.raises(ValidationError) as error:
        services.attendance_record(actor=world.business_manager, meeting=future, name="", agency=other, status="maybe")
    assert set(error.value.message_dict) == {"name", "agency", "status"}
    with pytest.raises(ValidationError) as error:
        services.meeting_action_agree(
            actor=world.business_manager, meeting=future, what="x", owner_agency=other, owner=world.health_worker, due_on=TODAY()
        )
    assert "owner_agency" in error.value.message_dict
    assert not Decision.objects.exists() and not LedgerAction.objects.exists()
    future.refresh_from_db()
    assert future.version == 1 and future.minutes_en == ""


# --- Risks --------------------------------------------------------------------------------------


def test_a_risk_is_scored_reviewed_and_escalated_to_the_board_in_each_readers_language(
    world: Board, django_capture_on_commit_callbacks: Any
) -> None:
    from django.core import mail

    risk = _risk(world)
    assert risk.score == 16
    risk = services.risk_update(actor=world.business_manager, risk=risk, expected_version=1, changes={"likelihood": "3"})
    assert risk.score == 12
    with pytest.raises(services.StaleEdit):
        services.risk_update(actor=world.chair, risk=risk, expected_version=1, changes={"impact": "1"})
    with pytest.raises(ValidationError):
        services.risk_escalate(actor=world.business_manager, risk=risk, expected_version=2, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        risk = services.risk_escalate(actor=world.business_manager, risk=risk, expected_version=2, reason="Not improving")
    assert risk.escalated_on == TODAY()
    # The chair hears (in Welsh); the business manager who escalated it is not told of their own act.
    assert list(Notification.objects.filter(kind="cylch.governance.risk.escalated").values_list("recipient_id", flat=True)) == [world.chair.pk]
    assert mail.outbox[0].extra_headers["Content-Language"] == "cy" and world.partnership.name_cy in mail.outbox[0].body
    action = services.risk_action_agree(
        actor=world.business_manager, risk=risk, what="Add a return-interview worker", owner_agency=world.council, owner=world.council_manager, due_on=TODAY()
    )
    assert (action.source_kind, action.source_id) == ("risk", str(risk.pk))


def test_bad_risk_input_is_refused(world: Board) -> None:
    with pytest.raises(ValidationError) as error:
        _risk(world, title="", likelihood="9", impact="", owner_id=world.health_worker.pk, review_on=None)
    assert set(error.value.message_dict) == {"title", "likelihood", "impact", "owner", "review_on"}
    with pytest.raises(ValidationError) as error:
        _risk(world, owner_agency_id=testing.make_agency().pk)
    assert "owner_agency" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _risk(world, review_on=TODAY() - datetime.timedelta(days=1))
    assert "review_on" in error.value.message_dict
    assert not Risk.objects.exists()


# --- Annual report -----------------------------------------------------------------------------


def _report(world: Board) -> AnnualReport:
    return services.report_create(
        actor=world.business_manager, partnership=world.partnership, period_start=TODAY() - datetime.timedelta(days=364), period_end=TODAY()
    )


def test_the_report_is_prefilled_in_both_languages_from_the_ledger_meetings_and_risks(world: Board) -> None:
    meeting = _meeting(world)
    services.decision_record(actor=world.business_manager, meeting=meeting, text_en="Adopt the protocol", text_cy="Mabwysiadu'r protocol")
    services.meeting_action_agree(
        actor=world.business_manager, meeting=meeting, what="Train", owner_agency=world.health, owner=world.health_worker, due_on=TODAY()
    )
    _risk(world)
    report = _report(world)
    assert report.status == "draft"
    assert "1 improvement actions" in report.sections["actions"]["en"]
    assert "1" in report.sections["governance"]["en"] and "1" in report.sections["risks"]["en"]
    assert report.sections["introduction"]["cy"] != report.sections["introduction"]["en"]
    assert world.partnership.name_cy in report.sections["introduction"]["cy"]
    assert set(report.sections) == {"introduction", "self_assessment", "measures", "actions", "governance", "risks", "next_steps"}


def test_report_edits_are_refused_when_stale_and_publication_needs_both_languages(world: Board) -> None:
    report = _report(world)
    report = services.report_update(actor=world.business_manager, report=report, expected_version=1, sections={"introduction": {"en": "Ours"}})
    assert report.sections["introduction"]["en"] == "Ours" and report.version == 2
    with pytest.raises(services.StaleEdit) as stale:
        services.report_update(actor=world.chair, report=report, expected_version=1, sections={"introduction": {"en": "Theirs"}})
    assert "introduction.en" in stale.value.changed
    with pytest.raises(ValidationError) as error:
        services.report_publish(actor=world.business_manager, report=report, expected_version=2)
    assert "Priorities for next year" in error.value.messages[0]
    report = services.report_update(
        actor=world.business_manager, report=report, expected_version=2, sections={"next_steps": {"en": "Focus on Delivery", "cy": "Canolbwyntio ar Gyflawni"}}
    )
    report = services.report_publish(actor=world.business_manager, report=report, expected_version=3)
    assert report.status == "published" and report.figures["period"]["end"] == TODAY().isoformat()
    with pytest.raises(ValidationError):
        services.report_update(actor=world.business_manager, report=report, expected_version=4, sections={"introduction": {"en": "Late"}})


def test_a_report_period_must_be_a_year_at_most_and_end_after_it_starts(world: Board) -> None:
    for start, end in [(TODAY(), TODAY()), (TODAY() - datetime.timedelta(days=800), TODAY()), (None, None)]:
        with pytest.raises(ValidationError):
            services.report_create(actor=world.business_manager, partnership=world.partnership, period_start=start, period_end=end)
    assert not AnnualReport.objects.exists()


def test_the_report_pdf_is_produced_in_welsh_and_english_and_audited(world: Board) -> None:
    import io

    from pypdf import PdfReader

    meeting = _meeting(world)
    services.decision_record(actor=world.business_manager, meeting=meeting, text_en="Adopt the protocol", text_cy="Mabwysiadu'r protocol")
    report = _report(world)
    client = _client(world.business_manager)
    texts = {}
    for lang in ("cy", "en"):
        response = client.get(reverse("governance:report_pdf", args=[world.partnership.pk, report.pk, lang]))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        texts[lang] = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Mabwysiadu" in texts["cy"] and world.partnership.name_cy in texts["cy"]
    assert "Adopt the protocol" in texts["en"] and world.partnership.name_en in texts["en"]
    assert client.get(reverse("governance:report_pdf", args=[world.partnership.pk, report.pk, "fr"])).status_code == 404
    assert AuditEntry.objects.filter(action="cylch.governance.report.exported").count() == 2


# --- Pages and access ----------------------------------------------------------------------------


def test_pages_in_both_languages_and_within_a_query_budget(world: Board, django_assert_max_num_queries: Any) -> None:
    meeting = _meeting(world)
    risk = _risk(world)
    report = _report(world)
    p = world.partnership.pk
    urls = [
        reverse("governance:home"),
        reverse("governance:partnership", args=[p]),
        reverse("governance:meetings", args=[p]),
        reverse("governance:meeting", args=[p, meeting.pk]),
        reverse("governance:risks", args=[p]),
        reverse("governance:risk", args=[p, risk.pk]),
        reverse("governance:report", args=[p, report.pk]),
        reverse("governance:meeting_new", args=[p]),
        reverse("governance:risk_new", args=[p]),
    ]
    for language in ("en", "cy"):
        client = _client(world.business_manager, language)
        for url in urls:
            with django_assert_max_num_queries(30):
                response = client.get(url)
            assert response.status_code == 200, url
            assert f'lang="{language}"' in response.content.decode()


def test_bad_form_input_is_shown_with_an_error_summary_and_changes_nothing(world: Board) -> None:
    client = _client(world.business_manager)
    p = world.partnership.pk
    for url, data in [
        (reverse("governance:meeting_new", args=[p]), {"body": "999", "held_on": "31 2 2030"}),
        (reverse("governance:risk_new", args=[p]), {"title": "", "likelihood": "x"}),
        (reverse("governance:report_new", args=[p]), {"period_start": "1 4 2030", "period_end": "1 4 2029"}),
    ]:
        response = client.post(url, data)
        assert response.status_code == 200 and "govuk-error-summary" in response.content.decode(), url
    meeting = _meeting(world)
    response = client.post(reverse("governance:meeting_action_add", args=[p, meeting.pk]), {"what": "x", "owner_agency": world.health.pk, "owner": world.council_worker.pk, "due_on": "1 1 2020"})
    assert "govuk-error-summary" in response.content.decode()
    assert not Risk.objects.exists() and not AnnualReport.objects.exists() and not LedgerAction.objects.exists()


def test_a_stale_report_edit_on_the_page_says_what_changed(world: Board) -> None:
    report = _report(world)
    services.report_update(actor=world.chair, report=report, expected_version=1, sections={"introduction": {"en": "The chair's words"}})
    response = _client(world.business_manager).post(
        reverse("governance:report", args=[world.partnership.pk, report.pk]), {"version": 1, "introduction_en": "Mine"}
    )
    body = response.content.decode()
    assert response.status_code == 200 and "Someone else saved changes to this report" in body and "The chair&#x27;s words" in body
    report.refresh_from_db()
    assert report.sections["introduction"]["en"] == "The chair's words"


def test_members_read_but_only_managers_write_and_outsiders_are_refused(world: Board) -> None:
    meeting = _meeting(world)
    p = world.partnership.pk
    member = _client(world.member)
    assert member.get(reverse("governance:meeting", args=[p, meeting.pk])).status_code == 200
    assert member.get(reverse("governance:decision_add", args=[p, meeting.pk])).status_code == 403
    assert member.post(reverse("governance:decision_add", args=[p, meeting.pk]), {"text_en": "x"}).status_code == 403
    assert _client(world.chair).get(reverse("governance:decision_add", args=[p, meeting.pk])).status_code == 200
    outsider = _client(world.outsider)
    assert outsider.get(reverse("governance:partnership", args=[p])).status_code == 404
    assert outsider.get(reverse("governance:meeting", args=[p, meeting.pk])).status_code == 404
    assert _client(world.council_worker).get(reverse("governance:partnership", args=[p])).status_code == 404
    assert _client(world.council_worker).get(reverse("governance:home")).status_code == 403
    # A meeting of another partnership is not found through this one.
    from cylch.governance.tests.factories import make_partnership

    other = make_partnership(agencies=[world.council])
    assert _client(world.business_manager).get(reverse("governance:meeting", args=[other.pk, meeting.pk])).status_code == 404
    assert not Decision.objects.exists()


def test_the_report_is_assembled_from_the_latest_signed_off_cycle(world: Board) -> None:
    from cylch.core.reference_data import code_choices
    from cylch.framework.models import Indicator
    from cylch.partnerships.models import AssessmentCycle, Rating

    today = TODAY()
    common = {"partnership": world.partnership, "opened_by": world.business_manager, "deadline": today}
    older = AssessmentCycle.objects.create(
        period_start=today - datetime.timedelta(days=800), period_end=today - datetime.timedelta(days=430),
        status="signed_off", signed_off_at=timezone.now() - datetime.timedelta(days=400), signed_off_by=world.chair, **common,
    )
    latest = AssessmentCycle.objects.create(
        period_start=today - datetime.timedelta(days=200), period_end=today - datetime.timedelta(days=20),
        status="signed_off", signed_off_at=timezone.now() - datetime.timedelta(days=10), signed_off_by=world.chair, **common,
    )
    AssessmentCycle.objects.create(period_start=today, period_end=today + datetime.timedelta(days=90), **common)  # open: not used
    indicator = Indicator.objects.filter(standard__code="delivery").first()
    assert indicator is not None
    top = code_choices("self_assessment_scale")[-1][0]
    Rating.objects.create(cycle=latest, agency=world.health, indicator=indicator, score=top, rated_by=world.health_dsl)
    Rating.objects.create(cycle=older, agency=world.health, indicator=indicator, score=top, rated_by=world.health_dsl)
    report = _report(world)
    assert report.sections["self_assessment"]["en"].startswith("The partners rated themselves")
    assert "1 ratings were given" in report.sections["self_assessment"]["en"]
    page = _client(world.business_manager, "cy").get(reverse("governance:report", args=[world.partnership.pk, report.pk])).content.decode()
    assert 'data-testid="cycle-summary"' in page and 'data-testid="cycle-placeholder"' not in page
    assert indicator.standard.title_cy in page


def test_without_a_signed_off_cycle_the_report_says_so_in_a_labelled_section(world: Board) -> None:
    report = _report(world)
    page = _client(world.business_manager).get(reverse("governance:report", args=[world.partnership.pk, report.pk])).content.decode()
    assert 'data-testid="cycle-placeholder"' in page
    assert report.sections["self_assessment"]["en"] == "No signed-off self-assessment cycle is available for this report yet."


def test_a_drafts_figures_are_kept_until_refreshed_and_frozen_when_published(world: Board) -> None:
    report = _report(world)
    assert report.figures["meetings"]["held"] == 0
    _meeting(world)
    client = _client(world.business_manager)
    url = reverse("governance:report", args=[world.partnership.pk, report.pk])
    assert client.get(url).context["figures"]["meetings"]["held"] == 0
    assert client.post(reverse("governance:report_refresh", args=[world.partnership.pk, report.pk])).status_code == 302
    report.refresh_from_db()
    assert report.figures["meetings"]["held"] == 1
    assert _client(world.member).post(reverse("governance:report_refresh", args=[world.partnership.pk, report.pk])).status_code == 403
    sections = {k: {"en": "Words", "cy": "Geiriau"} for k in report.sections}
    report = services.report_update(actor=world.business_manager, report=report, expected_version=1, sections=sections)
    report = services.report_publish(actor=world.business_manager, report=report, expected_version=2)
    _meeting(world)
    with pytest.raises(ValidationError):
        services.report_figures_refresh(actor=world.business_manager, report=report)
    report.refresh_from_db()
    assert report.figures["meetings"]["held"] == 1


def test_a_risk_past_its_review_date_is_flagged_on_the_register(world: Board) -> None:
    risk = _risk(world)
    Risk.objects.filter(pk=risk.pk).update(review_on=TODAY() - datetime.timedelta(days=1))
    body = _client(world.business_manager).get(reverse("governance:risks", args=[world.partnership.pk])).content.decode()
    assert 'data-testid="review-due"' in body and "Should go to the board" in body
    Risk.objects.filter(pk=risk.pk).update(status="closed")
    body = _client(world.business_manager).get(reverse("governance:risks", args=[world.partnership.pk])).content.decode()
    assert 'data-testid="review-due"' not in body


def test_risk_owners_are_reminded_once_per_review_date_in_their_language(world: Board, django_capture_on_commit_callbacks: Any) -> None:
    from django.core import mail

    risk = _risk(world, owner_agency_id=world.health.pk, owner_id=world.health_dsl.pk)
    assert services.risk_reviews_remind() == 0  # not due yet
    Risk.objects.filter(pk=risk.pk).update(review_on=TODAY())
    with django_capture_on_commit_callbacks(execute=True):
        assert services.risk_reviews_remind() == 1
        assert services.risk_reviews_remind() == 0
    assert mail.outbox[-1].extra_headers["Content-Language"] == "cy" and world.partnership.name_cy in mail.outbox[-1].body
    services.risk_update(actor=world.business_manager, risk=risk, expected_version=1, changes={"review_on": TODAY() + datetime.timedelta(days=1)})
    assert services.risk_reviews_remind() == 0
    from cylch.schedule import PERIODIC_JOBS

    assert [j.name for j in PERIODIC_JOBS].count("risk-review-reminders") == 1


def test_the_report_form_starts_from_a_saved_draft_which_is_discarded_on_save(world: Board) -> None:
    from cylch.core.models import Draft
    from cylch.core.services import draft_save

    report = _report(world)
    url = reverse("governance:report", args=[world.partnership.pk, report.pk])
    draft_save(actor=world.business_manager, form_key=url, data={"introduction_en": "Typed before the session ended", "version": "1"})
    client = _client(world.business_manager)
    body = client.get(url).content.decode()
    assert "Typed before the session ended" in body and 'data-draft-key="' in body
    data = {f"{k}_{lang}": v[lang] for k, v in report.sections.items() for lang in ("en", "cy")} | {"version": 1, "introduction_en": "Kept"}
    assert client.post(url, data).status_code == 302
    assert not Draft.objects.filter(person=world.business_manager, form_key=url).exists()
    report.refresh_from_db()
    assert report.sections["introduction"]["en"] == "Kept"


def test_publishing_with_a_section_missing_in_welsh_is_refused_on_the_page(world: Board) -> None:
    report = _report(world)
    client = _client(world.business_manager)
    response = client.post(reverse("governance:report_publish", args=[world.partnership.pk, report.pk]), {"version": 1}, follow=True)
    body = response.content.decode()
    assert "Write every section in English and in Welsh before publishing" in body and "Priorities for next year" in body
    report.refresh_from_db()
    assert report.status == "draft"
    sections = {k: {"en": "Words", "cy": "Geiriau"} for k in report.sections}
    services.report_update(actor=world.chair, report=report, expected_version=1, sections=sections)
    stale = client.post(reverse("governance:report_publish", args=[world.partnership.pk, report.pk]), {"version": 1}, follow=True)
    assert "Someone else changed the report since you opened it" in stale.content.decode()
    report.refresh_from_db()
    assert report.status == "draft"
