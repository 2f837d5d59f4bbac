"""Two-factor set-up and recovery codes. Each write is audited."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cylch.audit.services import audit_record
from cylch.people.models import Person

RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def totp_device_start(*, actor: Person) -> TOTPDevice:
    """An unconfirmed authenticator for the person, reused until confirmed."""
    device = TOTPDevice.objects.filter(user=actor, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=actor, name="Authenticator app", confirmed=False)
    return device


def totp_device_confirm(*, actor: Person, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the authenticator with a code from it; return fresh recovery codes."""
    if not device.verify_token(code.replace(" ", "")):
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=actor, confirmed=True).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _recovery_codes_replace(actor)
        audit_record(actor=actor, action="cylch.signin.two_factor.set_up", subject=actor, changes={"device": device.name})
    return codes


def _recovery_codes_replace(person: Person) -> list[str]:
    static, _created = StaticDevice.objects.get_or_create(user=person, name="Recovery codes", defaults={"confirmed": True})
    static.token_set.all().delete()
    codes = [
        "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10)) for _ in range(settings.CYLCH_RECOVERY_CODE_COUNT)
    ]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=code) for code in codes])
    return codes


def recovery_codes_regenerate(*, actor: Person) -> list[str]:
    with transaction.atomic():
        codes = _recovery_codes_replace(actor)
        audit_record(actor=actor, action="cylch.signin.recovery_codes.regenerated", subject=actor)
    return codes


def sign_in_record(*, actor: Person, step: str) -> None:
    with transaction.atomic():
        audit_record(actor=actor, action=f"cylch.signin.{step}", subject=actor)
