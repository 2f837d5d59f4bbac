"""Benchmarks of the child's record, over the synthetic Wales dataset (`manage.py bench`).

- "child summary page": one large synthetic record, 30 agencies involved and 50 people in the
  family and network, led by the benchmark person, who therefore sees it as its lead professional.
  The record is made by the benchmark's setup the first time and found again afterwards.
- "child search": a name with spelling variants and a date of birth, over every synthetic child.
  The name is spelt another way than on the record (Wiliams for Williams, Rees for Rhys...).
"""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlencode

from django.db import transaction
from django.urls import reverse

from cylch.core.bench import BenchContext, Benchmark, BenchmarkError, Request, register

LARGE_RECORD_CASE_NUMBER = "SYN-BENCH-000001"  # marks the summary benchmark's record (synthetic: SYN-)
LARGE_RECORD_INVOLVEMENTS = 30
LARGE_RECORD_NETWORK = 50
LARGE_RECORD_STARTED = datetime.date(2025, 9, 1)


# --- The child summary page. ---------------------------------------------------------------------


def _bench_team(person: Any) -> Any:
    """The benchmark person's team where they are a practitioner (the first by code)."""
    from cylch.people.models import Membership, Role

    membership = (
        Membership.objects.current()
        .filter(person=person, role=Role.PRACTITIONER)
        .select_related("team__agency__area")
        .order_by("team__code")
        .first()
    )
    if membership is None:
        raise BenchmarkError(f"{person.email} has no current practitioner membership.")
    return membership.team


def _local_authority_of(team: Any) -> Any:
    from cylch.organisations.models import Area

    area = team.agency.area
    if area.kind == Area.Kind.LOCAL_AUTHORITY:
        return area
    served = (
        Area.objects.filter(kind=Area.Kind.LOCAL_AUTHORITY)
        .filter(**{"health_board" if area.kind == Area.Kind.HEALTH_BOARD else "police_force": area})
        .order_by("code")
        .first()
    )
    return served or Area.objects.filter(kind=Area.Kind.LOCAL_AUTHORITY).order_by("code").first()


def _other_teams(lead_team: Any, la: Any, count: int) -> list[tuple[Any, int | None]]:
    """`count` synthetic teams working in the child's area, each with a member to name (or None)."""
    from cylch.organisations.management.commands.make_synthetic import CODE_PREFIX
    from cylch.organisations.models import Team
    from cylch.people.models import Membership, Role

    areas = [a for a in (la.pk, la.health_board_id, la.police_force_id) if a is not None]
    teams = list(
        Team.objects.filter(code__startswith=CODE_PREFIX, is_active=True)
        .filter(agency__area_id__in=areas)
        .exclude(pk=lead_team.pk)
        .select_related("agency")
        .order_by("code")
    )
    if not teams:
        teams = [lead_team]
    # Spread across agencies rather than taking every team of the first ones.
    by_agency: dict[int, list[Any]] = {}
    for team in teams:
        by_agency.setdefault(team.agency_id, []).append(team)
    spread: list[Any] = []
    while len(spread) < len(teams):
        for agency_teams in by_agency.values():
            if agency_teams:
                spread.append(agency_teams.pop(0))
    chosen = [spread[i % len(spread)] for i in range(count)]
    practitioners: dict[int, int] = {}
    others: dict[int, int] = {}
    for team_id, person_id, role in (
        Membership.objects.current()
        .filter(team__in=chosen, role__in=[Role.PRACTITIONER, Role.TEAM_MANAGER, Role.SAFEGUARDING_LEAD])
        .order_by("team_id", "person__email")
        .values_list("team_id", "person_id", "role")
    ):
        (practitioners if role == Role.PRACTITIONER else others).setdefault(team_id, person_id)
    return [(team, practitioners.get(team.pk) or others.get(team.pk)) for team in chosen]


