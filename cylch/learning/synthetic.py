"""Synthetic learning data for `make_synthetic` and `make bench`.

One synthetic safeguarding board over the scale's local authorities, with its own business
unit (a "lrn-" agency, five teams, sixty staff and the business manager
syn-learning-manager@learning.synthetic.cylch.invalid, kept apart from the "syn-" rows the
delivery domain's tests delete and rebuild, and kept when the learning rows are deleted), 200 reviews all tagged "neglect"
(and one or two other themes), one or two recommendations each in the accountability
ledger, 20 published briefings read by a few hundred people, and one review in progress
over five children, to whom the business manager has review grants. The benchmark adds
2,000 chronology entries for each in the 12 months before the event (`bench_chronology_ensure`),
not the synthetic build: the delivery domain's synthetic chronology keeps its exact size. Fixed dates and the seed make the same rows every time; nothing here
writes to the audit trail.
"""

from __future__ import annotations

import datetime
import random
from typing import Any

from cylch.core.synthetic import SyntheticExtension, register

PARTNERSHIP_CODE = "syn-learning-board"
STAFF_DOMAIN = "learning.synthetic.cylch.invalid"
MANAGER_EMAIL = f"syn-learning-manager@{STAFF_DOMAIN}"
UNIT_CODE = "lrn-synthetic-unit"
TEAMS = 5
STAFF = 60
BENCH_REVIEW = "SYN-SUSR-BENCH"
REVIEWS = 200
BENCH_CHILDREN = 5
ENTRIES_PER_CHILD = 2_000
BRIEFINGS = 20
EVENT_ON = datetime.date(2025, 4, 1)
PERIOD_START = datetime.date(2024, 4, 1)
GRANT_ENDS = datetime.datetime(2030, 3, 31, 17, 0, tzinfo=datetime.UTC)


def _exists() -> bool:
    from cylch.partnerships.models import Partnership

    return Partnership.objects.filter(code=PARTNERSHIP_CODE).exists()


def _business_unit(area: Any) -> tuple[Any, list[Any], Any, list[Any]]:
    """The board's own business unit, teams, business manager and staff: made once, and kept when
    the learning rows are deleted (the audit trail of a benchmark run may name these people).
    They are not "syn-" rows: the delivery domain's tests delete and rebuild those, and these
    reviews must not stand in their way."""
    from django.contrib.auth.hashers import make_password

    from cylch.organisations.models import Agency, Team
    from cylch.people.models import Membership, Person, Role

    unit = Agency.objects.filter(code=UNIT_CODE).first()
    if unit is not None:
        return (
            unit,
            list(Team.objects.filter(agency=unit).order_by("code")),
            Person.objects.get(email=MANAGER_EMAIL),
            list(Person.objects.filter(email__startswith="syn-learning-0", email__endswith=f"@{STAFF_DOMAIN}").order_by("email")),
        )
    unit = Agency.objects.create(
        code=UNIT_CODE,
        kind=Agency.Kind.PARTNERSHIP,
        area=area,
        name_en="Synthetic Safeguarding Board Business Unit",
        name_cy="Uned Fusnes Bwrdd Diogelu Synthetig",
    )
    teams = Team.objects.bulk_create(
        [
            Team(
                code=f"{UNIT_CODE}-{n}",
                agency=unit,
                name_en=f"Synthetic learning team {n}",
                name_cy=f"Tîm dysgu synthetig {n}",
            )
            for n in range(1, TEAMS + 1)
        ]
    )
    password = make_password(None)
    manager = Person.objects.create(email=MANAGER_EMAIL, full_name="Synthetic Business Manager", password=password)
    staff = Person.objects.bulk_create(
        [
            Person(
                email=f"syn-learning-{n:03d}@{STAFF_DOMAIN}",
                full_name=f"Synthetic Learning Staff {n}",
                password=password,
            )
            for n in range(1, STAFF + 1)
        ]
    )
    Membership.objects.bulk_create(
        [Membership(person=manager, team=teams[0], role=Role.PARTNERSHIP_MANAGER)]
        + [Membership(person=p, team=teams[n % TEAMS], role=Role.PRACTITIONER) for n, p in enumerate(staff)]
    )
    return unit, teams, manager, staff


