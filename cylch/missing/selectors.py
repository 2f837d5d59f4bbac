"""Reads about children who go missing. Every selector takes the person asking."""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, DateTimeField, ExpressionWrapper, F, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cylch.access import rules
from cylch.access.rules import ChildAccess
from cylch.children.models import Child
from cylch.core.reference_data import code_choices
from cylch.missing.models import ChildInformationForm, MissingEpisode, PatternTrigger, ReturnInterview, RiskGrading
from cylch.missing.services import HEALTH_CATEGORY, RETURN_INTERVIEW_RULE, STRATEGY_RULE, review_due
from cylch.missing.templatetags.missing_tags import duration_text
from cylch.timescales.models import DueItem, TimescaleRule

CURRENT_LIMIT = 500


def currently_missing(*, actor: Any) -> list[MissingEpisode]:
    """Open episodes of the children the actor may see (police, the local authority, the placement),
    longest missing first."""
    visible = rules.children_visible_to(actor).values("pk")
    return list(
        MissingEpisode.objects.filter(found_at__isnull=True, child_id__in=visible)
        .select_related("child", "child__local_authority")
        .order_by("missing_from", "pk")[:CURRENT_LIMIT]
    )


@dataclass
class Recurring:
    text: str
    times: int


@dataclass
class EpisodeRow:
    url: str
    missing_from: str
    duration: str
    is_open: bool
    grades: str
    found: str
    interview: str


@dataclass
class MissingHistory:
    form: ChildInformationForm | None
    form_review_due: bool
    episodes: list[MissingEpisode]
    triggers: list[PatternTrigger]
    open_items: list[DueItem]
    places: list[Recurring]
    associates: list[Recurring]
    grades: dict[str, str]
    reasons: dict[str, str]
    show_health: bool
    open_episode: MissingEpisode | None = None
    span_start: datetime.datetime | None = None
    span_end: datetime.datetime | None = None
    timeline: list[dict[str, Any]] = field(default_factory=list)
    rows: list[EpisodeRow] = field(default_factory=list)


def _has_interview(episode: MissingEpisode) -> bool:
    try:
        return episode.return_interview is not None
    except ReturnInterview.DoesNotExist:
        return False


class _Moments:
    """Moments written as the `j M Y H:i` date filter writes them, with the month names looked up
    once (formatting hundreds of moments one by one through the date filter is slow)."""

    def __init__(self) -> None:
        from django.utils.dates import MONTHS_3

        self.months = {number: str(name).title() for number, name in MONTHS_3.items()}

    def __call__(self, moment: datetime.datetime | None) -> str:
        if moment is None:
            return ""
        local = timezone.localtime(moment)
        return f"{local.day} {self.months[local.month]} {local.year} {local:%H:%M}"


_SPLIT = re.compile(r"\s*(?:,|;|/|\band\b|\ba\b|\bac\b)\s*", re.IGNORECASE)


def _recurring(values: list[str], *, split: bool) -> list[Recurring]:
    """Values seen more than once, compared without case or extra spaces."""
    counts: Counter[str] = Counter()
    shown: dict[str, str] = {}
    for value in values:
        parts = _SPLIT.split(value) if split else [value]
        for part in {p.strip() for p in parts if p and p.strip()}:
            key = " ".join(part.lower().split())
            counts[key] += 1
            shown.setdefault(key, part.strip())
    return [Recurring(shown[k], n) for k, n in counts.most_common() if n > 1][:20]


