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

from cylch.framework.labels import FRAMEWORK_NAVIGATION_LABEL
from cylch.learning.labels import NAVIGATION_LEARNING
from cylch.missing import labels as missing_labels
from cylch.people.models import Membership, Person, Role


class Capability(StrEnum):
    # Manage the people and teams of one's own agency.
    MANAGE_PEOPLE = "people.manage"
    # Manage people of every agency (the service desk), but never child records.
    MANAGE_ALL_PEOPLE = "people.manage_all"
    VIEW_AUDIT_TRAIL = "audit.view_trail"
    VIEW_DIRECTORY = "organisations.view_directory"
    # Partnerships and self-assessment: see the partnerships of one's agency (aggregates only),
    # manage them (partnership managers), and rate one's own agency in a self-assessment cycle.
    VIEW_PARTNERSHIPS = "partnerships.view"
    MANAGE_PARTNERSHIPS = "partnerships.manage"
    SELF_ASSESS = "partnerships.self_assess"
    # Work with children through the team around the child (need-to-know).
    WORK_WITH_CHILDREN = "children.work_with"
    # See every child an own-agency team is involved with (designated safeguarding leads).
    OVERSEE_AGENCY_CHILDREN = "children.oversee_agency"
    # Review break-glass use by people of one's own agency.
    REVIEW_BREAK_GLASS = "children.review_break_glass"
    # Grant auditors and inspectors time-limited read access to named children.
    GRANT_AUDIT_ACCESS = "children.grant_audit_access"
    # Merge duplicate records and reverse merges.
    MERGE_CHILDREN = "children.merge"
    # Keep the register of information-sharing agreements.
    MANAGE_AGREEMENTS = "sharing.manage_agreements"
    VIEW_AGREEMENTS = "sharing.view_agreements"
    # Receive flags about sharing without an agreement.
    DATA_PROTECTION = "sharing.data_protection"
    # Change the statutory timescale rules (versioned and audited).
    MANAGE_TIMESCALES = "timescales.manage"
    # Ask whether a child is on the child protection register, and nothing more
    # (emergency departments, designated safeguarding leads).
    REGISTER_CHECK = "register.check"
    # Draft, review and publish the Framework's wording (standards, practice notes, guidance).
    EDIT_FRAMEWORK = "framework.edit"
    # Partnership statistics about children who go missing (aggregates, no child named).
    VIEW_MISSING_STATISTICS = "missing.view_statistics"


ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.PRACTITIONER: frozenset({Capability.VIEW_DIRECTORY, Capability.WORK_WITH_CHILDREN, Capability.VIEW_AGREEMENTS}),
    Role.TEAM_MANAGER: frozenset(
        {Capability.VIEW_DIRECTORY, Capability.WORK_WITH_CHILDREN, Capability.REVIEW_BREAK_GLASS, Capability.VIEW_AGREEMENTS}
    ),
    Role.SAFEGUARDING_LEAD: frozenset(
        {
            Capability.VIEW_DIRECTORY,
            Capability.WORK_WITH_CHILDREN,
            Capability.OVERSEE_AGENCY_CHILDREN,
            Capability.REVIEW_BREAK_GLASS,
            Capability.GRANT_AUDIT_ACCESS,
            Capability.VIEW_AGREEMENTS,
            Capability.REGISTER_CHECK,
        }
    ),
    Role.DATA_PROTECTION_LEAD: frozenset(
        {Capability.VIEW_DIRECTORY, Capability.MANAGE_AGREEMENTS, Capability.VIEW_AGREEMENTS, Capability.DATA_PROTECTION}
    ),
    Role.PARTNERSHIP_MANAGER: frozenset(
        {
            Capability.VIEW_DIRECTORY,
            Capability.GRANT_AUDIT_ACCESS,
            Capability.MANAGE_AGREEMENTS,
            Capability.VIEW_AGREEMENTS,
            Capability.MANAGE_TIMESCALES,
            Capability.EDIT_FRAMEWORK,
            Capability.VIEW_MISSING_STATISTICS,
        }
    ),
    # Read-only: auditors see children only through time-limited grants.
    Role.AUDITOR: frozenset({Capability.VIEW_DIRECTORY, Capability.VIEW_AGREEMENTS}),
    Role.AGENCY_ADMIN: frozenset({Capability.VIEW_DIRECTORY, Capability.MANAGE_PEOPLE, Capability.MERGE_CHILDREN}),
    # Emergency department staff and others who may only check the register.
    Role.REGISTER_CHECKER: frozenset({Capability.VIEW_DIRECTORY, Capability.REGISTER_CHECK}),
    # The service desk: no access to child records by default.
    Role.SYSTEM_ADMIN: frozenset(
        {Capability.VIEW_DIRECTORY, Capability.MANAGE_PEOPLE, Capability.MANAGE_ALL_PEOPLE, Capability.VIEW_AUDIT_TRAIL}
    ),
}

