from typing import Any

from django.core.management.base import BaseCommand
from django_otp.oath import TOTP

from cylch.core.demo import DEMO_TOTP_KEY_HEX


class Command(BaseCommand):
    help = "Print the current two-factor code of the demo accounts (demo only)."

    def handle(self, *args: Any, **options: Any) -> None:
        totp = TOTP(bytes.fromhex(DEMO_TOTP_KEY_HEX))
        self.stdout.write(f"{totp.token():06d}")
