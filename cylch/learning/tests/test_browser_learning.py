"""Browser journey, tried as a new user would: a board business manager takes a referral for a
safeguarding review, records the chair's decision (first without reasons, which is refused),
names reviewers with access to the children's records, builds the review's chronology, tags a
theme, adds a recommendation (first without an owner, refused), writes and publishes a briefing
in English and Welsh that a Welsh-speaking social worker reads, and sees the actions and the
readers on the theme's learning page. Then an audit round: the manager plans it, names auditors
from three agencies, a Welsh-speaking auditor answers (a grade without its rationale is refused),
the manager moderates (refused without rationale, then agreed) and finishes the round.

English for the business manager, Welsh for the social worker and the auditor; every page passes
axe-core and the CSP check. (A pytest test covers a round of ten cases; this one samples three.)
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.utils import timezone, translation

from cylch.core.tests.browser import Visitor, cy, reference_data_after_flush, visit_fixture
from cylch.core.tests.test_browser import follow, html_lang, path_of
from cylch.framework.models import Standard
from cylch.learning import services
from cylch.learning.models import AuditAnswer, AuditRound, Briefing, BriefingRead, Review, ReviewChronologyEntry
from cylch.people.models import Person

from .factories import Board, build_board, published_tool

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def typed(day: datetime.date) -> str:
    return f"{day.day} {day.month} {day.year}"


visit = visit_fixture(bind_axe=True)


@pytest.fixture
def board() -> Board:
    """Reference lists, the Framework's standards and the themes (a transactional test's flush empties them)."""
    reference_data_after_flush()
    board = build_board(children=3, entries=8)
    Person.objects.filter(pk__in=[board.social_worker.pk, board.auditor_health.pk]).update(language="cy")
    board.social_worker.refresh_from_db()
    board.auditor_health.refresh_from_db()
    return board


def test_a_review_from_referral_to_the_learning_page_then_an_audit_round(
    board: Board, visit: Callable[[Person], Visitor]
) -> None:
    today = timezone.localdate()
    manager = visit(board.manager)
    page = manager.page

    # 1. Take the referral.
    page.goto("/learning/")
    assert html_lang(page) == "en"
    manager.check()
    follow(page, page.get_by_role("link", name="Take a referral for a review"))
    manager.check()
    page.get_by_label("Title", exact=True).fill("Review concerning Child A")
    page.get_by_label("Why the case is referred").fill("A serious injury; three agencies knew the family.")
    page.get_by_label("Referring agency").select_option(label="Test Children's Services")
    page.get_by_label("Date of the event that led to the referral").fill(typed(today - datetime.timedelta(days=4)))
    page.get_by_label("The children the review concerns").fill(", ".join(str(c.pk) for c in board.children[:2]))
    follow(page, page.get_by_role("button", name="Save"))
    review = Review.objects.get()
    assert path_of(page) == f"/learning/reviews/{review.pk}/"
    manager.check()

    # 2. The chair's decision: refused without reasons, then recorded.
    follow(page, page.get_by_role("link", name="Record the chair's decision"))
    page.get_by_role("radio", name="A review will be held").check()
    page.get_by_label("Chair who decided").fill("Chair Anwen")
    follow(page, page.get_by_role("button", name="Save"))
    assert (
        "Give the reasons for the decision, whichever way it goes" in page.locator(".govuk-error-summary").inner_text()
    )
    manager.check()
    review.refresh_from_db()
    assert review.decision == ""
    page.get_by_label("The reasons for the decision").fill("The criteria for a review are met.")
    follow(page, page.get_by_role("button", name="Save"))
    assert page.get_by_test_id("decision").is_visible()

    # 3. Give the business unit and a police reviewer read-only access until a date.
    for person, agency, role in [
        (board.manager, "Test Children's Services", "Business unit officer"),
        (board.reviewer_police, "Test Police", "Reviewer"),
    ]:
        follow(page, page.get_by_role("link", name="Name a reviewer and give access"))
        manager.check()
        page.get_by_label("Email address").fill(person.email)
        page.get_by_label("Agency").select_option(label=agency)
        page.get_by_role("radio", name=role).check()
        follow(page, page.get_by_role("button", name="Save"))
    assert page.get_by_test_id("members").inner_text().count("Test") >= 2

    # 4. Build the chronology: each agency's contribution is marked.
    follow(page, page.get_by_role("button", name="Build the chronology"))
    assert path_of(page) == f"/learning/reviews/{review.pk}/chronology/"
    manager.check()
    assert ReviewChronologyEntry.objects.filter(review=review).count() == 16
    assert page.get_by_test_id("review-chronology").locator("tbody tr").count() == 16
    follow(page, page.get_by_role("link", name="Back to the review"))

    # 5. A theme, and a recommendation (refused without an owner).
    follow(page, page.get_by_role("link", name="Change themes"))
    page.get_by_role("checkbox", name="Neglect").check()
    follow(page, page.get_by_role("button", name="Save"))
    follow(page, page.get_by_role("link", name="Add a recommendation"))
    page.get_by_label("Recommendation").fill(
        "Share every concern about neglect with the lead professional within a day."
    )
    page.get_by_label("Standard it serves").select_option(label=Standard.objects.get(code="learning").title_en)
    page.get_by_label("Owning agency").select_option(label="Test Police")
    page.get_by_label("Due date").fill(typed(today + datetime.timedelta(days=45)))
    follow(page, page.get_by_role("button", name="Save"))
    assert "Name the person who owns the action" in page.locator(".govuk-error-summary").inner_text()
    manager.check()
    page.get_by_label("Email address of the named owner").fill(board.reviewer_police.email)
    follow(page, page.get_by_role("button", name="Save"))
    assert "Share every concern" in page.get_by_test_id("recommendations").inner_text()

    # 6. A briefing in English and Welsh, published.
    follow(page, page.get_by_role("link", name="Write a learning briefing"))
    manager.check()
    page.get_by_label("Title in English").fill("Seeing neglect early")
    page.get_by_label("Briefing in English").fill("What happened. What we learnt. What to do differently.")
    page.get_by_label("Title in Welsh").fill("Gweld esgeulustod yn gynnar")
    page.get_by_label("Briefing in Welsh").fill("Beth ddigwyddodd. Beth a ddysgon ni. Beth i'w wneud yn wahanol.")
    page.get_by_role("checkbox", name=Standard.objects.get(code="delivery").title_en).check()
    follow(page, page.get_by_role("button", name="Save"))
    assert page.get_by_test_id("draft").is_visible()
    follow(page, page.get_by_role("button", name="Publish in English and Welsh"))
    briefing = Briefing.objects.get()
    assert briefing.status == Briefing.Status.PUBLISHED
    manager.check()

    # 7. A social worker reads it in Welsh, from the Framework's standards page.
    worker = visit(board.social_worker)
    worker.page.goto("/framework/standards/")
    assert html_lang(worker.page) == "cy"
    follow(worker.page, worker.page.get_by_role("link", name="Gweld esgeulustod yn gynnar"))
    worker.check()
    assert "Beth a ddysgon ni." in worker.page.get_by_test_id("briefing-body").inner_text()
    follow(worker.page, worker.page.get_by_role("button", name=cy("I have read this briefing")))
    assert worker.page.get_by_test_id("has-read").is_visible()
    worker.check()
    assert BriefingRead.objects.get().team == board.cs_team

    # 8. The learning page of the theme: the review, its action and who read the briefing.
    page.goto(f"/learning/reviews/{review.pk}/")
    follow(page, page.get_by_test_id("themes").get_by_role("link", name="Neglect"))
    manager.check()
    assert review.reference in page.get_by_test_id("learning-reviews").inner_text()
    assert "Share every concern" in page.get_by_test_id("learning-actions").inner_text()
    assert "1 action: 0 done, 0 overdue." in page.get_by_test_id("action-counts").inner_text()
    assert "Read by 1 person." in page.content()

    # 9. An audit round with auditors from three agencies.
    tool = published_tool(board)
    page.goto("/learning/")
    follow(page, page.get_by_role("link", name="Plan an audit round"))
    manager.check()
    page.get_by_label("Audit tool").select_option(label=f"{tool.name_en} (v1)")
    page.get_by_label("Title of the round").fill("Neglect: cases known in the last year")
    page.get_by_role("radio", name="At random from children known to services in the period").check()
    page.get_by_label("Number of cases").fill("3")
    follow(page, page.get_by_role("button", name="Save"))
    audit_round = AuditRound.objects.get()
    assert audit_round.cases.count() == 3
    auditors = [
        (board.reviewer_cs, "Test Children's Services"),
        (board.reviewer_police, "Test Police"),
        (board.auditor_health, "Test Health"),
    ]
    for person, agency in auditors:
        follow(page, page.get_by_role("link", name="Name an auditor"))
        page.get_by_label("Email address").fill(person.email)
        page.get_by_label("Agency").select_option(label=agency)
        follow(page, page.get_by_role("button", name="Save"))
    assert len(page.get_by_test_id("auditors").locator("li").all()) == 3
    manager.check()

    # 10. The health auditor answers in Welsh: refused without a rationale, then saved.
    case = audit_round.cases.order_by("pk")[0]
    auditor = visit(board.auditor_health)
    auditor.page.goto(f"/learning/audit-cases/{case.pk}/")
    assert html_lang(auditor.page) == "cy"
    auditor.check()
    card = auditor.page.locator(".govuk-summary-card").first
    with translation.override("cy"):
        inadequate = dict(__import__("cylch.core.reference_data", fromlist=["x"]).code_choices("audit_grade"))[
            "inadequate"
        ]
    card.get_by_role("radio", name=inadequate).check()
    follow(auditor.page, card.get_by_role("button", name=cy("Save your agency's answer")))
    assert (
        cy("Give the rationale for the grade: what in the record shows it")
        in auditor.page.locator(".govuk-error-summary").inner_text()
    )
    auditor.check()
    assert not AuditAnswer.objects.exists()
    card = auditor.page.locator(".govuk-summary-card").first
    card.get_by_role("radio", name=inadequate).check()
    card.get_by_label(cy("Rationale: what in the record shows the grade")).fill("Dim cofnod o lais y plentyn.")
    follow(auditor.page, card.get_by_role("button", name=cy("Save your agency's answer")))
    assert AuditAnswer.objects.get().agency == board.health

    # The other answers, as the other auditors give them on the same page.
    for n, c in enumerate(audit_round.cases.order_by("pk")):
        for person, _agency in auditors:
            for question in tool.questions.all():
                if (
                    person == board.auditor_health
                    and n == 0
                    and question == tool.questions.order_by("standard__position", "position", "id")[0]
                ):
                    continue
                services.audit_answer_record(actor=person, case=c, question=question, grade="good", rationale="Seen.")
    assert AuditAnswer.objects.count() == 3 * 3 * 2

    # 11. Moderation: refused without a rationale, then agreed with an action; the round finishes.
    page.goto(f"/learning/audit-cases/{case.pk}/")
    manager.check()
    follow(page, page.get_by_role("link", name="Record the moderation"))
    page.get_by_role("radio", name="Requires improvement").check()
    page.get_by_label("Findings").fill("The child's voice was missing from two agencies' records.")
    follow(page, page.get_by_role("button", name="Save"))
    assert "Give the rationale for the overall grade" in page.locator(".govuk-error-summary").inner_text()
    manager.check()
    page.get_by_label("Rationale for the overall grade").fill("Agreed after discussion of the three agencies' grades.")
    follow(page, page.get_by_role("button", name="Save"))
    assert path_of(page) == f"/learning/audit-rounds/{audit_round.pk}/"
    for c in audit_round.cases.filter(moderated_at__isnull=True):
        services.audit_case_moderate(
            actor=board.manager,
            case=c,
            overall_grade="good",
            findings="Fine.",
            rationale="Agreed.",
            expected_version=c.version,
        )
    follow(page, page.get_by_role("button", name="Finish the round"))
    assert page.get_by_test_id("round-status").inner_text() == "Finished"
    manager.check()
    # The auditors' access ended with the round.
    response = auditor.page.goto(f"/children/{case.child_id}/")
    assert response is not None and response.status == 404
