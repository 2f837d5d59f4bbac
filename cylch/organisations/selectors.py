from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from cylch.organisations.models import Agency, Area, Board


def agency_directory(*, actor: Any, kind: str | None = None, area_code: str | None = None) -> QuerySet[Agency]:
    """Agencies are public bodies: every signed-in person may see the directory."""
    agencies = Agency.objects.filter(is_active=True).select_related("area")
    if kind:
        agencies = agencies.filter(kind=kind)
    if area_code:
        agencies = agencies.filter(area__code=area_code)
    return agencies.annotate(team_count=Count("teams")).order_by("name_en")


def area_list(*, actor: Any) -> QuerySet[Area]:
    return Area.objects.all().order_by("kind", "name_en")


def board_list(*, actor: Any) -> QuerySet[Board]:
    return Board.objects.prefetch_related("local_authorities").order_by("kind", "name_en")


def areas_serving(local_authority: Area | None) -> list[Area]:
    """The areas whose agencies serve a child in this local authority: the authority, its
    health board and police force, and all-Wales bodies. Every area when it is not known."""
    if local_authority is None:
        return list(Area.objects.all())
    return [a for a in [local_authority, local_authority.health_board, local_authority.police_force] if a is not None] + list(
        Area.objects.filter(kind=Area.Kind.NATIONAL)
    )
