"""Learning pages in the permission matrix.

Reviews, audits and unpublished briefings belong to a partnership: no persona in the matrix holds
a partnership role or is a named reviewer or auditor, so pages naming a review, round, case,
tool or draft briefing answer 404 (their existence is not revealed) and pages that only the
partnership's people open answer 403. Published briefings are for everyone signed in. The
positive cases (business manager, member, reviewer, auditor) are in test_views.py.
"""

from __future__ import annotations

from typing import Any

from cylch.access.tests.matrix_support import Row, only, signed_in_only

NOBODY: set[str] = set()


def objects(ctx: dict[str, Any]) -> dict[str, Any]:
    """A board with a review in progress, briefings, a tool and an audit round, made on first use."""
    if "learning" not in ctx:
        from django.utils import timezone

        from cylch.learning import services
        from cylch.learning.tests.factories import build_board, decided, published_tool

        board = build_board(children=2, entries=2)
        review = decided(board)
        member = services.review_member_add(
            actor=board.manager,
            review=review,
            person=board.reviewer_cs,
            agency=board.cs,
            role="reviewer",
            access_until=timezone.localdate(),
        )
        draft = services.briefing_create(
            actor=board.manager,
            partnership=board.partnership,
            review=review,
            title_en="Draft",
            title_cy="Drafft",
            body_en="b",
            body_cy="c",
            themes=[],
            standards=[],
            practice_notes=[],
        )
        published = services.briefing_create(
            actor=board.manager,
            partnership=board.partnership,
            review=review,
            title_en="Published",
            title_cy="Cyhoeddwyd",
            body_en="b",
            body_cy="c",
            themes=[],
            standards=[],
            practice_notes=[],
        )
        services.briefing_publish(actor=board.manager, briefing=published)
        tool = published_tool(board)
        audit_round = services.audit_round_create(
            actor=board.manager,
            partnership=board.partnership,
            tool=tool,
            title="Round",
            criterion="random",
            criterion_option="",
            period_start=timezone.localdate().replace(year=timezone.localdate().year - 1),
            period_end=timezone.localdate(),
            sample_size=2,
            access_until=timezone.localdate(),
            seed=1,
        )
        ctx["learning"] = {
            "review": review,
            "member": member,
            "draft": draft,
            "published": published,
            "tool": tool,
            "round": audit_round,
            "case": audit_round.cases.first(),
        }
    return ctx["learning"]  # type: ignore[no-any-return]


def _review(ctx: dict[str, Any]) -> dict[str, Any]:
    return {"review_id": objects(ctx)["review"].pk}


def _tool(ctx: dict[str, Any]) -> dict[str, Any]:
    return {"tool_id": objects(ctx)["tool"].pk}


def _round(ctx: dict[str, Any]) -> dict[str, Any]:
    return {"round_id": objects(ctx)["round"].pk}


def _case(ctx: dict[str, Any]) -> dict[str, Any]:
    return {"case_id": objects(ctx)["case"].pk}


HIDDEN = only(NOBODY, refused=404)
REFUSED = only(NOBODY)

ROWS: list[Row] = [
    Row("learning:home", expected=signed_in_only()),
    Row("learning:themes", expected=REFUSED),
    Row("learning:theme_edit", kwargs=lambda ctx: {"code": "neglect"}, expected=REFUSED),
    Row("learning:learning_theme", kwargs=lambda ctx: {"code": "neglect"}, expected=REFUSED),
    Row("learning:learning_standard", kwargs=lambda ctx: {"code": "learning"}, expected=REFUSED),
    Row("learning:review_new", expected=REFUSED),
    *[
        Row(f"learning:{name}", kwargs=_review, expected=HIDDEN)
        for name in [
            "review",
            "review_decision",
            "review_stage",
            "review_themes",
            "review_member_add",
            "review_chronology",
            "review_report_add",
            "review_recommendation_add",
        ]
    ],
    Row("learning:review_chronology_build", method="POST", kwargs=_review, expected=HIDDEN),
    Row(
        "learning:review_member_end",
        method="POST",
        kwargs=lambda ctx: {"review_id": objects(ctx)["review"].pk, "member_id": objects(ctx)["member"].pk},
        expected=HIDDEN,
    ),
    Row("learning:briefing_new", expected=REFUSED),
    Row(
        "learning:briefing", kwargs=lambda ctx: {"briefing_id": objects(ctx)["published"].pk}, expected=signed_in_only()
    ),
    Row(
        "learning:briefing_read",
        method="POST",
        kwargs=lambda ctx: {"briefing_id": objects(ctx)["published"].pk},
        expected=signed_in_only(302),
    ),
    Row(
        "learning:briefing_publish",
        method="POST",
        kwargs=lambda ctx: {"briefing_id": objects(ctx)["draft"].pk},
        expected=HIDDEN,
    ),
    Row("learning:tools", expected=REFUSED),
    Row("learning:tool_new", expected=REFUSED),
    Row("learning:tool", kwargs=_tool, expected=HIDDEN),
    Row("learning:tool_question_add", kwargs=_tool, expected=HIDDEN),
    Row("learning:tool_publish", method="POST", kwargs=_tool, expected=HIDDEN),
    Row("learning:tool_new_version", method="POST", kwargs=_tool, expected=HIDDEN),
    Row("learning:round_new", expected=REFUSED),
    Row("learning:round", kwargs=_round, expected=HIDDEN),
    Row("learning:round_auditor_add", kwargs=_round, expected=HIDDEN),
    Row("learning:round_finish", method="POST", kwargs=_round, expected=HIDDEN),
    Row("learning:case", kwargs=_case, expected=HIDDEN),
    Row("learning:case_moderate", kwargs=_case, expected=HIDDEN),
]
