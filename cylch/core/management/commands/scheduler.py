import time
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from cylch.core.scheduling import scheduled_jobs_enqueue


class Command(BaseCommand):
    help = "Enqueue the periodic jobs declared in cylch/schedule.py, once per slot."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="Check once and exit.")
        parser.add_argument("--interval", type=int, default=30)

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            names = scheduled_jobs_enqueue(now=timezone.now())
            for name in names:
                self.stdout.write(f"Enqueued {name}")
            if options["once"]:
                return
            time.sleep(options["interval"])
