"""Every read of partnerships and self-assessment. Each selector takes the actor; child-level
data (the children behind a measure) is only ever narrowed through the access rules."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Count, IntegerField, Max, Prefetch, Q
from django.db.models.functions import Cast
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cylch.access import rules
from cylch.core.reference_data import code_choices, policy
from cylch.framework.models import Indicator, Standard
from cylch.organisations.models import Agency
from cylch.partnerships.measures import Measure, MeasureResult, all_measures, measure_compute
from cylch.partnerships.models import (
    AccountabilityEntry,
    AccountabilityPart,
    AssessmentCycle,
    Challenge,
    EvidenceDocument,
    GovernanceBody,
    MeasureSnapshot,
    Partnership,
    PartnershipPriority,
    PartnershipRole,
    Rating,
)


def partnerships_list(*, actor: Any) -> list[Partnership]:
    return list(rules.partnerships_visible_to(actor).select_related("board").order_by("kind", "name_en"))


def current_roles(partnership: Partnership) -> list[PartnershipRole]:
    today = timezone.localdate()
    return list(
        partnership.roles.filter(started_on__lte=today)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today))
        .select_related("person", "agency", "standard")
        .order_by("role", "person__full_name")
    )


@dataclass
class PartnershipPage:
    partnership: Partnership
    bodies: list[GovernanceBody]
    roles: list[PartnershipRole]
    agencies: list[Agency]
    areas: list[Any]
    priorities: list[PartnershipPriority]
    cycles: list[AssessmentCycle]


def partnership_page(*, actor: Any, partnership: Partnership) -> PartnershipPage:
    return PartnershipPage(
        partnership=partnership,
        bodies=list(partnership.bodies.filter(is_active=True).select_related("reports_to", "standard")),
        roles=current_roles(partnership),
        agencies=list(partnership.agencies.order_by("name_en")),
        areas=list(partnership.areas.order_by("name_en")),
        priorities=list(partnership.priorities.filter(is_active=True).select_related("standard")),
        cycles=list(partnership.cycles.all()),
    )


# --- The joint accountability matrix -------------------------------------------------------------


@dataclass
class MatrixRow:
    label: str
    kind: str  # "standard" or "priority"
    standard: Standard | None
    priority: PartnershipPriority | None
    entry: AccountabilityEntry | None
    responsible: list[AccountabilityPart] = field(default_factory=list)
    consulted: list[AccountabilityPart] = field(default_factory=list)
    informed: list[AccountabilityPart] = field(default_factory=list)


def matrix_rows(*, actor: Any, partnership: Partnership) -> list[MatrixRow]:
    entries = (
        partnership.matrix_entries.select_related("accountable_body", "lead", "standard", "priority")
        .prefetch_related(Prefetch("parts", queryset=AccountabilityPart.objects.select_related("agency", "lead")))
    )
    by_standard = {e.standard_id: e for e in entries if e.standard_id}
    by_priority = {e.priority_id: e for e in entries if e.priority_id}
    rows = [
        MatrixRow(label=s.title, kind="standard", standard=s, priority=None, entry=by_standard.get(s.pk))
        for s in Standard.objects.all()
    ]
    rows += [
        MatrixRow(label=p.title, kind="priority", standard=None, priority=p, entry=by_priority.get(p.pk))
        for p in partnership.priorities.filter(is_active=True)
    ]
    for row in rows:
        if row.entry is None:
            continue
        for part in row.entry.parts.all():
            getattr(row, part.part).append(part)
    return rows


# --- Live measures --------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeasureFigure:
    measure: Measure
    result: MeasureResult

    @property
    def code(self) -> str:
        return self.measure.code

    @property
    def has_children(self) -> bool:
        # Templates call callables, so they ask this instead of looking at measure.children.
        return self.measure.children is not None


def area_ids_of(partnership: Partnership) -> list[int]:
    return list(partnership.areas.values_list("pk", flat=True))


def measures_compute(
    *, actor: Any, partnership: Partnership, start: datetime.date, end: datetime.date, standard_code: str | None = None
) -> list[MeasureFigure]:
    """Every live measure (or those of one standard) for the partnership's areas and the period."""
    area_ids = area_ids_of(partnership)
    return [
        MeasureFigure(m, measure_compute(m, area_ids=area_ids, start=start, end=end))
        for m in all_measures()
        if standard_code is None or m.standard == standard_code
    ]


def measure_children(*, actor: Any, cycle: AssessmentCycle, measure: Measure) -> Any:
    """The children behind a measure whom the actor may see through the normal access rules
    (a Child queryset); partnership roles without a reason to see a child get none."""
    if measure.children is None:
        return rules.children_visible_to(actor).none()
    behind = measure.children(area_ids=area_ids_of(cycle.partnership), start=cycle.period_start, end=cycle.period_end)
    return rules.children_visible_to(actor).filter(pk__in=behind).order_by("family_name", "given_names", "pk")


# --- Cycles ----------------------------------------------------------------------------------------