def _build(*, scale: Any, seed: int) -> dict[str, int]:
    from django.db import transaction

    from cylch.access.models import AccessGrant
    from cylch.accountability.models import LedgerAction
    from cylch.children.models import Child
    from cylch.framework.models import Standard
    from cylch.learning.demo import themes_ensure
    from cylch.learning.models import Briefing, BriefingRead, Recommendation, Review, ReviewChild, ReviewMember, Theme
    from cylch.organisations.management.commands.make_synthetic import CODE_PREFIX
    from cylch.organisations.models import Agency, Area
    from cylch.partnerships.models import Partnership, PartnershipRole

    rng = random.Random(seed * 7919 + 8)  # noqa: S311 - synthetic data, not security
    themes_ensure()
    areas = list(
        Area.objects.filter(kind=Area.Kind.LOCAL_AUTHORITY, pk__in=Child.objects.values("local_authority_id")).order_by(
            "pk"
        )
    )
    if not areas:
        return {}
    members = list(Agency.objects.filter(code__startswith=CODE_PREFIX, area__in=areas).order_by("pk")[:200])
    if not members:
        return {}
    standards = {s.code: s for s in Standard.objects.all()}
    themes = list(Theme.objects.order_by("code"))
    neglect = next(t for t in themes if t.code == "neglect")
    others = [t for t in themes if t.code != "neglect"]
    start = datetime.datetime.combine(PERIOD_START, datetime.time(9, 0), tzinfo=datetime.UTC)
    with transaction.atomic():
        partnership = Partnership.objects.create(
            code=PARTNERSHIP_CODE,
            kind=Partnership.Kind.REGIONAL_SAFEGUARDING_BOARD,
            name_en="Synthetic Safeguarding Board",
            name_cy="Bwrdd Diogelu Synthetig",
        )
        partnership.areas.set(areas)
        partnership.agencies.set(members)
        unit, teams, manager, staff = _business_unit(areas[0])
        owners = [(p.pk, unit.pk, teams[n % TEAMS].pk) for n, p in enumerate(staff)]
        agencies = [unit]
        manager_agency_id = unit.pk
        PartnershipRole.objects.create(
            partnership=partnership,
            person=manager,
            role=PartnershipRole.Role.BUSINESS_MANAGER,
            agency=unit,
        )
        reviews = Review.objects.bulk_create(
            [
                Review(
                    partnership=partnership,
                    reference=f"SYN-SUSR-{n:04d}",
                    title=f"Synthetic review {n}",
                    referral_summary="Synthetic referral.",
                    referred_by_agency_id=rng.choice(agencies).pk,
                    referred_on=EVENT_ON + datetime.timedelta(days=n % 300),
                    event_on=EVENT_ON,
                    period_start=PERIOD_START,
                    period_end=EVENT_ON,
                    stage=rng.choice(["panel", "report", "action_plan", "monitoring"]),
                    decision=Review.Decision.PROCEED,
                    decision_reasons="Synthetic decision.",
                    decided_on=EVENT_ON,
                    decided_by_name="Synthetic Chair",
                    created_by=manager,
                )
                for n in range(REVIEWS)
            ]
            + [
                Review(
                    partnership=partnership,
                    reference=BENCH_REVIEW,
                    title="Synthetic review for the chronology benchmark",
                    referral_summary="Synthetic referral.",
                    referred_by_agency_id=agencies[0].pk,
                    referred_on=EVENT_ON,
                    event_on=EVENT_ON,
                    period_start=PERIOD_START,
                    period_end=EVENT_ON,
                    stage="panel",
                    decision=Review.Decision.PROCEED,
                    decision_reasons="Synthetic decision.",
                    decided_on=EVENT_ON,
                    decided_by_name="Synthetic Chair",
                    created_by=manager,
                )
            ]
        )
        through = Review.themes.through
        through.objects.bulk_create(
            [through(review_id=r.pk, theme_id=neglect.pk) for r in reviews[:REVIEWS]]
            + [through(review_id=r.pk, theme_id=t.pk) for r in reviews[:REVIEWS] for t in rng.sample(others, 2)]
        )
        actions = []
        recommendation_rows = []
        for review in reviews[:REVIEWS]:
            for _ in range(rng.randint(1, 2)):
                person_id, agency_id, _team = rng.choice(owners)
                done = rng.random() < 0.5
                due = EVENT_ON + datetime.timedelta(days=rng.randint(30, 400))
                actions.append(
                    LedgerAction(
                        partnership=partnership,
                        source_kind=LedgerAction.Source.REVIEW,
                        source_id=str(review.pk),
                        standard=standards[rng.choice(["learning", "delivery", "infrastructure"])],
                        what="Synthetic recommendation.",
                        owner_agency_id=agency_id,
                        owner_id=person_id,
                        due_on=due,
                        status=LedgerAction.Status.DONE if done else LedgerAction.Status.IN_PROGRESS,
                        completed_on=due - datetime.timedelta(days=rng.randint(-10, 20)) if done else None,
                        created_by=manager,
                    )
                )
                recommendation_rows.append(review)
        actions = LedgerAction.objects.bulk_create(actions, batch_size=1000)
        Recommendation.objects.bulk_create(
            [
                Recommendation(review=r, text=a.what, standard=a.standard, action=a, created_by=manager)
                for r, a in zip(recommendation_rows, actions, strict=True)
            ],
            batch_size=1000,
        )
        briefings = Briefing.objects.bulk_create(
            [
                Briefing(
                    partnership=partnership,
                    review=reviews[n],
                    title_en=f"Synthetic briefing {n}",
                    title_cy=f"Briff synthetig {n}",
                    body_en="Synthetic.",
                    body_cy="Synthetig.",
                    status=Briefing.Status.PUBLISHED,
                    published_at=start + datetime.timedelta(days=400 + n),
                    created_by=manager,
                )
                for n in range(BRIEFINGS)
            ]
        )
        Briefing.themes.through.objects.bulk_create(
            [Briefing.themes.through(briefing_id=b.pk, theme_id=neglect.pk) for b in briefings]
        )
        readers = owners
        reads = BriefingRead.objects.bulk_create(
            [
                BriefingRead(
                    briefing=b, person_id=person_id, team_id=team_id, read_at=start + datetime.timedelta(days=450)
                )
                for b in briefings
                for person_id, _agency, team_id in rng.sample(readers, min(len(readers), 20))
            ],
            batch_size=2000,
        )
        # The review in progress: five children (the benchmark gives them their chronology).
        bench_review = reviews[-1]
        children = list(
            Child.objects.filter(local_authority__in=areas).order_by("pk").values_list("pk", flat=True)[:BENCH_CHILDREN]
        )
        ReviewChild.objects.bulk_create(
            [ReviewChild(review=bench_review, child_id=cid, label=chr(65 + i)) for i, cid in enumerate(children)]
        )
        ReviewMember.objects.create(
            review=bench_review,
            person=manager,
            agency_id=manager_agency_id,
            role="business_unit",
            access_until=GRANT_ENDS.date(),
            added_by=manager,
        )
        AccessGrant.objects.bulk_create(
            [
                AccessGrant(
                    kind=AccessGrant.Kind.SAFEGUARDING_REVIEW,
                    person=manager,
                    child_id=child_id,
                    agency_id=manager_agency_id,
                    reason=f"Safeguarding review {BENCH_REVIEW}",
                    starts_at=start,
                    ends_at=GRANT_ENDS,
                    granted_by=manager,
                    purpose=f"learning.review:{bench_review.pk}",
                )
                for child_id in children
            ]
        )
    return {
        "learning reviews": len(reviews),
        "learning ledger actions": len(actions),
        "learning briefing reads": len(reads),
    }