# Partnerships and self-assessment (issue 7).
ROLE_CAPABILITIES[Role.PARTNERSHIP_MANAGER] |= {
    Capability.VIEW_PARTNERSHIPS,
    Capability.MANAGE_PARTNERSHIPS,
    Capability.SELF_ASSESS,
}
ROLE_CAPABILITIES[Role.SAFEGUARDING_LEAD] |= {Capability.VIEW_PARTNERSHIPS, Capability.SELF_ASSESS}
ROLE_CAPABILITIES[Role.AUDITOR] |= {Capability.VIEW_PARTNERSHIPS}


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
    if hasattr(actor, "_cylch_partnership_roles"):
        del actor._cylch_partnership_roles


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


def teams_where(actor: Any, capability: Capability) -> set[int]:
    return {
        m.team_id for m in current_memberships(actor) if capability in ROLE_CAPABILITIES.get(m.role, frozenset())
    }


# --- Children: need-to-know access -------------------------------------------------


@dataclass(frozen=True)
class ChildAccess:
    """What one person may do with one child's record, and why."""

    can_read: bool
    can_write: bool
    via: str  # "team", "agency_oversight", "break_glass", "audit", or "" when refused
    is_lead: bool
    oversees: bool  # manages or oversees an involved team: sees who viewed the record
    categories: frozenset[str]
    grant_reason: str = ""
    team_ids: frozenset[int] = frozenset()
    # Every active involvement of the child, loaded once for the check and reused by pages.
    involvements: tuple[Any, ...] = ()


