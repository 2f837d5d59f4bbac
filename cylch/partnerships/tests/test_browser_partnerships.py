"""Browser test: as a partnership manager, open a self-assessment cycle, rate Delivery with the
live measures beside it, agree an improvement action owned by the health board and sign the
cycle off; in English and in Welsh, with axe and the CSP checked on every page.

The demo partnership manager (Dafydd) is the business manager of the Demo Valley Safeguarding
Board. The other member agencies' ratings are put in through the service while the cycle is
open, as they would arrive from the agencies themselves, so that only Delivery for the health
board is rated in the browser.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone, translation

from cylch.accountability.models import LedgerAction
from cylch.core.demo import DemoRegion
from cylch.core.tests.browser import Visitor, cy, region_fixture, visit_fixture
from cylch.core.tests.conftest import PageLog
from cylch.core.tests.test_browser import check_page, follow, html_lang, path_of
from cylch.framework.models import Indicator, Standard
from cylch.partnerships.models import AssessmentCycle, Partnership, Rating
from cylch.people.models import Person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def label(text: str, language: str) -> str:
    """The interface string in the page's language, from the compiled catalogue."""
    return text if language == "en" else cy(text)


def typed(day: datetime.date) -> str:
    return f"{day.day} {day.month} {day.year}"


visit = visit_fixture(watch_static=True)
region = region_fixture()


@pytest.fixture
def manager_page(region: DemoRegion, visit: Callable[[Person], Visitor], request: Any) -> tuple[Any, PageLog, Any, Any]:
    language = request.param
    dafydd = region.people["partnership"]
    dafydd.language = language
    dafydd.save(update_fields=["language"])
    manager = visit(dafydd)
    return manager.page, manager.log, region, language


def _rate_the_others(cycle: AssessmentCycle, health: Any, actor: Any) -> None:
    """Every member agency's ratings except the health board's Delivery ones."""
    rows = [
        Rating(
            cycle=cycle,
            agency=agency,
            indicator=indicator,
            score="3",
            evidence_link="https://example.invalid/evidence" if indicator.evidence_required else "",
            rated_by=actor,
        )
        for agency in cycle.partnership.agencies.all()
        for indicator in Indicator.objects.select_related("standard")
        if not (agency == health and indicator.standard.code == "delivery")
    ]
    Rating.objects.bulk_create(rows)


