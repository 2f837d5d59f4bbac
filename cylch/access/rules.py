"""Who may see and do what. The one place where access is decided.

Roles grant capabilities within the agency of the team where they are held.
Views ask `require()` or an `access_<thing>()` function; selectors narrow
querysets with `agencies_where()`. Later domains add their capabilities and
access functions here, never in views.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from cylch.people.models import Membership, Person, Role


class Capability(StrEnum):
    # Manage the people and teams of one's own agency.
    MANAGE_PEOPLE = "people.manage"
    # Manage people of every agency (the service desk), but never child records.
    MANAGE_ALL_PEOPLE = "people.manage_all"
    VIEW_AUDIT_TRAIL = "audit.view_trail"
    VIEW_DIRECTORY = "organisations.view_directory"


ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.PRACTITIONER: frozenset({Capability.VIEW_DIRECTORY}),
    Role.TEAM_MANAGER: frozenset({Capability.VIEW_DIRECTORY}),
    Role.SAFEGUARDING_LEAD: frozenset({Capability.VIEW_DIRECTORY}),
    Role.PARTNERSHIP_MANAGER: frozenset({Capability.VIEW_DIRECTORY}),
    Role.AUDITOR: frozenset({Capability.VIEW_DIRECTORY}),
    Role.AGENCY_ADMIN: frozenset({Capability.VIEW_DIRECTORY, Capability.MANAGE_PEOPLE}),
    Role.SYSTEM_ADMIN: frozenset(
        {Capability.VIEW_DIRECTORY, Capability.MANAGE_PEOPLE, Capability.MANAGE_ALL_PEOPLE, Capability.VIEW_AUDIT_TRAIL}
    ),
}


def current_memberships(actor: Any) -> list[Membership]:
    """The actor's current memberships, fetched once per actor object."""
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return []
    cached = getattr(actor, "_cylch_memberships", None)
    if cached is None:
        cached = list(Membership.objects.current().filter(person=actor).select_related("team__agency"))
        actor._cylch_memberships = cached
    return cached


def forget(actor: Any) -> None:
    if hasattr(actor, "_cylch_memberships"):
        del actor._cylch_memberships


def roles_of(actor: Any) -> set[str]:
    return {m.role for m in current_memberships(actor)}


def has_capability(actor: Any, capability: Capability) -> bool:
    return any(capability in ROLE_CAPABILITIES.get(m.role, frozenset()) for m in current_memberships(actor))


def agencies_where(actor: Any, capability: Capability) -> set[int]:
    """Ids of the agencies in which the actor holds the capability."""
    return {
        m.team.agency_id
        for m in current_memberships(actor)
        if capability in ROLE_CAPABILITIES.get(m.role, frozenset())
    }


def require(actor: Any, capability: Capability) -> None:
    """Refuse a page the actor's roles do not open (403: the page is not secret)."""
    if not has_capability(actor, capability):
        raise PermissionDenied


def can_manage_agency(actor: Any, agency_id: int) -> bool:
    return has_capability(actor, Capability.MANAGE_ALL_PEOPLE) or agency_id in agencies_where(
        actor, Capability.MANAGE_PEOPLE
    )


def access_person_for_management(actor: Any, person_id: int) -> Person:
    """A person the actor may administer, or 404.

    An agency administrator reaches only people with a current or past
    membership in their own agency.
    """
    try:
        person = Person.objects.get(pk=person_id)
    except (Person.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if has_capability(actor, Capability.MANAGE_ALL_PEOPLE):
        return person
    managed = agencies_where(actor, Capability.MANAGE_PEOPLE)
    if not managed or not Membership.objects.filter(person=person, team__agency_id__in=managed).exists():
        raise Http404
    return person


@dataclass(frozen=True)
class NavigationItem:
    label: str
    url: str
    current: bool


def navigation_for(actor: Any, path: str) -> list[NavigationItem]:
    items: list[tuple[str, str]] = [(_("Home"), reverse("core:home"))]
    if has_capability(actor, Capability.VIEW_DIRECTORY):
        items.append((_("Agencies"), reverse("organisations:directory")))
    if has_capability(actor, Capability.MANAGE_PEOPLE):
        items.append((_("People"), reverse("people:list")))
    if has_capability(actor, Capability.VIEW_AUDIT_TRAIL):
        items.append((_("Audit trail"), reverse("audit:trail")))
    items.append((_("Your account"), reverse("signin:account")))
    home = reverse("core:home")
    return [
        NavigationItem(label, url, path == url if url == home else path.startswith(url)) for label, url in items
    ]
