"""NHS numbers and Unique Pupil Numbers: check digits and letters, and one identifier per child."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cylch.audit.models import AuditEntry
from cylch.children import identifiers, services
from cylch.children.models import Identifier
from cylch.core import testing

from .conftest import World, fingerprint, signed_in_client

pytestmark = pytest.mark.django_db


# --- NHS number ------------------------------------------------------------------------


def test_valid_nhs_number_is_accepted_in_any_usual_layout() -> None:
    assert identifiers.check("nhs_number", "9434765919") == "9434765919"
    assert identifiers.check("nhs_number", "943 476 5919") == "9434765919"
    assert identifiers.check("nhs_number", "943-476-5919") == "9434765919"


@pytest.mark.parametrize("wrong", ["9434765918", "9434765910", "9434765911", "4934765919"])
def test_nhs_number_with_wrong_check_digit_is_refused(wrong: str) -> None:
    with pytest.raises(ValidationError) as error:
        identifiers.check("nhs_number", wrong)
    assert "check digit" in " ".join(error.value.messages)


def test_nhs_number_whose_check_would_be_ten_is_never_valid() -> None:
    # Some nine-digit stems have no valid check digit (11 - remainder would be 10).
    nine = next(f"{n:09d}" for n in range(1, 10_000) if identifiers.nhs_number_with_check_digit(f"{n:09d}") is None)
    for last in "0123456789":
        with pytest.raises(ValidationError):
            identifiers.check("nhs_number", nine + last)


@pytest.mark.parametrize("bad", ["", "   ", "943476591", "94347659190", "943476591X"])
def test_nhs_number_of_wrong_shape_is_refused(bad: str) -> None:
    with pytest.raises(ValidationError):
        identifiers.check("nhs_number", bad)


def test_completed_nhs_numbers_pass_the_check() -> None:
    completed = [identifiers.nhs_number_with_check_digit(f"{n:09d}") for n in range(100_000_000, 100_000_200)]
    valid = [n for n in completed if n is not None]
    assert len(valid) > 150
    for number in valid:
        assert identifiers.check("nhs_number", number) == number


# --- Unique Pupil Number -----------------------------------------------------------------


def test_upn_built_with_its_check_letter_is_accepted() -> None:
    upn = identifiers.upn_with_check_letter("123456789012")
    assert len(upn) == 13
    assert identifiers.check("upn", upn) == upn
    # Lower case and spaces are normalised.
    assert identifiers.check("upn", " " + upn.lower()[:5] + " " + upn.lower()[5:]) == upn


def test_temporary_upn_ending_in_a_letter_is_accepted() -> None:
    upn = identifiers.upn_with_check_letter("12345678901A")
    assert identifiers.check("upn", upn) == upn


def test_upn_with_altered_check_letter_is_refused() -> None:
    upn = identifiers.upn_with_check_letter("123456789012")
    for letter in identifiers.UPN_CHECK_LETTERS:
        if letter == upn[0]:
            continue
        with pytest.raises(ValidationError) as error:
            identifiers.check("upn", letter + upn[1:])
        assert "check letter" in " ".join(error.value.messages)


def test_upn_with_an_altered_digit_is_refused() -> None:
    upn = identifiers.upn_with_check_letter("123456789012")
    altered = upn[:5] + str((int(upn[5]) + 1) % 10) + upn[6:]
    with pytest.raises(ValidationError):
        identifiers.check("upn", altered)


@pytest.mark.parametrize("bad", ["123456789012", "A12345678901", "AB23456789012", "A1234567890123"])
def test_upn_of_wrong_shape_is_refused(bad: str) -> None:
    with pytest.raises(ValidationError):
        identifiers.check("upn", bad)


def test_other_references_are_kept_as_given_but_not_too_long() -> None:
    assert identifiers.check("police_reference", "  DP/1234/26 ") == "DP/1234/26"
    with pytest.raises(ValidationError):
        identifiers.check("la_case_number", "x" * 61)


# --- Adding identifiers to a record ---------------------------------------------------


def test_adding_an_identifier_through_the_page(world: World) -> None:
    client = signed_in_client(world.lead)
    response = client.post(
        reverse("children:identifier_add", args=[world.child.pk]), {"kind": "nhs_number", "value": "943 476 5919"}
    )
    assert response.status_code == 302
    identifier = Identifier.objects.get(child=world.child)
    assert (identifier.kind, identifier.value) == ("nhs_number", "9434765919")
    entry = AuditEntry.objects.get(action="cylch.children.identifier.added")
    assert entry.child_id == world.child.pk
    assert entry.actor == world.lead


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("nhs_number", "9434765918", "check digit"),
        ("nhs_number", "94347", "10 digits"),
        ("upn", "A123456789012", "check letter"),
        ("not_a_kind", "9434765919", ""),
        ("nhs_number", "", ""),
    ],
)
def test_bad_identifier_shows_an_error_summary_and_changes_nothing(
    world: World, kind: str, value: str, message: str
) -> None:
    if kind == "upn":
        good = identifiers.upn_with_check_letter("123456789012")
        value = ("B" if good[0] != "B" else "C") + good[1:]
    client = signed_in_client(world.lead)
    before = fingerprint()
    response = client.post(reverse("children:identifier_add", args=[world.child.pk]), {"kind": kind, "value": value})
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert message in html
    assert fingerprint() == before


def test_an_identifier_of_another_childs_record_is_refused(world: World) -> None:
    other = testing.make_child(involved_team=world.cs_team, practitioner=world.lead)
    services.identifier_add(actor=world.lead, child=other, kind="nhs_number", value="9434765919")
    with pytest.raises(ValidationError) as error:
        services.identifier_add(actor=world.lead, child=world.child, kind="nhs_number", value="943 476 5919")
    assert "another child" in " ".join(error.value.messages)
    # And through the page, with nothing changed.
    client = signed_in_client(world.lead)
    before = fingerprint()
    response = client.post(
        reverse("children:identifier_add", args=[world.child.pk]), {"kind": "nhs_number", "value": "9434765919"}
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert "another child" in response.content.decode()
    assert fingerprint() == before
    assert not Identifier.objects.filter(child=world.child).exists()


def test_an_identifier_refused_even_when_held_by_a_record_the_person_cannot_see(world: World) -> None:
    hidden = testing.make_child(involved_team=testing.make_team())
    Identifier.objects.create(child=hidden, kind="nhs_number", value="9434765919")
    with pytest.raises(ValidationError):
        services.identifier_add(actor=world.lead, child=world.child, kind="nhs_number", value="9434765919")


def test_the_same_identifier_twice_on_one_record_is_refused(world: World) -> None:
    services.identifier_add(actor=world.lead, child=world.child, kind="nhs_number", value="9434765919")
    with pytest.raises(ValidationError) as error:
        services.identifier_add(actor=world.lead, child=world.child, kind="nhs_number", value="9434765919")
    assert "already has" in " ".join(error.value.messages)
    assert Identifier.objects.filter(child=world.child).count() == 1


def test_an_ended_identifier_may_be_used_again(world: World) -> None:
    import datetime

    from django.utils import timezone

    other = testing.make_child(involved_team=world.cs_team, practitioner=world.lead)
    first = services.identifier_add(
        actor=world.lead,
        child=other,
        kind="la_case_number",
        value="CASE-1",
        valid_from=timezone.localdate() - datetime.timedelta(days=3),
    )
    services.identifier_end(actor=world.lead, identifier=first, valid_to=timezone.localdate())
    again = services.identifier_add(actor=world.lead, child=world.child, kind="la_case_number", value="CASE-1")
    assert again.child_id == world.child.pk


def test_ending_an_identifier_before_it_started_is_refused(world: World) -> None:
    import datetime

    from django.utils import timezone

    identifier = services.identifier_add(actor=world.lead, child=world.child, kind="la_case_number", value="CASE-9")
    with pytest.raises(ValidationError):
        services.identifier_end(
            actor=world.lead, identifier=identifier, valid_to=timezone.localdate() - datetime.timedelta(days=1)
        )
    identifier.refresh_from_db()
    assert identifier.valid_to is None
