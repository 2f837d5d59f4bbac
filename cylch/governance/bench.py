"""Benchmarks of partnership governance over the synthetic Wales dataset (`manage.py bench`),
for the partnership covering the most children, signed in as its business manager:

- "accountability ledger page": its open actions beside the counts of open and overdue actions
  in the children's plans of its areas, per agency (an aggregate over every plan action there).
- "annual report: assemble the figures (12 months)": every live measure, the ledger, meetings and
  risks for a year, as done when a report is started, refreshed or published.
- "annual report page (draft)": the draft with its kept figures and the edit form.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpResponse
from django.urls import reverse

from cylch.core.bench import BenchContext, Benchmark, BenchmarkError, Request, register

PERIOD = (datetime.date(2025, 4, 1), datetime.date(2026, 3, 31))


def _partnership_and_client() -> tuple[Any, Any]:
    from cylch.governance.models import BoardMeeting
    from cylch.partnerships.bench import _largest_partnership, _manager_client

    partnership = _largest_partnership()
    if not BoardMeeting.objects.filter(partnership=partnership).exists():
        raise BenchmarkError("The synthetic partnership has no governance: run `manage.py make_synthetic`.")
    return partnership, _manager_client(partnership)


def _ledger(ctx: BenchContext) -> Request:
    partnership, client = _partnership_and_client()
    url = reverse("accountability:ledger", args=[partnership.pk])
    return lambda: client.get(url)


def _assemble(ctx: BenchContext) -> Request:
    from cylch.governance.report import report_figures

    partnership, _client = _partnership_and_client()

    def run() -> HttpResponse:
        figures = report_figures(actor=ctx.person, partnership=partnership, start=PERIOD[0], end=PERIOD[1])
        return HttpResponse(f"{len(figures['measures'])} measures, {figures['actions']['agreed']} actions agreed for {partnership.code}")

    return run


def _report_page(ctx: BenchContext) -> Request:
    from cylch.governance.models import AnnualReport
    from cylch.governance.report import prefilled_sections, report_figures

    partnership, client = _partnership_and_client()
    report = AnnualReport.objects.filter(partnership=partnership, status=AnnualReport.Status.DRAFT).first()
    if report is None:  # made once, untimed, without the audit trail (synthetic data writes none)
        figures = report_figures(actor=ctx.person, partnership=partnership, start=PERIOD[0], end=PERIOD[1])
        report = AnnualReport.objects.create(
            partnership=partnership,
            period_start=PERIOD[0],
            period_end=PERIOD[1],
            sections=prefilled_sections(partnership=partnership, figures=figures, start=PERIOD[0], end=PERIOD[1]),
            figures=figures,
            created_by=ctx.person,
        )
    url = reverse("governance:report", args=[partnership.pk, report.pk])
    return lambda: client.get(url)


register(Benchmark("accountability ledger page", target_ms=300, max_queries=20, setup=_ledger))
register(Benchmark("annual report: assemble the figures (12 months)", target_ms=3000, max_queries=60, setup=_assemble, max_runs=5))
register(Benchmark("annual report page (draft)", target_ms=300, max_queries=25, setup=_report_page))