def _delete() -> int:
    """Remove the synthetic board and everything of it (reviews, recommendations and their ledger
    actions, briefings and reads, the review grants). The business unit, its teams and people
    stay (see `_business_unit`); the build uses them again."""
    from django.db import transaction

    from cylch.access.models import AccessGrant
    from cylch.accountability.models import LedgerAction, LedgerActionUpdate, LedgerEscalation
    from cylch.learning.models import (
        AgencyReport,
        AuditAnswer,
        AuditCase,
        AuditQuestion,
        AuditRound,
        AuditRoundAuditor,
        AuditTool,
        Briefing,
        BriefingRead,
        Recommendation,
        Review,
        ReviewChild,
        ReviewChronologyEntry,
        ReviewMember,
        ReviewStageRecord,
    )
    from cylch.partnerships.models import Partnership, PartnershipRole

    partnership = Partnership.objects.filter(code=PARTNERSHIP_CODE).first()
    if partnership is None:
        return 0
    reviews = Review.objects.filter(partnership=partnership)
    rounds = AuditRound.objects.filter(partnership=partnership)
    actions = LedgerAction.objects.filter(partnership=partnership)
    deleted = 0
    with transaction.atomic():
        for queryset in [
            AccessGrant.objects.filter(
                kind=AccessGrant.Kind.SAFEGUARDING_REVIEW,
                purpose__in=[f"learning.review:{pk}" for pk in reviews.values_list("pk", flat=True)],
            ),
            AuditAnswer.objects.filter(case__round__in=rounds),
            AuditCase.objects.filter(round__in=rounds),
            AuditRoundAuditor.objects.filter(round__in=rounds),
            rounds,
            AuditQuestion.objects.filter(tool__partnership=partnership),
            AuditTool.objects.filter(partnership=partnership),
            BriefingRead.objects.filter(briefing__partnership=partnership),
            Briefing.objects.filter(partnership=partnership),
            Recommendation.objects.filter(review__in=reviews),
            LedgerEscalation.objects.filter(action__in=actions),
            LedgerActionUpdate.objects.filter(action__in=actions),
            actions,
            ReviewChronologyEntry.objects.filter(review__in=reviews),
            ReviewStageRecord.objects.filter(review__in=reviews),
            AgencyReport.objects.filter(review__in=reviews),
            ReviewMember.objects.filter(review__in=reviews),
            ReviewChild.objects.filter(review__in=reviews),
            reviews,
            PartnershipRole.objects.filter(partnership=partnership),
        ]:
            deleted += queryset.delete()[0]
        deleted += Partnership.objects.filter(pk=partnership.pk).delete()[0]
    return deleted


