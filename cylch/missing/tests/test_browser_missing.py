"""Browser scenario: a looked-after child goes missing, tried as a new user would.

In the demo region, Lili Mai Enghraifft-Jones (looked after, with a Child Information Form and two
episodes in the last 90 days):

1. her foster carer's supervising social worker (English) updates the Child Information Form and
   adds a photograph;
2. the police officer (English) reports her missing and then records her return;
3. the lead professional (Welsh) sees the return interview fall due on "My work", records it in
   Welsh, and sees that this third episode in 90 days asks for a strategy discussion, and why;
4. the partnership manager (Welsh) sees the statistics: counts, a chart and the same numbers in a table.

Every page visited passes axe-core and the CSP check; Welsh labels come from the catalogue.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from cylch.children.models import Child
from cylch.core.demo import DemoRegion
from cylch.core.tests.browser import Visitor, cy, region_fixture, visit_fixture
from cylch.core.tests.test_browser import follow, html_lang, path_of
from cylch.missing.demo import _lili
from cylch.missing.models import ChildInformationForm, MissingEpisode, ReturnInterview
from cylch.missing.tests.factories import image_bytes
from cylch.people.models import Person
from cylch.timescales.models import DueItem

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def typed(moment: datetime.datetime) -> tuple[str, str]:
    local = timezone.localtime(moment)
    return f"{local.day} {local.month} {local.year}", local.strftime("%H:%M")


visit = visit_fixture()
region = region_fixture()


def lili() -> Child:
    child = _lili()
    assert child is not None
    assert MissingEpisode.objects.filter(child=child).count() == 2
    return child


def test_a_looked_after_child_goes_missing_and_comes_back(
    region: DemoRegion, visit: Callable[[Person], Visitor], axe_source: str, tmp_path: Any
) -> None:
    child = lili()

    # 1. The supervising social worker updates the Child Information Form, with a photograph.
    tomos = visit(region.people["supervising"])
    page = tomos.page
    page.goto(f"/children/{child.pk}/")
    assert html_lang(page) == "en"
    follow(page, page.get_by_role("navigation", name="Sections of the record").get_by_role("link", name="Going missing"))
    assert path_of(page) == f"/children/{child.pk}/missing/"
    assert page.get_by_test_id("practice-note-link").count() == 1
    tomos.check(axe_source)
    follow(page, page.get_by_role("navigation", name="Going missing").get_by_role("link", name="Child Information Form"))
    tomos.check(axe_source)
    follow(page, page.get_by_role("link", name="Update the form"))
    tomos.check(axe_source)
    page.get_by_label("Clothing they usually wear").fill("Blue school coat, grey hoodie, white trainers.")
    photo = tmp_path / "lili.jpg"
    photo.write_bytes(image_bytes())
    page.get_by_label("Recent photograph").set_input_files(str(photo))
    follow(page, page.get_by_role("button", name="Save the form"))
    assert path_of(page) == f"/children/{child.pk}/missing/information-form/"
    assert "Blue school coat" in page.get_by_test_id("information-form").inner_text()
    assert page.locator("img.cylch-missing-photo").evaluate("(img) => img.naturalWidth") > 0
    tomos.check(axe_source)
    form = ChildInformationForm.objects.get(child=child)
    assert form.last_reviewed_by == region.people["supervising"] and not form.review_after_episode

    # 2. The police report Lili missing, then record that she has been found.
    ifan = visit(region.people["police"])
    page = ifan.page
    page.goto(f"/children/{child.pk}/missing/")
    follow(page, page.get_by_role("link", name="Report the child missing"))
    ifan.check(axe_source)
    now = timezone.now().replace(second=0, microsecond=0)
    seen_day, seen_time = typed(now - datetime.timedelta(hours=3))
    reported_day, reported_time = typed(now - datetime.timedelta(hours=2))
    page.get_by_label("Date the child was last seen").fill(seen_day)
    page.get_by_label("Time the child was last seen").fill(seen_time)
    page.get_by_label("Where the child was last seen").fill("Foster home")
    page.get_by_label("Date reported missing").fill(reported_day)
    page.get_by_label("Time reported missing").fill(reported_time)
    page.get_by_label("Who reported the child missing").fill("Foster carer Bethan Ffuglen")
    page.get_by_label("Police reference").fill("DV-0001-M")
    page.get_by_role("radio", name="Medium risk", exact=True).check()
    follow(page, page.get_by_role("button", name="Save", exact=True))
    episode = MissingEpisode.objects.get(child=child, found_at__isnull=True)
    assert path_of(page) == f"/children/{child.pk}/missing/episodes/{episode.pk}/"
    assert page.get_by_test_id("still-missing").count() == 1
    ifan.check(axe_source)
    page.goto("/missing/")
    assert child.display_name in page.get_by_test_id("currently-missing").inner_text()
    ifan.check(axe_source)
    page.goto(f"/children/{child.pk}/missing/episodes/{episode.pk}/")
    follow(page, page.get_by_role("link", name="Record that the child has been found"))
    ifan.check(axe_source)
    # A found time in the future is refused with a message, and nothing changes.
    future_day, future_time = typed(now + datetime.timedelta(hours=5))
    page.get_by_label("Date the child was found").fill(future_day)
    page.get_by_label("Time the child was found").fill(future_time)
    page.get_by_label("Where the child was found").fill("Demo Valley bus station")
    follow(page, page.get_by_role("button", name="Save", exact=True))
    assert "cannot be in the future" in page.locator(".govuk-error-summary").inner_text()
    ifan.check(axe_source)
    found_day, found_time = typed(now - datetime.timedelta(minutes=1))
    page.get_by_label("Date the child was found").fill(found_day)
    page.get_by_label("Time the child was found").fill(found_time)
    page.get_by_label("Who the child was with").fill("Ffion, Cerys")
    follow(page, page.get_by_role("button", name="Save", exact=True))
    assert "To be offered by" in page.get_by_test_id("interview-due").inner_text()
    ifan.check(axe_source)

    # 3. The lead professional, in Welsh, sees the return interview due and records it.
    sioned = visit(region.people["lacworker"])
    page = sioned.page
    page.goto("/")
    follow(page, page.get_by_role("link", name=cy("My work")).first)
    assert html_lang(page) == "cy"
    work = page.get_by_test_id("work-items").inner_text()
    assert "Cynnig cyfweliad dychwelyd" in work and child.display_name in work
    assert "Trafodaeth strategaeth amlasiantaethol" in work
    sioned.check(axe_source)
    page.goto(f"/children/{child.pk}/missing/")
    reason = page.get_by_test_id("open-item-reason").inner_text()
    assert "90" in reason and "diwrnod" in reason
    sioned.check(axe_source)
    page.goto(f"/children/{child.pk}/missing/episodes/{episode.pk}/")
    follow(page, page.get_by_role("link", name=cy("Record the return interview")))
    sioned.check(axe_source)
    page.get_by_label(cy("Who offered it")).fill("Sioned Prawf, gweithiwr cymdeithasol")
    page.get_by_role("radio", name=cy("Accepted"), exact=True).check()
    page.get_by_label(cy("Who conducted it")).fill("Eiriolwr annibynnol")
    page.get_by_label(cy("Date the interview was held")).fill(found_day)
    page.get_by_label(cy("Time it was held")).fill(typed(timezone.now())[1])
    page.get_by_label(cy("What the child said, in their own words")).fill("Roeddwn i eisiau gweld Jac. Mae'n ddrwg gen i.")
    page.get_by_role("radio", name=cy("Welsh"), exact=True).check()
    follow(page, page.get_by_role("button", name=cy("Save the return interview")))
    interview = ReturnInterview.objects.get(episode=episode)
    assert interview.child_words_language == "cy" and interview.response == "accepted"
    assert 'lang="cy"' in page.get_by_test_id("child-words").evaluate("(el) => el.outerHTML")
    sioned.check(axe_source)
    assert DueItem.objects.get(rule__code="return-interview", trigger_id=str(episode.pk)).state == DueItem.State.MET
    page.goto(f"/children/{child.pk}/missing/")
    assert page.get_by_test_id("triggers").count() == 1
    sioned.check(axe_source)

    # 4. The partnership manager (Welsh) sees the same episodes as counts only, chart and table.
    dafydd = visit(region.people["partnership"])
    page = dafydd.page
    page.goto("/")
    follow(page, page.get_by_role("link", name=cy("Missing children statistics")).first)
    assert html_lang(page) == "cy"
    assert page.get_by_test_id("total-episodes").inner_text() == "3"
    assert child.display_name not in page.content()
    assert page.locator("svg.cylch-missing-chart rect").count() >= 2
    dafydd.check(axe_source)
