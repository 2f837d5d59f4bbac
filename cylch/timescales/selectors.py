"""Reading the statutory timescale rules. Every reader names who asks."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import Http404

from cylch.core.middleware import is_verified
from cylch.timescales.models import TimescaleRule


def _require_verified(actor: Any) -> None:
    """The rules are not secret: anyone signed in with both factors may read them."""
    if not is_verified(actor) or not actor.is_active:
        raise PermissionDenied


def rule_list(*, actor: Any) -> list[TimescaleRule]:
    """The version in force of every rule, in the order the rules were first set out."""
    _require_verified(actor)
    first_version = TimescaleRule.objects.filter(code=OuterRef("code")).order_by("version").values("pk")[:1]
    return list(
        TimescaleRule.objects.filter(is_current=True)
        .annotate(first_pk=Subquery(first_version))
        .order_by("first_pk", "code")
    )


def rule_history(*, actor: Any, code: str) -> tuple[TimescaleRule, list[TimescaleRule]]:
    """The version in force and every version of one rule (newest first), or 404."""
    _require_verified(actor)
    versions = list(TimescaleRule.objects.filter(code=code).select_related("changed_by").order_by("-version"))
    current = next((version for version in versions if version.is_current), None)
    if current is None:
        raise Http404
    return current, versions
