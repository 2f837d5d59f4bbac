"""Audit-round sampling: children referred for therapeutic support in the period (cylch.learning.sampling)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from cylch.learning.sampling import Criterion, register


def _referred(*, area_ids: list[int], start: datetime.date, end: datetime.date, option: str = "") -> Iterable[int]:
    """Children of the partnership's areas with a therapeutic referral sent in the period."""
    from cylch.children.models import Child
    from cylch.therapy.models import Referral

    return (
        Referral.objects.filter(
            child__in=Child.objects.current().filter(local_authority_id__in=area_ids),
            sent_at__date__range=(start, end),
        )
        .values_list("child_id", flat=True)
        .distinct()
    )


register(Criterion("therapy", _("Referred for therapeutic support in the period"), _referred))
