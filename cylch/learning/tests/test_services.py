"""Reviews, their grants and chronology, recommendations, briefings, audit tools and rounds."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from cylch.access import rules
from cylch.access.models import AccessGrant
from cylch.accountability.models import LedgerAction
from cylch.audit.models import AuditEntry
from cylch.framework.models import Standard
from cylch.learning import services
from cylch.learning.models import (
    AuditAnswer,
    AuditCase,
    AuditRound,
    AuditTool,
    Briefing,
    BriefingRead,
    Recommendation,
    Review,
    ReviewChronologyEntry,
    Theme,
)

from .factories import build_board, decided, published_tool, referred

pytestmark = pytest.mark.django_db


def test_a_referral_names_children_without_opening_their_records() -> None:
    board = build_board()
    review = referred(board)
    assert review.stage == "referral"
    assert [link.name for link in review.review_children.all()] == ["Child A", "Child B"]
    from django.utils import translation

    with translation.override("cy"):
        assert [link.name for link in review.review_children.all()] == ["Plentyn A", "Plentyn B"]
    assert review.period_end == review.event_on
    assert review.period_start == review.event_on.replace(year=review.event_on.year - 1)
    assert not rules.child_access(board.manager, board.child).can_read
    assert AuditEntry.objects.filter(action="cylch.learning.review.referred").count() == 1


def test_only_the_chair_or_business_manager_takes_a_referral() -> None:
    board = build_board()
    with pytest.raises(PermissionDenied):
        services.review_refer(
            actor=board.member,
            partnership=board.partnership,
            title="t",
            referral_summary="s",
            referred_by_agency=board.cs,
            referred_on=timezone.localdate(),
            event_on=timezone.localdate(),
            children=board.children,
        )


def test_a_decision_without_reasons_is_refused_and_changes_nothing() -> None:
    board = build_board()
    review = referred(board)
    with pytest.raises(ValidationError) as error:
        services.review_decide(
            actor=board.manager,
            review=review,
            decision=Review.Decision.PROCEED,
            reasons="  ",
            decided_by_name="Chair",
            decided_on=timezone.localdate(),
            expected_version=review.version,
        )
    assert "Give the reasons for the decision, whichever way it goes" in error.value.message_dict["reasons"]
    review.refresh_from_db()
    assert review.decision == "" and review.stage == "referral" and review.version == 1


def test_a_decision_not_to_review_closes_the_case_with_its_reasons() -> None:
    board = build_board()
    review = referred(board)
    services.review_decide(
        actor=board.manager,
        review=review,
        decision=Review.Decision.NOT_PROCEED,
        reasons="Single-agency learning is enough.",
        decided_by_name="Chair",
        decided_on=timezone.localdate(),
        expected_version=1,
    )
    review.refresh_from_db()
    assert review.stage == "closed" and review.decision_reasons == "Single-agency learning is enough."
    with pytest.raises(ValidationError):
        services.review_member_add(
            actor=board.manager,
            review=review,
            person=board.reviewer_cs,
            agency=board.cs,
            role="reviewer",
            access_until=timezone.localdate(),
        )


def test_a_stale_decision_is_refused() -> None:
    board = build_board()
    review = referred(board)
    with pytest.raises(ValidationError):
        services.review_decide(
            actor=board.manager,
            review=review,
            decision="proceed",
            reasons="r",
            decided_by_name="c",
            decided_on=timezone.localdate(),
            expected_version=7,
        )


def test_stages_move_forward_only_after_a_decision_to_review() -> None:
    board = build_board()
    review = referred(board)
    with pytest.raises(ValidationError):
        services.review_stage_advance(actor=board.manager, review=review, stage="panel", note="n", expected_version=1)
    review = decided(board, review)
    services.review_stage_advance(
        actor=board.manager, review=review, stage="panel", note="Panel met.", expected_version=review.version
    )
    with pytest.raises(ValidationError) as error:
        services.review_stage_advance(
            actor=board.manager, review=review, stage="appointment", note="n", expected_version=review.version
        )
    assert "stage" in error.value.message_dict
    assert list(review.stage_records.values_list("stage", flat=True)) == ["referral", "chair_decision", "panel"]


def test_reviewers_read_but_never_write_and_lose_the_records_at_the_end_date() -> None:
    board = build_board()
    review = decided(board)
    until = timezone.localdate() + datetime.timedelta(days=10)
    services.review_member_add(
        actor=board.manager,
        review=review,
        person=board.reviewer_police,
        agency=board.police,
        role="reviewer",
        access_until=until,
    )
    access = rules.child_access(board.reviewer_police, board.child)
    assert access.can_read and not access.can_write and access.via == AccessGrant.Kind.SAFEGUARDING_REVIEW
    assert board.child in rules.children_visible_to(board.reviewer_police)
    with pytest.raises(Http404):
        rules.access_child(board.reviewer_police, board.child.pk, write=True)
    count = services.review_chronology_build(actor=board.reviewer_police, review=review)
    assert count == 12
    after = timezone.now() + datetime.timedelta(days=11)
    with time_machine.travel(after):
        rules.forget(board.reviewer_police)
        assert not rules.child_access(board.reviewer_police, board.child).can_read
        assert board.child not in rules.children_visible_to(board.reviewer_police)
        # The review's own documents stay.
        assert ReviewChronologyEntry.objects.filter(review=review).count() == 12


def test_the_chronology_marks_each_agency_and_every_record_read_is_audited() -> None:
    board = build_board(children=2, entries=9)
    review = decided(board)
    services.review_member_add(
        actor=board.manager,
        review=review,
        person=board.manager,
        agency=board.cs,
        role="business_unit",
        access_until=timezone.localdate(),
    )
    services.review_chronology_build(actor=board.manager, review=review)
    rows = ReviewChronologyEntry.objects.filter(review=review)
    assert rows.count() == 18
    assert set(rows.values_list("agency_id", flat=True)) == {board.cs.pk, board.police.pk, board.health.pk}
    assert {row.child_name for row in rows} == {"Child A", "Child B"}
    reads = AuditEntry.objects.filter(action="cylch.learning.review.chronology_read")
    assert sorted(pk for pk in reads.values_list("child_id", flat=True) if pk) == sorted(c.pk for c in board.children)
    # Building again replaces the copy, not doubles it.
    services.review_chronology_build(actor=board.manager, review=review)
    assert ReviewChronologyEntry.objects.filter(review=review).count() == 18


def test_building_the_chronology_needs_a_review_grant() -> None:
    board = build_board()
    review = decided(board)
    with pytest.raises(ValidationError):
        services.review_chronology_build(actor=board.manager, review=review)
    # Even someone in the team around the child builds only through a review grant.
    with pytest.raises(ValidationError):
        services.review_chronology_build(actor=board.social_worker, review=review)
    assert not ReviewChronologyEntry.objects.exists()


def test_the_chronology_covers_only_the_review_period() -> None:
    board = build_board(children=1, entries=0)
    from .factories import chronology

    chronology(board.child, [board.cs], count=10, days=900)  # spread over ~2.5 years
    review = decided(board)
    services.review_member_add(
        actor=board.manager,
        review=review,
        person=board.manager,
        agency=board.cs,
        role="business_unit",
        access_until=timezone.localdate(),
    )
    count = services.review_chronology_build(actor=board.manager, review=review)
    assert 0 < count < 10
    start = timezone.make_aware(datetime.datetime.combine(review.period_start, datetime.time.min))
    assert not ReviewChronologyEntry.objects.filter(review=review, occurred_at__lt=start).exists()


def test_a_recommendation_without_an_owner_is_refused_and_changes_nothing() -> None:
    board = build_board()
    review = decided(board)
    with pytest.raises(ValidationError) as error:
        services.recommendation_add(
            actor=board.manager,
            review=review,
            text="Share information at the first sign of neglect.",
            standard=Standard.objects.get(code="infrastructure"),
            owner_agency=board.police,
            owner=None,
            due_on=timezone.localdate() + datetime.timedelta(days=30),
        )
    assert "owner" in error.value.message_dict
    assert not Recommendation.objects.exists() and not LedgerAction.objects.exists()


def test_a_recommendation_becomes_a_ledger_action_linked_to_its_standard() -> None:
    board = build_board()
    review = decided(board)
    standard = Standard.objects.get(code="infrastructure")
    recommendation = services.recommendation_add(
        actor=board.manager,
        review=review,
        text="Share information at the first sign of neglect.",
        standard=standard,
        owner_agency=board.police,
        owner=board.reviewer_police,
        due_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    action = recommendation.action
    assert action.source_kind == LedgerAction.Source.REVIEW and action.source_id == str(review.pk)
    assert action.standard == standard and action.owner == board.reviewer_police


def test_agency_reports_come_from_the_reviewers_own_agency() -> None:
    board = build_board()
    review = decided(board)
    services.review_member_add(
        actor=board.manager,
        review=review,
        person=board.reviewer_police,
        agency=board.police,
        role="reviewer",
        access_until=timezone.localdate(),
    )
    with pytest.raises(ValidationError):
        services.agency_report_add(actor=board.reviewer_police, review=review, agency=board.health, text="Not ours")
    report = services.agency_report_add(
        actor=board.reviewer_police, review=review, agency=board.police, text="What the police knew."
    )
    assert report.agency == board.police
    with pytest.raises(PermissionDenied):
        services.agency_report_add(actor=board.outsider, review=review, agency=board.police, text="x")


def test_briefings_need_both_languages_and_record_reads_by_team() -> None:
    board = build_board()
    review = decided(board)
    with pytest.raises(ValidationError) as error:
        services.briefing_create(
            actor=board.manager,
            partnership=board.partnership,
            review=review,
            title_en="Neglect",
            title_cy="",
            body_en="b",
            body_cy="",
            themes=[],
            standards=[],
            practice_notes=[],
        )
    assert set(error.value.message_dict) == {"title_cy", "body_cy"}
    briefing = services.briefing_create(
        actor=board.manager,
        partnership=board.partnership,
        review=review,
        title_en="Neglect",
        title_cy="Esgeulustod",
        body_en="b",
        body_cy="c",
        themes=list(Theme.objects.filter(code="neglect")),
        standards=[Standard.objects.get(code="delivery")],
        practice_notes=[],
    )
    with pytest.raises(ValidationError):
        services.briefing_read_record(actor=board.social_worker, briefing=briefing)
    services.briefing_publish(actor=board.manager, briefing=briefing)
    services.briefing_read_record(actor=board.social_worker, briefing=briefing)
    services.briefing_read_record(actor=board.social_worker, briefing=briefing)
    read = BriefingRead.objects.get()
    assert read.team == board.cs_team
    assert briefing.status == Briefing.Status.PUBLISHED


def test_a_theme_is_added_and_changed_by_business_managers_only() -> None:
    board = build_board()
    theme = services.theme_create(actor=board.manager, name_en="Domestic abuse", name_cy="Cam-drin domestig")
    assert theme.code == "domestic-abuse"
    with pytest.raises(ValidationError):
        services.theme_create(actor=board.manager, name_en="Domestic abuse", name_cy="x")
    with pytest.raises(PermissionDenied):
        services.theme_create(actor=board.member, name_en="Other", name_cy="Arall")
    services.theme_update(
        actor=board.manager, theme=theme, name_en="Domestic abuse", name_cy="Cam-drin domestig", is_active=False
    )
    assert not Theme.objects.get(code="domestic-abuse").is_active


# --- Audits ---------------------------------------------------------------------------------


def test_a_published_tool_never_changes_and_a_new_version_copies_its_questions() -> None:
    board = build_board()
    tool = published_tool(board)
    with pytest.raises(ValidationError):
        services.audit_question_add(
            actor=board.manager, tool=tool, standard=Standard.objects.first(), text_en="q", text_cy="q", descriptors={}
        )
    new = services.audit_tool_new_version(actor=board.manager, tool=tool)
    assert new.version == 2 and new.status == AuditTool.Status.DRAFT
    assert new.questions.count() == tool.questions.count() == 2
    with pytest.raises(ValidationError):
        services.audit_tool_new_version(actor=board.manager, tool=tool)


def test_a_question_needs_a_descriptor_for_every_grade() -> None:
    board = build_board()
    tool = services.audit_tool_create(actor=board.manager, partnership=board.partnership, name_en="T", name_cy="T")
    with pytest.raises(ValidationError) as error:
        services.audit_question_add(
            actor=board.manager,
            tool=tool,
            standard=Standard.objects.first(),
            text_en="q",
            text_cy="q",
            descriptors={"good": ("g", "d")},
        )
    assert "inadequate_en" in error.value.message_dict and "good_en" not in error.value.message_dict


def _round(board, size: int = 10) -> AuditRound:  # type: ignore[no-untyped-def]
    tool = published_tool(board)
    return services.audit_round_create(
        actor=board.manager,
        partnership=board.partnership,
        tool=tool,
        title="Neglect audit",
        criterion="random",
        criterion_option="",
        period_start=timezone.localdate() - datetime.timedelta(days=365),
        period_end=timezone.localdate(),
        sample_size=size,
        access_until=timezone.localdate() + datetime.timedelta(days=14),
        seed=42,
    )


def test_an_audit_round_of_ten_cases_with_auditors_from_three_agencies() -> None:
    board = build_board(children=12, entries=2)
    audit_round = _round(board, 10)
    cases = list(audit_round.cases.all())
    assert len(cases) == 10
    sampled = {c.child_id for c in cases}
    auditors = [
        (board.reviewer_cs, board.cs),
        (board.reviewer_police, board.police),
        (board.auditor_health, board.health),
    ]
    for person, agency in auditors:
        services.audit_auditor_add(actor=board.manager, audit_round=audit_round, person=person, agency=agency)
    # Exactly the sampled records open to the auditors, read-only.
    visible = set(rules.children_visible_to(board.auditor_health).values_list("pk", flat=True))
    assert visible == sampled
    left_out = next(c for c in board.children if c.pk not in sampled)
    assert not rules.child_access(board.auditor_health, left_out).can_read
    questions = list(audit_round.tool.questions.all())
    for case in cases:
        for person, _agency in auditors:
            for question in questions:
                services.audit_answer_record(
                    actor=person, case=case, question=question, grade="good", rationale="Seen in the record."
                )
    assert AuditAnswer.objects.count() == 10 * 3 * 2
    assert set(AuditAnswer.objects.values_list("agency_id", flat=True)) == {
        board.cs.pk,
        board.police.pk,
        board.health.pk,
    }
    with pytest.raises(ValidationError):
        services.audit_round_finish(actor=board.manager, audit_round=audit_round)
    for n, case in enumerate(cases):
        services.audit_case_moderate(
            actor=board.manager,
            case=case,
            overall_grade="requires_improvement" if n % 2 else "good",
            findings="Agencies shared information late.",
            rationale="Two of three agencies graded late sharing.",
            expected_version=case.version,
            action_what="Train on early sharing." if n == 0 else "",
            action_standard=Standard.objects.get(code="learning"),
            owner_agency=board.police,
            owner=board.reviewer_police,
            due_on=timezone.localdate() + datetime.timedelta(days=60),
        )
    assert LedgerAction.objects.filter(source_kind=LedgerAction.Source.AUDIT).count() == 1
    services.audit_round_finish(actor=board.manager, audit_round=audit_round)
    rules.forget(board.auditor_health)
    assert not rules.children_visible_to(board.auditor_health).exists()
    from cylch.learning.selectors import audit_results_for_standard

    results = audit_results_for_standard(
        actor=board.member,
        partnership=board.partnership,
        standard=Standard.objects.get(code="delivery"),
        start=timezone.localdate() - datetime.timedelta(days=30),
        end=timezone.localdate(),
    )
    assert results.rounds[0]["answers"] == [0, 30, 0, 0]
    assert results.rounds[0]["overall"] == [0, 5, 5, 0]
    outsider_results = audit_results_for_standard(
        actor=board.outsider,
        partnership=board.partnership,
        standard=Standard.objects.get(code="delivery"),
        start=timezone.localdate(),
        end=timezone.localdate(),
    )
    assert outsider_results.rounds == []


def test_an_audit_grade_without_its_rationale_is_refused() -> None:
    board = build_board(children=3)
    audit_round = _round(board, 3)
    services.audit_auditor_add(
        actor=board.manager, audit_round=audit_round, person=board.auditor_health, agency=board.health
    )
    case = audit_round.cases.get(pk=audit_round.cases.order_by("pk").values_list("pk", flat=True)[0])
    question = audit_round.tool.questions.order_by("pk")[0]
    with pytest.raises(ValidationError) as error:
        services.audit_answer_record(
            actor=board.auditor_health, case=case, question=question, grade="inadequate", rationale=" "
        )
    assert "rationale" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.audit_case_moderate(
            actor=board.manager, case=case, overall_grade="good", findings="f", rationale="", expected_version=1
        )
    assert "rationale" in error.value.message_dict
    assert not AuditAnswer.objects.exists()
    case.refresh_from_db()
    assert case.overall_grade == "" and case.version == 1
    with pytest.raises(PermissionDenied):
        services.audit_answer_record(actor=board.reviewer_cs, case=case, question=question, grade="good", rationale="x")


def test_sampling_by_register_status_draws_only_registered_children() -> None:
    from cylch.learning import sampling

    board = build_board(children=3, entries=1)
    assert (
        list(
            {c.code: c for c in sampling.criteria()}["register"].children(
                area_ids=[board.area.pk], start=timezone.localdate(), end=timezone.localdate()
            )
        )
        == []
    )
    assert sampling.draw(range(100), size=5, seed=1) == sampling.draw(range(100), size=5, seed=1)
    assert len(sampling.draw(range(3), size=5, seed=1)) == 3


def test_a_round_with_no_children_to_sample_is_refused() -> None:
    board = build_board(children=0)
    tool = published_tool(board)
    with pytest.raises(ValidationError) as error:
        services.audit_round_create(
            actor=board.manager,
            partnership=board.partnership,
            tool=tool,
            title="t",
            criterion="register",
            criterion_option="",
            period_start=timezone.localdate(),
            period_end=timezone.localdate(),
            sample_size=5,
            access_until=timezone.localdate(),
        )
    assert "criterion" in error.value.message_dict
    assert not AuditCase.objects.exists()


def test_the_learning_measure_counts_actions_done_on_time() -> None:
    from cylch.learning.measures import _on_time

    board = build_board()
    review = decided(board)
    rec = services.recommendation_add(
        actor=board.manager,
        review=review,
        text="Do it",
        standard=Standard.objects.get(code="learning"),
        owner_agency=board.police,
        owner=board.reviewer_police,
        due_on=timezone.localdate() + datetime.timedelta(days=3),
    )
    LedgerAction.objects.filter(pk=rec.action_id).update(
        status=LedgerAction.Status.DONE, completed_on=timezone.localdate()
    )
    result = _on_time(
        area_ids=[board.area.pk], start=timezone.localdate(), end=timezone.localdate() + datetime.timedelta(days=10)
    )
    assert (result.numerator, result.denominator) == (1, 1)


def test_a_referral_finds_children_by_nhs_number_or_cylch_record_number() -> None:
    from cylch.children.models import Identifier

    board = build_board(children=2, entries=0)
    Identifier.objects.create(child=board.children[0], kind=Identifier.Kind.NHS_NUMBER, value="9434765919")
    found, missing = services.children_find(
        f"943 476 5919, {board.children[1].pk};\n8888888888, {board.children[1].pk}"
    )
    assert found == board.children
    assert missing == ["8888888888"]
