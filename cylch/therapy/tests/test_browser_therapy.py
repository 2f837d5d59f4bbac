"""Browser scenario: therapeutic support for a care-experienced child, tried as a new user would.

A social worker who uses Cylch in Welsh (Alys, the lead professional) records the need of a
looked-after demo child, Gwenno Breuddwyd, in Welsh, with Gwenno's own words; chooses the
Welsh-speaking play therapy service Cylch suggests first, and sends the referral. The
provider's therapist (Siwan, who reads Cylch in English and is not in the team around the
child) finds it among the referrals to her agency's services, sees only what it shares, and
declines it: Cylch refuses until she names an onward route. Alys then sees the wait of
Gwenno's earlier referral on "My work", overdue, and after the reminder job her manager is
told (the escalation), while the declined referral shows its onward route.

Every page visited passes axe-core and the CSP check; labels are looked up in the Welsh
catalogue, so the test also proves the pages are translated.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from cylch.audit.context import acting
from cylch.children.models import Child
from cylch.core.demo import DemoRegion
from cylch.core.models import Notification
from cylch.core.reference_data import code_label
from cylch.core.tests.browser import Visitor, cy, region_fixture, visit_fixture
from cylch.core.tests.conftest import axe_source, browser  # noqa: F401 - fixtures used by this module
from cylch.core.tests.test_browser import follow, html_lang, path_of
from cylch.people.models import Person
from cylch.therapy.models import Referral, Service, TherapeuticNeed
from cylch.timescales.models import DueItem
from cylch.timescales.services import due_items_remind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def label(list_name: str, code: str, language: str) -> str:
    with translation.override(language):
        return code_label(list_name, code)


visit = visit_fixture()
region = region_fixture()


def test_social_worker_refers_in_welsh_provider_declines_with_an_onward_route_lead_sees_the_wait(
    region: DemoRegion, visit: Callable[[Person], Visitor], axe_source: str  # noqa: F811
) -> None:
    gwenno = Child.objects.get(given_names="Gwenno", family_name="Breuddwyd")
    alys_person, siwan_person, bryn = region.people["practitioner"], region.people["therapist"], region.people["manager"]
    welsh_service = Service.objects.get(name_en="Chwarae Teg Play Therapy (in Welsh)")
    # Seren keeps the school and the health visitor outside her team (other journeys rely on it).
    seren = Child.objects.get(given_names="Seren Haf")
    assert not seren.involvements.filter(agency__kind__in=["school", "health"], ended_on__isnull=True).exists()

    # 1. Alys records Gwenno's need, in Welsh.
    alys = visit(alys_person)
    page = alys.page
    page.goto(f"/children/{gwenno.pk}/")
    assert html_lang(page) == "cy"
    follow(page, page.get_by_role("navigation", name=cy("Sections of the record")).get_by_role("link", name=cy("Therapeutic support")))
    assert path_of(page) == f"/children/{gwenno.pk}/therapeutic-support/"
    alys.check(axe_source)
    follow(page, page.get_by_role("link", name=cy("Record a need for therapeutic support")))
    alys.check(axe_source)
    # Sending it empty shows the error summary in Welsh and records nothing.
    follow(page, page.get_by_role("button", name=cy("Record the need")))
    assert page.get_by_text(cy("Describe the need for therapeutic support."), exact=True).first.is_visible()
    assert TherapeuticNeed.objects.filter(child=gwenno).count() == 1  # only the demo's earlier need
    alys.check(axe_source)
    page.get_by_role("radio", name=label("care_status", "looked_after", "cy"), exact=True).check()
    page.get_by_role("radio", name=label("diagnosis_status", "none", "cy"), exact=True).check()
    page.get_by_role("radio", name=label("therapy_help_for", "both", "cy"), exact=True).check()
    page.get_by_label(cy("The need for therapeutic support"), exact=True).fill("Mae Gwenno yn cael hunllefau ers symud lleoliad.")
    page.get_by_label(cy("What help the child wants, in their own words"), exact=True).fill("Dw i eisiau chwarae a siarad yn Gymraeg efo rhywun clên.")
    page.get_by_label(cy("Where the child wants the help"), exact=True).fill("Adref efo Eirlys")
    page.get_by_role("radio", name=label("therapy_language", "cy", "cy"), exact=True).check()
    page.get_by_role("radio", name=label("therapy_consent", "assent", "cy"), exact=True).check()
    page.get_by_label(cy("The carers' views"), exact=True).fill("Mae Eirlys eisiau cyngor am amser gwely.")
    follow(page, page.get_by_role("button", name=cy("Record the need")))
    need = TherapeuticNeed.objects.filter(child=gwenno).order_by("-pk").first()
    assert need is not None and need.child_language == "cy"
    assert path_of(page) == f"/children/{gwenno.pk}/therapeutic-support/needs/{need.pk}/"
    alys.check(axe_source)

    # 2. The Welsh-speaking service comes first among the matches; she chooses it and sends.
    first = page.get_by_test_id("suggestions").locator("tbody tr").first
    assert welsh_service.name_cy in first.inner_text()
    assert "CAMHS" not in page.get_by_test_id("suggestions").inner_text()  # needs a diagnosis Gwenno does not have
    with translation.override("cy"):
        refer = gettext("Refer to %(name)s") % {"name": welsh_service.name_cy}
    follow(page, first.get_by_role("link", name=refer, exact=True))
    alys.check(axe_source)
    follow(page, page.get_by_role("button", name=cy("Send the referral")))
    referral = Referral.objects.get(need=need)
    assert referral.state == Referral.State.SENT and referral.service == welsh_service
    assert path_of(page) == f"/therapeutic-support/referrals/{referral.pk}/"
    assert page.get_by_test_id("referral-state").inner_text() == cy("Sent")
    alys.check(axe_source)

    # 3. The therapist finds it, sees only what it shares, and declines it: an onward route is required.
    siwan = visit(siwan_person)
    tpage = siwan.page
    tpage.goto("/therapeutic-support/services/")
    assert html_lang(tpage) == "en"
    siwan.check(axe_source)
    follow(tpage, tpage.get_by_role("link", name="Referrals to my agency's services"))
    siwan.check(axe_source)
    follow(tpage, tpage.get_by_test_id("received").get_by_role("link", name=gwenno.display_name))
    assert tpage.get_by_test_id("provider-view").is_visible()
    assert "Dw i eisiau chwarae" in tpage.get_by_test_id("need").inner_text()
    siwan.check(axe_source)
    assert tpage.goto(f"/children/{gwenno.pk}/").status == 404  # not in the team around the child
    tpage.go_back()
    follow(tpage, tpage.get_by_test_id("moves").get_by_role("link", name="Declined"))
    siwan.check(axe_source)
    tpage.get_by_label("Why", exact=True).fill("Our Welsh-speaking therapist is on leave until the spring.")
    follow(tpage, tpage.get_by_role("button", name="Confirm"))
    assert tpage.get_by_text("Choose the onward route: another service, consultation for the carers, or a named next step.").first.is_visible()
    referral.refresh_from_db()
    assert referral.state == Referral.State.SENT
    siwan.check(axe_source)
    tpage.get_by_role("radio", name=label("onward_route", "carer_consultation", "en"), exact=True).check()
    tpage.get_by_label("What happens next", exact=True).fill("We offer Eirlys a consultation on Welsh bedtime routines next week.")
    follow(tpage, tpage.get_by_role("button", name="Confirm"))
    referral.refresh_from_db()
    assert referral.state == Referral.State.DECLINED and referral.onward_route == "carer_consultation"
    assert tpage.get_by_test_id("onward").is_visible()
    siwan.check(axe_source)

    # 4. Alys sees the decline with its onward route, and on "My work" the wait of Gwenno's earlier
    # referral, overdue for first contact; the reminder job escalates it to her manager.
    page.reload()
    assert page.get_by_test_id("referral-state").inner_text() == cy("Declined")
    assert label("onward_route", "carer_consultation", "cy") in page.get_by_test_id("onward").inner_text()
    alys.check(axe_source)
    item = DueItem.objects.get(child=gwenno, rule__code="therapy-first-contact", state=DueItem.State.OPEN)
    page.goto("/work/")
    row = page.locator("tbody tr").filter(has_text=item.rule.name_cy).filter(has_text=gwenno.display_name)
    assert row.count() == 1, page.locator("tbody tr").all_inner_texts()
    assert cy("Overdue") in row.inner_text()
    alys.check(axe_source)
    with acting(channel="job"):
        due_items_remind(now=timezone.now())
    assert Notification.objects.filter(recipient=alys_person, kind="cylch.timescales.overdue.owner_reminder", dedupe_key__startswith=f"due-{item.pk}-").exists()
    assert Notification.objects.filter(recipient=bryn, kind="cylch.timescales.overdue.team_manager", dedupe_key__startswith=f"due-{item.pk}-").exists()
    follow(page, row.get_by_role("link").first)
    alys.check(axe_source)
    page.goto("/messages/")
    assert gwenno.display_name in page.locator("main").inner_text()
    alys.check(axe_source)
