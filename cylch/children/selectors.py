"""Reads about children. Every selector takes the person asking; none lists
children without going through cylch.access.rules."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from cylch.access import rules
from cylch.access.models import AccessGrant
from cylch.access.rules import Capability, ChildAccess
from cylch.audit.models import AuditEntry
from cylch.audit.services import access_record
from cylch.children import identifiers, search
from cylch.children.models import Child, Identifier, Involvement, JoinRequest, NetworkMember, VoiceEntry
from cylch.core.reference_data import policy

SEARCH_CANDIDATES = 400
SEARCH_RESULTS = 50


@dataclass
class SearchResult:
    child: Child
    visible: bool
    score: float
    holding_agencies: list[str] = field(default_factory=list)


def _candidates(*, name: str, date_of_birth: datetime.date | None, identifier: str) -> QuerySet[Child]:
    children = Child.objects.current()
    if identifier:
        values = {identifier.strip(), identifiers.normalise("nhs_number", identifier), identifiers.normalise("upn", identifier)}
        child_ids = Identifier.objects.filter(value__in=values, valid_to__isnull=True).values("child_id")
        return children.filter(pk__in=child_ids)
    parts = search.fold(name).split(" ")
    family = parts[-1] if parts and parts[-1] else ""
    query = Q()
    if family:
        query = Q(phonetic_family=search.phonetic(family)) | Q(search_family__startswith=family[:4])
        if len(parts) == 1:
            query |= Q(phonetic_given=search.phonetic(family)) | Q(search_given__startswith=family[:4])
    if date_of_birth is not None:
        # A date of birth narrows enough on its own: rank every child born that day by name,
        # so a variant spelt with another first letter (Katherine, Catherine) is still found.
        return children.filter(Q(date_of_birth=date_of_birth) | Q(expected_date_of_birth=date_of_birth))
    if not family:
        return children.none()
    return children.filter(query)


def _score(child: Child, name: str) -> float:
    if not name:
        return 1.0
    parts = search.fold(name).split(" ")
    family, given = parts[-1], " ".join(parts[:-1])
    if len(parts) == 1:
        return max(search.similarity(family, child.family_name), search.similarity(family, child.preferred_name or child.given_names))
    ok_family = search.close_enough(family, child.family_name)
    ok_given = search.close_enough(given, child.given_names) or search.close_enough(given, child.preferred_name)
    if not (ok_family and ok_given):
        return 0.0
    return (search.similarity(family, child.family_name) + search.similarity(given, child.preferred_name or child.given_names)) / 2


def child_search(*, actor: Any, name: str = "", date_of_birth: datetime.date | None = None, identifier: str = "") -> list[SearchResult]:
    """Children matching despite spelling variants. Records the actor may not see are
    revealed only as 'a record exists, held by ...', and only when the search gives
    a date of birth or an identifier (configurable), so names alone cannot be fished."""
    if not rules.has_capability(actor, Capability.WORK_WITH_CHILDREN) and not rules.roles_of(actor):
        return []
    candidates = list(
        _candidates(name=name, date_of_birth=date_of_birth, identifier=identifier).only(
            "id", "given_names", "family_name", "preferred_name", "date_of_birth", "expected_date_of_birth", "status", "local_authority_id"
        )[:SEARCH_CANDIDATES]
    )
    scored = [(child, _score(child, name) if not identifier else 1.0) for child in candidates]
    scored = [(child, score) for child, score in scored if score >= 0.75 or (not name)]
    scored.sort(key=lambda pair: -pair[1])
    scored = scored[:SEARCH_RESULTS]
    visible_ids = set(rules.children_visible_to(actor).filter(pk__in=[c.pk for c, _s in scored]).values_list("pk", flat=True))
    needs = set(policy("child_search_hidden_match_needs"))
    reveal_hidden = (date_of_birth is not None and "date_of_birth" in needs) or (bool(identifier) and "identifier" in needs)
    hidden_ids = [c.pk for c, _s in scored if c.pk not in visible_ids]
    holders: dict[int, list[str]] = {}
    if reveal_hidden and hidden_ids:
        for inv in Involvement.objects.active().filter(child_id__in=hidden_ids).select_related("agency").order_by("-is_lead"):
            holders.setdefault(inv.child_id, [])
            if inv.agency.name not in holders[inv.child_id]:
                holders[inv.child_id].append(inv.agency.name)
    results = []
    for child, score in scored:
        if child.pk in visible_ids:
            results.append(SearchResult(child, True, score))
        elif reveal_hidden:
            results.append(SearchResult(child, False, score, holders.get(child.pk, [])))
    if any(not r.visible for r in results):
        access_record(
            actor=actor,
            action="cylch.children.search.hidden_match_revealed",
            reason=f"{len([r for r in results if not r.visible])} record(s) revealed as existing",
        )
    return results


@dataclass
class ChildSummary:
    child: Child
    access: ChildAccess
    alerts: list[str]
    lead: Involvement | None
    involvements: list[Involvement]
    agencies: list[str]
    trusted_adults: list[NetworkMember]
    network: list[NetworkMember]
    latest_voice: VoiceEntry | None
    identifiers: list[Identifier]
    pending_join_requests: int
    language_offer: Any


def child_summary(*, actor: Any, child: Child, access: ChildAccess) -> ChildSummary:
    """Everything the summary page shows, in a fixed number of queries."""
    involvements = sorted(access.involvements, key=lambda inv: (not inv.is_lead, inv.agency.name_en))
    network = [m for m in NetworkMember.objects.filter(child=child, ended_on__isnull=True, entered_in_error=False)]
    voices = [
        v
        for v in VoiceEntry.objects.filter(child=child, entered_in_error=False).select_related("captured_by").order_by("-captured_on", "-created_at")[:10]
        if rules.category_visible(access, v.sensitivity, author_id=v.captured_by_id, actor=actor)
    ]
    ids = list(Identifier.objects.filter(child=child, valid_to__isnull=True))
    offer = child.active_offers.filter(network_member__isnull=True).select_related("offered_by").first()
    lead = next((inv for inv in involvements if inv.is_lead), None)
    pending = 0
    if access.is_lead or access.oversees:
        pending = JoinRequest.objects.filter(child=child, status=JoinRequest.Status.PENDING).count()
    alerts: list[str] = []
    from django.utils.translation import gettext as _

    if child.status == Child.Status.CLOSED:
        alerts.append(_("This record is closed."))
    if child.status == Child.Status.ENTERED_IN_ERROR:
        alerts.append(_("This record was marked as entered in error: %(reason)s") % {"reason": child.status_reason})
    if access.via == AccessGrant.Kind.BREAK_GLASS:
        alerts.append(_("You are seeing this record through emergency access. Your use is recorded and will be reviewed."))
    if access.via == AccessGrant.Kind.AUDIT:
        alerts.append(_("Read-only access for audit or inspection."))
    from cylch.children.alerts import alerts_for

    alerts.extend(alerts_for(child, access))
    agencies: list[str] = []
    for inv in involvements:
        if inv.agency.name not in agencies:
            agencies.append(inv.agency.name)
    return ChildSummary(
        child=child,
        access=access,
        alerts=alerts,
        lead=lead,
        involvements=involvements,
        agencies=agencies,
        trusted_adults=[m for m in network if m.is_trusted_adult],
        network=network,
        latest_voice=voices[0] if voices else None,
        identifiers=ids,
        pending_join_requests=pending,
        language_offer=offer,
    )


def voice_entries(*, actor: Any, child: Child, access: ChildAccess) -> list[VoiceEntry]:
    entries = VoiceEntry.objects.filter(child=child).select_related("captured_by", "captured_for_agency")
    return [v for v in entries if rules.category_visible(access, v.sensitivity, author_id=v.captured_by_id, actor=actor)]


def team_around(*, actor: Any, child: Child) -> dict[str, list[Involvement]]:
    involvements = Involvement.objects.filter(child=child).select_related("agency", "team", "practitioner", "agreement")
    today = timezone.localdate()
    current = [i for i in involvements if i.ended_on is None or i.ended_on > today]
    ended = [i for i in involvements if i.ended_on is not None and i.ended_on <= today]
    return {"current": sorted(current, key=lambda i: (not i.is_lead, i.agency.name_en)), "ended": ended}


def join_requests_to_decide(*, actor: Any) -> QuerySet[JoinRequest]:
    """Requests the actor may decide: for children they lead, or whose lead's team they manage."""
    managed_teams = rules.teams_where(actor, Capability.REVIEW_BREAK_GLASS)
    oversight = rules.agencies_where(actor, Capability.OVERSEE_AGENCY_CHILDREN)
    leads = Involvement.objects.active().filter(is_lead=True).filter(
        Q(practitioner=actor) | Q(team_id__in=managed_teams) | Q(agency_id__in=oversight)
    )
    # Where no lead professional is named, managers of an involved team decide.
    with_lead = Involvement.objects.active().filter(is_lead=True).values("child_id")
    leaderless = (
        Involvement.objects.active()
        .filter(Q(team_id__in=managed_teams) | Q(agency_id__in=oversight))
        .exclude(child_id__in=with_lead)
    )
    return (
        JoinRequest.objects.filter(status=JoinRequest.Status.PENDING)
        .filter(Q(child_id__in=leads.values("child_id")) | Q(child_id__in=leaderless.values("child_id")))
        .select_related("child", "team__agency", "requested_by")
        .order_by("requested_at")
    )


