"""Synthetic therapeutic support for `make_synthetic`: a directory of services in every local
authority (2,000 or more at Wales scale) from the synthetic health boards, councils and
charities, and needs and referrals for about one synthetic child in twenty-five (the
care-experienced), in every state, over the last eighteen months. Deterministic by seed;
written with bulk_create; nothing here writes to the audit trail.

No ratings or state-change rows are made, so `synthetic_children_delete` can remove the
referrals and needs with the children they point at."""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.db import connection
from django.utils import timezone

from cylch.core.synthetic import SyntheticExtension, register

SERVICES_PER_LOCAL_AUTHORITY = 100
CARE_EXPERIENCED_SHARE = 0.04
MIN_NEEDS = 40
BATCH = 5000
IMPORTED_FROM = "synthetic"
KINDS = [
    ("trauma_informed_therapy", "Trauma-informed therapy", "Therapi wedi'i llywio gan drawma", 3),
    ("therapeutic_parenting", "Carer support", "Cymorth i ofalwyr", 3),
    ("play_creative_therapy", "Play therapy", "Therapi chwarae", 2),
    ("specialist_camhs", "Specialist CAMHS", "CAMHS arbenigol", 1),
    ("regional_lac_specialist", "Looked-after children specialist service", "Gwasanaeth arbenigol plant sy'n derbyn gofal", 1),
    ("third_sector_support", "Wellbeing project", "Prosiect lles", 3),
]
CARE_STATUSES = ["looked_after"] * 6 + ["care_leaver", "adopted", "special_guardianship", "kinship_care"]
# (state, weight): most referrals are under way or ended; a few are declined or still waiting.
STATES = [("sent", 4), ("triaged", 3), ("accepted", 3), ("waiting", 6), ("started", 20), ("in_review", 5), ("declined", 8), ("ended", 51)]
ONWARD = ["another_service", "carer_consultation", "next_step"]
END_REASONS = ["goals_met", "goals_met", "goals_met", "child_chose", "moved", "other_service", "not_engaging"]


def _exists() -> bool:
    from cylch.organisations.management.commands.make_synthetic import synthetic_children
    from cylch.therapy.models import Referral

    return Referral.objects.filter(child__in=synthetic_children()).exists()


def _services(rng: random.Random) -> list[Any]:
    from cylch.organisations.management.commands.make_synthetic import CODE_PREFIX
    from cylch.organisations.models import Agency, Area
    from cylch.therapy.models import Service

    existing = list(Service.objects.filter(imported_from=IMPORTED_FROM).prefetch_related("areas"))
    if existing:
        return existing
    providers: dict[int, list[Agency]] = {}
    for agency in Agency.objects.filter(code__startswith=CODE_PREFIX, kind__in=[Agency.Kind.HEALTH, Agency.Kind.THIRD_SECTOR, Agency.Kind.CHILDRENS_SERVICES]).order_by("pk"):
        providers.setdefault(agency.area_id, []).append(agency)
    all_las = list(Area.objects.filter(kind=Area.Kind.LOCAL_AUTHORITY).order_by("pk"))
    neighbours: dict[int, list[int]] = {}
    for la in all_las:
        neighbours.setdefault(la.health_board_id or 0, []).append(la.pk)
    health_by_board: dict[int, list[Agency]] = {}
    for agency in Agency.objects.filter(code__startswith=CODE_PREFIX, kind=Agency.Kind.HEALTH).order_by("pk"):
        health_by_board.setdefault(agency.area_id, []).append(agency)
    weights = [k[3] for k in KINDS]
    now = timezone.now()
    rows, areas = [], []
    for la in all_las:
        pool = providers.get(la.pk, []) + health_by_board.get(la.health_board_id or 0, [])
        if not pool:
            continue
        for n in range(SERVICES_PER_LOCAL_AUTHORITY):
            kind, en, cy, _w = rng.choices(KINDS, weights)[0]
            low = rng.choice([0, 0, 4, 5, 8, 11])
            welsh = rng.random() < 0.3
            service = Service(
                provider=rng.choice(pool),
                name_en=f"Synthetic {en} {n + 1}, {la.name_en}",
                name_cy=f"{cy} Synthetig {n + 1}, {la.name_cy}",
                description_en="Synthetic service for benchmarks.",
                description_cy="Gwasanaeth synthetig ar gyfer meincnodau.",
                kind=kind,
                minimum_age=low,
                maximum_age=rng.choice([12, 16, 18, 18, 25]),
                care_statuses=[] if rng.random() < 0.6 else sorted(set(rng.sample(CARE_STATUSES, 3))),
                diagnosis_needed=kind == "specialist_camhs",
                welsh_language=welsh,
                capacity_per_month=rng.randint(2, 30),
                waiting_weeks=rng.randint(0, 30),
                status=Service.Status.ACTIVE if rng.random() < 0.93 else Service.Status.TEMPORARILY_CLOSED,
                imported_from=IMPORTED_FROM,
                last_modified=now,
            )
            covered = {la.pk}
            if rng.random() < 0.3:
                covered |= set(neighbours.get(la.health_board_id or 0, []))
            rows.append(service)
            areas.append(covered)
    made = Service.objects.bulk_create(rows, batch_size=BATCH)
    if connection.features.can_return_rows_from_bulk_insert:
        saved = made
    else:  # pragma: no cover - SQLite before 3.35
        saved = list(Service.objects.filter(imported_from=IMPORTED_FROM).order_by("pk"))
    through = Service.areas.through
    through.objects.bulk_create(
        [through(service_id=s.pk, area_id=a) for s, covered in zip(saved, areas, strict=True) for a in sorted(covered)], batch_size=BATCH
    )
    return list(Service.objects.filter(imported_from=IMPORTED_FROM).prefetch_related("areas"))


