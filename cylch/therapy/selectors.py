"""Reads about therapeutic support. Every selector takes the actor."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Count, Q
from django.http import Http404
from django.utils import timezone

from cylch.access import rules
from cylch.children.models import Child
from cylch.core.reference_data import policy
from cylch.organisations.models import Area, Board
from cylch.therapy.models import WAITING_STATES, Referral, Service, TherapeuticNeed
from cylch.therapy.services import child_age


@dataclass
class DirectoryFilter:
    kind: str = ""
    area_id: int | None = None
    welsh: bool = False
    text: str = ""


def services_for_directory(*, actor: Any, filters: DirectoryFilter) -> Any:
    """The directory: every service, for anyone who may see the directory of agencies."""
    services = Service.objects.select_related("provider").order_by("name_en", "pk")
    if filters.kind:
        services = services.filter(kind=filters.kind)
    if filters.area_id:
        services = services.filter(areas__pk=filters.area_id)
    if filters.welsh:
        services = services.filter(welsh_language=True)
    if filters.text:
        services = services.filter(Q(name_en__icontains=filters.text) | Q(name_cy__icontains=filters.text))
    return services


def service_for(*, actor: Any, service_id: Any) -> Service:
    try:
        return Service.objects.select_related("provider", "updated_by").get(pk=int(service_id))
    except (Service.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


@dataclass
class Suggestion:
    service: Service
    welsh_match: bool
    area_names: list[str] = field(default_factory=list)


def services_matching(*, actor: Any, child: Child, need: TherapeuticNeed, limit: int | None = None) -> list[Suggestion]:
    """Services the child is eligible for by age, area, care status and diagnosis, best first:
    in the child's chosen language, then the shortest wait. The practitioner chooses."""
    limit = limit or int(policy("therapy_suggestion_limit"))
    age = child_age(child)
    if age is None or child.local_authority_id is None:
        return []
    candidates = (
        Service.objects.filter(status=Service.Status.ACTIVE, minimum_age__lte=age, maximum_age__gte=age, areas__pk=child.local_authority_id)
        .select_related("provider")
        .order_by("waiting_weeks", "name_en", "pk")
    )
    if need.diagnosis != "diagnosed":
        candidates = candidates.filter(diagnosis_needed=False)
    wants_welsh = need.child_language == "cy"
    eligible = [s for s in candidates if not s.care_statuses or need.care_status in s.care_statuses]
    eligible.sort(key=lambda s: (not (wants_welsh and s.welsh_language), s.waiting_weeks, s.name_en, s.pk))
    return [Suggestion(service=s, welsh_match=wants_welsh and s.welsh_language) for s in eligible[:limit]]


def needs_for_child(*, actor: Any, child: Child) -> list[TherapeuticNeed]:
    return list(TherapeuticNeed.objects.filter(child=child).select_related("recorded_by", "recorded_by_agency"))


def referrals_for_child(*, actor: Any, child: Child) -> list[Referral]:
    return list(Referral.objects.filter(child=child).select_related("service", "provider").order_by("-created_at", "-pk"))


def need_for(*, actor: Any, child: Child, need_id: Any) -> TherapeuticNeed:
    try:
        return TherapeuticNeed.objects.select_related("recorded_by", "recorded_by_agency").get(pk=int(need_id), child=child)
    except (TherapeuticNeed.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def referrals_received(*, actor: Any, state: str = "") -> Any:
    """Referrals made to the services of the actor's provider agencies (never drafts)."""
    agencies = rules.agencies_where(actor, rules.Capability.WORK_WITH_CHILDREN)
    referrals = (
        Referral.objects.filter(provider_id__in=agencies)
        .exclude(state=Referral.State.DRAFT)
        .select_related("service", "child")
        .order_by("-sent_at", "-pk")
    )
    if state:
        referrals = referrals.filter(state=state)
    return referrals


def shared_view(referral: Referral, access: rules.ReferralAccess) -> dict[str, bool]:
    """Which parts of the need the page shows: everything to the team, only what is shared to the provider."""
    parts = ["need", "child_views", "carers_views", "care_status", "date_of_birth"]
    if access.as_team:
        return dict.fromkeys(parts, True)
    return {part: part in access.shared_parts for part in parts}


# --- Demand and capacity for partnerships ---------------------------------------------


@dataclass
class DemandRow:
    key: Any
    label: str
    referrals: int = 0
    declined: int = 0
    onward_service: int = 0
    onward_carers: int = 0
    onward_step: int = 0
    started: int = 0
    waiting_now: int = 0
    average_days_to_start: float | None = None
    capacity_per_month: int = 0

    @property
    def decline_rate(self) -> float | None:
        return None if not self.referrals else round(100.0 * self.declined / self.referrals, 1)


@dataclass
class Demand:
    start: datetime.date
    end: datetime.date
    regions: list[DemandRow]
    services: list[DemandRow]
    totals: DemandRow
    max_referrals: int


def _moment(day: datetime.date, *, end: bool = False) -> datetime.datetime:
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time.max if end else datetime.time.min))
    return moment


