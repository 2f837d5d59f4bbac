"""Who may see and do what with reviews, audits and briefings.

Reviews, audit rounds and unpublished briefings belong to a partnership: the people holding
a role in it see them; its chair and business manager run them. Named reviewers see their
review (and keep its own documents after their access to the children ends); named auditors
see their round. Children's records are never opened here: that is cylch.access.rules with
the review and case-audit grants. Fetch-by-id answers 404 to anyone with no reason to see
the thing, as elsewhere in Cylch.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from cylch.access import rules
from cylch.partnerships.models import Partnership, PartnershipRole

MANAGING = {PartnershipRole.Role.BUSINESS_MANAGER, PartnershipRole.Role.CHAIR}


def partnership_roles(actor: Any) -> dict[int, set[str]]:
    """{partnership id: roles} the actor holds today, from the one place that reads them
    (`cylch.access.rules`, which fetches them once per actor object)."""
    if actor is None:
        return {}
    roles: dict[int, set[str]] = {}
    for role in rules._partnership_roles(actor):
        roles.setdefault(role.partnership_id, set()).add(role.role)
    return roles


def member_of(actor: Any) -> set[int]:
    return set(partnership_roles(actor))


def managed_by(actor: Any) -> set[int]:
    """Partnerships whose reviews, audits and briefings the actor runs (chair or business manager)."""
    return {pid for pid, roles in partnership_roles(actor).items() if roles & MANAGING}


def can_manage(actor: Any, partnership_id: int) -> bool:
    return partnership_id in managed_by(actor)


def require_manager(actor: Any) -> None:
    if not managed_by(actor):
        raise PermissionDenied


def require_member(actor: Any) -> None:
    if not member_of(actor):
        raise PermissionDenied


def managed_partnerships(actor: Any) -> Any:
    return Partnership.objects.filter(pk__in=managed_by(actor))


# --- Reviews ---------------------------------------------------------------------------------


def review_role(actor: Any, review: Any) -> str:
    """'manager', 'member' (partnership role holder), 'reviewer' (named on the review) or ''."""
    if can_manage(actor, review.partnership_id):
        return "manager"
    if getattr(actor, "is_authenticated", False) and review.members.filter(person=actor).exists():
        return "reviewer"
    if review.partnership_id in member_of(actor):
        return "member"
    return ""


def is_named_on(actor: Any, review: Any) -> bool:
    """Named on the review (reviewer, review chair, panel member or business unit officer)."""
    return bool(getattr(actor, "is_authenticated", False) and review.members.filter(person=actor).exists())


def access_review(actor: Any, review_id: Any, *, manage: bool = False, work: bool = False) -> tuple[Any, str]:
    """The review and the actor's part in it, or 404. `manage` needs the chair or business
    manager; `work` (chronology, agency reports) needs them or a named reviewer (403 otherwise)."""
    from cylch.learning.models import Review

    try:
        review = Review.objects.select_related("partnership", "referred_by_agency").get(pk=int(review_id))
    except (Review.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None
    role = review_role(actor, review)
    if not role:
        raise Http404
    if manage and role != "manager":
        raise PermissionDenied
    if work and role not in {"manager", "reviewer"}:
        raise PermissionDenied
    return review, role


def reviews_visible_to(actor: Any) -> Any:
    from cylch.learning.models import Review

    if not getattr(actor, "is_authenticated", False):
        return Review.objects.none()
    return Review.objects.filter(Q(partnership_id__in=member_of(actor)) | Q(members__person=actor)).distinct()


# --- Audits ----------------------------------------------------------------------------------


def round_role(actor: Any, audit_round: Any) -> str:
    if can_manage(actor, audit_round.partnership_id):
        return "manager"
    if getattr(actor, "is_authenticated", False) and audit_round.auditors.filter(person=actor).exists():
        return "auditor"
    if audit_round.partnership_id in member_of(actor):
        return "member"
    return ""


def access_round(actor: Any, round_id: Any, *, manage: bool = False) -> tuple[Any, str]:
    from cylch.learning.models import AuditRound

    try:
        audit_round = AuditRound.objects.select_related("partnership", "tool").get(pk=int(round_id))
    except (AuditRound.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None
    role = round_role(actor, audit_round)
    if not role:
        raise Http404
    if manage and role != "manager":
        raise PermissionDenied
    return audit_round, role


def access_case(actor: Any, case_id: Any) -> tuple[Any, str]:
    from cylch.learning.models import AuditCase

    try:
        case = AuditCase.objects.select_related("round__partnership", "round__tool").get(pk=int(case_id))
    except (AuditCase.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None
    role = round_role(actor, case.round)
    if role not in {"manager", "auditor"}:
        raise Http404
    return case, role


def rounds_visible_to(actor: Any) -> Any:
    from cylch.learning.models import AuditRound

    if not getattr(actor, "is_authenticated", False):
        return AuditRound.objects.none()
    return AuditRound.objects.filter(Q(partnership_id__in=member_of(actor)) | Q(auditors__person=actor)).distinct()


def access_tool(actor: Any, tool_id: Any, *, manage: bool = False) -> Any:
    from cylch.learning.models import AuditTool

    try:
        tool = AuditTool.objects.select_related("partnership").get(pk=int(tool_id))
    except (AuditTool.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None
    if tool.partnership_id not in member_of(actor):
        raise Http404
    if manage and not can_manage(actor, tool.partnership_id):
        raise PermissionDenied
    return tool


# --- Briefings -------------------------------------------------------------------------------


def access_briefing(actor: Any, briefing_id: Any, *, manage: bool = False) -> Any:
    """Published briefings are for every practitioner; drafts only for the partnership."""
    from cylch.learning.models import Briefing

    try:
        briefing = Briefing.objects.select_related("partnership", "review").get(pk=int(briefing_id))
    except (Briefing.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None
    in_partnership = briefing.partnership_id in member_of(actor)
    if briefing.status != Briefing.Status.PUBLISHED and not in_partnership:
        raise Http404
    if manage and not can_manage(actor, briefing.partnership_id):
        raise PermissionDenied
    return briefing