def _build(*, scale: Any, seed: int) -> dict[str, int]:
    from cylch.children.models import Child, Involvement
    from cylch.core.bench import BenchmarkError, representative_person
    from cylch.organisations.management.commands.make_synthetic import EMAIL_DOMAIN, bench_caseload, synthetic_children
    from cylch.people.models import Membership, Role
    from cylch.therapy.models import Referral, TherapeuticNeed

    # Separate streams, so the referrals are the same whether or not the directory was already there.
    services = _services(random.Random(seed * 7919 + 6))  # noqa: S311 - synthetic data, not security
    rng = random.Random(seed * 7919 + 7)  # noqa: S311 - synthetic data, not security
    by_area: dict[int, list[Any]] = {}
    for service in services:
        if service.status == service.Status.ACTIVE:
            for area in service.areas.all():
                by_area.setdefault(area.pk, []).append(service)
    # Ids only for the whole cohort (half a million at Wales scale); details for the chosen few.
    all_ids = list(synthetic_children().filter(date_of_birth__isnull=False, local_authority__isnull=False).order_by("pk").values_list("pk", flat=True))
    count = max(MIN_NEEDS, int(len(all_ids) * CARE_EXPERIENCED_SHARE))
    chosen_ids = set(rng.sample(all_ids, min(count, len(all_ids))))
    try:
        bench = representative_person()
        caseload = set(bench_caseload(bench.pk))
    except BenchmarkError:
        bench, caseload = None, set()
    # The benchmark person's caseload always has needs, so the matching benchmark finds one.
    chosen_ids |= caseload & set(all_ids)
    del all_ids
    ordered = sorted(chosen_ids)
    chosen: list[Any] = []
    for start in range(0, len(ordered), BATCH):
        chosen += list(Child.objects.filter(pk__in=ordered[start : start + BATCH]).order_by("pk").values_list("pk", "local_authority_id", "date_of_birth"))
    workers = list(
        Membership.objects.current()
        .filter(role=Role.PRACTITIONER, person__email__endswith=f"@{EMAIL_DOMAIN}")
        .values_list("person_id", "team__agency_id")
        .order_by("pk")[:2000]
    ) or list(Membership.objects.current().filter(role=Role.PRACTITIONER).values_list("person_id", "team__agency_id").order_by("pk")[:2000])
    leads: dict[int, int] = {}
    for start in range(0, len(ordered), BATCH):
        leads.update(
            Involvement.objects.active()
            .filter(child_id__in=ordered[start : start + BATCH], is_lead=True, practitioner__isnull=False)
            .values_list("child_id", "practitioner_id")
        )
    agency_of = dict(workers)
    now = timezone.now()
    today = timezone.localdate()
    states, state_weights = zip(*STATES, strict=True)
    needs, plans = [], []
    for child_id, la_id, born in chosen:
        person_id, agency_id = rng.choice(workers)
        if child_id in leads and leads[child_id] in agency_of:
            person_id, agency_id = leads[child_id], agency_of[leads[child_id]]
        if bench is not None and child_id in caseload:
            person_id = bench.pk
            agency_id = Membership.objects.current().filter(person=bench).values_list("team__agency_id", flat=True).first() or agency_id
        recorded = now - datetime.timedelta(days=rng.randint(1, 540), hours=rng.randint(0, 8))
        needs.append(
            TherapeuticNeed(
                child_id=child_id,
                care_status=rng.choice(CARE_STATUSES),
                diagnosis=rng.choice(["none", "none", "none", "waiting", "diagnosed"]),
                help_for=rng.choice(["child", "child", "carers", "both"]),
                need="Synthetic need for therapeutic support.",
                child_help_wanted="Synthetic: the child's own words.",
                child_language="cy" if rng.random() < 0.2 else "en",
                consent=rng.choice(["consent", "assent"]),
                recorded_at=recorded,
                recorded_by_id=person_id,
                recorded_by_agency_id=agency_id,
            )
        )
        age = today.year - born.year
        options = [s for s in by_area.get(la_id, []) if s.minimum_age <= age <= s.maximum_age] or by_area.get(la_id, [])
        plans.append((la_id, options, person_id, agency_id, recorded))
    TherapeuticNeed.objects.bulk_create(needs, batch_size=BATCH)
    if not connection.features.can_return_rows_from_bulk_insert:  # pragma: no cover
        needs = list(TherapeuticNeed.objects.filter(child_id__in=[c[0] for c in chosen]).order_by("pk"))
    referrals = []
    for need, (la_id, options, person_id, agency_id, recorded) in zip(needs, plans, strict=True):
        if not options:
            continue
        for _n in range(1 if rng.random() < 0.8 else 2):
            service = rng.choice(options)
            state = rng.choices(states, state_weights)[0]
            sent = min(now, recorded + datetime.timedelta(days=rng.randint(0, 20)))
            values: dict[str, Any] = {"state": state, "sent_at": sent}
            if state not in {"sent"}:
                values["first_contact_at"] = min(now, sent + datetime.timedelta(days=rng.randint(2, 40)))
            if state in {"started", "in_review", "ended"}:
                values["started_at"] = min(now, values["first_contact_at"] + datetime.timedelta(days=rng.randint(0, 70)))
                values["goals"] = "Synthetic agreed goals."
            if state == "declined" or (state == "ended" and rng.random() < 0.1 and "started_at" not in values):
                values |= {"declined_at": values.get("first_contact_at", sent), "decline_reason": "Synthetic: outside the service's remit.", "onward_route": rng.choice(ONWARD), "onward_note": "Synthetic onward route."}
            if state == "ended":
                values |= {"ended_at": min(now, values.get("started_at", sent) + datetime.timedelta(days=rng.randint(20, 200))), "end_reason": rng.choice(END_REASONS)}
            if values.get("first_contact_at"):
                values["days_to_first_contact"] = (values["first_contact_at"].date() - sent.date()).days
            if values.get("started_at"):
                values["days_to_start"] = (values["started_at"].date() - sent.date()).days
            referrals.append(
                Referral(
                    need=need,
                    child_id=need.child_id,
                    service=service,
                    provider_id=service.provider_id,
                    local_authority_id=la_id,
                    help_for=need.help_for,
                    shared_parts=["need", "child_views"],
                    need_recorded_at=recorded,
                    created_at=recorded,
                    created_by_id=person_id,
                    created_by_agency_id=agency_id,
                    **values,
                )
            )
    Referral.objects.bulk_create(referrals, batch_size=BATCH)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (TherapeuticNeed, Referral, type(services[0]) if services else Referral):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return {"therapeutic services": len(services), "therapeutic needs": len(needs), "therapeutic referrals": len(referrals)}


register(SyntheticExtension("therapeutic support", exists=_exists, build=_build))
