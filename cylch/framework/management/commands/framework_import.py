import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cylch.framework.services import framework_import
from cylch.people.models import Person


class Command(BaseCommand):
    help = (
        "Publish the Framework's official text (English and Welsh) from a JSON file in the format "
        "described in docs/framework-content.md. The whole file is checked first; nothing changes "
        "if anything is wrong. Each part whose wording differs gets a new version with the file's change note."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", help="The JSON file to import.")
        parser.add_argument("--as", dest="email", default="", help="Email of the person importing (recorded as the publisher).")
        parser.add_argument("--dry-run", action="store_true", help="Check the file and report what would change, then change nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise CommandError(f"No such file: {path}") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(f"{path} is not valid UTF-8 JSON: {error}") from None
        actor = None
        if options["email"]:
            actor = Person.objects.filter(email__iexact=options["email"], is_active=True).first()
            if actor is None:
                raise CommandError(f"No active person with the email {options['email']}")
        try:
            with transaction.atomic():
                result = framework_import(actor=actor, data=data)
                if options["dry_run"]:
                    transaction.set_rollback(True)
        except ValidationError as error:
            raise CommandError("Nothing was imported. The file has problems:\n" + "\n".join(error.messages)) from None
        for version in result.versions:
            self.stdout.write(f"{version.document.code}: version {version.number}")
        verb = "Would publish" if options["dry_run"] else "Published"
        self.stdout.write(
            self.style.SUCCESS(f"{verb} {len(result.versions)} new versions ({len(result.created)} new parts); {len(result.unchanged)} unchanged.")
        )