def visible_categories(actor: Any) -> frozenset[str]:
    """Sensitivity categories the actor's agency kinds and roles may see (configuration)."""
    cached = getattr(actor, "_cylch_categories", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    memberships = current_memberships(actor)
    pairs = {(m.team.agency.kind, m.role) for m in memberships}
    kinds = {kind for kind, _role in pairs} | {"*"}
    allowed = {"general"}
    for category, agency_kind, rule_role in _sensitivity_rules():
        if agency_kind not in kinds:
            continue
        if not rule_role or any(rule_role == role and agency_kind in {kind, "*"} for kind, role in pairs):
            allowed.add(category)
    result = frozenset(allowed)
    actor._cylch_categories = result
    return result


_RULES_CACHE: dict[str, Any] = {"at": 0.0, "rules": ()}
SENSITIVITY_RULES_TTL = 60.0


def _sensitivity_rules() -> tuple[tuple[str, str, str], ...]:
    """The configured rules, re-read at most once a minute per process (they change rarely)."""
    import time

    from cylch.children.models import SensitivityRule

    now = time.monotonic()
    if now - _RULES_CACHE["at"] > SENSITIVITY_RULES_TTL:
        _RULES_CACHE["rules"] = tuple(SensitivityRule.objects.values_list("category", "agency_kind", "role"))
        _RULES_CACHE["at"] = now
    return _RULES_CACHE["rules"]  # type: ignore[no-any-return]


def sensitivity_rules_changed() -> None:
    _RULES_CACHE["at"] = 0.0


def children_visible_to(actor: Any) -> Any:
    """Children the actor may see: a Child queryset filter. Every list of children starts here."""
    from django.db.models import Q

    from cylch.access.models import AccessGrant
    from cylch.children.models import Child, Involvement

    team_ids = teams_where(actor, Capability.WORK_WITH_CHILDREN)
    oversight = agencies_where(actor, Capability.OVERSEE_AGENCY_CHILDREN)
    if not getattr(actor, "is_authenticated", False):
        return Child.objects.none()
    # Start from the actor's involvements and grants (a few hundred rows), not from every
    # child in Wales: the union feeds an index lookup on the children table.
    involved = Involvement.objects.active().filter(Q(team_id__in=team_ids) | Q(agency_id__in=oversight)).values("child_id")
    granted = AccessGrant.objects.in_force().filter(person=actor).values("child_id")
    return Child.objects.current().filter(pk__in=involved.union(granted))


def child_access(actor: Any, child: Any) -> ChildAccess:
    """Decide what the actor may do with this child. No audit entry: see access_child."""
    from cylch.access.models import AccessGrant
    from cylch.children.models import Involvement

    refused = ChildAccess(False, False, "", False, False, frozenset())
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return refused
    team_ids = teams_where(actor, Capability.WORK_WITH_CHILDREN)
    oversight = agencies_where(actor, Capability.OVERSEE_AGENCY_CHILDREN)
    reviewers = teams_where(actor, Capability.REVIEW_BREAK_GLASS)
    every = tuple(Involvement.objects.active().filter(child=child).select_related("agency", "team", "practitioner"))
    involvements = [inv for inv in every if inv.team_id in team_ids or inv.agency_id in oversight]
    if involvements:
        return ChildAccess(
            can_read=True,
            can_write=True,
            via="agency_oversight" if not any(i.team_id in team_ids for i in involvements) else "team",
            is_lead=any(i.is_lead and i.practitioner_id == actor.pk for i in involvements),
            oversees=any(i.team_id in reviewers or i.agency_id in oversight for i in involvements),
            categories=visible_categories(actor),
            team_ids=frozenset(i.team_id for i in involvements),
            involvements=every,
        )
    grant = AccessGrant.objects.in_force().filter(child=child, person=actor).order_by("-ends_at").first()
    if grant is not None:
        return ChildAccess(
            can_read=True,
            can_write=False,
            via=grant.kind,
            is_lead=False,
            oversees=False,
            categories=visible_categories(actor) if grant.kind == AccessGrant.Kind.BREAK_GLASS else ALL_CATEGORIES_FOR_AUDIT,
            grant_reason=grant.reason,
            involvements=every,
        )
    return refused


ALL_CATEGORIES_FOR_AUDIT = frozenset({"*"})


def category_visible(access: ChildAccess, category: str, *, author_id: int | None = None, actor: Any = None) -> bool:
    if "*" in access.categories or category in access.categories:
        return True
    return actor is not None and author_id is not None and author_id == actor.pk


def access_child(actor: Any, child_id: Any, *, action: str = "cylch.children.child.viewed", write: bool = False) -> tuple[Any, ChildAccess]:
    """The child and what the actor may do with it, or 404. Every call is audited as a view."""
    from cylch.audit.services import access_record
    from cylch.children.models import Child

    try:
        child = Child.objects.select_related("local_authority", "merged_into").get(pk=int(child_id))
    except (Child.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if child.status == Child.Status.MERGED and child.merged_into is not None:
        child = child.merged_into
    access = child_access(actor, child)
    if not access.can_read or (write and not access.can_write):
        raise Http404
    access_record(actor=actor, action=action, subject=child, child_id=child.pk, reason=access.grant_reason)
    return child, access


# --- Partnerships: who sees and manages them ------------------------------------------


@dataclass(frozen=True)
class PartnershipAccess:
    """What one person may do in one partnership. Partnership roles never open child-level data:
    the children behind a measure are filtered through children_visible_to."""

    can_view: bool
    can_manage: bool  # priorities, matrix, bodies, roles, cycles, improvement actions
    can_sign_off: bool  # the board: the chair or the business manager
    rate_agency_ids: frozenset[int]  # member agencies the person may rate for
    can_challenge: bool  # peers in moderation
    roles: tuple[str, ...] = ()


def _partnership_roles(actor: Any) -> list[Any]:
    from django.db.models import Q
    from django.utils import timezone

    from cylch.partnerships.models import PartnershipRole

    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return []
    cached = getattr(actor, "_cylch_partnership_roles", None)
    if cached is None:
        today = timezone.localdate()
        cached = list(
            PartnershipRole.objects.filter(person=actor, started_on__lte=today).filter(
                Q(ended_on__isnull=True) | Q(ended_on__gt=today)
            )
        )
        actor._cylch_partnership_roles = cached
    return cached


def may_see_partnerships(actor: Any) -> bool:
    """Whether the partnerships pages open for the actor at all (403 otherwise)."""
    return has_capability(actor, Capability.VIEW_PARTNERSHIPS) or bool(_partnership_roles(actor))


def partnerships_visible_to(actor: Any) -> Any:
    """Partnerships the actor may see: those whose member agencies (or board business unit) the
    actor works in with the capability, and those where the actor holds a named role."""
    from django.db.models import Q

    from cylch.organisations.models import Agency
    from cylch.partnerships.models import Partnership

    agency_ids = agencies_where(actor, Capability.VIEW_PARTNERSHIPS)
    role_ids = {r.partnership_id for r in _partnership_roles(actor)}
    if not agency_ids and not role_ids:
        return Partnership.objects.none()
    board_ids = list(Agency.objects.filter(pk__in=agency_ids, board__isnull=False).values_list("board_id", flat=True))
    query = Q(pk__in=role_ids) | Q(agencies__in=agency_ids) | Q(board_id__in=board_ids)
    return Partnership.objects.filter(pk__in=Partnership.objects.filter(query).values("pk"))


def partnership_access(actor: Any, partnership: Any) -> PartnershipAccess:
    from cylch.partnerships.models import PartnershipRole

    roles = tuple(r.role for r in _partnership_roles(actor) if r.partnership_id == partnership.pk)
    role_agencies = {
        r.agency_id for r in _partnership_roles(actor) if r.partnership_id == partnership.pk and r.agency_id
    }
    members = set(partnership.agencies.values_list("pk", flat=True))
    viewing = agencies_where(actor, Capability.VIEW_PARTNERSHIPS)
    managing = agencies_where(actor, Capability.MANAGE_PARTNERSHIPS)
    business_unit: set[int] = set()
    if partnership.board_id and viewing:
        from cylch.organisations.models import Agency

        business_unit = set(
            Agency.objects.filter(pk__in=viewing, board_id=partnership.board_id).values_list("pk", flat=True)
        )
    connected = members | business_unit
    board_roles = {PartnershipRole.Role.CHAIR, PartnershipRole.Role.BUSINESS_MANAGER}
    can_manage = bool(managing & connected) or any(r in board_roles for r in roles)
    can_view = can_manage or bool(roles) or bool(viewing & connected)
    if can_manage:
        rate = frozenset(members)
    else:
        rate = frozenset((agencies_where(actor, Capability.SELF_ASSESS) & members) | (role_agencies & members))
    return PartnershipAccess(
        can_view=can_view,
        can_manage=can_manage,
        can_sign_off=any(r in board_roles for r in roles),
        rate_agency_ids=rate,
        can_challenge=can_view and (bool(rate) or bool(roles)),
        roles=roles,
    )


def access_partnership(actor: Any, partnership_id: Any, *, manage: bool = False) -> tuple[Any, PartnershipAccess]:
    """The partnership and what the actor may do in it, or 404 for anyone with no part in it."""
    from cylch.partnerships.models import Partnership

    try:
        partnership = Partnership.objects.select_related("board").get(pk=int(partnership_id))
    except (Partnership.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    access = partnership_access(actor, partnership)
    if not access.can_view:
        raise Http404
    if manage and not access.can_manage:
        raise PermissionDenied
    return partnership, access


@dataclass(frozen=True)
class NavigationItem:
    label: str
    url: str
    current: bool


def navigation_for(actor: Any, path: str) -> list[NavigationItem]:
    items: list[tuple[str, str]] = [(_("Home"), reverse("core:home"))]
    if has_capability(actor, Capability.WORK_WITH_CHILDREN):
        items.append((_("My work"), reverse("work:mine")))
        items.append((_("Children"), reverse("children:search")))
        items.append((str(missing_labels.NAV_CURRENTLY_MISSING), reverse("missing:current")))
    if has_capability(actor, Capability.VIEW_MISSING_STATISTICS):
        items.append((str(missing_labels.NAV_STATISTICS), reverse("missing:statistics")))
    if has_capability(actor, Capability.REGISTER_CHECK):
        items.append((_("Check the register"), reverse("register:check")))
    if has_capability(actor, Capability.VIEW_DIRECTORY):
        items.append((_("Agencies"), reverse("organisations:directory")))
        from cylch.therapy.labels import THERAPY_NAVIGATION

        items.append((str(THERAPY_NAVIGATION), reverse("therapy:directory")))
    if has_capability(actor, Capability.VIEW_AGREEMENTS):
        items.append((_("Sharing agreements"), reverse("sharing:list")))
    # By capability only, so pages of people without it make no extra query; a person named in
    # a partnership role without the capability reaches it from its link.
    if has_capability(actor, Capability.VIEW_PARTNERSHIPS):
        from cylch.partnerships.labels import NAVIGATION_LABEL

        items.append((str(NAVIGATION_LABEL), reverse("partnerships:list")))
    if has_capability(actor, Capability.MANAGE_PEOPLE):
        items.append((_("People"), reverse("people:list")))
        items.append((_("Teams"), reverse("organisations:teams")))
        items.append((_("Duty lines"), reverse("register:duty_lines")))
    if has_capability(actor, Capability.VIEW_AUDIT_TRAIL):
        items.append((_("Audit trail"), reverse("audit:trail")))
    # Partnership governance (ledger, meetings, risks, annual report), for the same people.
    if has_capability(actor, Capability.VIEW_PARTNERSHIPS):
        from cylch.governance.labels import NAV_GOVERNANCE

        items.append((str(NAV_GOVERNANCE), reverse("governance:home")))
    items.append((str(NAVIGATION_LEARNING), reverse("learning:home")))
    items.append((_("Timescales"), reverse("timescales:list")))
    items.append((str(FRAMEWORK_NAVIGATION_LABEL), reverse("framework:home")))
    items.append((_("Messages"), reverse("core:notifications")))
    items.append((_("Your account"), reverse("signin:account")))
    home = reverse("core:home")
    return [
        NavigationItem(label, url, path == url if url == home else path.startswith(url)) for label, url in items
    ]


# --- Therapeutic support: the directory and referral-scoped access -------------------
# A provider's people are usually not in the team around the child: they see a referral made
# to one of their agency's services, and only the parts of the child's record it shares.

THERAPY_DEMAND_ROLES = frozenset({Role.PARTNERSHIP_MANAGER, Role.TEAM_MANAGER, Role.SAFEGUARDING_LEAD, Role.AUDITOR})
THERAPY_IMPORT_ROLES = frozenset({Role.PARTNERSHIP_MANAGER, Role.SYSTEM_ADMIN})


@dataclass(frozen=True)
class ReferralAccess:
    """How one person sees one referral: as the team around the child, as the provider, or both."""

    as_team: bool
    as_provider: bool
    can_write_team: bool
    child_access: ChildAccess
    # What the provider's people may read of the child's record (reference list "referral_shared_part").
    shared_parts: frozenset[str]

    def sides(self) -> set[str]:
        return ({"team"} if self.can_write_team else set()) | ({"provider"} if self.as_provider else set())


def therapy_provider_agencies(actor: Any) -> set[int]:
    """Agencies whose therapeutic services the actor keeps: where they work with children or administer the agency."""
    admin = {m.team.agency_id for m in current_memberships(actor) if m.role == Role.AGENCY_ADMIN}
    return agencies_where(actor, Capability.WORK_WITH_CHILDREN) | admin


def may_edit_therapy_service(actor: Any, provider_id: int) -> bool:
    """A service is updated by its provider's own people."""
    return provider_id in therapy_provider_agencies(actor)


def may_view_therapy_demand(actor: Any) -> bool:
    return bool(roles_of(actor) & THERAPY_DEMAND_ROLES)


def may_import_therapy_directory(actor: Any) -> bool:
    return bool(roles_of(actor) & THERAPY_IMPORT_ROLES)


def referral_access(actor: Any, referral: Any) -> ReferralAccess:
    """Decide how the actor sees the referral. No audit entry: see access_referral."""
    team = child_access(actor, referral.child)
    as_provider = referral.state != "draft" and referral.provider_id in agencies_where(actor, Capability.WORK_WITH_CHILDREN)
    return ReferralAccess(
        as_team=team.can_read,
        as_provider=as_provider,
        can_write_team=team.can_write,
        child_access=team,
        shared_parts=frozenset(referral.shared_parts or []),
    )


def access_referral(actor: Any, referral_id: Any, *, action: str = "cylch.therapy.referral.viewed") -> tuple[Any, ReferralAccess]:
    """The referral and how the actor sees it, or 404. Every call is audited as a view of the child."""
    from cylch.audit.services import access_record
    from cylch.therapy.models import Referral

    try:
        referral = Referral.objects.select_related("child", "service__provider", "need", "provider").get(pk=int(referral_id))
    except (Referral.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    access = referral_access(actor, referral)
    if not access.as_team and not access.as_provider:
        raise Http404
    reason = access.child_access.grant_reason if access.as_team else "provider of the service referred to"
    access_record(actor=actor, action=action, subject=referral, child_id=referral.child_id, reason=reason)
    return referral, access
# --- Partnership governance ---------------------------------------------------------------
# The governance pages of a partnership (accountability ledger, board meetings, risks, annual
# report) follow access_partnership: those who may view it read them, those who may manage it
# (chair, business manager, partnership managers of member agencies) write. They show partnership
# business and aggregate counts only, never child-level data.


def access_ledger_action(actor: Any, action_id: Any) -> tuple[Any, bool]:
    """A partnership action and whether the actor may record progress on it: its named owner
    and the partnership's managers may; others who may view the partnership read it. 404 otherwise."""
    from cylch.accountability.models import LedgerAction

    try:
        pk = int(action_id)
    except (TypeError, ValueError):
        raise Http404 from None
    action = LedgerAction.objects.select_related("partnership", "owner", "owner_agency", "standard").filter(pk=pk).first()
    if action is None:
        raise Http404
    if action.owner_id == getattr(actor, "pk", None) and actor.is_active:
        return action, True
    access = partnership_access(actor, action.partnership)
    if not access.can_view:
        raise Http404
    return action, access.can_manage