def _fill(rows: dict[Any, DemandRow], key_field: str, queryset: Any, start: datetime.datetime, end: datetime.datetime) -> None:
    in_period = Q(sent_at__gte=start, sent_at__lte=end)
    figures = queryset.values(key_field).annotate(
        referrals=Count("pk", filter=in_period),
        declined=Count("pk", filter=in_period & Q(declined_at__isnull=False)),
        onward_service=Count("pk", filter=in_period & Q(onward_route="another_service")),
        onward_carers=Count("pk", filter=in_period & Q(onward_route="carer_consultation")),
        onward_step=Count("pk", filter=in_period & Q(onward_route="next_step")),
        started=Count("pk", filter=in_period & Q(started_at__isnull=False)),
        waiting_now=Count("child_id", filter=Q(state__in=WAITING_STATES), distinct=True),
        average_days_to_start=Avg("days_to_start", filter=in_period),
    )
    for figure in figures:
        row = rows.get(figure[key_field])
        if row is None:
            continue
        for name in ["referrals", "declined", "onward_service", "onward_carers", "onward_step", "started", "waiting_now"]:
            setattr(row, name, getattr(row, name) + int(figure[name]))
        if figure["average_days_to_start"] is not None:
            row.average_days_to_start = round(float(figure["average_days_to_start"]), 1)


def demand(*, actor: Any, start: datetime.date, end: datetime.date, kind: str = "", board_id: int | None = None) -> Demand:
    """Referrals, declines and onward routes, waits and children waiting now, by region (regional
    partnership board) and by service, for a period. Aggregates only: no child is named."""
    if not rules.may_view_therapy_demand(actor):
        raise Http404
    start_at, end_at = _moment(start), _moment(end, end=True)
    referrals = Referral.objects.exclude(state=Referral.State.DRAFT)
    if kind:
        referrals = referrals.filter(service__kind=kind)
    boards = list(Board.objects.filter(kind=Board.Kind.REGIONAL_PARTNERSHIP).order_by("name_en"))
    board_of: dict[int, int] = {}
    for board_pk, area_pk in Board.local_authorities.through.objects.filter(board__kind=Board.Kind.REGIONAL_PARTNERSHIP).values_list("board_id", "area_id"):
        board_of.setdefault(area_pk, board_pk)
    if board_id:
        area_ids = [a for a, b in board_of.items() if b == board_id]
        referrals = referrals.filter(local_authority_id__in=area_ids)
    # By local authority first (one grouped query), then summed into regions.
    by_area: dict[Any, DemandRow] = {a.pk: DemandRow(a.pk, a.name) for a in Area.objects.filter(kind=Area.Kind.LOCAL_AUTHORITY)}
    _fill(by_area, "local_authority_id", referrals, start_at, end_at)
    region_rows = {b.pk: DemandRow(b.pk, b.name) for b in boards if not board_id or b.pk == board_id}
    weights: dict[Any, int] = {}
    for area_pk, row in by_area.items():
        region = region_rows.get(board_of.get(area_pk))  # type: ignore[arg-type]
        if region is None:
            continue
        _add(region, row, weights)
    service_rows = _service_rows(referrals, start_at, end_at, kind)
    totals = DemandRow("total", "")
    total_weights: dict[Any, int] = {}
    for row in region_rows.values():
        _add(totals, row, total_weights)
    regions = list(region_rows.values())
    return Demand(
        start=start,
        end=end,
        regions=regions,
        services=service_rows,
        totals=totals,
        max_referrals=max([r.referrals for r in regions] + [1]),
    )


def _add(target: DemandRow, row: DemandRow, weights: dict[Any, int]) -> None:
    """Add a row's counts to a total; the average wait is weighted by the help started."""
    if row.average_days_to_start is not None and row.started:
        before = weights.get(target.key, 0)
        current = target.average_days_to_start or 0.0
        weights[target.key] = before + row.started
        target.average_days_to_start = round((current * before + row.average_days_to_start * row.started) / weights[target.key], 1)
    for name in ["referrals", "declined", "onward_service", "onward_carers", "onward_step", "started", "waiting_now"]:
        setattr(target, name, getattr(target, name) + getattr(row, name))


SERVICE_ROWS = 50


def _service_rows(referrals: Any, start_at: datetime.datetime, end_at: datetime.datetime, kind: str) -> list[DemandRow]:
    """The services most asked for in the period (and with children waiting now), busiest first."""
    in_period = Q(sent_at__gte=start_at, sent_at__lte=end_at)
    top = list(
        referrals.filter(in_period | Q(state__in=WAITING_STATES))
        .values("service_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "service_id")[:SERVICE_ROWS]
    )
    ids = [t["service_id"] for t in top]
    services = {s.pk: s for s in Service.objects.filter(pk__in=ids).select_related("provider")}
    rows = {pk: DemandRow(pk, services[pk].name, capacity_per_month=services[pk].capacity_per_month) for pk in ids if pk in services}
    _fill(rows, "service_id", referrals.filter(service_id__in=ids), start_at, end_at)
    return [rows[pk] for pk in ids if pk in rows]