def missing_history(*, actor: Any, child: Child, access: ChildAccess) -> MissingHistory:
    """The child's episodes on a time line with their grades and return interviews, the triggers
    met, the open due items, and the places found and associates that recur. A fixed number of
    queries however many episodes the child has."""
    episodes = list(
        MissingEpisode.objects.filter(child=child)
        .select_related("return_interview")
        .prefetch_related(Prefetch("gradings", queryset=RiskGrading.objects.order_by("graded_at", "pk")))
        .order_by("-missing_from", "-pk")
    )
    form = ChildInformationForm.objects.filter(child=child).first()
    triggers = list(PatternTrigger.objects.filter(child=child).select_related("due_item").order_by("-raised_at", "-pk"))
    open_items = list(
        DueItem.objects.filter(child=child, state=DueItem.State.OPEN, rule__code__in=[RETURN_INTERVIEW_RULE, STRATEGY_RULE])
        .select_related("rule", "owner_person")
        .order_by("due_at")
    )
    places = _recurring([e.found_where for e in episodes if e.found_where] + [e.last_seen_where for e in episodes if e.last_seen_where], split=False)
    associates = _recurring([e.found_with for e in episodes if e.found_with], split=True)
    history = MissingHistory(
        form=form,
        form_review_due=review_due(form),
        episodes=episodes,
        triggers=triggers,
        open_items=open_items,
        places=places,
        associates=associates,
        grades=dict(code_choices("missing_risk_grade")),
        reasons=dict(code_choices("missing_trigger_reason")),
        show_health=rules.category_visible(access, HEALTH_CATEGORY),
        open_episode=next((e for e in episodes if e.found_at is None), None),
    )
    if episodes:
        now = timezone.now()
        start = min(e.missing_from for e in episodes)
        end = max(now, start + datetime.timedelta(days=1))
        span = (end - start).total_seconds() or 1.0
        history.span_start, history.span_end = start, end
        # Everything a row shows, worked out here once: a page of 100 episodes renders in a few
        # milliseconds instead of running template filters a thousand times.
        grades = history.grades
        accepted, declined, not_yet = _("Accepted"), _("Declined"), _("Not yet recorded")
        _local = _Moments()
        shown: dict[int, str] = {}
        for e in episodes:
            shown[e.pk] = _local(e.missing_from)
            interview = getattr(e, "return_interview", None) if _has_interview(e) else None
            history.rows.append(
                EpisodeRow(
                    url=reverse("missing:episode", args=[child.pk, e.pk]),
                    missing_from=shown[e.pk],
                    duration=duration_text(e.duration(now)),
                    is_open=e.is_open,
                    grades=" → ".join(grades.get(g.grade, g.grade) for g in e.gradings.all()),
                    found=f"{_local(e.found_at)}, {e.found_where}" if e.found_at else "–",
                    interview=(accepted if interview.response == "accepted" else declined) if interview else (not_yet if e.found_at else "–"),
                )
            )
        history.timeline = [
            {
                "x": f"{20 + 960 * (e.missing_from - start).total_seconds() / span:.1f}",
                "width": f"{max(960 * e.duration(now).total_seconds() / span, 3.0):.1f}",
                "high": e.risk_grade == "high",
                "open": e.is_open,
                "title": f"{shown[e.pk]}: {grades.get(e.risk_grade, e.risk_grade)}",
            }
            for e in reversed(episodes)
        ]
    return history


