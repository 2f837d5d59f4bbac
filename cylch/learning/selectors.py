"""Reads of the learning domain. Each takes the actor; the access functions have already
decided that the actor may see the review, round or briefing passed in."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from cylch.accountability.models import LedgerAction
from cylch.core.reference_data import code_choices
from cylch.learning import access
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
from cylch.partnerships.models import Partnership


def learning_home(*, actor: Any) -> dict[str, Any]:
    reviews = access.reviews_visible_to(actor).select_related("partnership").order_by("-referred_on", "-id")[:50]
    rounds = access.rounds_visible_to(actor).select_related("partnership").order_by("-created_at")[:50]
    members = access.member_of(actor)
    briefings = (
        Briefing.objects.filter(Q(status=Briefing.Status.PUBLISHED) | Q(partnership_id__in=members))
        .select_related("partnership")
        .order_by("-published_at", "-id")[:50]
    )
    read = (
        set(BriefingRead.objects.filter(person=actor).values_list("briefing_id", flat=True))
        if actor.is_authenticated
        else set()
    )
    return {
        "reviews": list(reviews),
        "rounds": list(rounds),
        "briefings": list(briefings),
        "read_ids": read,
        "is_member": bool(members),
        "is_manager": bool(access.managed_by(actor)),
        "themes": list(Theme.objects.filter(is_active=True)) if members else [],
    }


@dataclass
class ReviewPage:
    review: Review
    role: str
    children: list[Any]
    stages: list[tuple[str, str, bool]]
    records: list[Any]
    members: list[Any]
    reports: list[Any]
    recommendations: list[Any]
    briefings: list[Any]
    contributions: list[tuple[Any, int]]
    entry_count: int
    named: bool


def review_page(*, actor: Any, review: Review, role: str) -> ReviewPage:
    stage_list = code_choices("review_stage")
    codes = [c for c, _l in stage_list]
    reached = codes.index(review.stage) if review.stage in codes else 0
    counts = (
        ReviewChronologyEntry.objects.filter(review=review)
        .values("agency_id")
        .annotate(n=Count("id"))
        .order_by("-n", "agency_id")
    )
    from cylch.organisations.models import Agency

    agencies = Agency.objects.in_bulk([row["agency_id"] for row in counts])
    contributions = [(agencies[row["agency_id"]], row["n"]) for row in counts]
    return ReviewPage(
        review=review,
        role=role,
        children=list(review.review_children.all()),
        stages=[(code, label, i <= reached) for i, (code, label) in enumerate(stage_list)],
        records=list(review.stage_records.select_related("recorded_by")),
        members=list(review.members.select_related("person", "agency")),
        reports=list(review.agency_reports.select_related("agency", "author")),
        recommendations=list(
            review.recommendations.select_related("standard", "action__owner", "action__owner_agency")
        ),
        briefings=list(review.briefings.all()),
        contributions=contributions,
        entry_count=sum(n for _a, n in contributions),
        named=access.is_named_on(actor, review),
    )


def review_chronology(*, actor: Any, review: Review, agency_id: int | None = None) -> Any:
    entries = ReviewChronologyEntry.objects.filter(review=review).select_related("agency").order_by("occurred_at", "id")
    if agency_id:
        entries = entries.filter(agency_id=agency_id)
    return entries


def briefing_reads_by_team(*, actor: Any, briefing: Briefing) -> list[tuple[str, int]]:
    """How many people of each team read the briefing (shown to the partnership)."""
    return briefings_reads_by_team(actor=actor, briefing_ids=[briefing.pk]).get(briefing.pk, [])


def briefings_reads_by_team(*, actor: Any, briefing_ids: list[int]) -> dict[int, list[tuple[str, int]]]:
    """{briefing id: [(agency: team, readers)]}, in one query for many briefings."""
    rows = (
        BriefingRead.objects.filter(briefing_id__in=briefing_ids)
        .values("briefing_id", "team__name_en", "team__name_cy", "team__agency__name_en", "team__agency__name_cy")
        .annotate(n=Count("id"))
        .order_by("briefing_id", "team__agency__name_en", "team__name_en")
    )
    welsh = _welsh()
    result: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for row in rows:
        team = (row["team__name_cy"] if welsh else row["team__name_en"]) or row["team__name_en"] or "-"
        agency = (
            (row["team__agency__name_cy"] if welsh else row["team__agency__name_en"])
            or row["team__agency__name_en"]
            or ""
        )
        result[row["briefing_id"]].append((f"{agency}: {team}" if agency else team, row["n"]))
    return dict(result)


def _welsh() -> bool:
    from django.utils.translation import get_language

    return (get_language() or "en").startswith("cy")


def briefings_published_for(*, note_slug: str | None = None, standard_code: str | None = None) -> list[Briefing]:
    """Published briefings linked to a practice note or a standard (for the framework pages)."""
    briefings = Briefing.objects.filter(status=Briefing.Status.PUBLISHED)
    if note_slug:
        briefings = briefings.filter(practice_notes__slug=note_slug)
    if standard_code:
        briefings = briefings.filter(standards__code=standard_code)
    return list(briefings.distinct().order_by("-published_at")[:10])


def briefings_published_by_standard(*, per_standard: int = 10) -> dict[str, list[Briefing]]:
    """The latest published briefings of every standard, by standard code, in one query (the
    Framework's standards page lists them under each standard)."""
    from django.db.models import F, Window
    from django.db.models.functions import RowNumber

    rows = (
        Briefing.objects.filter(status=Briefing.Status.PUBLISHED, standards__isnull=False)
        .annotate(
            standard_code=F("standards__code"),
            position=Window(
                RowNumber(), partition_by=[F("standards__id")], order_by=[F("published_at").desc(), F("id").desc()]
            ),
        )
        .filter(position__lte=per_standard)
        .order_by("standard_code", "position")
    )
    found: dict[str, list[Briefing]] = defaultdict(list)
    for briefing in rows:
        found[briefing.standard_code].append(briefing)
    return dict(found)


# --- Audits -------------------------------------------------------------------------------------


def tools_for(*, actor: Any) -> list[AuditTool]:
    return list(AuditTool.objects.filter(partnership_id__in=access.member_of(actor)).select_related("partnership"))


@dataclass
class RoundPage:
    audit_round: AuditRound
    role: str
    cases: list[Any]
    auditors: list[Any]
    answered: dict[int, int]
    questions: int
    actions: list[Any]


def round_page(*, actor: Any, audit_round: AuditRound, role: str) -> RoundPage:
    answered = dict(
        AuditAnswer.objects.filter(case__round=audit_round)
        .values("case_id")
        .annotate(n=Count("id"))
        .values_list("case_id", "n")
    )
    return RoundPage(
        audit_round=audit_round,
        role=role,
        cases=list(audit_round.cases.all()),
        auditors=list(audit_round.auditors.select_related("person", "agency")),
        answered=answered,
        questions=audit_round.tool.questions.count(),
        actions=list(
            LedgerAction.objects.filter(
                source_kind=LedgerAction.Source.AUDIT, source_id=str(audit_round.pk)
            ).select_related("owner", "owner_agency", "standard")
        ),
    )


@dataclass
class QuestionAnswers:
    question: Any
    answers: list[Any]
    mine: Any = None


def case_answers(*, actor: Any, case: AuditCase) -> list[QuestionAnswers]:
    answers: dict[int, list[Any]] = defaultdict(list)
    for answer in case.answers.select_related("agency", "auditor"):
        answers[answer.question_id].append(answer)
    mine_agency = case.round.auditors.filter(person=actor).values_list("agency_id", flat=True).first()
    result = []
    for question in case.round.tool.questions.select_related("standard"):
        given = answers.get(question.pk, [])
        result.append(QuestionAnswers(question, given, next((a for a in given if a.agency_id == mine_agency), None)))
    return result


@dataclass
class StandardAuditResults:
    """Audit results for one standard: per round, how many answers and overall case grades fell in each grade."""

    rounds: list[dict[str, Any]] = field(default_factory=list)
    grades: list[tuple[str, str]] = field(default_factory=list)


def audit_results_for_standard(
    *, actor: Any, partnership: Partnership, standard: Any, start: datetime.date, end: datetime.date
) -> StandardAuditResults:
    """The results of a partnership's audit rounds for the questions grading one standard, for rounds
    whose period overlaps start..end: shown beside the standard in self-assessment."""
    grades = code_choices("audit_grade")
    if partnership.pk not in access.member_of(actor):
        return StandardAuditResults(grades=grades)
    rounds = (
        AuditRound.objects.filter(
            partnership=partnership, period_start__lte=end, period_end__gte=start, tool__questions__standard=standard
        )
        .distinct()
        .order_by("-period_end")
    )
    result = StandardAuditResults(grades=grades)
    for audit_round in rounds:
        by_grade = Counter(
            AuditAnswer.objects.filter(case__round=audit_round, question__standard=standard).values_list(
                "grade", flat=True
            )
        )
        overall = Counter(audit_round.cases.exclude(overall_grade="").values_list("overall_grade", flat=True))
        result.rounds.append(
            {
                "round": audit_round,
                "answers": [by_grade.get(code, 0) for code, _label in grades],
                "overall": [overall.get(code, 0) for code, _label in grades],
                "cases": audit_round.cases.count(),
            }
        )
    return result


# --- The learning page: per theme or standard ----------------------------------------------------


@dataclass
class LearningPage:
    title: str
    reviews: list[Any]
    rounds: list[Any]
    actions: list[Any]
    done: int
    overdue: int
    briefings: list[tuple[Any, int, list[tuple[str, int]]]]
    measures: list[dict[str, Any]]
    standards: list[Any]


def _measures(standard_codes: set[str], partnership: Partnership) -> list[dict[str, Any]]:
    """The measures of these standards over the last four whole quarters.

    Past quarters are read from the figures the periodic job keeps (partnerships'
    MeasureSnapshot, refreshed every few hours), so the page does not recompute every measure
    over Wales-scale data on each view; a quarter the job has not reached yet is computed here.
    Each row says when its figures were computed."""
    from cylch.partnerships.measures import MeasureResult, all_measures, measure_compute, recent_quarters
    from cylch.partnerships.models import MeasureSnapshot

    periods = recent_quarters(timezone.localdate())
    wanted = [m for m in all_measures() if m.standard in standard_codes]
    kept = {
        (snap.measure_code, snap.period_start, snap.period_end): snap
        for snap in MeasureSnapshot.objects.filter(
            partnership=partnership,
            measure_code__in=[m.code for m in wanted],
            period_start__gte=periods[0][0],
            period_end__lte=periods[-1][1],
        )
    }
    area_ids: list[int] | None = None
    rows = []
    for measure in wanted:
        figures = []
        computed = []
        for start, end in periods:
            snap = kept.get((measure.code, start, end))
            if snap is not None:
                figures.append((start, end, MeasureResult(numerator=snap.numerator, denominator=snap.denominator)))
                computed.append(snap.computed_at)
                continue
            if area_ids is None:
                area_ids = list(partnership.areas.values_list("pk", flat=True))
            figures.append((start, end, measure_compute(measure, area_ids=area_ids, start=start, end=end)))
            computed.append(timezone.now())
        rows.append({"measure": measure, "periods": figures, "computed_at": min(computed) if computed else None})
    return rows


def learning_page(
    *, actor: Any, partnership: Partnership, theme: Theme | None = None, standard: Any = None
) -> LearningPage:
    """For one theme or one standard of a partnership: the reviews and audits that raised it, the
    actions and whether they are done, the briefings and who read them, and the live measures."""
    from cylch.framework.models import Standard

    reviews = Review.objects.filter(partnership=partnership)
    briefings = Briefing.objects.filter(partnership=partnership, status=Briefing.Status.PUBLISHED)
    rounds = AuditRound.objects.none()
    if theme is not None:
        reviews = reviews.filter(themes=theme)
        briefings = briefings.filter(Q(themes=theme) | Q(review__themes=theme))
        review_ids = list(reviews.values_list("pk", flat=True))
        actions = LedgerAction.objects.filter(
            partnership=partnership,
            source_kind=LedgerAction.Source.REVIEW,
            source_id__in=[str(pk) for pk in review_ids],
        )
        standard_ids = set(
            Recommendation.objects.filter(review_id__in=review_ids).values_list("standard_id", flat=True)
        ) | set(briefings.values_list("standards", flat=True))
        standards = list(Standard.objects.filter(pk__in={s for s in standard_ids if s}))
        title = theme.name
    else:
        review_ids = list(
            Recommendation.objects.filter(review__partnership=partnership, standard=standard).values_list(
                "review_id", flat=True
            )
        )
        reviews = reviews.filter(pk__in=review_ids)
        rounds = AuditRound.objects.filter(partnership=partnership, tool__questions__standard=standard).distinct()
        briefings = briefings.filter(standards=standard)
        actions = LedgerAction.objects.filter(
            partnership=partnership,
            standard=standard,
            source_kind__in=[LedgerAction.Source.REVIEW, LedgerAction.Source.AUDIT],
        )
        standards = [standard]
        title = standard.title
    action_list = list(
        actions.select_related("owner", "owner_agency")
        .only("id", "what", "due_on", "status", "owner__full_name", "owner_agency__name_en", "owner_agency__name_cy")
        .order_by("due_on", "id")
    )
    today = timezone.localdate()
    briefing_list = list(
        briefings.distinct().annotate(read_count=Count("reads", distinct=True)).order_by("-published_at")
    )
    reads = briefings_reads_by_team(actor=actor, briefing_ids=[b.pk for b in briefing_list])
    return LearningPage(
        title=title,
        reviews=list(
            reviews.distinct().only("id", "reference", "title", "referred_on").order_by("-referred_on", "-id")
        ),
        rounds=list(rounds.order_by("-period_end")),
        actions=action_list,
        done=sum(1 for a in action_list if a.status == LedgerAction.Status.DONE),
        overdue=sum(1 for a in action_list if a.is_overdue(today)),
        briefings=[(b, b.read_count, reads.get(b.pk, [])) for b in briefing_list],  # type: ignore[attr-defined]
        measures=_measures({s.code for s in standards}, partnership),
        standards=standards,
    )
