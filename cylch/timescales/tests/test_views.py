"""The timescales pages: everyone signed in reads them; partnership managers change them."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cylch.audit.models import AuditEntry
from cylch.core import testing
from cylch.people.models import Person, Role
from cylch.timescales import selectors, services
from cylch.timescales.models import DueItem, TimescaleRule
from cylch.timescales.views import period_text

from .conftest import NOW, World, wales

pytestmark = pytest.mark.django_db

DETAIL = reverse("timescales:detail", args=["initial-conference"])
VALID = {"version": "1", "unit": "working_days", "amount": "10", "note": "Wales Safeguarding Procedures revised"}


def client_for(person: Person) -> Client:
    return testing.sign_in_verified(Client(), person)


def state() -> tuple[list[tuple[Any, ...]], int]:
    """Every rule version and the number of audit entries: what a refused change must leave alone."""
    rules = list(TimescaleRule.objects.order_by("pk").values_list("pk", "code", "version", "is_current", "unit", "amount"))
    return rules, AuditEntry.objects.filter(kind=AuditEntry.Kind.CHANGE).count()


@pytest.fixture
def manager() -> Person:
    return testing.make_person(Role.PARTNERSHIP_MANAGER)


@pytest.fixture
def practitioner() -> Person:
    return testing.make_person(Role.PRACTITIONER)


# --- The list -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.AUDITOR, Role.SYSTEM_ADMIN, Role.PARTNERSHIP_MANAGER, None])
def test_everyone_signed_in_sees_every_current_rule(role: str | None) -> None:
    response = client_for(testing.make_person(role)).get(reverse("timescales:list"))
    assert response.status_code == 200
    html = response.content.decode()
    for rule in TimescaleRule.objects.filter(is_current=True):
        assert reverse("timescales:detail", args=[rule.code]) in html
        assert rule.name_en.replace("'", "&#x27;") in html
    assert "15 working days" in html
    assert "72 hours (clock time)" in html
    assert "6 weeks" in html
    assert "3 months" in html
    assert "7 days" in html
    assert "Wales Safeguarding Procedures" in html  # the source


def test_the_list_shows_the_version_in_force_and_its_note(manager: Person) -> None:
    services.rule_change(actor=manager, code="initial-conference", unit="working_days", amount=12, note="Changed for the test")
    html = client_for(testing.make_person(Role.PRACTITIONER)).get(reverse("timescales:list")).content.decode()
    assert "12 working days" in html
    assert "Changed for the test" in html
    assert html.count("Initial child protection conference") == 1


def test_the_list_is_in_welsh_for_a_welsh_speaker() -> None:
    client = client_for(testing.make_person(Role.PRACTITIONER, language="cy"))
    client.cookies["cylch_language"] = "cy"
    html = client.get(reverse("timescales:list")).content.decode()
    assert "Cynhadledd amddiffyn plant gychwynnol" in html


def test_signed_out_people_are_sent_to_sign_in() -> None:
    response = Client().get(reverse("timescales:list"))
    assert response.status_code == 302
    assert reverse("signin:sign_in") in response["Location"]


def test_the_selectors_refuse_anyone_not_verified() -> None:
    person = testing.make_person(Role.PARTNERSHIP_MANAGER)  # no second factor given
    with pytest.raises(PermissionDenied):
        selectors.rule_list(actor=person)
    with pytest.raises(PermissionDenied):
        selectors.rule_history(actor=person, code="initial-conference")


# --- A rule's page ------------------------------------------------------------------------------


def test_a_practitioner_sees_the_rule_and_its_history_but_no_form(manager: Person, practitioner: Person) -> None:
    services.rule_change(actor=manager, code="initial-conference", unit="working_days", amount=12, note="Trial period")
    response = client_for(practitioner).get(DETAIL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Initial child protection conference" in html
    assert "12 working days" in html and "15 working days" in html
    assert "Trial period" in html
    assert manager.full_name in html
    assert "Set when Cylch was installed" in html
    assert [row.rule.version for row in response.context["history"]] == [2, 1]
    assert response.context["form"] is None
    assert 'name="amount"' not in html


def test_a_partnership_manager_sees_the_change_form(manager: Person) -> None:
    response = client_for(manager).get(DETAIL)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="amount"' in html and 'name="unit"' in html and 'name="note"' in html
    assert 'value="15"' in html


def test_an_unknown_rule_is_404(manager: Person) -> None:
    assert client_for(manager).get(reverse("timescales:detail", args=["no-such-rule"])).status_code == 404
    assert client_for(manager).post(reverse("timescales:detail", args=["no-such-rule"]), VALID).status_code == 404


def test_a_partnership_manager_changes_a_rule(clock: Any, manager: Person) -> None:
    child = testing.make_child(involved_team=testing.make_team(), practitioner=manager, is_lead=True)
    (item,) = services.due_items_raise(
        actor=manager, child=child, trigger="strategy_discussion_held", trigger_type="strategy", trigger_id=1, triggered_at=NOW
    )
    client = client_for(manager)
    response = client.post(DETAIL, VALID)
    assert response.status_code == 302
    assert response["Location"] == DETAIL
    new = TimescaleRule.objects.get(code="initial-conference", is_current=True)
    assert (new.version, new.unit, new.amount, new.change_note, new.changed_by) == (
        2,
        "working_days",
        10,
        "Wales Safeguarding Procedures revised",
        manager,
    )
    assert AuditEntry.objects.filter(action="cylch.timescales.rule.changed", actor=manager).count() == 1
    item.refresh_from_db()
    assert item.due_at == wales(2026, 6, 24, 23, 59, 59)
    page = client.get(response["Location"])
    messages = " ".join(str(m) for m in page.context["messages"])
    assert "Version 2 is now in force. 1 open item was recalculated." in messages


def test_a_practitioner_gets_403_on_post_and_nothing_changes(practitioner: Person) -> None:
    before = state()
    response = client_for(practitioner).post(DETAIL, VALID)
    assert response.status_code == 403
    assert state() == before


@pytest.mark.parametrize("role", [Role.TEAM_MANAGER, Role.SAFEGUARDING_LEAD, Role.DATA_PROTECTION_LEAD, Role.AUDITOR, Role.AGENCY_ADMIN, Role.SYSTEM_ADMIN])
def test_no_other_role_may_change_a_rule(role: str) -> None:
    before = state()
    assert client_for(testing.make_person(role)).post(DETAIL, VALID).status_code == 403
    assert state() == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose a unit."),
        ({**VALID, "unit": ""}, "Choose a unit."),
        ({**VALID, "unit": "fortnights"}, "Choose a unit."),
        ({**VALID, "amount": ""}, "Enter the amount of time allowed."),
        ({**VALID, "amount": "ten"}, "Enter the amount as a whole number, like 15."),
        ({**VALID, "amount": "1.5"}, "Enter the amount as a whole number, like 15."),
        ({**VALID, "amount": "0"}, "Enter a number from 1 to 1000."),
        ({**VALID, "amount": "-3"}, "Enter a number from 1 to 1000."),
        ({**VALID, "amount": "1001"}, "Enter a number from 1 to 1000."),
        ({**VALID, "amount": "9" * 5000}, "Enter the amount as a whole number, like 15."),
        ({**VALID, "note": ""}, "Record why the timescale is changing and on what authority."),
        ({**VALID, "note": "   "}, "Record why the timescale is changing and on what authority."),
        ({**VALID, "note": "x" * 2001}, "The note must be 2000 characters or fewer."),
        ({**VALID, "note": "a\x00b"}, "Null characters are not allowed."),
        ({**VALID, "amount": "15"}, "This is the timescale already in force. Change the unit or the amount."),
    ],
)
def test_bad_input_shows_the_error_summary_and_changes_nothing(manager: Person, data: dict[str, str], message: str) -> None:
    before = state()
    response = client_for(manager).post(DETAIL, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "There is a problem" in html
    assert message in html.replace("&#x27;", "'")
    assert "<title>Error:" in html
    assert state() == before


def test_a_stale_form_is_refused_and_shows_the_version_now_in_force(manager: Person) -> None:
    other = testing.make_person(Role.PARTNERSHIP_MANAGER)
    services.rule_change(actor=other, code="initial-conference", unit="working_days", amount=12, note="Someone else")
    before = state()
    response = client_for(manager).post(DETAIL, VALID)  # the form was filled in against version 1
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else changed this timescale" in html
    assert 'name="version" value="2"' in html
    assert state() == before
    # Saving again, now against version 2, goes through.
    assert client_for(manager).post(DETAIL, {**VALID, "version": "2"}).status_code == 302
    assert TimescaleRule.objects.get(code="initial-conference", is_current=True).version == 3


HYPOTHESIS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
junk = st.one_of(
    st.text(max_size=60),
    st.sampled_from(["", " ", "0", "-1", "1e3", "15", "99999999999999999999", "<script>", "\x00", "working_days", "hours", "😀" * 50]),
)


@HYPOTHESIS
@given(data=st.dictionaries(keys=st.sampled_from(["version", "unit", "amount", "note"]), values=junk, max_size=4))
def test_junk_never_makes_a_server_error(manager: Person, data: dict[str, str]) -> None:
    before = state()
    response = client_for(manager).post(DETAIL, data)
    assert response.status_code in {200, 302}
    if response.status_code == 200:
        assert state() == before


# --- Wording ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "amount", "text"),
    [
        ("hours", 1, "1 hour (clock time)"),
        ("hours", 72, "72 hours (clock time)"),
        ("working_days", 1, "1 working day"),
        ("working_days", 15, "15 working days"),
        ("calendar_days", 7, "7 days"),
        ("weeks", 1, "1 week"),
        ("months", 3, "3 months"),
    ],
)
def test_period_text(unit: str, amount: int, text: str) -> None:
    assert period_text(unit, amount) == text


def test_the_pages_do_not_reveal_due_items(world: World) -> None:
    services.due_items_raise(
        actor=world.recorder, child=world.child, trigger="strategy_discussion_held", trigger_type="strategy", trigger_id=1, triggered_at=NOW
    )
    assert DueItem.objects.exists()
    html = client_for(world.recorder).get(DETAIL).content.decode()
    assert world.child.family_name not in html


def test_the_error_summary_links_to_each_field(manager: Person) -> None:
    html = client_for(manager).post(DETAIL, {}).content.decode()
    for anchor in ("#id_unit_0", "#id_amount", "#id_note"):
        assert f'href="{anchor}"' in html
    assert 'id="id_unit_0"' in html and 'id="id_amount"' in html and 'id="id_note"' in html