ROLE_FOR_AGENCY_KIND = {
    "childrens_services": "social_worker",
    "education": "key_worker",
    "school": "school_dsp",
    "health": "health_visitor",
    "police": "police_ppo",
    "youth_justice": "youth_justice_worker",
    "probation": "probation_officer",
    "housing": "housing_officer",
    "third_sector": "family_support_worker",
}


def large_record(person: Any) -> Any:
    """The summary benchmark's child, made the first time: 30 involvements, 50 network members."""
    from cylch.children import identifiers
    from cylch.children.models import (
        ActiveOffer,
        Address,
        Child,
        Identifier,
        Involvement,
        LanguagePreference,
        NetworkMember,
        VoiceEntry,
    )
    from cylch.children.services import _set_search_keys
    from cylch.organisations.management.commands.make_synthetic import NO_AGREEMENT

    found = Identifier.objects.filter(kind=Identifier.Kind.LA_CASE_NUMBER, value=LARGE_RECORD_CASE_NUMBER).first()
    if found is not None:
        return found.child
    team = _bench_team(person)
    la = _local_authority_of(team)
    started = LARGE_RECORD_STARTED
    created_at = datetime.datetime(2025, 9, 1, 9, 0, tzinfo=datetime.UTC)
    born = datetime.date(2014, 5, 17)
    with transaction.atomic():
        child = Child(
            given_names="Elin Mai",
            family_name="Meincnod",  # Welsh for "benchmark": obviously fictional
            preferred_name="Elin",
            date_of_birth=born,
            gender="female",
            ethnicity="white_welsh_british",
            language=LanguagePreference.WELSH,
            communication_needs="Short sentences and pictures help",
            local_authority=la,
            created_by=person,
            created_at=created_at,
        )
        _set_search_keys(child)
        child.save()
        lead = [(team, person.pk)]
        others = _other_teams(team, la, LARGE_RECORD_INVOLVEMENTS - 1)
        Involvement.objects.bulk_create(
            [
                Involvement(
                    child=child,
                    agency_id=other.agency_id,
                    team=other,
                    practitioner_id=practitioner,
                    role_for_child="lead_professional"
                    if n == 0
                    else ROLE_FOR_AGENCY_KIND.get(other.agency.kind, "other"),
                    is_lead=n == 0,
                    reason="Synthetic: part of the team around the child (benchmark record).",
                    started_on=started + datetime.timedelta(days=n),
                    basis=Involvement.Basis.STATUTORY,
                    statutory_basis="safeguarding",
                    no_agreement_justification=NO_AGREEMENT,
                    flagged_to_data_protection_lead=True,
                )
                for n, (other, practitioner) in enumerate(lead + others)
            ]
        )
        relationships = [
            "mother",
            "father",
            "grandparent",
            "aunt_uncle",
            "sibling",
            "step_parent",
            "trusted_adult",
            "friend",
        ]
        NetworkMember.objects.bulk_create(
            [
                NetworkMember(
                    child=child,
                    full_name=f"Person {n + 1:02d} Meincnod",
                    relationship=relationships[n % len(relationships)],
                    parental_responsibility=n < 2,
                    is_trusted_adult=relationships[n % len(relationships)] == "trusted_adult",
                    phone=f"07700 900{n:03d}",
                    language=LanguagePreference.WELSH if n % 3 else LanguagePreference.ENGLISH,
                )
                for n in range(LARGE_RECORD_NETWORK)
            ]
        )
        Identifier.objects.bulk_create(
            [
                # 999 050 001 and its check digit: from the NHS range kept for testing, apart from make_synthetic's.
                Identifier(child=child, kind=Identifier.Kind.NHS_NUMBER, value="9990500010", valid_from=born),
                Identifier(
                    child=child,
                    kind=Identifier.Kind.UPN,
                    value=identifiers.upn_with_check_letter("099000018001"),
                    valid_from=datetime.date(2018, 9, 1),
                ),
                Identifier(
                    child=child, kind=Identifier.Kind.LA_CASE_NUMBER, value=LARGE_RECORD_CASE_NUMBER, valid_from=started
                ),
            ]
        )
        Address.objects.create(
            child=child,
            line_1="1 Heol Meincnod",
            town=la.name_en,
            postcode="ZZ99 9ZZ",
            local_authority=la,
            moved_in_on=started,
        )
        VoiceEntry.objects.bulk_create(
            [
                VoiceEntry(
                    child=child,
                    words="Dw i'n hoffi mynd i'r parc gyda Nain.",
                    language=LanguagePreference.WELSH,
                    captured_on=started + datetime.timedelta(days=10 * n),
                    captured_by=person,
                    captured_for_agency_id=team.agency_id,
                    method="conversation",
                    created_at=created_at + datetime.timedelta(days=10 * n),
                )
                for n in range(5)
            ]
        )
        ActiveOffer.objects.create(
            child=child, offered_at=created_at, offered_by=person, answer=ActiveOffer.Answer.WELSH
        )
    return child


