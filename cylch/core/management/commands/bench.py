"""Benchmark the main pages against their budgets of time and queries.

    python manage.py bench [--seed 1] [--runs 30] [--warmup 5] [--only NAME]

Migrates, loads the synthetic Wales dataset (`make_synthetic --scale wales`,
which does nothing when synthetic data is already there), signs in a synthetic
practitioner and runs every benchmark registered in `cylch.core.bench` or in
any installed app's `bench` module. Prints one row per benchmark and exits
non-zero when any of them misses its target. `make bench` runs it against a
throwaway PostgreSQL server.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.test.utils import override_settings
from django.utils.module_loading import autodiscover_modules

from cylch.core import bench


class Command(BaseCommand):
    verbosity = 1
    help = "Load the synthetic Wales dataset and benchmark pages against their time and query budgets."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1, help="Seed for make_synthetic (default 1).")
        parser.add_argument("--scale", default="wales", help="make_synthetic scale (default wales).")
        parser.add_argument("--runs", type=int, default=bench.DEFAULT_RUNS, help="Measured runs per benchmark.")
        parser.add_argument("--warmup", type=int, default=bench.DEFAULT_WARMUP, help="Untimed runs before measuring.")
        parser.add_argument(
            "--only", action="append", metavar="NAME", help="Run only this benchmark (may be given more than once)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if getattr(settings, "PRODUCTION", False):
            raise CommandError("Benchmarks load synthetic data and never run in production.")
        if options["runs"] < 1 or options["warmup"] < 0:
            raise CommandError("--runs must be at least 1 and --warmup at least 0.")
        autodiscover_modules("bench")
        try:
            benchmarks = bench.select(options["only"])
        except bench.BenchmarkError as error:
            raise CommandError(str(error)) from error

        verbosity = self.verbosity = options["verbosity"]
        self.stdout.write("Migrating…")
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(f"Loading synthetic data ({options['scale']}, seed {options['seed']})…")
        call_command(
            "make_synthetic",
            "--scale",
            options["scale"],
            "--seed",
            str(options["seed"]),
            stdout=self.stdout,
            verbosity=verbosity,
        )

        # Measure as production runs: DEBUG off (no query log, no debug
        # templates); the test client's host must be allowed.
        hosts = list(settings.ALLOWED_HOSTS)
        if "testserver" not in hosts and "*" not in hosts:
            hosts.append("testserver")
        with override_settings(DEBUG=False, ALLOWED_HOSTS=hosts):
            try:
                ctx = bench.BenchContext(person=bench.representative_person())
                header = bench.format_header(
                    database=bench.database_description(),
                    dataset=bench.dataset_summary(),
                    person=ctx.person,
                    runs=options["runs"],
                    warmup=options["warmup"],
                )
                self.stdout.write("")
                self.stdout.write(header)
                self.stdout.write("")
                results = bench.run_benchmarks(
                    benchmarks, ctx, runs=options["runs"], warmup=options["warmup"], on_result=self._progress
                )
            except bench.BenchmarkError as error:
                raise CommandError(str(error)) from error

        self.stdout.write(bench.format_report(results))
        failed = [r.benchmark.name for r in results if not r.passed]
        if failed:
            raise CommandError(f"Missed target: {', '.join(failed)}.")

    def _progress(self, result: bench.Result) -> None:
        if self.verbosity > 1:
            self.stdout.write(
                f"  measured: {result.benchmark.name} ({result.median_ms:.1f} ms, {result.queries} queries)"
            )
