from __future__ import annotations

from typing import Any

from django_otp.plugins.otp_totp.models import TOTPDevice


def person_has_confirmed_device(*, person: Any) -> bool:
    return TOTPDevice.objects.filter(user=person, confirmed=True).exists()
