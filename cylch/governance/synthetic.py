"""Synthetic governance for `make bench`: for every synthetic partnership with a business manager
(made by the partnerships extension, which runs first), three years of monthly board meetings with
an agenda, attendance and decisions; accountability ledger actions owned by people of the member
agencies (some done, some open, some overdue, from meetings, risks and self-assessment); and a
risk register. Deterministic by seed; bulk inserts; no audit entries or notices."""

from __future__ import annotations

import datetime
import random
from typing import Any

from cylch.core.synthetic import SyntheticExtension, register

START = datetime.date(2023, 4, 1)
MEETINGS = 36  # monthly, three years
TODAY = datetime.date(2026, 3, 31)  # the synthetic "now": actions due after it are open and not overdue


def _exists() -> bool:
    from cylch.governance.models import BoardMeeting

    return BoardMeeting.objects.filter(created_by__email__endswith="@synthetic.cylch.invalid").exists()


def _build(*, scale: Any, seed: int) -> dict[str, int]:
    from django.utils import timezone

    from cylch.accountability.models import LedgerAction
    from cylch.governance.models import AgendaItem, Attendance, BoardMeeting, Decision, Risk
    from cylch.organisations.management.commands.make_synthetic import EMAIL_DOMAIN
    from cylch.partnerships.models import GovernanceBody, Partnership, PartnershipRole
    from cylch.people.models import Membership, Role

    OWNER_ROLES = [Role.TEAM_MANAGER, Role.SAFEGUARDING_LEAD, Role.PARTNERSHIP_MANAGER]  # noqa: N806

    rng = random.Random(seed * 104729 + 31)  # noqa: S311 - synthetic data, not security
    actions_per_partnership = 600 if scale.name == "wales" else 60
    counts = {"board meetings": 0, "ledger actions": 0, "risks": 0}
    managers = dict(
        PartnershipRole.objects.filter(role=PartnershipRole.Role.BUSINESS_MANAGER, person__email__endswith=f"@{EMAIL_DOMAIN}")
        .order_by("partnership_id", "pk")
        .values_list("partnership_id", "person_id")
    )
    for partnership in Partnership.objects.filter(pk__in=list(managers)).order_by("code").prefetch_related("agencies"):
        manager = managers[partnership.pk]
        member_ids = sorted(a.pk for a in partnership.agencies.all())
        owners = sorted(
            set(
                Membership.objects.current()
                # Partnership actions are owned by managers and leads (practitioners' My work, which
                # a benchmark counts, stays as it is).
                .filter(team__agency_id__in=member_ids, person__email__endswith=f"@{EMAIL_DOMAIN}", role__in=OWNER_ROLES)
                .order_by("person_id", "team__agency_id")
                .values_list("team__agency_id", "person_id")[:400]
            )
        )
        if not owners:
            continue
        board = GovernanceBody.objects.filter(partnership=partnership, kind=GovernanceBody.Kind.BOARD, is_active=True).first()
        if board is None:
            board = GovernanceBody.objects.create(
                partnership=partnership, kind=GovernanceBody.Kind.BOARD, name_en=partnership.name_en, name_cy=partnership.name_cy
            )
        meetings = BoardMeeting.objects.bulk_create(
            [
                BoardMeeting(
                    partnership=partnership,
                    body=board,
                    held_on=START + datetime.timedelta(days=30 * n),
                    status=BoardMeeting.Status.HELD,
                    minutes_en="Synthetic minutes.",
                    minutes_cy="Cofnodion synthetig.",
                    created_by_id=manager,
                )
                for n in range(MEETINGS)
            ]
        )
        AgendaItem.objects.bulk_create(
            [AgendaItem(meeting=m, position=p, title_en=f"Item {p + 1}", title_cy=f"Eitem {p + 1}") for m in meetings for p in range(3)]
        )
        Attendance.objects.bulk_create(
            [Attendance(meeting=m, name=f"Synthetic member {a}", agency_id=a, status=rng.choice(["present", "present", "apologies"])) for m in meetings for a in member_ids[:8]]
        )
        Decision.objects.bulk_create(
            [
                Decision(meeting=m, text_en="Synthetic decision.", text_cy="Penderfyniad synthetig.", recorded_by_id=manager, recorded_at=timezone.make_aware(datetime.datetime.combine(m.held_on, datetime.time(12))))
                for m in meetings
                for _ in range(2)
            ]
        )
        risks = Risk.objects.bulk_create(
            [
                Risk(
                    partnership=partnership,
                    title=f"Synthetic risk {n + 1}",
                    owner_agency_id=owners[n % len(owners)][0],
                    owner_id=owners[n % len(owners)][1],
                    likelihood=str(rng.randint(1, 5)),
                    impact=str(rng.randint(1, 5)),
                    review_on=TODAY + datetime.timedelta(days=rng.randint(-30, 90)),
                    status=rng.choice(["open", "open", "open", "closed"]),
                    created_by_id=manager,
                )
                for n in range(25)
            ]
        )
        rows = []
        for n in range(actions_per_partnership):
            agency_id, person_id = owners[rng.randrange(len(owners))]
            created = START + datetime.timedelta(days=rng.randint(0, 1000))
            due = created + datetime.timedelta(days=rng.randint(14, 180))
            status = rng.choice(["done", "done", "done", "in_progress", "not_started"]) if due < TODAY else rng.choice(["in_progress", "not_started"])
            kind = rng.choice(["board_meeting", "board_meeting", "risk", "self_assessment"])
            source = meetings[n % MEETINGS].pk if kind == "board_meeting" else risks[n % len(risks)].pk if kind == "risk" else 0
            rows.append(
                LedgerAction(
                    partnership=partnership,
                    source_kind=kind,
                    source_id=str(source),
                    what=f"Synthetic improvement action {n + 1}",
                    owner_agency_id=agency_id,
                    owner_id=person_id,
                    due_on=due,
                    status=status,
                    evidence="Synthetic evidence." if status == "done" else "",
                    completed_on=due - datetime.timedelta(days=rng.randint(-20, 20)) if status == "done" else None,
                    created_at=timezone.make_aware(datetime.datetime.combine(created, datetime.time(12))),
                    created_by_id=manager,
                )
            )
        LedgerAction.objects.bulk_create(rows, batch_size=2000)
        counts["board meetings"] += len(meetings)
        counts["ledger actions"] += len(rows)
        counts["risks"] += len(risks)
    return counts


def _delete() -> int:
    """Remove the synthetic meetings, risks, reports and ledger actions (and what hangs off them)."""
    from cylch.accountability.models import LedgerAction, LedgerActionUpdate, LedgerEscalation
    from cylch.governance.models import AgendaItem, AnnualReport, Attendance, BoardMeeting, Decision, Risk
    from cylch.organisations.management.commands.make_synthetic import EMAIL_DOMAIN

    synthetic = {"created_by__email__endswith": f"@{EMAIL_DOMAIN}"}
    meetings = BoardMeeting.objects.filter(**synthetic)
    actions = LedgerAction.objects.filter(**synthetic)
    deleted = 0
    for queryset in [
        LedgerEscalation.objects.filter(action__in=actions),
        LedgerActionUpdate.objects.filter(action__in=actions),
        actions,
        AgendaItem.objects.filter(meeting__in=meetings),
        Attendance.objects.filter(meeting__in=meetings),
        Decision.objects.filter(meeting__in=meetings),
        meetings,
        Risk.objects.filter(**synthetic),
        AnnualReport.objects.filter(**synthetic),
    ]:
        deleted += queryset.delete()[0]
    return deleted


register(SyntheticExtension("partnership governance", exists=_exists, build=_build, delete=_delete))
