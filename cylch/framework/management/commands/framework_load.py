from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from cylch.framework.services import framework_load


class Command(BaseCommand):
    help = (
        "Load the Framework content shipped in cylch/framework/content/framework.json. Loading again "
        "changes nothing; wording published in Cylch or imported is kept unless --force."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--force", action="store_true", help="Replace wording published in Cylch or imported with the shipped wording (as a new version)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = framework_load(force=options["force"])
        except ValidationError as error:
            raise CommandError("The content file has problems:\n" + "\n".join(error.messages)) from None
        for label, codes in (("New", result.created), ("New version", result.updated), ("Kept (newer wording made in Cylch or imported; --force replaces it)", result.kept)):
            for code in codes:
                self.stdout.write(f"{label}: {code}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Framework content loaded: {len(result.created)} new, {len(result.updated)} new versions, "
                f"{len(result.unchanged)} unchanged, {len(result.kept)} kept."
            )
        )
