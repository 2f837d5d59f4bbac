from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from cylch.access import rules
from cylch.access.rules import Capability
from cylch.children.models import Involvement
from cylch.sharing.models import SharingAgreement


def agreement_list(*, actor: Any) -> QuerySet[SharingAgreement]:
    """Agreements are not child data: anyone who may view them sees the register."""
    rules.require(actor, Capability.VIEW_AGREEMENTS)
    return SharingAgreement.objects.prefetch_related("parties").select_related("owner_agency").order_by("review_date")


def access_agreement(actor: Any, agreement_id: Any) -> SharingAgreement:
    rules.require(actor, Capability.VIEW_AGREEMENTS)
    try:
        return SharingAgreement.objects.prefetch_related("parties").get(pk=int(agreement_id))
    except (SharingAgreement.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def agreements_for_agency(*, agency_id: int) -> QuerySet[SharingAgreement]:
    return SharingAgreement.objects.filter(parties__id=agency_id, status=SharingAgreement.Status.ACTIVE).order_by("title")


def no_agreement_flags(*, actor: Any) -> QuerySet[Involvement]:
    """Involvements in the actor's agencies that rely on a written justification, not an agreement."""
    agencies = rules.agencies_where(actor, Capability.DATA_PROTECTION)
    if not agencies:
        raise Http404
    return (
        Involvement.objects.filter(agency_id__in=agencies, flagged_to_data_protection_lead=True)
        .select_related("agency", "team")
        .order_by("-started_on")[:500]
    )  # type: ignore[return-value]