register(SyntheticExtension("learning reviews and briefings", exists=_exists, build=_build, delete=_delete))


BENCH_ORIGIN = "learning.bench"


def bench_chronology_ensure(*, seed: int = 1) -> int:
    """Give each of the benchmark review's children 2,000 chronology entries in the review period,
    once (marked with their origin so they are recognised). Returns how many were added."""
    from cylch.chronology.models import ChronologyEntry
    from cylch.learning.models import Review
    from cylch.organisations.management.commands.make_synthetic import CODE_PREFIX
    from cylch.organisations.models import Agency

    review = Review.objects.get(reference=BENCH_REVIEW)
    child_ids = list(review.review_children.values_list("child_id", flat=True))
    if ChronologyEntry.objects.filter(child_id__in=child_ids, origin_type=BENCH_ORIGIN).exists():
        return 0
    rng = random.Random(seed * 104_729 + 3)  # noqa: S311 - synthetic data, not security
    agencies = list(
        Agency.objects.filter(code__startswith=CODE_PREFIX).order_by("pk").values_list("pk", flat=True)[:12]
    )
    start = datetime.datetime.combine(PERIOD_START, datetime.time(9, 0), tzinfo=datetime.UTC)
    span = (EVENT_ON - PERIOD_START).days * 86_400 - 3_600
    rows = [
        ChronologyEntry(
            child_id=child_id,
            occurred_at=start + datetime.timedelta(seconds=rng.randrange(span)),
            entry_type="visit",
            summary="Synthetic entry for the review benchmark.",
            source_agency_id=rng.choice(agencies),
            recorded_at=start,
            origin_type=BENCH_ORIGIN,
        )
        for child_id in child_ids
        for _ in range(ENTRIES_PER_CHILD)
    ]
    ChronologyEntry.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
