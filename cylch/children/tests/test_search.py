"""Finding a child despite spelling variants, without revealing children the searcher may not see."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from cylch.audit.models import AuditEntry
from cylch.children import search, selectors
from cylch.children.models import Identifier
from cylch.core import testing
from cylch.people.models import Role

from .conftest import World, signed_in_client

pytestmark = pytest.mark.django_db

DOB = datetime.date(2014, 9, 2)


# --- The keys ----------------------------------------------------------------------------


@pytest.mark.parametrize(("a", "b"), [("Rhys", "Rees"), ("Davies", "Davis"), ("Siôn", "Sion"), ("Gwyneth", "Gwenith")])
def test_variants_share_a_phonetic_key(a: str, b: str) -> None:
    assert search.phonetic(a) == search.phonetic(b)


def test_folding_removes_case_accents_and_punctuation() -> None:
    assert search.fold("  SIÔN   Ap-Dafydd ") == "sion ap dafydd"
    assert search.fold("Ffion O'Brien") == "ffion o brien"


def test_close_enough_accepts_variants_and_refuses_other_names() -> None:
    assert search.close_enough("Katherine", "Catherine")
    assert search.close_enough("Rees", "Rhys")
    assert not search.close_enough("Gareth", "Megan")


# --- Searching as a person in the team around the child -------------------------------------


@pytest.mark.parametrize(
    ("stored", "searched"),
    [
        (("Rhys", "Evans"), "Rees Evans"),
        (("Rees", "Evans"), "Rhys Evans"),
        (("Megan", "Davies"), "Megan Davis"),
        (("Megan", "Davis"), "Megan Davies"),
        (("Siôn", "Jones"), "Sion Jones"),
        (("Sion", "Jones"), "Siôn Jones"),
        (("Catherine", "Morgan"), "Katherine Morgan"),
        (("Katherine", "Morgan"), "Catherine Morgan"),
        (("Gwyneth", "Pritchard"), "Gwenith Pritchard"),
    ],
)
def test_spelling_variants_are_found(world: World, stored: tuple[str, str], searched: str) -> None:
    child = testing.make_child(
        involved_team=world.cs_team, practitioner=world.lead, given_names=stored[0], family_name=stored[1]
    )
    decoy = testing.make_child(
        involved_team=world.cs_team, practitioner=world.lead, given_names="Gareth", family_name=stored[1]
    )
    results = selectors.child_search(actor=world.lead, name=searched)
    found = [r.child.pk for r in results]
    assert child.pk in found
    assert decoy.pk not in found
    assert all(r.visible for r in results)
    # And through the page.
    response = signed_in_client(world.lead).get(reverse("children:search"), {"name": searched})
    assert response.status_code == 200
    assert reverse("children:summary", args=[child.pk]) in response.content.decode()


def test_family_name_alone_finds_variants(world: World) -> None:
    child = testing.make_child(
        involved_team=world.cs_team, practitioner=world.lead, given_names="Elin", family_name="Davies"
    )
    assert child.pk in [r.child.pk for r in selectors.child_search(actor=world.lead, name="Davis")]


def test_search_by_identifier_finds_the_child(world: World) -> None:
    Identifier.objects.create(child=world.child, kind="nhs_number", value="9434765919")
    results = selectors.child_search(actor=world.lead, identifier="943 476 5919")
    assert [r.child.pk for r in results] == [world.child.pk]


def test_search_needs_something_to_search_for(world: World) -> None:
    response = signed_in_client(world.lead).get(reverse("children:search"), {"name": "  "})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()


# --- Records the searcher may not see ------------------------------------------------------


@pytest.fixture
def hidden(world: World):  # type: ignore[no-untyped-def]
    """A child known only to police elsewhere, with a name the searcher will spell differently."""
    police_team = testing.make_team(
        testing.make_agency("police", name_en="Heddlu Dyfed-Powys Test", name_cy="Heddlu Dyfed-Powys Prawf")
    )
    child = testing.make_child(
        involved_team=police_team, given_names="Rhiannon", family_name="Pryce", date_of_birth=DOB, preferred_name="Rhi"
    )
    return child


def _revealed() -> int:
    return AuditEntry.objects.filter(
        action="cylch.children.search.hidden_match_revealed", kind=AuditEntry.Kind.ACCESS
    ).count()


def test_hidden_child_is_not_listed_for_a_name_only_search(world: World, hidden) -> None:  # type: ignore[no-untyped-def]
    assert selectors.child_search(actor=world.outsider, name="Rhiannon Price") == []
    client = signed_in_client(world.outsider)
    response = client.get(reverse("children:search"), {"name": "Rhiannon Price"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "A record exists" not in html
    assert "Pryce" not in html
    assert reverse("children:join", args=[hidden.pk]) not in html
    assert _revealed() == 0


def test_hidden_child_is_revealed_only_as_a_record_held_by_an_agency_when_the_date_of_birth_is_given(
    world: World, hidden
) -> None:  # type: ignore[no-untyped-def]
    client = signed_in_client(world.outsider)
    response = client.get(
        reverse("children:search"), {"name": "Rianon Price", "date_of_birth": DOB.strftime("%d %m %Y")}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "A record exists" in html
    assert "Heddlu Dyfed-Powys Test" in html
    assert reverse("children:join", args=[hidden.pk]) in html
    # Nothing that identifies the child is shown.
    for revealing in ["Rhiannon", "Pryce", f'href="{reverse("children:summary", args=[hidden.pk])}"', "September"]:
        assert revealing not in html, revealing
    entry = AuditEntry.objects.get(action="cylch.children.search.hidden_match_revealed")
    assert entry.kind == AuditEntry.Kind.ACCESS
    assert entry.actor == world.outsider


def test_hidden_child_is_revealed_by_identifier(world: World, hidden) -> None:  # type: ignore[no-untyped-def]
    Identifier.objects.create(child=hidden, kind="nhs_number", value="9434765919")
    results = selectors.child_search(actor=world.outsider, identifier="9434765919")
    assert len(results) == 1
    assert results[0].visible is False
    assert results[0].holding_agencies == ["Heddlu Dyfed-Powys Test"]
    assert _revealed() == 1


def test_date_of_birth_alone_reveals_hidden_records_but_not_names(world: World, hidden) -> None:  # type: ignore[no-untyped-def]
    response = signed_in_client(world.outsider).get(
        reverse("children:search"), {"date_of_birth": DOB.strftime("%d/%m/%Y")}
    )
    html = response.content.decode()
    assert "A record exists" in html
    assert "Rhiannon" not in html and "Pryce" not in html


def test_visible_and_hidden_results_together(world: World, hidden) -> None:  # type: ignore[no-untyped-def]
    mine = testing.make_child(
        involved_team=world.elsewhere_team, given_names="Rhiannon", family_name="Price", date_of_birth=DOB
    )
    results = selectors.child_search(actor=world.outsider, name="Rhiannon Price", date_of_birth=DOB)
    by_pk = {r.child.pk: r for r in results}
    assert by_pk[mine.pk].visible is True
    assert by_pk[hidden.pk].visible is False
    # A name-only search shows only the visible one.
    assert [r.child.pk for r in selectors.child_search(actor=world.outsider, name="Rhiannon Price")] == [mine.pk]


def test_merged_and_entered_in_error_records_are_not_found(world: World) -> None:
    gone = testing.make_child(
        involved_team=world.cs_team,
        practitioner=world.lead,
        given_names="Nia",
        family_name="Bevan",
        status="entered_in_error",
    )
    assert gone.pk not in [r.child.pk for r in selectors.child_search(actor=world.lead, name="Nia Bevan")]


def test_a_system_administrator_cannot_search(world: World) -> None:
    admin = testing.make_person(Role.SYSTEM_ADMIN)
    assert signed_in_client(admin).get(reverse("children:search"), {"name": "Rhys Davies"}).status_code == 403


def test_a_given_name_alone_with_the_date_of_birth_finds_its_variant(world: World) -> None:
    child = testing.make_child(
        involved_team=world.cs_team, given_names="Catherine", family_name="Morgan", date_of_birth=DOB
    )
    results = selectors.child_search(actor=world.lead, name="Katherine", date_of_birth=DOB)
    assert child.pk in [r.child.pk for r in results]
