"""Audit-round sampling: children who went missing in the period (cylch.learning.sampling)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from cylch.learning.sampling import Criterion, register


def _went_missing(*, area_ids: list[int], start: datetime.date, end: datetime.date, option: str = "") -> Iterable[int]:
    """Children of the partnership's areas with a missing episode that began in the period."""
    from cylch.children.models import Child
    from cylch.missing.models import MissingEpisode

    return (
        MissingEpisode.objects.filter(
            child__in=Child.objects.current().filter(local_authority_id__in=area_ids),
            missing_from__date__range=(start, end),
        )
        .values_list("child_id", flat=True)
        .distinct()
    )


register(Criterion("missing", _("Went missing in the period"), _went_missing))
