"""The missing alert on the child's summary: one query, whatever the record holds."""

from __future__ import annotations

from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cylch.core.reference_data import code_label
from cylch.missing.models import MissingEpisode


def missing_alert(child: Any, access: Any) -> list[str]:
    """"Missing since …" while an episode is open."""
    episode = MissingEpisode.objects.filter(child=child, found_at__isnull=True).only("missing_from", "risk_grade").first()
    if episode is None:
        return []
    return [
        _("Missing since %(when)s. Police risk grade: %(grade)s")
        % {
            "when": formats.date_format(timezone.localtime(episode.missing_from), "j F Y H:i"),
            "grade": code_label("missing_risk_grade", episode.risk_grade),
        }
    ]
