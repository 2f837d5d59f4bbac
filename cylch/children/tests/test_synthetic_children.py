"""The synthetic children that make_synthetic builds (small scale), and the benchmarks' records."""

from __future__ import annotations

from collections import Counter
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from cylch.children import identifiers
from cylch.children.models import Child, Identifier, Involvement, NetworkMember
from cylch.children.services import _set_search_keys
from cylch.organisations.management.commands.make_synthetic import (
    CASE_PREFIX,
    CHILDREN_AS_OF,
    CODE_PREFIX,
    EMAIL_DOMAIN,
    SCALES,
    synthetic_children,
    synthetic_children_delete,
)
from cylch.organisations.models import Agency, Area, Team
from cylch.people.models import Membership, Person

pytestmark = pytest.mark.django_db

SMALL = SCALES["small"]


def _make(seed: int = 1) -> str:
    out = StringIO()
    call_command("make_synthetic", "--scale", "small", "--seed", str(seed), stdout=out)
    return out.getvalue()


def _age(child: Child) -> int:
    """Age in whole years on the date the synthetic ages are fixed to."""
    born = child.date_of_birth
    assert born is not None
    return CHILDREN_AS_OF.year - born.year - ((CHILDREN_AS_OF.month, CHILDREN_AS_OF.day) < (born.month, born.day))


def _children() -> list[Child]:
    return list(synthetic_children().select_related("local_authority").order_by("pk"))


def _snapshot() -> list[tuple]:
    """Each child as its case number, names and date of birth, in case-number order."""
    rows = Identifier.objects.filter(kind=Identifier.Kind.LA_CASE_NUMBER, value__startswith=CASE_PREFIX).values_list(
        "value",
        "child__given_names",
        "child__family_name",
        "child__preferred_name",
        "child__date_of_birth",
        "child__language",
    )
    return sorted(rows)


def _delete_everything_synthetic() -> None:
    synthetic_children_delete()
    Membership.objects.filter(person__email__endswith=f"@{EMAIL_DOMAIN}").delete()
    Person.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").delete()
    Team.objects.filter(code__startswith=CODE_PREFIX).delete()
    Agency.objects.filter(code__startswith=CODE_PREFIX).delete()


def test_small_scale_builds_about_300_children_in_its_local_authority() -> None:
    out = _make()
    children = _children()
    assert len(children) == SMALL.children == 300
    assert f"children: {SMALL.children}" in out
    assert all(child.local_authority is not None for child in children)
    assert {child.local_authority.code for child in children if child.local_authority} == set(
        SMALL.local_authorities or ()
    )
    assert all(child.status == Child.Status.OPEN for child in children)
    # Ages 0 to 17, spread across the range.
    ages = {_age(child) for child in children}
    assert min(ages) == 0 and max(ages) >= 15
    languages = Counter(child.language for child in children)
    assert 0.05 <= languages["cy"] / len(children) <= 0.35
    assert languages["en"] > languages["cy"]


def test_identifiers_are_valid_and_unique() -> None:
    _make()
    children = _children()
    by_child: dict[int, dict[str, list[str]]] = {}
    for identifier in Identifier.objects.filter(child__in=children):
        by_child.setdefault(identifier.child_id, {}).setdefault(identifier.kind, []).append(identifier.value)
        if identifier.kind in (Identifier.Kind.NHS_NUMBER, Identifier.Kind.UPN):
            try:
                assert identifiers.check(identifier.kind, identifier.value) == identifier.value
            except ValidationError as error:  # pragma: no cover - the message says which one
                pytest.fail(f"{identifier.kind} {identifier.value}: {error.messages}")
    values = Counter(Identifier.objects.filter(child__in=children).values_list("kind", "value"))
    assert max(values.values()) == 1, [value for value, count in values.items() if count > 1]

    with_nhs = sum(1 for kinds in by_child.values() if Identifier.Kind.NHS_NUMBER in kinds)
    assert 0.88 * len(children) <= with_nhs < len(children)
    for child in children:
        kinds = by_child[child.pk]
        assert len(kinds[Identifier.Kind.LA_CASE_NUMBER]) == 1
        assert kinds[Identifier.Kind.LA_CASE_NUMBER][0].startswith(CASE_PREFIX)
        if Identifier.Kind.UPN in kinds:
            assert 4 <= _age(child) <= 17, child
    school_age = [child for child in children if 5 <= _age(child) <= 15]
    assert all(Identifier.Kind.UPN in by_child[c.pk] for c in school_age)


def test_search_keys_are_what_the_services_would_set() -> None:
    _make()
    children = _children()
    assert any(child.preferred_name for child in children)
    assert any(not child.family_name.isascii() or not child.given_names.isascii() for child in children)
    for child in children:
        expected = Child(
            given_names=child.given_names, family_name=child.family_name, preferred_name=child.preferred_name
        )
        _set_search_keys(expected)
        assert (child.search_family, child.search_given, child.phonetic_family, child.phonetic_given) == (
            expected.search_family,
            expected.search_given,
            expected.phonetic_family,
            expected.phonetic_given,
        ), child


