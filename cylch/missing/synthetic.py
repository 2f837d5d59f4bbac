"""Synthetic missing episodes for `make_synthetic` (and so for `make bench`).

The rate follows what is published for England and Wales: roughly one child in 150 goes missing
in a year, most once, some many times. Of the synthetic children, 1.5% have episodes over the two
years before the synthetic "as of" date (1 to 12 each, most 1 to 3), about 1 in 40 of those is
missing at that date, and most ended episodes have a return interview. The first child the
benchmark person leads also has a history of exactly 100 episodes (the history benchmark).
Same seed, same rows; bulk inserts in batches; nothing written to the audit trail.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from cylch.core.synthetic import SyntheticExtension, register

SHARE_OF_CHILDREN = 0.015
OPEN_SHARE = 0.025
HISTORY_EPISODES = 100
BATCH = 5000
REPORTERS = ["Synthetic: foster carer", "Synthetic: residential home staff", "Synthetic: parent", "Synthetic: school"]
PLACES = [
    "Synthetic: bus station",
    "Synthetic: town centre",
    "Synthetic: friend's house",
    "Synthetic: retail park",
    "Synthetic: family home",
    "Synthetic: railway station",
    "Synthetic: park",
]
ASSOCIATES = ["Synthetic friend A", "Synthetic friend B", "Synthetic older adult C", "Synthetic sibling D", ""]
GRADES = ["no_apparent_risk"] * 2 + ["low"] * 8 + ["medium"] * 6 + ["high"]


def _exists() -> bool:
    from cylch.missing.models import MissingEpisode
    from cylch.organisations.management.commands.make_synthetic import synthetic_children

    return MissingEpisode.objects.filter(child__in=synthetic_children()).exists()


def _chunks(values: list[int], size: int = BATCH) -> Any:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _episode_count(rng: random.Random) -> int:
    roll = rng.random()
    if roll < 0.55:
        return 1
    if roll < 0.80:
        return 2 + int(rng.random() * 2)
    return 4 + int(rng.random() * 9)


def _build(*, scale: Any, seed: int) -> dict[str, int]:
    from cylch.children.models import Involvement
    from cylch.core.bench import representative_person
    from cylch.missing.models import MissingEpisode, ReturnInterview, RiskGrading
    from cylch.organisations.management.commands.make_synthetic import (
        DELIVERY_AS_OF,
        synthetic_children,
        timeline_child_id,
    )

    rng = random.Random(seed * 7919 + 5)  # noqa: S311 - synthetic data, not security
    children = list(synthetic_children().order_by("pk").values_list("pk", flat=True))
    chosen = sorted(rng.sample(children, max(1, int(len(children) * SHARE_OF_CHILDREN)))) if children else []
    # One child the police work with is always among them (and missing at the "as of" date).
    police_child = (
        Involvement.objects.active()
        .filter(child__in=synthetic_children(), agency__kind="police", practitioner__isnull=False)
        .order_by("child_id")
        .values_list("child_id", flat=True)
        .first()
    )
    if police_child is not None and police_child not in chosen:
        chosen = sorted([*chosen, police_child])
    history_child = None
    try:
        history_child = timeline_child_id(representative_person().pk)
    except Exception:  # noqa: BLE001 - no benchmark person at this scale: no long history either
        history_child = None
    wanted = sorted(set(chosen) | ({history_child} if history_child else set()))
    # Who records: the police in the team around the child where there are any, else the lead's agency.
    best: dict[int, tuple[int, int, int]] = {}  # child id -> (preference, agency id, person id)
    for batch in _chunks(wanted):
        rows = (
            Involvement.objects.active()
            .filter(child_id__in=batch, practitioner__isnull=False)
            .values_list("child_id", "agency_id", "practitioner_id", "agency__kind", "is_lead")
            .order_by("child_id", "pk")
        )
        for child_id, agency_id, person_id, kind, is_lead in rows:
            preference = 0 if kind == "police" else 1 if is_lead else 2
            if child_id not in best or preference < best[child_id][0]:
                best[child_id] = (preference, agency_id, person_id)
    owners = {child_id: (agency_id, person_id) for child_id, (_p, agency_id, person_id) in best.items()}
    # At least one child is missing at the "as of" date, with the police involved where possible,
    # so that the list of children missing now has something to show at every scale.
    candidates = [c for c in chosen if c in best and c != history_child]
    always_open = min(candidates, key=lambda c: (best[c][0], c)) if candidates else None
    episodes: list[MissingEpisode] = []
    meta: list[tuple[str, bool, bool]] = []  # grade, has interview, accepted
    for child_id in wanted:
        if child_id not in owners:
            continue
        agency_id, person_id = owners[child_id]
        count = HISTORY_EPISODES if child_id == history_child else _episode_count(rng)
        span_days = 1000 if child_id == history_child else 730
        start = DELIVERY_AS_OF - timedelta(days=span_days)
        gap = span_days / (count + 1)
        last_open = child_id == always_open or (child_id != history_child and rng.random() < OPEN_SHARE)
        for n in range(count):
            missing_from: datetime = start + timedelta(days=gap * n + rng.random() * gap * 0.5, minutes=int(rng.random() * 600))
            open_now = last_open and n == count - 1
            if open_now:
                missing_from = DELIVERY_AS_OF - timedelta(hours=2 + int(rng.random() * 70))
            long = child_id != history_child and rng.random() < 0.1
            hours = 24 + int(rng.random() * 96) if long else 1 + int(rng.random() * 30)
            found_at = None if open_now else min(missing_from + timedelta(hours=hours), DELIVERY_AS_OF - timedelta(minutes=1))
            grade = rng.choice(GRADES)
            episodes.append(
                MissingEpisode(
                    child_id=child_id,
                    agency_id=agency_id,
                    missing_from=missing_from,
                    last_seen_where="Synthetic: placement",
                    reported_at=missing_from + timedelta(minutes=30 + int(rng.random() * 180)),
                    reported_by=rng.choice(REPORTERS),
                    police_reference=f"SYN-M-{child_id}-{n}",
                    risk_grade=grade,
                    found_at=found_at,
                    found_where=rng.choice(PLACES) if found_at else "",
                    found_with=rng.choice(ASSOCIATES) if found_at else "",
                    safe_and_well_at=found_at + timedelta(hours=1) if found_at else None,
                    recorded_by_id=person_id,
                    recorded_at=missing_from + timedelta(hours=1),
                )
            )
            meta.append((grade, found_at is not None and rng.random() < 0.8, rng.random() < 0.6))
    created = 0
    gradings = 0
    interviews = 0
    for offset in range(0, len(episodes), BATCH):
        batch = MissingEpisode.objects.bulk_create(episodes[offset : offset + BATCH], batch_size=BATCH)
        created += len(batch)
        # bulk_create sets primary keys on PostgreSQL and SQLite; read them back in order otherwise.
        if any(e.pk is None for e in batch):
            keys = {(e.child_id, e.missing_from): e.pk for e in MissingEpisode.objects.filter(child_id__in={b.child_id for b in batch})}
            for e in batch:
                e.pk = keys[(e.child_id, e.missing_from)]
        grading_rows = []
        interview_rows = []
        for episode, (grade, has_interview, accepted) in zip(batch, meta[offset : offset + BATCH], strict=True):
            grading_rows.append(RiskGrading(episode_id=episode.pk, grade=grade, graded_at=episode.reported_at, recorded_by_id=episode.recorded_by_id))
            if has_interview and episode.found_at is not None:
                offered = episode.found_at + timedelta(hours=4 + int(rng.random() * 90))
                if offered < DELIVERY_AS_OF:
                    interview_rows.append(
                        ReturnInterview(
                            episode_id=episode.pk,
                            offered_at=offered,
                            offered_by="Synthetic: social worker",
                            response="accepted" if accepted else "declined",
                            held_at=offered + timedelta(hours=24) if accepted and offered + timedelta(hours=24) < DELIVERY_AS_OF else None,
                            conducted_by="Synthetic: independent advocate" if accepted else "",
                            recorded_by_id=episode.recorded_by_id,
                            recorded_at=offered,
                        )
                    )
        RiskGrading.objects.bulk_create(grading_rows, batch_size=BATCH)
        ReturnInterview.objects.bulk_create(interview_rows, batch_size=BATCH)
        gradings += len(grading_rows)
        interviews += len(interview_rows)
    return {"missing episodes": created, "missing risk gradings": gradings, "return interviews": interviews}


register(SyntheticExtension("missing episodes", exists=_exists, build=_build))