def episode_detail(*, actor: Any, child: Child, episode_id: Any) -> MissingEpisode:
    """One episode of this child, with its grades and return interview, or 404."""
    from django.http import Http404

    try:
        return (
            MissingEpisode.objects.select_related("child", "recorded_by", "return_recorded_by", "return_interview", "agency")
            .prefetch_related(
                Prefetch("gradings", queryset=RiskGrading.objects.select_related("recorded_by").order_by("graded_at", "pk")),
                "triggers",
                "return_interview__actions__owner_agency",
                "return_interview__actions__plan_action",
            )
            .get(pk=int(episode_id), child=child)
        )
    except (MissingEpisode.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def episode_due_item(episode: MissingEpisode) -> DueItem | None:
    return (
        DueItem.objects.filter(rule__code=RETURN_INTERVIEW_RULE, trigger_type="missing.episode", trigger_id=str(episode.pk))
        .select_related("rule")
        .order_by("-pk")
        .first()
    )


# --- Partnership statistics (aggregates only) ------------------------------------------------


@dataclass
class StatisticsRow:
    area_id: int | None
    name: str
    episodes: int = 0
    children: int = 0
    repeat_children: int = 0
    ended: int = 0
    offered_in_time: int = 0
    accepted: int = 0

    @property
    def offered_percent(self) -> float | None:
        return None if not self.ended else round(100.0 * self.offered_in_time / self.ended, 1)


@dataclass
class Statistics:
    start: datetime.date
    end: datetime.date
    rows: list[StatisticsRow]
    total: StatisticsRow
    hours: int

    @property
    def largest(self) -> int:
        return max([r.episodes for r in self.rows] + [r.children for r in self.rows] + [1])


def _moment(day: datetime.date, *, end: bool = False) -> datetime.datetime:
    moment = datetime.datetime.combine(day + datetime.timedelta(days=1) if end else day, datetime.time(0, 0))
    return timezone.make_aware(moment)


def interview_hours() -> int:
    """The return-interview timescale in force, in hours (the rule is data; 72 by default)."""
    rule = TimescaleRule.objects.filter(code=RETURN_INTERVIEW_RULE, is_current=True).first()
    if rule is None or rule.unit != TimescaleRule.Unit.HOURS:
        return 72
    return int(rule.amount)


def statistics(*, actor: Any, area_ids: list[int], start: datetime.date, end: datetime.date) -> Statistics:
    """Episodes that began in the period, the children they concern and the children with more than
    one; episodes that ended in the period, whose return interview was offered within the timescale
    and accepted. By the child's local authority. Counts only: no child is named."""
    from cylch.organisations.models import Area

    rules.require(actor, rules.Capability.VIEW_MISSING_STATISTICS)
    first, last = _moment(start), _moment(end, end=True)
    areas = {a.pk: a for a in Area.objects.filter(pk__in=area_ids)}
    rows = {pk: StatisticsRow(pk, area.name) for pk, area in areas.items()}
    started = MissingEpisode.objects.filter(missing_from__gte=first, missing_from__lt=last, child__local_authority_id__in=area_ids)
    for row in started.values("child__local_authority_id").annotate(episodes=Count("pk"), children=Count("child_id", distinct=True)):
        target = rows[row["child__local_authority_id"]]
        target.episodes, target.children = row["episodes"], row["children"]
    # Children with more than one episode: one row per such child (a small share of children).
    per_child = started.values("child__local_authority_id", "child_id").annotate(n=Count("pk")).filter(n__gt=1)
    for area_id in per_child.values_list("child__local_authority_id", flat=True).iterator():
        rows[int(area_id)].repeat_children += 1
    hours = interview_hours()
    ended = MissingEpisode.objects.filter(found_at__gte=first, found_at__lt=last, child__local_authority_id__in=area_ids)
    deadline = ExpressionWrapper(F("found_at") + datetime.timedelta(hours=hours), output_field=DateTimeField())
    for row in ended.values("child__local_authority_id").annotate(
        ended=Count("pk"),
        in_time=Count("pk", filter=Q(return_interview__offered_at__lte=deadline)),
        accepted=Count("pk", filter=Q(return_interview__response=ReturnInterview.Response.ACCEPTED)),
    ):
        target = rows[row["child__local_authority_id"]]
        target.ended, target.offered_in_time, target.accepted = row["ended"], row["in_time"], row["accepted"]
    ordered = sorted(rows.values(), key=lambda r: r.name)
    total = StatisticsRow(None, "")
    for r in ordered:
        for name in ("episodes", "ended", "offered_in_time", "accepted"):
            setattr(total, name, getattr(total, name) + getattr(r, name))
    # Children and repeat children are counted once across areas (a child belongs to one area).
    total.children = sum(r.children for r in ordered)
    total.repeat_children = sum(r.repeat_children for r in ordered)
    return Statistics(start=start, end=end, rows=ordered, total=total, hours=hours)
