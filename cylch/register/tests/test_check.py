"""The register check: yes or no, since, categories and whom to ring; nothing else; always audited."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from cylch.audit.models import AuditEntry
from cylch.core import testing
from cylch.core.models import Notification
from cylch.meetings.tests.factories import NHS_NUMBER, World, register_at_conference, signed_in_client, wales
from cylch.people.models import Role
from cylch.register import services

pytestmark = pytest.mark.django_db


def _set_duty_line(world: World) -> None:
    admin = testing.make_person(Role.AGENCY_ADMIN, testing.make_team(world.cs_agency))
    services.duty_line_set(actor=admin, agency=world.cs_agency, phone="01597 827 666", notes_en="Out of hours: 0800 123 456")


def test_a_child_on_the_register_is_found_by_nhs_number(world: World) -> None:
    register_at_conference(world, at=wales(2026, 6, 1, 11))
    _set_duty_line(world)
    result = services.register_check(actor=world.checker, nhs_number="943 476 5919")
    assert result.on_register
    [answer] = result.answers
    assert answer.since == datetime.date(2026, 6, 1)
    assert answer.categories == ["Emotional or psychological abuse", "Neglect"]
    assert answer.contact_agency == "Test Children's Services"
    assert answer.contact_phone == "01597 827 666"
    entry = AuditEntry.objects.get(action="cylch.register.check.made")
    assert entry.kind == AuditEntry.Kind.ACCESS and entry.child_id == world.child.pk and entry.actor == world.checker
    assert "NHS number 9434765919" in entry.reason
    notice = Notification.objects.get(recipient=world.lead, kind="cylch.register.checked")
    assert notice.params["agency"] == "Test Hospital"


def test_a_child_on_the_register_is_found_by_name_and_date_of_birth_despite_small_spelling_differences(world: World) -> None:
    register_at_conference(world, at=wales(2026, 6, 1, 11))
    assert services.register_check(actor=world.checker, given_names="Megan", family_name="Pritchard", date_of_birth=datetime.date(2017, 2, 3)).on_register
    assert services.register_check(actor=world.checker, given_names="Meghan", family_name="Prichard", date_of_birth=datetime.date(2017, 2, 3)).on_register
    assert not services.register_check(actor=world.checker, given_names="Megan", family_name="Pritchard", date_of_birth=datetime.date(2017, 2, 4)).on_register
    assert not services.register_check(actor=world.checker, given_names="Sian", family_name="Pritchard", date_of_birth=datetime.date(2017, 2, 3)).on_register


def test_a_check_that_matches_nobody_is_audited_too(world: World) -> None:
    result = services.register_check(actor=world.checker, given_names="Nobody", family_name="Here", date_of_birth=datetime.date(2015, 1, 1))
    assert not result.on_register and result.answers == []
    entry = AuditEntry.objects.get(action="cylch.register.check.no_match")
    assert entry.kind == AuditEntry.Kind.ACCESS
    assert entry.child_id is None
    assert "Nobody Here" in entry.reason


def test_a_child_not_on_the_register_is_a_plain_no_audited_against_the_record(world: World) -> None:
    result = services.register_check(actor=world.checker, nhs_number=NHS_NUMBER)
    assert not result.on_register
    assert AuditEntry.objects.filter(action="cylch.register.check.no_match").count() == 1
    assert not Notification.objects.filter(kind="cylch.register.checked").exists()


def test_an_ended_registration_is_a_no(world: World) -> None:
    register_at_conference(world, at=wales(2026, 6, 1, 11))
    from cylch.register.models import Registration

    services.registration_end(
        actor=world.lead, registration=Registration.objects.get(), reason="moved_out_of_uk", detail="Moved to Spain", ended_on=datetime.date(2026, 6, 8)
    )
    assert not services.register_check(actor=world.checker, nhs_number=NHS_NUMBER).on_register


def test_only_authorised_roles_may_check(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.register_check(actor=world.lead, nhs_number=NHS_NUMBER)
    dsl = testing.make_person(Role.SAFEGUARDING_LEAD, testing.make_team())
    services.register_check(actor=dsl, nhs_number=NHS_NUMBER)


def test_the_check_page_reveals_nothing_but_the_answer(world: World) -> None:
    register_at_conference(world, at=wales(2026, 6, 1, 11))
    _set_duty_line(world)
    client = signed_in_client(world.checker)
    page = client.get(reverse("register:check"))
    assert page.status_code == 200
    response = client.post(reverse("register:check"), {"nhs_number": "943 476 5919"})
    html = response.content.decode()
    assert "On the register: yes" in html
    assert "1 June 2026" in html
    assert "Emotional or psychological abuse, Neglect" in html
    assert "01597 827 666" in html and "Test Children&#x27;s Services" in html
    for secret in ["Megan", "Pritchard", "Lowri", "2017", "Pedr", "Test Police", "Continuing risk", str(world.child.pk) + "/"]:
        assert secret not in html, secret
    # A name search without a date of birth is refused.
    refused = client.post(reverse("register:check"), {"given_names": "Megan", "family_name": "Pritchard"})
    assert "Enter the child&#x27;s NHS number, or their given name, family name and date of birth." in refused.content.decode()
    # A practitioner who is not authorised gets 403.
    assert signed_in_client(world.outsider).post(reverse("register:check"), {"nhs_number": NHS_NUMBER}).status_code == 403
    assert AuditEntry.objects.filter(action__startswith="cylch.register.check.").count() == 1


def test_the_check_page_says_no_for_an_unknown_child_and_audits_it(world: World) -> None:
    client = signed_in_client(world.checker)
    response = client.post(reverse("register:check"), {"given_names": "Ffion", "family_name": "Jones", "date_of_birth": "1 1 2016"})
    assert "On the register: no" in response.content.decode()
    assert AuditEntry.objects.filter(action="cylch.register.check.no_match", actor=world.checker).count() == 1


def test_an_invalid_nhs_number_is_refused_before_searching(world: World) -> None:
    client = signed_in_client(world.checker)
    response = client.post(reverse("register:check"), {"nhs_number": "943 476 5918"})
    assert "check digit" in response.content.decode()
    assert not AuditEntry.objects.filter(action__startswith="cylch.register.check.").exists()