def test_names_have_spelling_variants_to_find() -> None:
    _make()
    families = Counter(synthetic_children().values_list("phonetic_family", "family_name"))
    spellings: dict[str, set[str]] = {}
    for (key, family), _count in families.items():
        spellings.setdefault(key, set()).add(family)
    assert any(len(names) > 1 for names in spellings.values())


def test_team_around_each_child() -> None:
    _make()
    children = _children()
    involvements = list(
        Involvement.objects.filter(child__in=children).select_related("agency__area", "team", "child__local_authority")
    )
    members = set(Membership.objects.current().values_list("team_id", "person_id"))
    per_child = Counter(inv.child_id for inv in involvements)
    assert set(per_child) == {child.pk for child in children}
    assert 1 <= min(per_child.values()) and max(per_child.values()) <= 4

    open_leads = Counter(inv.child_id for inv in involvements if inv.is_lead and inv.ended_on is None)
    assert max(open_leads.values()) == 1  # at most one open lead per child
    assert len(open_leads) >= 0.8 * len(children)  # most children have exactly one
    for inv in involvements:
        la, born = inv.child.local_authority, inv.child.date_of_birth
        assert la is not None and born is not None
        assert inv.agency.area_id in {la.pk, la.health_board_id, la.police_force_id} or (
            inv.agency.area.kind == Area.Kind.NATIONAL
        ), inv
        assert inv.team.agency_id == inv.agency_id
        assert inv.basis == Involvement.Basis.STATUTORY and inv.statutory_basis
        assert inv.no_agreement_justification.strip() and inv.agreement_id is None
        assert inv.started_on >= born
        assert inv.ended_on is None or inv.ended_on > inv.started_on
        if inv.is_lead:
            assert inv.practitioner_id is not None and inv.role_for_child == "lead_professional"
        if inv.practitioner_id is not None:
            assert (inv.team_id, inv.practitioner_id) in members, inv
    kinds = {inv.agency.kind for inv in involvements}
    assert {Agency.Kind.CHILDRENS_SERVICES, Agency.Kind.SCHOOL, Agency.Kind.HEALTH} <= kinds


def test_family_and_network() -> None:
    _make()
    children = _children()
    network = list(NetworkMember.objects.filter(child__in=children))
    per_child = Counter(member.child_id for member in network)
    assert set(per_child) == {child.pk for child in children}
    assert 1 <= min(per_child.values()) and max(per_child.values()) <= 4
    with_pr = {member.child_id for member in network if member.parental_responsibility}
    assert with_pr == {child.pk for child in children}
    assert any(member.is_trusted_adult for member in network)
    assert all(member.phone.startswith("07700 900") for member in network)  # Ofcom's drama range


def test_the_benchmark_person_has_a_caseload() -> None:
    from cylch.core.bench import representative_person

    _make()
    person = representative_person()
    caseload = Involvement.objects.active().filter(practitioner=person, child__in=synthetic_children())
    assert caseload.count() >= SMALL.caseload
    assert caseload.filter(is_lead=True).exists()


def test_same_seed_same_children_and_nothing_twice() -> None:
    _make(1)
    first = _snapshot()
    assert len(first) == SMALL.children

    # Running again with synthetic data present does nothing.
    assert "already" in _make(1)
    assert _snapshot() == first

    # Children alone are added to agencies and people made before children existed: the same children.
    synthetic_children_delete()
    assert _snapshot() == []
    assert "adding children" in _make(1)
    assert _snapshot() == first

    # A build from scratch with the same seed gives the same children; another seed does not.
    _delete_everything_synthetic()
    _make(1)
    assert _snapshot() == first
    _delete_everything_synthetic()
    _make(2)
    assert _snapshot() != first


def test_the_summary_benchmark_record_is_made_once() -> None:
    from cylch.children.bench import LARGE_RECORD_INVOLVEMENTS, LARGE_RECORD_NETWORK, large_record
    from cylch.core.bench import representative_person

    _make()
    person = representative_person()
    child = large_record(person)
    assert large_record(person).pk == child.pk
    involvements = Involvement.objects.active().filter(child=child)
    assert involvements.count() == LARGE_RECORD_INVOLVEMENTS
    assert involvements.get(is_lead=True).practitioner_id == person.pk
    assert NetworkMember.objects.filter(child=child).count() == LARGE_RECORD_NETWORK
    assert synthetic_children().filter(pk=child.pk).exists()
    for identifier in child.identifiers.exclude(kind=Identifier.Kind.LA_CASE_NUMBER):
        identifiers.check(identifier.kind, identifier.value)


def test_the_search_benchmark_spells_the_name_another_way_and_still_finds_the_child() -> None:
    from cylch.children.bench import search_target
    from cylch.children.selectors import child_search
    from cylch.core.bench import representative_person

    _make()
    child, name = search_target()
    assert name.split(" ")[-1] != child.family_name
    results = child_search(actor=representative_person(), name=name, date_of_birth=child.date_of_birth)
    assert child.pk in {result.child.pk for result in results}
