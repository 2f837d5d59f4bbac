"""Import a directory of services in the Open Referral UK format (HSDS 3.0 UK profile)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from cylch.audit.context import acting
from cylch.organisations.models import Area
from cylch.therapy.openreferral import directory_import


class Command(BaseCommand):
    help = "Add or update therapeutic services from Open Referral UK JSON files (a service, a page of services or a list)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("paths", nargs="+", help="JSON files to import")
        parser.add_argument("--area", required=True, help="Code of the local authority for providers and services whose area is not recognised")

    def handle(self, *args: Any, **options: Any) -> None:
        area = Area.objects.filter(code=options["area"], kind=Area.Kind.LOCAL_AUTHORITY).first()
        if area is None:
            raise CommandError(f"No local authority with the code {options['area']!r}.")
        for name in options["paths"]:
            path = Path(name)
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
                raise CommandError(f"{path}: not a readable JSON file ({error}).") from error
            try:
                with acting(channel="command"):
                    result = directory_import(actor=None, data=data, default_area=area, source=path.name)
            except ValidationError as error:
                raise CommandError(f"{path}: {'; '.join(error.messages)}") from error
            self.stdout.write(
                f"{path.name}: {result.created} added, {result.updated} updated, {result.agencies_created} new providers, {len(result.skipped)} skipped"
            )
