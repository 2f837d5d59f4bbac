"""Page benchmarks: a small registry, a runner and a report.

`manage.py bench` (and `make bench`) loads the synthetic Wales dataset, signs
in one representative synthetic practitioner and runs every registered
`Benchmark`. Each benchmark has a budget: a median server time (`target_ms`)
and a number of database queries (`max_queries`).

Server time is measured in-process through Django's test client: the request
goes through every middleware, the view, the queries and the template, but no
network, web server or browser. The query count is taken with
`CaptureQueriesContext` on separate runs, so capturing does not slow the timed
runs.

Add a benchmark from any app by calling `register()` in a module named
`bench.py` in that app (the command imports every installed app's `bench`
module first):

    from cylch.core.bench import Benchmark, BenchContext, register

    def _child_summary(ctx: BenchContext) -> Request:
        client = ctx.signed_in_client()
        child = ...  # choose a representative synthetic record once, here, not per run
        url = reverse("children:summary", args=[child.pk])
        return lambda: client.get(url)

    register(Benchmark("child summary", target_ms=50, max_queries=15, setup=_child_summary))

`setup` is called once, before any run; it returns a function that makes one
request and returns the response. The runner checks the response status
(200 unless `expected_status` says otherwise), counts the queries and times it.

A benchmark of something slower than a page (a service over the whole dataset)
sets `max_runs`: it is then run once untimed, which also counts its queries, and
measured at most `max_runs` times. Its function returns an `HttpResponse` too
(status 200, saying what it did).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.http import HttpResponseBase
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cylch.people.models import Membership, Person, Role

DEFAULT_RUNS = 30
DEFAULT_WARMUP = 5
QUERY_RUNS = 3  # runs under CaptureQueriesContext; the most queries any of them made is reported

Request = Callable[[], HttpResponseBase]


class BenchmarkError(Exception):
    """A benchmark could not run (for example the page answered with an error)."""


@dataclass
class BenchContext:
    """What benchmarks share: the person whose session they use."""

    person: Person

    def anonymous_client(self) -> Client:
        return Client()

    def signed_in_client(self) -> Client:
        """A client whose session is signed in and verified by a second factor as `person`."""
        from cylch.core.testing import sign_in_verified

        return sign_in_verified(Client(), self.person)


@dataclass(frozen=True)
class Benchmark:
    name: str
    target_ms: float
    max_queries: int
    setup: Callable[[BenchContext], Request]
    expected_status: int = 200
    # Slow, non-page benchmarks: at most this many measured runs, after one untimed run that counts the queries.
    max_runs: int | None = None


@dataclass(frozen=True)
class Result:
    benchmark: Benchmark
    median_ms: float
    queries: int
    runs: int

    @property
    def time_ok(self) -> bool:
        return self.median_ms < self.benchmark.target_ms

    @property
    def queries_ok(self) -> bool:
        return self.queries <= self.benchmark.max_queries

    @property
    def passed(self) -> bool:
        return self.time_ok and self.queries_ok


BENCHMARKS: list[Benchmark] = []


def register(benchmark: Benchmark) -> Benchmark:
    """Add a benchmark to the registry; names must be unique."""
    if any(existing.name == benchmark.name for existing in BENCHMARKS):
        raise ValueError(f"A benchmark called {benchmark.name!r} is already registered.")
    BENCHMARKS.append(benchmark)
    return benchmark


def select(names: Iterable[str] | None = None, benchmarks: Sequence[Benchmark] | None = None) -> list[Benchmark]:
    """The registered benchmarks, or only those named (in registry order)."""
    pool = list(BENCHMARKS if benchmarks is None else benchmarks)
    if not names:
        return pool
    wanted = set(names)
    unknown = wanted - {b.name for b in pool}
    if unknown:
        known = ", ".join(repr(b.name) for b in pool)
        raise BenchmarkError(f"No benchmark called {', '.join(sorted(map(repr, unknown)))}. Known: {known}.")
    return [b for b in pool if b.name in wanted]


# --- Measuring. ----------------------------------------------------------------------------------


def _check(benchmark: Benchmark, response: HttpResponseBase) -> None:
    if response.status_code != benchmark.expected_status:
        where = f" to {response['Location']}" if response.has_header("Location") else ""
        raise BenchmarkError(
            f"{benchmark.name}: expected status {benchmark.expected_status}, got {response.status_code}{where}."
        )


def count_queries(request: Request) -> tuple[int, HttpResponseBase]:
    """Make one request and return how many queries it made, and the response."""
    with CaptureQueriesContext(connection) as captured:
        response = request()
    return len(captured.captured_queries), response


def time_runs(request: Request, runs: int, warmup: int = DEFAULT_WARMUP) -> list[float]:
    """Milliseconds for each of `runs` requests, after `warmup` untimed ones."""
    for _ in range(warmup):
        request()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        request()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def run_benchmark(
    benchmark: Benchmark, ctx: BenchContext, *, runs: int = DEFAULT_RUNS, warmup: int = DEFAULT_WARMUP
) -> Result:
    if runs < 1:
        raise BenchmarkError("At least one measured run is needed.")
    request = benchmark.setup(ctx)
    if benchmark.max_runs is not None:
        runs = min(runs, benchmark.max_runs)
        queries, response = count_queries(request)
        _check(benchmark, response)
        timings = time_runs(request, runs, warmup=0)
        return Result(benchmark=benchmark, median_ms=statistics.median(timings), queries=queries, runs=runs)
    # The first request fills caches (templates, translations, content types):
    # check it works, then count queries on warm requests only.
    _check(benchmark, request())
    queries = 0
    for _ in range(QUERY_RUNS):
        count, response = count_queries(request)
        _check(benchmark, response)
        queries = max(queries, count)
    timings = time_runs(request, runs, warmup)
    return Result(benchmark=benchmark, median_ms=statistics.median(timings), queries=queries, runs=runs)


def run_benchmarks(
    benchmarks: Sequence[Benchmark],
    ctx: BenchContext,
    *,
    runs: int = DEFAULT_RUNS,
    warmup: int = DEFAULT_WARMUP,
    on_result: Callable[[Result], Any] | None = None,
) -> list[Result]:
    results = []
    for benchmark in benchmarks:
        result = run_benchmark(benchmark, ctx, runs=runs, warmup=warmup)
        results.append(result)
        if on_result is not None:
            on_result(result)
    return results


# --- The dataset and the person. -----------------------------------------------------------------


def representative_person() -> Person:
    """A synthetic practitioner with a current membership (the first by email, so always the same one)."""
    from cylch.organisations.management.commands.make_synthetic import EMAIL_DOMAIN

    person = (
        Person.objects.filter(
            email__endswith=f"@{EMAIL_DOMAIN}",
            is_active=True,
            pk__in=Membership.objects.current().filter(role=Role.PRACTITIONER).values("person_id"),
        )
        .order_by("email")
        .first()
    )
    if person is None:
        raise BenchmarkError("No synthetic practitioner found: run `manage.py make_synthetic` first.")
    return person


def dataset_summary() -> dict[str, int]:
    from cylch.organisations.models import Agency, Team

    return {
        "people": Person.objects.count(),
        "teams": Team.objects.count(),
        "agencies": Agency.objects.count(),
        "memberships": Membership.objects.count(),
    }


def database_description() -> str:
    name = connection.display_name
    if connection.vendor == "postgresql":
        version = connection.pg_version  # type: ignore[attr-defined]
        name += f" {version // 10000}.{version % 10000}"
    elif connection.vendor == "sqlite":
        import sqlite3

        name += f" {sqlite3.sqlite_version}"
    return name


# --- The report. ---------------------------------------------------------------------------------

HEADER = (
    "Server time: each page is requested in-process through Django's test client "
    "(middleware, view, queries and template; no network, web server or browser)."
)
COLUMNS = ("benchmark", "median ms", "target ms", "queries", "max queries", "result")


def _row(result: Result) -> tuple[str, ...]:
    b = result.benchmark
    verdict = "PASS" if result.passed else "FAIL"
    if not result.passed:
        missed = [what for what, ok in (("time", result.time_ok), ("queries", result.queries_ok)) if not ok]
        verdict += f" ({', '.join(missed)})"
    return (
        b.name,
        f"{result.median_ms:.1f}",
        f"< {b.target_ms:g}",
        str(result.queries),
        f"<= {b.max_queries}",
        verdict,
    )


def format_table(results: Sequence[Result]) -> str:
    rows = [COLUMNS, *(_row(r) for r in results)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    numeric = {1, 2, 3, 4}

    def line(row: Sequence[str]) -> str:
        cells = [cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i]) for i, cell in enumerate(row)]
        return " | ".join(cells).rstrip()

    rule = "-+-".join("-" * w for w in widths)
    return "\n".join([line(rows[0]), rule, *(line(row) for row in rows[1:])])


def format_header(*, database: str, dataset: dict[str, int], person: Person, runs: int, warmup: int) -> str:
    sizes = ", ".join(f"{count:,} {name}" for name, count in dataset.items())
    return "\n".join(
        [
            f"Database: {database}",
            f"Dataset: {sizes}",
            f"Signed in as: {person.email} (verified session)",
            f"Runs: {runs} measured after {warmup} warm-up, per benchmark; median reported",
            HEADER,
        ]
    )


def format_report(results: Sequence[Result], header: str = "") -> str:
    parts = [header, ""] if header else []
    parts.append(format_table(results))
    for result in results:
        if result.benchmark.max_runs is not None:
            parts.append(
                f"{result.benchmark.name}: {result.runs} measured, after one untimed run that counted the queries."
            )
    failed = [r for r in results if not r.passed]
    parts.append("")
    parts.append(
        f"{len(failed)} of {len(results)} benchmarks missed their targets."
        if failed
        else "All benchmarks met their targets."
    )
    return "\n".join(parts)


# --- The benchmarks of this app. -----------------------------------------------------------------


def _sign_in_page(ctx: BenchContext) -> Request:
    from django.urls import reverse

    client = ctx.anonymous_client()
    url = reverse("signin:sign_in")
    return lambda: client.get(url)


def _home_page(ctx: BenchContext) -> Request:
    from django.urls import reverse

    client = ctx.signed_in_client()
    url = reverse("core:home")
    return lambda: client.get(url)


register(Benchmark("sign-in page", target_ms=30, max_queries=10, setup=_sign_in_page))
register(Benchmark("home page", target_ms=30, max_queries=10, setup=_home_page))