def _child_summary(ctx: BenchContext) -> Request:
    child = large_record(ctx.person)
    client = ctx.signed_in_client()
    url = reverse("children:summary", args=[child.pk])
    return lambda: client.get(url)


# --- Child search. -------------------------------------------------------------------------------


def search_target() -> tuple[Any, str]:
    """A synthetic child whose family name has variants, and their name spelt another way."""
    from cylch.organisations.management.commands.make_synthetic import (
        ENGLISH_BOYS,
        ENGLISH_GIRLS,
        FAMILY_NAMES,
        WELSH_BOYS,
        WELSH_GIRLS,
        synthetic_children,
    )

    given_variants = {
        group[1]: group[2]
        for part in (WELSH_GIRLS, WELSH_BOYS, ENGLISH_GIRLS, ENGLISH_BOYS)
        for group in part
        if len(group) > 2
    }
    synthetic = synthetic_children().filter(date_of_birth__isnull=False, preferred_name="")
    for group in sorted((g for g in FAMILY_NAMES if len(g) > 2), key=lambda g: -g[0]):
        usual, variant = group[1], group[2]
        child = (
            synthetic.filter(family_name=usual, given_names__in=list(given_variants)).order_by("pk").first()
        ) or synthetic.filter(family_name=usual).order_by("pk").first()
        if child is not None:
            given = given_variants.get(child.given_names.split(" ")[0], child.given_names.split(" ")[0])
            return child, f"{given} {variant}"
    raise BenchmarkError("No synthetic child with a family name that has variants: run `manage.py make_synthetic`.")


def _child_search(ctx: BenchContext) -> Request:
    from cylch.children.selectors import child_search

    child, name = search_target()
    found = child_search(actor=ctx.person, name=name, date_of_birth=child.date_of_birth)
    if child.pk not in {result.child.pk for result in found}:
        raise BenchmarkError(f"Searching {name!r} born {child.date_of_birth} does not find {child.display_name}.")
    client = ctx.signed_in_client()
    url = (
        reverse("children:search") + "?" + urlencode({"name": name, "date_of_birth": f"{child.date_of_birth:%d %m %Y}"})
    )
    return lambda: client.get(url)


# The runner counts every statement, including the BEGIN and COMMIT around the audit entry that
# each of these pages writes. The summary's budget is 15 statements besides those, as
# cylch/children/tests/test_summary_whole_request.py asserts; search takes 11 besides them
# (session, person, authenticator, memberships, candidates, which are visible, the policy on
# hidden matches, who holds them, and the audit entry's chain head, insert and update).
AUDIT_TRANSACTION = 2

# The missing alert (cylch.missing) adds one query to the summary: 16.
register(Benchmark("child summary page", target_ms=40, max_queries=16 + AUDIT_TRANSACTION, setup=_child_summary))
register(Benchmark("child search", target_ms=100, max_queries=11 + AUDIT_TRANSACTION, setup=_child_search))
