"""Shared pytest fixtures."""

from __future__ import annotations

import pytest
from django.test import Client

from cylch.core import testing
from cylch.people.models import Person, Role


@pytest.fixture
def team(db):  # type: ignore[no-untyped-def]
    return testing.make_team()


@pytest.fixture
def person_factory(db):  # type: ignore[no-untyped-def]
    return testing.make_person


@pytest.fixture
def signed_in(db):  # type: ignore[no-untyped-def]
    """signed_in(role) -> (client, person): a verified session for a new person in that role."""

    def make(role: str | None = Role.PRACTITIONER, **kwargs) -> tuple[Client, Person]:  # type: ignore[no-untyped-def]
        person = testing.make_person(role, **kwargs)
        client = Client()
        testing.sign_in_verified(client, person)
        return client, person

    return make
