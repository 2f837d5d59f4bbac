"""Reads about people. Every selector takes the person asking."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from cylch.access import rules
from cylch.access.rules import Capability
from cylch.organisations.models import Agency
from cylch.people.models import Invitation, Membership, Person


def person_acting_agency(*, person: Person, agency_id: int | None) -> Agency | None:
    """The agency the person is acting for: the one chosen, else their first."""
    memberships = rules.current_memberships(person)
    for membership in memberships:
        if agency_id is None or membership.team.agency_id == agency_id:
            return membership.team.agency
    return memberships[0].team.agency if memberships else None


def person_list(*, actor: Any, agency_id: int | None = None, include_inactive: bool = True) -> QuerySet[Person]:
    """People the actor administers, with their current memberships."""
    people = Person.objects.all()
    if not rules.has_capability(actor, Capability.MANAGE_ALL_PEOPLE):
        managed = rules.agencies_where(actor, Capability.MANAGE_PEOPLE)
        people = people.filter(memberships__team__agency_id__in=managed)
    if agency_id is not None:
        people = people.filter(memberships__team__agency_id=agency_id)
    if not include_inactive:
        people = people.filter(is_active=True)
    return people.distinct().prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.filter(ended_at__isnull=True).select_related("team__agency"),
            to_attr="open_memberships",
        )
    ).order_by("full_name")


def invitation_list(*, actor: Any) -> QuerySet[Invitation]:
    invitations = Invitation.objects.filter(accepted_at__isnull=True, revoked_at__isnull=True)
    if not rules.has_capability(actor, Capability.MANAGE_ALL_PEOPLE):
        invitations = invitations.filter(team__agency_id__in=rules.agencies_where(actor, Capability.MANAGE_PEOPLE))
    return invitations.select_related("team__agency").order_by("-created_at")