@pytest.mark.parametrize("manager_page", ["en", "cy"], indirect=True)
def test_partnership_manager_runs_a_self_assessment_cycle(manager_page: tuple[Any, PageLog, Any, str], axe_source: str) -> None:
    page, log, region, language = manager_page
    t = lambda text: label(text, language)  # noqa: E731
    health = region.agencies["demo-health"]
    health_lead = region.people["healthdsl"]
    partnership = Partnership.objects.get(code="demo-rsb")

    # Partnerships, from the navigation.
    page.goto("/")
    follow(page, page.get_by_role("link", name=t("Partnerships"), exact=True).first)
    assert html_lang(page) == language
    check_page(page, axe_source, log)
    follow(page, page.get_by_role("link", name=partnership.name_cy if language == "cy" else partnership.name_en))
    assert path_of(page) == f"/partnerships/{partnership.pk}/"
    check_page(page, axe_source, log)

    # The joint accountability matrix: one clear table, Delivery already agreed in the demo.
    follow(page, page.get_by_role("link", name=t("Joint accountability matrix")))
    table = page.get_by_role("table")
    assert table.locator("caption").count() == 1
    assert health_lead.full_name in table.inner_text()
    check_page(page, axe_source, log)
    page.go_back()

    # Open a cycle: a period, a deadline.
    follow(page, page.get_by_role("link", name=t("Open a self-assessment cycle")))
    check_page(page, axe_source, log)
    today = timezone.localdate()
    page.get_by_label(t("Start of the period assessed"), exact=True).fill(typed(today - datetime.timedelta(days=365)))
    page.get_by_label(t("End of the period assessed"), exact=True).fill(typed(today))
    page.get_by_label(t("Deadline for member agencies' ratings"), exact=True).fill(typed(today + datetime.timedelta(days=28)))
    follow(page, page.get_by_role("button", name=t("Save"), exact=True))
    cycle = AssessmentCycle.objects.get(partnership=partnership, status=AssessmentCycle.Status.OPEN)
    assert path_of(page) == f"/partnerships/{partnership.pk}/cycles/{cycle.pk}/"
    assert page.get_by_text(t("Self-assessment cycle opened. Member agencies can now rate themselves.")).is_visible()
    check_page(page, axe_source, log)

    # Signing off now is refused: nothing is rated yet.
    follow(page, page.get_by_role("link", name=t("Sign the cycle off")))
    follow(page, page.get_by_role("button", name=t("Sign off"), exact=True))
    assert page.locator(".govuk-error-summary").get_by_text(t("The cycle cannot be signed off while ratings are open.")).is_visible()
    check_page(page, axe_source, log)
    follow(page, page.get_by_role("link", name=t("Back to the cycle")))

    # The other agencies send their ratings in.
    _rate_the_others(cycle, health, region.people["partnership"])

    # Delivery, with the live measures beside the indicators.
    with translation.override(language):
        delivery_title = Standard.objects.get(code="delivery").title
    follow(page, page.get_by_role("link", name=delivery_title, exact=True))
    assert path_of(page) == f"/partnerships/{partnership.pk}/cycles/{cycle.pk}/standards/delivery/"
    measures = page.get_by_role("complementary", name=t("Live measures"))
    assert measures.get_by_text(t("Initial child protection conferences held within 15 working days")).is_visible()
    assert measures.get_by_text(t("Plan actions overdue")).is_visible()
    check_page(page, axe_source, log)

    for indicator in Indicator.objects.filter(standard__code="delivery").order_by("position", "code"):
        rate = page.locator(f'a[href$="/indicators/{indicator.pk}/rate/"]')
        assert rate.inner_text().startswith(t("Rate this indicator"))
        follow(page, rate)
        check_page(page, axe_source, log)
        page.get_by_label(t("Agency rating itself"), exact=True).select_option(str(health.pk))
        page.get_by_role("radio", name=re.compile(r"^2: ")).check()
        page.get_by_label(t("What shows this, in your own words"), exact=True).fill("Conference audit, quarter 4")
        if indicator.evidence_required:
            # Without evidence the rating is refused with a clear message, and nothing is kept.
            follow(page, page.get_by_role("button", name=t("Save the rating")))
            summary = page.locator(".govuk-error-summary")
            assert summary.get_by_text(
                t("This indicator needs evidence: upload a document or give a link to the evidence before you rate it")
            ).is_visible()
            assert not Rating.objects.filter(cycle=cycle, agency=health, indicator=indicator).exists()
            check_page(page, axe_source, log)
            page.get_by_label(t("Link to the evidence"), exact=True).fill("https://example.invalid/conference-audit")
        follow(page, page.get_by_role("button", name=t("Save the rating")))
        assert page.get_by_text(t("Rating saved.")).is_visible()
        assert Rating.objects.get(cycle=cycle, agency=health, indicator=indicator).score == "2"

    # Agree an improvement action owned by the health board.
    follow(page, page.get_by_role("link", name=t("Agree an improvement action for this standard")))
    check_page(page, axe_source, log)
    page.get_by_label(t("What will be done"), exact=True).fill("Weekly review of conferences due, with the health board")
    page.get_by_label(t("Owning agency"), exact=True).select_option(str(health.pk))
    page.get_by_label(t("Named person"), exact=True).select_option(str(health_lead.pk))
    page.get_by_label(t("Due date"), exact=True).fill(typed(today + datetime.timedelta(days=90)))
    follow(page, page.get_by_role("button", name=t("Save"), exact=True))
    action = LedgerAction.objects.get(source_kind="self_assessment", source_id=str(cycle.pk))
    assert (action.owner_agency, action.owner, action.standard.code) == (health, health_lead, "delivery")  # type: ignore[union-attr]
    assert page.get_by_role("cell", name="Weekly review of conferences due, with the health board").is_visible()
    check_page(page, axe_source, log)

    # Sign the cycle off.
    follow(page, page.get_by_role("link", name=t("Sign the cycle off")))
    check_page(page, axe_source, log)
    page.get_by_label(t("Board decision"), exact=True).fill("Signed off at the board")
    follow(page, page.get_by_role("button", name=t("Sign off"), exact=True))
    assert page.get_by_text(t("Cycle signed off.")).is_visible()
    cycle.refresh_from_db()
    assert cycle.status == AssessmentCycle.Status.SIGNED_OFF
    check_page(page, axe_source, log)

    # Progress over cycles and the national view: charts beside accessible tables.
    page.goto(f"/partnerships/{partnership.pk}/progress/")
    assert page.locator("svg[role=img]").count() >= 1
    check_page(page, axe_source, log)
    page.goto("/partnerships/national/")
    assert page.get_by_role("table").count() == 2
    check_page(page, axe_source, log)