def cycle_get(*, actor: Any, partnership: Partnership, cycle_id: int) -> AssessmentCycle:
    return get_object_or_404(AssessmentCycle.objects.select_related("partnership", "signed_off_by"), pk=cycle_id, partnership=partnership)


@dataclass
class StandardSummary:
    standard: Standard
    indicators: int
    ratings: int
    expected: int
    average: float | None
    open_challenges: int
    distribution: dict[str, int]


def scale() -> list[tuple[str, str, str]]:
    """The rating scale with its descriptors: (code, label, descriptor)."""
    descriptors = dict(code_choices("self_assessment_scale_descriptor"))
    return [(code, label, descriptors.get(code, "")) for code, label in code_choices("self_assessment_scale")]


def cycle_standards(*, actor: Any, cycle: AssessmentCycle) -> list[StandardSummary]:
    agencies = cycle.partnership.agencies.count()
    standards = list(Standard.objects.annotate(n=Count("indicators")))
    rows = (
        Rating.objects.filter(cycle=cycle)
        .values("indicator__standard_id", "score")
        .annotate(n=Count("id"))
    )
    dist: dict[int, dict[str, int]] = defaultdict(dict)
    for row in rows:
        dist[row["indicator__standard_id"]][row["score"]] = row["n"]
    challenges = dict(
        Challenge.objects.filter(rating__cycle=cycle, resolved_at__isnull=True)
        .values_list("rating__indicator__standard_id")
        .annotate(n=Count("id"))
        .values_list("rating__indicator__standard_id", "n")
    )
    out = []
    for s in standards:
        d = dist.get(s.pk, {})
        total = sum(d.values())
        avg = None
        if total:
            avg = round(sum(int(k) * v for k, v in d.items() if k.isdigit()) / total, 2)
        out.append(
            StandardSummary(
                standard=s,
                indicators=s.n,  # type: ignore[attr-defined]
                ratings=total,
                expected=s.n * agencies,  # type: ignore[attr-defined]
                average=avg,
                open_challenges=challenges.get(s.pk, 0),
                distribution=d,
            )
        )
    return out


@dataclass
class IndicatorRatings:
    indicator: Indicator
    ratings: list[Rating]
    mine: dict[int, Rating]


def standard_ratings(*, actor: Any, cycle: AssessmentCycle, standard: Standard) -> list[IndicatorRatings]:
    ratings = (
        Rating.objects.filter(cycle=cycle, indicator__standard=standard)
        .select_related("agency", "rated_by")
        .prefetch_related(
            Prefetch("documents", queryset=EvidenceDocument.objects.order_by("id")),
            Prefetch("challenges", queryset=Challenge.objects.select_related("raised_by", "raised_by_agency", "resolved_by")),
        )
        .order_by("agency__name_en")
    )
    by_indicator: dict[int, list[Rating]] = defaultdict(list)
    for r in ratings:
        by_indicator[r.indicator_id].append(r)
    return [
        IndicatorRatings(
            indicator=i,
            ratings=by_indicator.get(i.pk, []),
            mine={r.agency_id: r for r in by_indicator.get(i.pk, [])},
        )
        for i in standard.indicators.all()
    ]


def rating_get(*, actor: Any, cycle: AssessmentCycle, rating_id: int) -> Rating:
    return get_object_or_404(Rating.objects.select_related("agency", "indicator__standard", "cycle__partnership"), pk=rating_id, cycle=cycle)


def document_get(*, actor: Any, cycle: AssessmentCycle, document_id: int) -> EvidenceDocument:
    return get_object_or_404(EvidenceDocument.objects.select_related("rating"), pk=document_id, rating__cycle=cycle)


def improvement_actions(*, actor: Any, cycle: AssessmentCycle) -> list[Any]:
    from cylch.accountability.models import LedgerAction

    return list(
        LedgerAction.objects.filter(partnership=cycle.partnership, source_kind="self_assessment", source_id=str(cycle.pk))
        .select_related("owner", "owner_agency", "standard")
        .order_by("due_on", "id")
    )


# --- Progress over cycles, and the national comparison ------------------------------------------


def _score() -> Any:
    return Cast("score", IntegerField())


@dataclass
class Progress:
    cycles: list[AssessmentCycle]
    standards: list[Standard]
    agencies: list[Agency]
    by_standard: dict[tuple[int, int], float]  # (cycle id, standard id) -> average
    by_agency: dict[tuple[int, int], float]  # (cycle id, agency id) -> average


