"""The multi-agency chronology: entries, corrections, filters, exports and need-to-know."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cylch.audit.models import AuditEntry
from cylch.chronology.models import ChronologyEntry
from cylch.core import testing
from cylch.organisations.models import Agency
from cylch.people.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    cs_team = testing.make_team()
    lead = testing.make_person(Role.PRACTITIONER, cs_team, language="cy")
    child = testing.make_child(involved_team=cs_team, practitioner=lead, is_lead=True, given_names="Seren", family_name="Prawf")
    police_team = testing.make_team(agency=testing.make_agency(kind=Agency.Kind.POLICE))
    officer = testing.make_person(Role.PRACTITIONER, police_team)
    from cylch.children.models import Involvement

    Involvement.objects.create(
        child=child,
        agency=police_team.agency,
        team=police_team,
        practitioner=officer,
        role_for_child="police_ppo",
        reason="Test",
        basis=Involvement.Basis.STATUTORY,
        statutory_basis="safeguarding",
        no_agreement_justification="Test",
    )
    outsider = testing.make_person(Role.PRACTITIONER)
    return {"child": child, "lead": lead, "officer": officer, "outsider": outsider, "cs": cs_team.agency, "police": police_team.agency}


def _add(client: Client, child_id: int, **values: str) -> object:
    data = {
        "occurred_on": timezone.localdate().strftime("%d %m %Y"),
        "occurred_time": "09:30",
        "entry_type": "visit",
        "summary": "Home visit",
        "detail": "",
        "significance": "routine",
        "sensitivity": "general",
    }
    data.update(values)
    return client.post(reverse("chronology:add", args=[child_id]), data)


def test_entries_from_each_agency_merge_into_one_timeline(world) -> None:  # type: ignore[no-untyped-def]
    lead = testing.sign_in_verified(Client(), world["lead"])
    officer = testing.sign_in_verified(Client(), world["officer"])
    assert _add(lead, world["child"].pk, summary="Home visit: Seren showed her room").status_code == 302  # type: ignore[attr-defined]
    assert _add(officer, world["child"].pk, entry_type="police", summary="Call-out to the home", significance="significant").status_code == 302  # type: ignore[attr-defined]
    entries = ChronologyEntry.objects.filter(child=world["child"])
    assert {e.source_agency_id for e in entries} == {world["cs"].pk, world["police"].pk}
    page = lead.get(reverse("chronology:timeline", args=[world["child"].pk])).content.decode()
    assert "Home visit: Seren showed her room" in page and "Call-out to the home" in page
    significant = lead.get(reverse("chronology:timeline", args=[world["child"].pk]), {"view": "significant"}).content.decode()
    assert "Call-out to the home" in significant and "Home visit: Seren" not in significant
    by_agency = lead.get(reverse("chronology:timeline", args=[world["child"].pk]), {"agency": world["police"].pk}).content.decode()
    assert "Call-out to the home" in by_agency and "Home visit: Seren" not in by_agency
    assert AuditEntry.objects.filter(action="cylch.chronology.entry.added", child_id=world["child"].pk).count() == 2


def test_an_event_in_the_future_is_refused_and_nothing_changes(world) -> None:  # type: ignore[no-untyped-def]
    lead = testing.sign_in_verified(Client(), world["lead"])
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).strftime("%d %m %Y")
    response = _add(lead, world["child"].pk, occurred_on=tomorrow)
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert "cannot be dated in the future" in response.content.decode()  # type: ignore[attr-defined]
    assert not ChronologyEntry.objects.exists()


def test_a_correction_is_appended_and_the_original_stays_visible(world) -> None:  # type: ignore[no-untyped-def]
    lead = testing.sign_in_verified(Client(), world["lead"])
    _add(lead, world["child"].pk, summary="Visit on Monday")
    original = ChronologyEntry.objects.get()
    response = lead.post(
        reverse("chronology:correct", args=[world["child"].pk, original.pk]),
        {
            "occurred_on": timezone.localdate().strftime("%d %m %Y"),
            "occurred_time": "10:00",
            "summary": "Visit on Tuesday",
            "significance": "routine",
            "reason": "Wrong day recorded",
        },
    )
    assert response.status_code == 302
    assert ChronologyEntry.objects.count() == 2
    correction = ChronologyEntry.objects.exclude(pk=original.pk).get()
    assert correction.corrects == original and correction.correction_reason == "Wrong day recorded"
    page = lead.get(reverse("chronology:timeline", args=[world["child"].pk])).content.decode()
    assert "<del>Visit on Monday</del>" in page and "Visit on Tuesday" in page
    # The original cannot be corrected twice; a correction needs a reason.
    again = lead.post(
        reverse("chronology:correct", args=[world["child"].pk, original.pk]),
        {"occurred_on": timezone.localdate().strftime("%d %m %Y"), "summary": "x", "significance": "routine", "reason": "y"},
    )
    assert again.status_code == 200 and ChronologyEntry.objects.count() == 2


def test_sensitive_entries_are_hidden_from_agencies_without_need_to_know(world) -> None:  # type: ignore[no-untyped-def]
    officer = testing.sign_in_verified(Client(), world["officer"])
    lead = testing.sign_in_verified(Client(), world["lead"])
    _add(lead, world["child"].pk, summary="Adoption planning meeting", sensitivity="adoption")
    assert "Adoption planning meeting" in lead.get(reverse("chronology:timeline", args=[world["child"].pk])).content.decode()
    assert "Adoption planning meeting" not in officer.get(reverse("chronology:timeline", args=[world["child"].pk])).content.decode()
    entry = ChronologyEntry.objects.get()
    assert officer.get(reverse("chronology:correct", args=[world["child"].pk, entry.pk])).status_code == 404


def test_someone_outside_the_team_gets_404_everywhere(world) -> None:  # type: ignore[no-untyped-def]
    lead = testing.sign_in_verified(Client(), world["lead"])
    _add(lead, world["child"].pk)
    entry = ChronologyEntry.objects.get()
    outsider = testing.sign_in_verified(Client(), world["outsider"])
    child_id = world["child"].pk
    for url in [
        reverse("chronology:timeline", args=[child_id]),
        reverse("chronology:add", args=[child_id]),
        reverse("chronology:correct", args=[child_id, entry.pk]),
        reverse("chronology:export", args=[child_id, "csv"]),
        reverse("chronology:export", args=[child_id, "pdf"]),
    ]:
        assert outsider.get(url).status_code == 404, url
    assert _add(outsider, child_id).status_code == 404  # type: ignore[attr-defined]
    assert ChronologyEntry.objects.count() == 1


def test_exports_follow_the_chosen_language_and_are_audited(world) -> None:  # type: ignore[no-untyped-def]
    import pypdf

    lead = testing.sign_in_verified(Client(), world["lead"])
    _add(lead, world["child"].pk, summary="=SUM(A1) looks like a formula", significance="critical")
    url = reverse("chronology:export", args=[world["child"].pk, "csv"])
    english = lead.get(url, {"lang": "en"})
    rows = list(csv.reader(io.StringIO(english.content.decode("utf-8-sig"))))
    assert rows[0][0] == "When" and rows[1][2] == "Critical"
    assert rows[1][4].startswith("'=")  # not run as a formula by a spreadsheet
    welsh = lead.get(url, {"lang": "cy"})
    assert list(csv.reader(io.StringIO(welsh.content.decode("utf-8-sig"))))[0][0] != "When"
    pdf = lead.get(reverse("chronology:export", args=[world["child"].pk, "pdf"]), {"lang": "cy"})
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Seren Prawf" in text and "Multi-agency chronology" not in text
    exports = AuditEntry.objects.filter(action="cylch.chronology.export.made", child_id=world["child"].pk)
    assert sorted(e.changes["format"] for e in exports) == ["csv", "csv", "pdf"]
    assert lead.get(reverse("chronology:export", args=[world["child"].pk, "docx"])).status_code == 404


def test_the_timeline_query_count_is_constant_as_the_chronology_grows(world) -> None:  # type: ignore[no-untyped-def]
    lead = testing.sign_in_verified(Client(), world["lead"])
    url = reverse("chronology:timeline", args=[world["child"].pk])

    def count() -> int:
        lead.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert lead.get(url, {"page": 2}).status_code == 200
        return len([q for q in queries.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))])

    def grow(n: int) -> None:
        now = timezone.now()
        ChronologyEntry.objects.bulk_create(
            ChronologyEntry(
                child=world["child"],
                occurred_at=now - datetime.timedelta(hours=i + 1),
                entry_type="visit",
                summary=f"Entry {i}",
                source_agency=world["cs"] if i % 2 else world["police"],
                author=world["lead"],
            )
            for i in range(n)
        )

    grow(120)
    small = count()
    grow(2000)
    assert count() == small
    assert small <= 12
