"""The child's summary says when a referral for therapeutic support is waiting."""

from __future__ import annotations

from typing import Any

from django.utils.translation import ngettext

from cylch.therapy.models import WAITING_STATES, Referral


def therapy_alerts(child: Any, access: Any) -> list[str]:
    waiting = Referral.objects.filter(child=child, state__in=WAITING_STATES).count()
    if not waiting:
        return []
    return [
        ngettext(
            "Therapeutic support: %(count)s referral is waiting for help to start.",
            "Therapeutic support: %(count)s referrals are waiting for help to start.",
            waiting,
        )
        % {"count": waiting}
    ]