def progress(*, actor: Any, partnership: Partnership) -> Progress:
    cycles = list(partnership.cycles.order_by("period_end", "id"))
    by_standard = {
        (row["cycle_id"], row["indicator__standard_id"]): round(row["avg"], 2)
        for row in Rating.objects.filter(cycle__partnership=partnership)
        .values("cycle_id", "indicator__standard_id")
        .annotate(avg=Avg(_score()))
    }
    by_agency = {
        (row["cycle_id"], row["agency_id"]): round(row["avg"], 2)
        for row in Rating.objects.filter(cycle__partnership=partnership).values("cycle_id", "agency_id").annotate(avg=Avg(_score()))
    }
    agency_ids = {a for _c, a in by_agency}
    return Progress(
        cycles=cycles,
        standards=list(Standard.objects.all()),
        agencies=list(Agency.objects.filter(pk__in=agency_ids).order_by("name_en")),
        by_standard=by_standard,
        by_agency=by_agency,
    )


@dataclass
class NationalRow:
    partnership: Partnership
    cycle: AssessmentCycle | None
    averages: dict[int, float]  # standard id -> average of the latest signed-off cycle
    measures: dict[str, MeasureSnapshot]


@dataclass
class National:
    rows: list[NationalRow]
    standards: list[Standard]
    measures: list[Measure]
    period: tuple[datetime.date, datetime.date] | None
    computed_at: datetime.datetime | None
    is_stale: bool


def national_comparison(*, actor: Any) -> National:
    """Every partnership's latest signed-off ratings per standard and its live measures over the
    rolling period, read from the snapshots. Aggregates only: no child appears here."""
    partnerships = list(Partnership.objects.order_by("kind", "name_en"))
    latest = {
        row["partnership_id"]: row["last"]
        for row in AssessmentCycle.objects.filter(status=AssessmentCycle.Status.SIGNED_OFF)
        .values("partnership_id")
        .annotate(last=Max("id"))
    }
    cycles = AssessmentCycle.objects.in_bulk(list(latest.values()))
    averages: dict[int, dict[int, float]] = defaultdict(dict)
    for row in (
        Rating.objects.filter(cycle_id__in=list(latest.values()))
        .values("cycle__partnership_id", "indicator__standard_id")
        .annotate(avg=Avg(_score()))
    ):
        averages[row["cycle__partnership_id"]][row["indicator__standard_id"]] = round(row["avg"], 2)
    # The newest period, and the longest of those ending then (the rolling period, not a quarter).
    newest = MeasureSnapshot.objects.order_by("-period_end", "period_start").values("period_start", "period_end").first()
    snapshots: dict[int, dict[str, MeasureSnapshot]] = defaultdict(dict)
    computed_at = None
    period = None
    if newest is not None:
        period = (newest["period_start"], newest["period_end"])
        for snap in MeasureSnapshot.objects.filter(period_start=period[0], period_end=period[1]):
            snapshots[snap.partnership_id][snap.measure_code] = snap
            if computed_at is None or snap.computed_at < computed_at:
                computed_at = snap.computed_at
    max_age = datetime.timedelta(hours=float(policy("partnerships_snapshot_max_age_hours")))
    return National(
        rows=[
            NationalRow(
                partnership=p,
                cycle=cycles.get(latest.get(p.pk, 0)),
                averages=averages.get(p.pk, {}),
                measures=snapshots.get(p.pk, {}),
            )
            for p in partnerships
        ],
        standards=list(Standard.objects.all()),
        measures=all_measures(),
        period=period,
        computed_at=computed_at,
        is_stale=computed_at is None or timezone.now() - computed_at > max_age,
    )


# --- For the board's annual report -------------------------------------------------------------


def cycle_summary(*, actor: Any, cycle: AssessmentCycle) -> dict[str, Any]:
    """What the board's annual report needs from a cycle: per standard, the ratings summary
    (how many rated, the average and how many of each score), the live measures for the
    partnership's areas and the cycle's period, and the improvement actions agreed.
    Aggregates only: no child is named. The caller decides who may read the report.

    Returns {"cycle", "partnership", "period": (start, end), "signed_off": bool, "scale":
    [(code, label, descriptor)], "standards": [{"standard", "indicators", "ratings", "expected",
    "average", "open_challenges", "distribution": {code: count}, "measures": [MeasureFigure],
    "actions": [LedgerAction]}], "actions": [LedgerAction]}.
    """
    figures = measures_compute(
        actor=actor, partnership=cycle.partnership, start=cycle.period_start, end=cycle.period_end
    )
    actions = improvement_actions(actor=actor, cycle=cycle)
    standards = []
    for summary in cycle_standards(actor=actor, cycle=cycle):
        standards.append(
            {
                "standard": summary.standard,
                "indicators": summary.indicators,
                "ratings": summary.ratings,
                "expected": summary.expected,
                "average": summary.average,
                "open_challenges": summary.open_challenges,
                "distribution": summary.distribution,
                "measures": [f for f in figures if f.measure.standard == summary.standard.code],
                "actions": [a for a in actions if a.standard_id == summary.standard.pk],
            }
        )
    return {
        "cycle": cycle,
        "partnership": cycle.partnership,
        "period": (cycle.period_start, cycle.period_end),
        "signed_off": cycle.status == AssessmentCycle.Status.SIGNED_OFF,
        "scale": scale(),
        "standards": standards,
        "actions": actions,
    }
