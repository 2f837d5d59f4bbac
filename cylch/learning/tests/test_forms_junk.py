"""Property-based tests: junk thrown at every form of the learning pages never makes a server
error, and a form shown again with its errors has changed nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cylch.access.models import AccessGrant
from cylch.accountability.models import LedgerAction
from cylch.audit.models import AuditEntry
from cylch.core import testing
from cylch.learning import models, services

from .factories import build_board, decided, published_tool

pytestmark = pytest.mark.django_db

junk_text = st.one_of(
    st.text(max_size=120),
    st.sampled_from(
        [
            "",
            " ",
            "0",
            "-1",
            "1",
            "2",
            "99999999999999999999",
            "<script>alert(1)</script>",
            "\x00",
            "31 2 2020",
            "1 1 0001",
            "31 12 9999",
            "00 00 0000",
            "on",
            "proceed",
            "not_proceed",
            "good",
            "inadequate",
            "panel",
            "closed",
            "reviewer",
            "random",
            "register",
            "open_plan",
            "😀" * 50,
            "x" * 21000,
        ]
    ),
)
HYPOTHESIS = settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)

FORMS: dict[str, list[str]] = {
    "review_new": [
        "partnership",
        "title",
        "referral_summary",
        "referred_by_agency",
        "referred_on",
        "event_on",
        "children",
    ],
    "decision": ["decision", "reasons", "decided_by_name", "decided_on", "version"],
    "stage": ["stage", "note", "version"],
    "member": ["email", "agency", "role", "access_until"],
    "report": ["agency", "text"],
    "recommendation": ["text", "standard", "owner_agency", "owner_email", "due_on"],
    "briefing": ["partnership", "title_en", "title_cy", "body_en", "body_cy", "themes", "standards", "practice_notes"],
    "theme": ["name_en", "name_cy"],
    "tool": ["partnership", "name_en", "name_cy"],
    "question": ["standard", "text_en", "text_cy", "good_en", "good_cy", "inadequate_en"],
    "round": [
        "tool",
        "title",
        "criterion",
        "criterion_option",
        "period_start",
        "period_end",
        "sample_size",
        "access_until",
    ],
    "auditor": ["email", "agency"],
    "answer": ["form", "question", "grade", "rationale"],
    "moderation": [
        "overall_grade",
        "rationale",
        "findings",
        "action_what",
        "action_standard",
        "owner_agency",
        "owner_email",
        "due_on",
        "version",
    ],
}


def _fingerprint() -> tuple[Any, ...]:
    tables: list[Any] = [
        models.Review,
        models.ReviewStageRecord,
        models.ReviewMember,
        models.AgencyReport,
        models.Recommendation,
        models.Briefing,
        models.Theme,
        models.AuditTool,
        models.AuditQuestion,
        models.AuditRound,
        models.AuditRoundAuditor,
        models.AuditCase,
        models.AuditAnswer,
        LedgerAction,
        AccessGrant,
    ]
    rows = tuple(tuple(m.objects.order_by("pk").values_list()) for m in tables)
    return (*rows, AuditEntry.objects.filter(kind=AuditEntry.Kind.CHANGE).count())


def _world() -> dict[str, Any]:
    board = build_board(children=2, entries=2)
    review = decided(board)
    draft_tool = services.audit_tool_create(
        actor=board.manager, partnership=board.partnership, name_en="Draft", name_cy="Drafft"
    )
    tool = published_tool(board)
    audit_round = services.audit_round_create(
        actor=board.manager,
        partnership=board.partnership,
        tool=tool,
        title="R",
        criterion="random",
        criterion_option="",
        period_start=timezone.localdate().replace(year=timezone.localdate().year - 1),
        period_end=timezone.localdate(),
        sample_size=2,
        access_until=timezone.localdate(),
        seed=1,
    )
    services.audit_auditor_add(
        actor=board.manager, audit_round=audit_round, person=board.auditor_health, agency=board.health
    )
    case = audit_round.cases.order_by("pk")[0]
    r, c = review.pk, case.pk
    urls = {
        "review_new": "/learning/reviews/new/",
        "decision": f"/learning/reviews/{referred_only(board).pk}/decision/",
        "stage": f"/learning/reviews/{r}/stage/",
        "member": f"/learning/reviews/{r}/reviewers/",
        "report": f"/learning/reviews/{r}/reports/new/",
        "recommendation": f"/learning/reviews/{r}/recommendations/new/",
        "briefing": "/learning/briefings/new/",
        "theme": "/learning/themes/",
        "tool": "/learning/audit-tools/new/",
        "question": f"/learning/audit-tools/{draft_tool.pk}/questions/new/",
        "round": "/learning/audit-rounds/new/",
        "auditor": f"/learning/audit-rounds/{audit_round.pk}/auditors/",
        "answer": f"/learning/audit-cases/{c}/",
        "moderation": f"/learning/audit-cases/{c}/moderation/",
    }
    return {
        "urls": urls,
        "manager": testing.sign_in_verified(Client(), board.manager),
        "auditor": testing.sign_in_verified(Client(), board.auditor_health),
    }


def referred_only(board: Any) -> Any:
    from .factories import referred

    return referred(board, title="Second review", children=board.children[:1])


@pytest.mark.parametrize("form", sorted(FORMS))
def test_junk_never_breaks_a_form_nor_changes_anything_when_refused(form: str) -> None:
    world = _world()
    client = world["auditor"] if form == "answer" else world["manager"]
    url = world["urls"][form]

    @HYPOTHESIS
    @given(data=st.dictionaries(keys=st.sampled_from(FORMS[form]), values=junk_text, max_size=len(FORMS[form])))
    def check(data: dict[str, str]) -> None:
        before = _fingerprint()
        response = client.post(url, data)
        assert response.status_code < 500, (url, data)
        if response.status_code == 200:
            assert _fingerprint() == before, (url, data)

    check()
