"""Pages take a fixed number of queries however much a record holds."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cylch.children.models import ActiveOffer, Address, Child, Identifier, NetworkMember, VoiceEntry
from cylch.core import testing
from cylch.organisations.models import Agency
from cylch.people.models import Role

from .conftest import involve, signed_in_client

pytestmark = pytest.mark.django_db

# 15, and one for each alert provider after the register (cylch.missing: an open missing episode).
SUMMARY_MAX_QUERIES = 16


def _record(involvements: int, network: int, voices: int) -> tuple[Child, object]:
    """A child with a lead professional and the given numbers of agencies, network members and entries."""
    area = testing.make_area()
    lead_team = testing.make_team(testing.make_agency(Agency.Kind.CHILDRENS_SERVICES, area))
    lead = testing.make_person(Role.PRACTITIONER, lead_team)
    child = testing.make_child(involved_team=lead_team, practitioner=lead, is_lead=True, local_authority=area)
    kinds = [Agency.Kind.HEALTH, Agency.Kind.POLICE, Agency.Kind.SCHOOL, Agency.Kind.HOUSING, Agency.Kind.YOUTH_JUSTICE]
    authors = [lead]
    for n in range(involvements - 1):
        team = testing.make_team(testing.make_agency(kinds[n % len(kinds)], area))
        practitioner = testing.make_person(Role.PRACTITIONER, team)
        involve(child, team, practitioner)
        authors.append(practitioner)
    for n in range(network):
        NetworkMember.objects.create(
            child=child,
            full_name=f"Member {n}",
            relationship="aunt_uncle",
            is_trusted_adult=n % 3 == 0,
            phone="01970 000000",
        )
    today = timezone.localdate()
    sensitivities = ["general", "sexual_health", "health_detail", "criminal_investigation"]
    for n in range(voices):
        VoiceEntry.objects.create(
            child=child,
            words=f"Words {n}",
            language="cy",
            captured_on=today - datetime.timedelta(days=n),
            captured_by=authors[n % len(authors)],
            method="conversation",
            sensitivity=sensitivities[n % len(sensitivities)],
        )
    for n in range(3):
        Identifier.objects.create(child=child, kind="la_case_number", value=f"CASE-{child.pk}-{n}")
    Address.objects.create(
        child=child, line_1="1 Stryd", town="Aberystwyth", postcode="SY23 1AA", local_authority=area, moved_in_on=today
    )
    ActiveOffer.objects.create(child=child, offered_at=timezone.now(), offered_by=lead, answer="accepted_welsh")
    return child, lead


# Statements every signed-in request makes whatever the page: loading and saving the
# session, the person and their authenticator, and the savepoints the test's own
# transaction turns nested atomic blocks into.
OVERHEAD = re.compile(
    r"^(SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO SAVEPOINT|BEGIN)"
    r'|"django_session"'
    r'|"otp_totp_totpdevice"'
    r'|^SELECT [^;]* FROM "people_person" WHERE "people_person"."id" = \d+ LIMIT 21$'
)


def _is_overhead(sql: str) -> bool:
    return bool(OVERHEAD.search(sql))


def _summary_queries(child: Child, person: object) -> list[str]:
    client = signed_in_client(person)  # type: ignore[arg-type]
    url = reverse("children:summary", args=[child.pk])
    client.get(url)  # warm the session and any per-process caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in queries.captured_queries]


def test_summary_page_uses_at_most_15_queries_however_big_the_record(django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    small_child, small_lead = _record(involvements=3, network=5, voices=2)
    big_child, big_lead = _record(involvements=30, network=50, voices=10)

    big = _summary_queries(big_child, big_lead)
    page = [sql for sql in big if not _is_overhead(sql)]
    assert len(page) <= SUMMARY_MAX_QUERIES, "\n".join(page)
    overhead = len(big) - len(page)
    assert overhead <= 8, "\n".join(sql for sql in big if _is_overhead(sql))

    client = signed_in_client(big_lead)  # type: ignore[arg-type]
    url = reverse("children:summary", args=[big_child.pk])
    client.get(url)
    with django_assert_max_num_queries(SUMMARY_MAX_QUERIES + overhead):
        response = client.get(url)
    html = response.content.decode()
    assert "Member 0" in html  # a trusted adult is listed
    assert html.count("Test Agency") >= 30  # every involved agency is named
    assert "Words 0" in html  # the latest words

    # The same number of queries for a record a tenth of the size.
    small = _summary_queries(small_child, small_lead)
    assert len(big) == len(small), "\n".join(big)


def test_summary_queries_are_the_same_for_an_agency_overseer() -> None:
    """Access through agency oversight takes no more queries as the record grows."""
    small_child, small_lead = _record(involvements=3, network=5, voices=2)
    big_child, big_lead = _record(involvements=30, network=50, voices=10)
    small_overseer = testing.make_person(
        Role.SAFEGUARDING_LEAD, testing.make_team(small_child.involvements.get(is_lead=True).agency)
    )
    big_overseer = testing.make_person(
        Role.SAFEGUARDING_LEAD, testing.make_team(big_child.involvements.get(is_lead=True).agency)
    )
    assert len(_summary_queries(big_child, big_overseer)) == len(_summary_queries(small_child, small_overseer))


def _similar_children(count: int, dob: datetime.date) -> tuple[object, object]:
    """`count` children called Megan Davies born the same day: a third visible to the searcher."""
    searcher_team = testing.make_team()
    searcher = testing.make_person(Role.PRACTITIONER, searcher_team)
    other_teams = [testing.make_team() for _ in range(4)]
    for n in range(count):
        team = searcher_team if n % 3 == 0 else other_teams[n % 4]
        child = testing.make_child(
            involved_team=team,
            given_names="Megan" if n % 2 else "Megan Haf",
            family_name="Davies" if n % 2 else "Davis",
            date_of_birth=dob,
        )
        if n % 5 == 0:
            involve(child, other_teams[(n + 1) % 4])
    return searcher, searcher_team


def _search_queries(searcher: object, dob: datetime.date) -> tuple[int, str]:
    client = signed_in_client(searcher)  # type: ignore[arg-type]
    params = {"name": "Megan Davies", "date_of_birth": dob.strftime("%d %m %Y")}
    client.get(reverse("children:search"), params)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("children:search"), params)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_search_queries_do_not_grow_with_the_number_of_children() -> None:
    few_dob, many_dob = datetime.date(2012, 1, 1), datetime.date(2013, 1, 1)
    few_searcher, _ = _similar_children(20, few_dob)
    many_searcher, _ = _similar_children(200, many_dob)
    few, few_html = _search_queries(few_searcher, few_dob)
    many, many_html = _search_queries(many_searcher, many_dob)
    assert "A record exists" in few_html and "A record exists" in many_html
    assert "Your team is involved" in few_html and "Your team is involved" in many_html
    assert few_html.count('<tr class="govuk-table__row">') - 1 == 20
    assert few == many
