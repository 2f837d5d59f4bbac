"""Property-based tests: junk thrown at every form of the child's record never makes a
server error, and a form refused changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cylch.children.models import NetworkMember

from .conftest import World, fingerprint, signed_in_client

pytestmark = pytest.mark.django_db

junk_text = st.one_of(
    st.text(max_size=200),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=30),
    st.sampled_from(
        [
            "",
            " ",
            "0",
            "-1",
            "1",
            "2",
            "3",
            "99999999999999999999",
            "<script>alert(1)</script>",
            "'; DROP TABLE x;--",
            "\x00",
            "31 2 2020",
            "29 2 2023",
            "14 5 2016",
            "1 1 0001",
            "31 12 9999",
            "2016-05-14",
            "00 00 0000",
            "on",
            "True",
            "en",
            "cy",
            "other",
            "interpreter",
            "statutory",
            "consent",
            "safeguarding",
            "mother",
            "conversation",
            "general",
            "sexual_health",
            "accepted_welsh",
            "nhs_number",
            "upn",
            "9434765919",
            "school_dsp",
            "social_worker",
            "😀" * 50,
            "x" * 6000,
        ]
    ),
)
HYPOTHESIS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)

DETAILS = [
    "version",
    "given_names",
    "family_name",
    "preferred_name",
    "date_of_birth",
    "expected_date_of_birth",
    "gender",
    "ethnicity",
    "language",
    "other_language",
    "communication_needs",
    "disability",
]
BASIS = [
    "basis",
    "statutory_basis",
    "consent_given_by",
    "consent_given_on",
    "consent_scope",
    "consent_expires_on",
    "agreement",
    "no_agreement_justification",
]

FORMS: dict[str, tuple[str, Callable[[World], str], list[str]]] = {
    "register": (
        "outsider",
        lambda w: reverse("children:register"),
        [*DETAILS, *BASIS, "role_for_child", "as_lead", "reason", "confirmed_new"],
    ),
    "edit": ("lead", lambda w: reverse("children:edit", args=[w.child.pk]), DETAILS),
    "identifier": (
        "lead",
        lambda w: reverse("children:identifier_add", args=[w.child.pk]),
        ["kind", "value", "valid_from"],
    ),
    "address": (
        "lead",
        lambda w: reverse("children:address_add", args=[w.child.pk]),
        ["line_1", "line_2", "town", "postcode", "local_authority", "moved_in_on"],
    ),
    "network": (
        "lead",
        lambda w: reverse("children:network", args=[w.child.pk]),
        [
            "version",
            "full_name",
            "relationship",
            "parental_responsibility",
            "is_trusted_adult",
            "phone",
            "email",
            "address",
            "language",
            "other_language",
        ],
    ),
    "network_edit": (
        "lead",
        lambda w: reverse(
            "children:network_edit",
            args=[
                w.child.pk,
                NetworkMember.objects.get_or_create(
                    child=w.child, full_name="Dai Davies", defaults={"relationship": "father"}
                )[0].pk,
            ],
        ),
        [
            "version",
            "full_name",
            "relationship",
            "parental_responsibility",
            "is_trusted_adult",
            "phone",
            "email",
            "address",
            "language",
            "other_language",
        ],
    ),
    "voice": (
        "health",
        lambda w: reverse("children:voice", args=[w.child.pk]),
        ["words", "language", "captured_on", "method", "sensitivity"],
    ),
    "active_offer": (
        "lead",
        lambda w: reverse("children:active_offer", args=[w.child.pk]),
        ["network_member", "answer", "offered_on", "note"],
    ),
    "status": ("lead", lambda w: reverse("children:status", args=[w.child.pk]), ["status", "reason"]),
    "involvement_add": (
        "lead",
        lambda w: reverse("children:involvement_add", args=[w.child.pk]),
        ["team", "role_for_child", "reason", *BASIS],
    ),
    "handover": ("lead", lambda w: reverse("children:handover", args=[w.child.pk]), ["to", "reason"]),
    "join": ("school_dsl", lambda w: reverse("children:join", args=[w.child.pk]), ["role_for_child", "reason"]),
    "break_glass": ("outsider", lambda w: reverse("children:break_glass", args=[w.child.pk]), ["reason", "confirm"]),
    "search": ("lead", lambda w: reverse("children:search"), ["name", "date_of_birth", "identifier"]),
}


def _junk_for(keys: list[str]) -> Any:
    return st.dictionaries(keys=st.sampled_from(keys), values=junk_text, max_size=len(keys))


def _check(world: World, name: str, data: dict[str, str]) -> None:
    who, url_for, _keys = FORMS[name]
    client = signed_in_client(getattr(world, who))
    url = url_for(world)
    before = fingerprint()
    if name == "search":
        response = client.get(url, data)
        assert response.status_code == 200
        assert fingerprint() == before
        return
    response = client.post(url, data)
    assert response.status_code < 500, (name, data)
    if response.status_code == 200:
        # Shown again (with errors, or with possible matches): nothing was written.
        assert fingerprint() == before, (name, data)
    else:
        assert response.status_code in {302, 403, 404}, (name, data, response.status_code)


@pytest.mark.parametrize("name", sorted(FORMS))
def test_forms_of_the_childs_record_survive_junk(world: World, name: str) -> None:
    @HYPOTHESIS
    @given(data=_junk_for(FORMS[name][2]))
    def run(data: dict[str, str]) -> None:
        _check(world, name, data)

    run()


@pytest.mark.parametrize("name", ["edit", "identifier", "network", "voice", "status", "join", "break_glass"])
def test_empty_forms_are_refused_and_change_nothing(world: World, name: str) -> None:
    who, url_for, _keys = FORMS[name]
    client = signed_in_client(getattr(world, who))
    before = fingerprint()
    response = client.post(url_for(world), {})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert fingerprint() == before
