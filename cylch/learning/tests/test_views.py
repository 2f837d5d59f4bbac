"""The learning pages, as the business manager, a board member, a reviewer, an auditor and an outsider would use them."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from cylch.accountability.models import LedgerAction
from cylch.audit.models import AuditEntry
from cylch.framework.models import Standard
from cylch.learning import services
from cylch.learning.models import AuditAnswer, Recommendation, Review, ReviewChronologyEntry

from .factories import build_board, decided, published_tool, referred, signed_in

pytestmark = pytest.mark.django_db


def _typed(day: datetime.date) -> str:
    return f"{day.day} {day.month} {day.year}"


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_business_manager_takes_a_referral_and_records_the_decision(language: str) -> None:
    board = build_board()
    client = signed_in(board.manager)
    client.cookies["cylch_language"] = language
    page = client.get("/learning/reviews/new/")
    assert page.status_code == 200
    assert f'lang="{language}"' in page.content.decode()
    today = timezone.localdate()
    response = client.post(
        "/learning/reviews/new/",
        {
            "partnership": board.partnership.pk,
            "title": "Review concerning Child A",
            "referral_summary": "Serious harm.",
            "referred_by_agency": board.cs.pk,
            "referred_on": _typed(today),
            "event_on": _typed(today - datetime.timedelta(days=3)),
            "children": ", ".join(str(c.pk) for c in board.children),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    review = Review.objects.get()
    # A decision without reasons: refused with the message, nothing changed.
    response = client.post(
        f"/learning/reviews/{review.pk}/decision/",
        {"decision": "proceed", "reasons": "", "decided_by_name": "Chair", "decided_on": _typed(today), "version": 1},
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    if language == "en":
        assert "Give the reasons for the decision, whichever way it goes" in response.content.decode()
    review.refresh_from_db()
    assert review.decision == ""
    response = client.post(
        f"/learning/reviews/{review.pk}/decision/",
        {
            "decision": "proceed",
            "reasons": "Criteria met.",
            "decided_by_name": "Chair",
            "decided_on": _typed(today),
            "version": 1,
        },
    )
    assert response.status_code == 302
    page = client.get(f"/learning/reviews/{review.pk}/")
    assert page.status_code == 200 and "Criteria met." in page.content.decode()


def test_unknown_children_in_a_referral_are_named_back() -> None:
    board = build_board()
    client = signed_in(board.manager)
    response = client.post(
        "/learning/reviews/new/",
        {
            "partnership": board.partnership.pk,
            "title": "t",
            "referral_summary": "s",
            "referred_by_agency": board.cs.pk,
            "referred_on": _typed(timezone.localdate()),
            "event_on": _typed(timezone.localdate()),
            "children": "99999999",
        },
    )
    assert response.status_code == 200 and "No child found for: 99999999" in response.content.decode()
    assert not Review.objects.exists()


def test_a_recommendation_without_an_owner_is_refused_on_the_page() -> None:
    board = build_board()
    review = decided(board)
    client = signed_in(board.manager)
    response = client.post(
        f"/learning/reviews/{review.pk}/recommendations/new/",
        {
            "text": "Share early.",
            "standard": Standard.objects.get(code="delivery").pk,
            "owner_agency": board.police.pk,
            "owner_email": "",
            "due_on": _typed(timezone.localdate() + datetime.timedelta(days=9)),
        },
    )
    assert response.status_code == 200
    assert "Name the person who owns the action" in response.content.decode()
    assert not Recommendation.objects.exists() and not LedgerAction.objects.exists()


def test_reviewers_build_the_chronology_and_keep_it_after_their_access_ends() -> None:
    board = build_board(children=2, entries=4)
    review = decided(board)
    manager = signed_in(board.manager)
    until = timezone.localdate() + datetime.timedelta(days=5)
    response = manager.post(
        f"/learning/reviews/{review.pk}/reviewers/",
        {
            "email": board.reviewer_police.email,
            "agency": board.police.pk,
            "role": "reviewer",
            "access_until": _typed(until),
        },
    )
    assert response.status_code == 302
    reviewer = signed_in(board.reviewer_police)
    assert reviewer.get(f"/children/{board.child.pk}/").status_code == 200
    response = reviewer.post(f"/learning/reviews/{review.pk}/chronology/build/")
    assert response.status_code == 302
    assert ReviewChronologyEntry.objects.filter(review=review).count() == 8
    page = reviewer.get(f"/learning/reviews/{review.pk}/chronology/?agency={board.police.pk}")
    assert page.status_code == 200 and "Test Police" in page.content.decode()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=7)):
        reviewer = signed_in(board.reviewer_police)
        assert reviewer.get(f"/children/{board.child.pk}/").status_code == 404
        assert reviewer.get(f"/learning/reviews/{review.pk}/chronology/").status_code == 200
        assert reviewer.post(f"/learning/reviews/{review.pk}/chronology/build/").status_code == 302
        assert ReviewChronologyEntry.objects.filter(review=review).count() == 8  # the copy is kept, not rebuilt


def test_a_board_member_sees_the_review_but_not_the_chronology_or_the_forms() -> None:
    board = build_board()
    review = decided(board)
    member = signed_in(board.member)
    assert member.get(f"/learning/reviews/{review.pk}/").status_code == 200
    assert member.get(f"/learning/reviews/{review.pk}/chronology/").status_code == 403
    assert member.get(f"/learning/reviews/{review.pk}/decision/").status_code == 403
    outsider = signed_in(board.outsider)
    assert outsider.get(f"/learning/reviews/{review.pk}/").status_code == 404
    # The business manager runs the review but reads its chronology only once named on it.
    manager = signed_in(board.manager)
    assert manager.get(f"/learning/reviews/{review.pk}/chronology/").status_code == 403
    services.review_member_add(
        actor=board.manager,
        review=review,
        person=board.manager,
        agency=board.cs,
        role="business_unit",
        access_until=timezone.localdate(),
    )
    assert manager.get(f"/learning/reviews/{review.pk}/chronology/").status_code == 200


def test_briefings_are_published_read_and_shown_on_the_framework_pages() -> None:
    board = build_board()
    review = decided(board)
    manager = signed_in(board.manager)
    response = manager.post(
        f"/learning/briefings/new/?review={review.pk}",
        {
            "partnership": board.partnership.pk,
            "title_en": "Seeing neglect",
            "title_cy": "Gweld esgeulustod",
            "body_en": "What we learnt.",
            "body_cy": "Beth a ddysgon ni.",
            "standards": [Standard.objects.get(code="delivery").pk],
        },
    )
    assert response.status_code == 302
    briefing = review.briefings.get()
    worker = signed_in(board.social_worker)
    assert worker.get(f"/learning/briefings/{briefing.pk}/").status_code == 404  # a draft
    assert manager.post(f"/learning/briefings/{briefing.pk}/publish/").status_code == 302
    worker.cookies["cylch_language"] = "cy"
    page = worker.get(f"/learning/briefings/{briefing.pk}/").content.decode()
    assert "Gweld esgeulustod" in page and "Beth a ddysgon ni." in page
    assert worker.post(f"/learning/briefings/{briefing.pk}/read/").status_code == 302
    manager_page = manager.get(f"/learning/briefings/{briefing.pk}/").content.decode()
    assert 'data-testid="reads"' in manager_page
    # The Framework's page of the standard and its list of standards both link to it.
    standard = worker.get(reverse("framework:document", args=["delivery"])).content.decode()
    assert "Gweld esgeulustod" in standard and f"/learning/briefings/{briefing.pk}/" in standard
    standards = worker.get(reverse("framework:standards")).content.decode()
    assert "Gweld esgeulustod" in standards


def test_the_learning_page_of_a_theme_shows_reviews_actions_and_briefings() -> None:
    board = build_board()
    review = decided(board)
    from cylch.learning.models import Theme

    services.review_themes_set(actor=board.manager, review=review, themes=[Theme.objects.get(code="neglect")])
    services.recommendation_add(
        actor=board.manager,
        review=review,
        text="Train on neglect.",
        standard=Standard.objects.get(code="learning"),
        owner_agency=board.police,
        owner=board.reviewer_police,
        due_on=timezone.localdate() + datetime.timedelta(days=9),
    )
    client = signed_in(board.member)
    page = client.get("/learning/themes/neglect/")
    assert page.status_code == 200
    html = page.content.decode()
    assert review.reference in html and "Train on neglect." in html
    assert "Review and audit actions completed on time" in html
    standard_page = client.get("/learning/standards/learning/").content.decode()
    assert "Train on neglect." in standard_page


def test_the_learning_page_reads_the_quarters_the_measure_job_keeps() -> None:
    from cylch.partnerships.measures import recent_quarters
    from cylch.partnerships.models import MeasureSnapshot

    board = build_board()
    client = signed_in(board.member)
    first, *_rest = recent_quarters(timezone.localdate())
    MeasureSnapshot.objects.create(
        partnership=board.partnership,
        measure_code="learning-actions-on-time",
        period_start=first[0],
        period_end=first[1],
        numerator=7,
        denominator=9,
    )
    html = client.get("/learning/standards/learning/").content.decode()
    # The kept quarter is read, not recomputed (nothing in this world would give 7 of 9) ...
    assert "77.8% (7/9)" in html
    # ... and the quarters the job has not reached are computed on the page.
    assert html.count("–</td>") >= 3
    assert "Figures computed" in html


def test_an_auditor_answers_for_their_agency_and_a_missing_rationale_is_refused() -> None:
    board = build_board(children=3)
    tool = published_tool(board)
    audit_round = services.audit_round_create(
        actor=board.manager,
        partnership=board.partnership,
        tool=tool,
        title="Audit",
        criterion="random",
        criterion_option="",
        period_start=timezone.localdate() - datetime.timedelta(days=365),
        period_end=timezone.localdate(),
        sample_size=3,
        access_until=timezone.localdate(),
        seed=3,
    )
    manager = signed_in(board.manager)
    assert (
        manager.post(
            f"/learning/audit-rounds/{audit_round.pk}/auditors/",
            {"email": board.auditor_health.email, "agency": board.health.pk},
        ).status_code
        == 302
    )
    case = audit_round.cases.get(pk=audit_round.cases.order_by("pk").values_list("pk", flat=True)[0])
    question = tool.questions.order_by("pk")[0]
    auditor = signed_in(board.auditor_health)
    page = auditor.get(f"/learning/audit-cases/{case.pk}/")
    assert page.status_code == 200
    assert AuditEntry.objects.filter(action="cylch.learning.case.viewed", child_id=case.child_id).exists()
    response = auditor.post(
        f"/learning/audit-cases/{case.pk}/",
        {"form": "answer", "question": question.pk, "grade": "inadequate", "rationale": ""},
    )
    assert response.status_code == 200 and "Give the rationale for the grade" in response.content.decode()
    assert not AuditAnswer.objects.exists()
    response = auditor.post(
        f"/learning/audit-cases/{case.pk}/",
        {"form": "answer", "question": question.pk, "grade": "good", "rationale": "Seen."},
    )
    assert response.status_code == 302 and AuditAnswer.objects.get().agency == board.health
    response = manager.post(
        f"/learning/audit-cases/{case.pk}/moderation/",
        {"overall_grade": "good", "findings": "Fine.", "rationale": "", "version": 1},
    )
    assert response.status_code == 200 and "Give the rationale for the overall grade" in response.content.decode()
    assert auditor.get(f"/learning/audit-cases/{case.pk}/moderation/").status_code == 404


def test_the_review_page_stays_within_its_query_budget(django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    board = build_board()
    review = decided(board)
    client = signed_in(board.manager)
    client.get(f"/learning/reviews/{review.pk}/")
    with django_assert_max_num_queries(30):
        assert client.get(f"/learning/reviews/{review.pk}/").status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get("/learning/").status_code == 200


def test_the_theme_page_stays_within_its_query_budget(django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    board = build_board(children=1, entries=0)
    for _ in range(5):
        review = referred(board)
        services.review_themes_set(
            actor=board.manager,
            review=review,
            themes=list(__import__("cylch.learning.models", fromlist=["Theme"]).Theme.objects.filter(code="neglect")),
        )
    client = signed_in(board.member)
    client.get("/learning/themes/neglect/")
    with django_assert_max_num_queries(30):
        assert client.get("/learning/themes/neglect/").status_code == 200


def test_a_long_form_starts_from_the_saved_draft() -> None:
    from cylch.core.services import draft_save

    board = build_board()
    draft_save(actor=board.manager, form_key="/learning/briefings/new/", data={"title_en": "Half-written briefing"})
    page = signed_in(board.manager).get("/learning/briefings/new/").content.decode()
    assert "Half-written briefing" in page and 'data-draft-key="/learning/briefings/new/"' in page


def test_the_template_tags_show_briefings_and_audit_results_where_they_apply() -> None:
    from django.template import Context, Template
    from django.test import RequestFactory

    board = build_board(children=2)
    briefing = services.briefing_create(
        actor=board.manager,
        partnership=board.partnership,
        review=None,
        title_en="Missing children: what we learnt",
        title_cy="Plant coll: beth a ddysgon ni",
        body_en="b",
        body_cy="c",
        themes=[],
        standards=[Standard.objects.get(code="delivery")],
        practice_notes=list(
            __import__("cylch.framework.models", fromlist=["x"]).PracticeNote.objects.filter(slug="missing-children")
        ),
    )
    tags = Template(
        '{% load learning %}{% briefings_for_note "missing-children" %}|{% briefings_for_standard "delivery" %}'
    )
    assert "Missing children" not in tags.render(Context({}))  # a draft is not shown
    services.briefing_publish(actor=board.manager, briefing=briefing)
    assert tags.render(Context({})).count("Missing children: what we learnt") == 2
    tool = published_tool(board)
    audit_round = services.audit_round_create(
        actor=board.manager,
        partnership=board.partnership,
        tool=tool,
        title="Round A",
        criterion="random",
        criterion_option="",
        period_start=timezone.localdate() - datetime.timedelta(days=365),
        period_end=timezone.localdate(),
        sample_size=2,
        access_until=timezone.localdate(),
        seed=1,
    )
    services.audit_auditor_add(
        actor=board.manager, audit_round=audit_round, person=board.auditor_health, agency=board.health
    )
    for case in audit_round.cases.all():
        for question in tool.questions.all():
            services.audit_answer_record(
                actor=board.auditor_health, case=case, question=question, grade="good", rationale="Seen."
            )
    request = RequestFactory().get("/")
    results = Template("{% load learning %}{% audit_results partnership standard start end %}")
    context = {
        "partnership": board.partnership,
        "standard": Standard.objects.get(code="delivery"),
        "start": timezone.localdate() - datetime.timedelta(days=30),
        "end": timezone.localdate(),
    }
    request.user = board.member
    html = results.render(Context({**context, "request": request}))
    assert 'data-testid="audit-results"' in html and "Round A" in html
    request.user = board.outsider
    assert "Round A" not in results.render(Context({**context, "request": request}))
    # The self-assessment page of the standard shows them beside the live measures.
    from cylch.partnerships.services import cycle_open

    cycle = cycle_open(
        actor=board.manager,
        partnership=board.partnership,
        period_start=timezone.localdate() - datetime.timedelta(days=30),
        period_end=timezone.localdate(),
        deadline=timezone.localdate() + datetime.timedelta(days=14),
    )
    url = reverse("partnerships:cycle_standard", args=[board.partnership.pk, cycle.pk, "delivery"])
    page = signed_in(board.member).get(url).content.decode()
    assert 'data-testid="audit-results"' in page and "Round A" in page