def my_join_requests(*, actor: Any) -> QuerySet[JoinRequest]:
    return JoinRequest.objects.filter(requested_by=actor).select_related("child", "team__agency").order_by("-requested_at")[:50]  # type: ignore[return-value]


def break_glass_to_review(*, actor: Any) -> QuerySet[AccessGrant]:
    agencies = rules.agencies_where(actor, Capability.REVIEW_BREAK_GLASS)
    return (
        AccessGrant.objects.filter(kind=AccessGrant.Kind.BREAK_GLASS, agency_id__in=agencies)
        .select_related("person", "child", "reviewed_by")
        .order_by("review", "-starts_at")[:200]
    )  # type: ignore[return-value]


def record_history(*, actor: Any, child: Child, access: ChildAccess, limit: int = 500) -> list[AuditEntry]:
    """Every view and change of the record: for the lead professional and managers only."""
    if not (access.is_lead or access.oversees):
        from django.http import Http404

        raise Http404
    return list(AuditEntry.objects.filter(child_id=child.pk).select_related("agency").order_by("-id")[:limit])


def my_contributions_elsewhere(*, actor: Any) -> list[VoiceEntry]:
    """What the actor wrote about children they can no longer see: it stays theirs."""
    visible = rules.children_visible_to(actor).values("pk")
    return list(VoiceEntry.objects.filter(captured_by=actor).exclude(child_id__in=visible).select_related("child")[:200])



def caseload(*, actor: Any, limit: int = 50) -> list[Child]:
    """Children the actor works with through their teams, for the home page."""
    if not rules.has_capability(actor, Capability.WORK_WITH_CHILDREN):
        return []
    return list(
        rules.children_visible_to(actor)
        .only("id", "given_names", "family_name", "preferred_name", "date_of_birth", "expected_date_of_birth", "language")
        .order_by("family_name", "given_names")[:limit]
    )
