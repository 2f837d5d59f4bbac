"""Load or refresh the Wales reference data: areas and regional boards."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cylch.organisations.services import reference_data_load


class Command(BaseCommand):
    help = "Load the Wales reference data (local authorities, health boards, police forces, RPBs and RSBs)."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = reference_data_load(actor=None)
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count}")
        self.stdout.write(self.style.SUCCESS("Wales reference data loaded."))
