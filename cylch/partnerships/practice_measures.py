"""Live measures over the delivery, information-sharing and ledger data that existed before
self-assessment: initial conferences on time, plan actions overdue, involvements with a
recorded lawful basis, information-sharing agreements in date, ledger actions owned and dated,
ledger actions overdue. Aggregate queries only; the children behind a figure are returned as a
queryset of ids that the page filters through the access rules.

A child belongs to a partnership's area through `Child.local_authority`.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cylch.partnerships.measures import Measure, MeasureResult, register


def _day_bounds(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    low = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    high = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return low, high


def _result(row: dict[str, Any]) -> MeasureResult:
    return MeasureResult(numerator=row["ok"] or 0, denominator=row["total"] or 0)


# --- Delivery: initial child protection conferences within 15 working days ---------------------


def _conference_items(*, area_ids: list[int], start: datetime.date, end: datetime.date) -> QuerySet[Any]:
    from cylch.core.reference_data import policy
    from cylch.timescales.models import DueItem

    low, high = _day_bounds(start, end)
    now = timezone.now()
    # Items due in the period that have happened or whose time has passed; not cancelled ones.
    return (
        DueItem.objects.filter(
            rule__code=policy("partnerships_initial_conference_rule"),
            due_at__gte=low,
            due_at__lt=high,
            child__local_authority_id__in=area_ids,
        )
        .exclude(state=DueItem.State.CANCELLED)
        .filter(Q(state__in=[DueItem.State.MET, DueItem.State.MET_LATE]) | Q(due_at__lt=now))
    )


def _conferences(*, area_ids: list[int], start: datetime.date, end: datetime.date) -> MeasureResult:
    from cylch.timescales.models import DueItem

    row = _conference_items(area_ids=area_ids, start=start, end=end).aggregate(
        total=Count("id"), ok=Count("id", filter=Q(state=DueItem.State.MET))
    )
    return _result(row)


def _conference_children(*, area_ids: list[int], start: datetime.date, end: datetime.date) -> Any:
    return _conference_items(area_ids=area_ids, start=start, end=end).values("child_id")


register(
    Measure(
        code="delivery-initial-conferences-on-time",
        standard="delivery",
        title=_("Initial child protection conferences held within 15 working days"),
        definition=_(
            "Of initial child protection conferences due in the period (15 working days after the last "
            "strategy discussion, as the timescale rule says), the share held by the date they were due. "
            "Conferences not yet held whose date has passed count as late."
        ),
        compute=_conferences,
        children=_conference_children,
    )
)


# --- Delivery: plan actions overdue ----------------------------------------------------------


def _plan_actions(*, area_ids: list[int], start: datetime.date, end: datetime.date) -> QuerySet[Any]:
    from cylch.plans.models import PlanAction

    return PlanAction.objects.current().filter(
        agreed_on__isnull=False,
        due_on__gte=start,
        due_on__lte=end,
        plan__child__local_authority_id__in=area_ids,
    ).exclude(status=PlanAction.Status.CANCELLED)


def _overdue_q(today: datetime.date) -> Q:
    from cylch.plans.models import PlanAction

    late_done = Q(status=PlanAction.Status.DONE, completed_on__gt=F("due_on"))
    still_open = Q(status__in=[PlanAction.Status.NOT_STARTED, PlanAction.Status.IN_PROGRESS], due_on__lt=today)
    return late_done | still_open


def _actions_overdue(*, area_ids: list[int], start: datetime.date, end: datetime.date) -> MeasureResult:
    row = _plan_actions(area_ids=area_ids, start=start, end=end).aggregate(
        total=Count("id"), ok=Count("id", filter=_overdue_q(timezone.localdate()))
    )
    return _result(row)


def _actions_overdue_children(*, area_ids: list[int], start: datetime.date, end: datetime.date) -> Any:
    return (
        _plan_actions(area_ids=area_ids, start=start, end=end)
        .filter(_overdue_q(timezone.localdate()))
        .values("plan__child_id")
    )


register(
    Measure(
        code="delivery-plan-actions-overdue",
        standard="delivery",
        title=_("Plan actions overdue"),
        definition=_(
            "Of agreed actions in children's plans due in the period, the share done after their due date "
            "or still not done after it. Lower is better."
        ),
        compute=_actions_overdue,
        children=_actions_overdue_children,
        higher_is_better=False,
    )
)


# --- Infrastructure: involvements with a recorded lawful basis ------------------------------


def _involvements(*, area_ids: list[int], start: datetime.date, end: datetime.date) -> QuerySet[Any]:
    from cylch.children.models import Involvement

    return Involvement.objects.filter(child__local_authority_id__in=area_ids, started_on__lte=end).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=start)
    )


def _basis_recorded() -> Q:
    return Q(basis="statutory") & ~Q(statutory_basis="") | Q(basis="consent", consent_given_on__isnull=False)


def _lawful_basis(*, area_ids: list[int], start: datetime.date, end: datetime.date) -> MeasureResult:
    row = _involvements(area_ids=area_ids, start=start, end=end).aggregate(
        total=Count("id"), ok=Count("id", filter=_basis_recorded())
    )
    return _result(row)


def _lawful_basis_children(*, area_ids: list[int], start: datetime.date, end: datetime.date) -> Any:
    return _involvements(area_ids=area_ids, start=start, end=end).exclude(_basis_recorded()).values("child_id")


register(
    Measure(
        code="infrastructure-involvements-lawful-basis",
        standard="infrastructure",
        title=_("Involvements with a recorded lawful basis"),
        definition=_(
            "Of agencies' involvements with children in the area at any time in the period, the share whose "
            "lawful basis is recorded: the statutory basis named, or the consent given and its date."
        ),
        compute=_lawful_basis,
        children=_lawful_basis_children,
    )
)


# --- Infrastructure: information-sharing agreements in date -----------------------------------


def _agreements(*, area_ids: list[int], start: datetime.date, end: datetime.date) -> QuerySet[Any]:
    from cylch.organisations.models import Area
    from cylch.sharing.models import SharingAgreement

    # Agencies of the area: those of its local authorities and of their health boards and police forces.
    las = Area.objects.filter(pk__in=area_ids).values_list("pk", "health_board_id", "police_force_id")
    related = {pk for row in las for pk in row if pk}
    return SharingAgreement.objects.filter(
        status=SharingAgreement.Status.ACTIVE,
        starts_on__lte=end,
        pk__in=SharingAgreement.parties.through.objects.filter(agency__area_id__in=related).values("sharingagreement_id"),
    )


def _agreements_in_date(*, area_ids: list[int], start: datetime.date, end: datetime.date) -> MeasureResult:
    on = min(end, timezone.localdate())
    row = _agreements(area_ids=area_ids, start=start, end=end).aggregate(
        total=Count("id"), ok=Count("id", filter=Q(review_date__gte=on))
    )
    return _result(row)


register(
    Measure(
        code="infrastructure-agreements-in-date",
        standard="infrastructure",
        title=_("Information-sharing agreements in date"),
        definition=_(
            "Of information-sharing agreements in force with a party in the area, the share whose review date "
            "had not passed at the end of the period (or today, if the period has not ended)."
        ),
        compute=_agreements_in_date,
    )
)


# --- Governance: the accountability ledger -----------------------------------------------------


def _ledger(*, area_ids: list[int], start: datetime.date, end: datetime.date) -> QuerySet[Any]:
    from cylch.accountability.models import LedgerAction
    from cylch.partnerships.models import Partnership

    partnerships = Partnership.objects.filter(areas__in=area_ids).values("pk")
    return LedgerAction.objects.filter(partnership_id__in=partnerships).exclude(status=LedgerAction.Status.CANCELLED)


def _ledger_owned(*, area_ids: list[int], start: datetime.date, end: datetime.date) -> MeasureResult:
    low, high = _day_bounds(start, end)
    row = (
        _ledger(area_ids=area_ids, start=start, end=end)
        .filter(created_at__gte=low, created_at__lt=high)
        .aggregate(total=Count("id"), ok=Count("id", filter=Q(owner__isnull=False, due_on__isnull=False)))
    )
    return _result(row)


def _ledger_overdue(*, area_ids: list[int], start: datetime.date, end: datetime.date) -> MeasureResult:
    from cylch.accountability.models import LedgerAction

    today = timezone.localdate()
    late_done = Q(status=LedgerAction.Status.DONE, completed_on__gt=F("due_on"))
    open_late = Q(status__in=[LedgerAction.Status.NOT_STARTED, LedgerAction.Status.IN_PROGRESS], due_on__lt=today)
    row = (
        _ledger(area_ids=area_ids, start=start, end=end)
        .filter(due_on__gte=start, due_on__lte=end)
        .aggregate(total=Count("id"), ok=Count("id", filter=late_done | open_late))
    )
    return _result(row)


register(
    Measure(
        code="governance-ledger-actions-owned",
        standard="governance",
        title=_("Partnership actions with a named owner and a due date"),
        definition=_(
            "Of partnership actions agreed in the period (from self-assessment, board meetings, priorities, "
            "risks and reviews) by partnerships covering the area, the share with an owning agency, a named "
            "person and a due date."
        ),
        compute=_ledger_owned,
    )
)
register(
    Measure(
        code="governance-ledger-actions-overdue",
        standard="governance",
        title=_("Partnership actions overdue"),
        definition=_(
            "Of partnership actions due in the period by partnerships covering the area, the share done after "
            "their due date or still not done after it. Lower is better."
        ),
        compute=_ledger_overdue,
        higher_is_better=False,
    )
)
