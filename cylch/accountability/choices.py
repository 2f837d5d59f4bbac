"""Choices for forms that agree partnership actions: the member agencies and their people."""

from __future__ import annotations

from typing import Any

from cylch.people.models import Membership


def agency_choices(partnership: Any) -> list[tuple[int, str]]:
    return sorted(((a.pk, a.name) for a in partnership.agencies.all()), key=lambda pair: pair[1])


def people_choices(partnership: Any) -> list[tuple[int, str]]:
    """People with a current role in a member agency, named with their agency."""
    memberships = (
        Membership.objects.current()
        .filter(team__agency__in=partnership.agencies.all(), person__is_active=True)
        .select_related("person", "team__agency")
        .order_by("person__full_name", "pk")
    )
    people: dict[int, str] = {}
    for m in memberships:
        people.setdefault(m.person_id, f"{m.person.full_name} ({m.team.agency.name})")
    return list(people.items())


def standard_choices() -> list[tuple[int, str]]:
    from cylch.framework.models import Standard

    return [(s.pk, str(s.title)) for s in Standard.objects.all()]
