from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cylch.audit.services import audit_chain_verify


class Command(BaseCommand):
    help = "Walk the audit chain and report the first broken link."

    def handle(self, *args: Any, **options: Any) -> None:
        report = audit_chain_verify()
        if report.problem:
            where = f"entry {report.broken_at}" if report.broken_at is not None else "the end of the chain"
            raise CommandError(
                f"Audit chain broken at {where}: {report.problem} ({report.checked} entries verified before it)."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {report.checked} entries verified."))
