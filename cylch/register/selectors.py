"""Reads about the child protection register. Every selector takes the person asking."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch

from cylch.access import rules
from cylch.access.rules import Capability, ChildAccess
from cylch.children.models import Child
from cylch.core.reference_data import code_choices
from cylch.organisations.models import Agency
from cylch.register.models import DutyLine, Registration, RegistrationCategory, RegistrationReview, TransferIn


@dataclass
class RegisterHistory:
    current: Registration | None
    registrations: list[Registration]
    transfers_in: list[TransferIn]
    categories: dict[str, str]
    reasons: dict[str, str]


def register_history(*, actor: Any, child: Child, access: ChildAccess) -> RegisterHistory:
    """Every registration of the child, with its categories and reviews, newest first."""
    registrations = list(
        Registration.objects.filter(child=child)
        .select_related("decision__meeting", "registered_by", "ended_by")
        .prefetch_related(
            Prefetch("categories", queryset=RegistrationCategory.objects.order_by("pk")),
            Prefetch("reviews", queryset=RegistrationReview.objects.select_related("decision__meeting").order_by("-reviewed_on", "-pk")),
        )
        .order_by("-registered_on", "-pk")
    )
    return RegisterHistory(
        current=next((r for r in registrations if r.ended_on is None), None),
        registrations=registrations,
        transfers_in=list(TransferIn.objects.filter(child=child).select_related("recorded_by")),
        categories=dict(code_choices("register_category")),
        reasons=dict(code_choices("deregistration_reason")),
    )


@dataclass
class DutyLineRow:
    agency: Agency
    line: DutyLine | None


def duty_lines(*, actor: Any) -> list[DutyLineRow]:
    """The duty lines of the agencies the actor administers."""
    if rules.has_capability(actor, Capability.MANAGE_ALL_PEOPLE):
        agencies = Agency.objects.filter(is_active=True)
    else:
        agencies = Agency.objects.filter(pk__in=rules.agencies_where(actor, Capability.MANAGE_PEOPLE))
    lines = {line.agency_id: line for line in DutyLine.objects.filter(agency__in=agencies)}
    return [DutyLineRow(agency, lines.get(agency.pk)) for agency in agencies.order_by("name_en")[:500]]
