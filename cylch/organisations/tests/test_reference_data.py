"""The Wales reference data and the synthetic data built on it."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from cylch.audit.models import AuditEntry
from cylch.organisations.management.commands.make_synthetic import CODE_PREFIX, EMAIL_DOMAIN
from cylch.organisations.models import Agency, Area, Board, Team
from cylch.organisations.services import reference_data_load, reference_data_read
from cylch.people.models import Membership, Person, Role

pytestmark = pytest.mark.django_db


def _reference_snapshot() -> list[tuple]:
    areas = list(
        Area.objects.order_by("code").values_list(
            "code", "kind", "name_en", "name_cy", "health_board__code", "police_force__code"
        )
    )
    boards = [
        (
            board.code,
            board.kind,
            board.name_en,
            board.name_cy,
            tuple(sorted(a.code for a in board.local_authorities.all())),
        )
        for board in Board.objects.order_by("code").prefetch_related("local_authorities")
    ]
    return areas + boards


def _synthetic_snapshot() -> dict[str, list[tuple]]:
    return {
        "agencies": list(
            Agency.objects.filter(code__startswith=CODE_PREFIX)
            .order_by("code")
            .values_list("code", "kind", "area__code", "name_en", "name_cy")
        ),
        "teams": list(
            Team.objects.filter(code__startswith=CODE_PREFIX)
            .order_by("code")
            .values_list("code", "agency__code", "name_en", "name_cy")
        ),
        "people": list(
            Person.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}")
            .order_by("email")
            .values_list("email", "full_name", "language", "password")
        ),
        "memberships": sorted(
            Membership.objects.filter(person__email__endswith=f"@{EMAIL_DOMAIN}").values_list(
                "person__email", "team__code", "role", "valid_from", "valid_until"
            )
        ),
    }


def _delete_synthetic() -> None:
    from cylch.organisations.management.commands.make_synthetic import synthetic_children_delete

    synthetic_children_delete()
    Membership.objects.filter(person__email__endswith=f"@{EMAIL_DOMAIN}").delete()
    Person.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").delete()
    Team.objects.filter(code__startswith=CODE_PREFIX).delete()
    Agency.objects.filter(code__startswith=CODE_PREFIX).delete()


def test_counts_by_kind():
    reference_data_load()
    assert Area.objects.filter(kind=Area.Kind.LOCAL_AUTHORITY).count() == 22
    assert Area.objects.filter(kind=Area.Kind.HEALTH_BOARD).count() == 7
    assert Area.objects.filter(kind=Area.Kind.POLICE_FORCE).count() == 4
    assert Area.objects.filter(kind=Area.Kind.NHS_TRUST).count() == 3
    assert Area.objects.filter(kind=Area.Kind.NATIONAL, code="wales").count() == 1
    assert Board.objects.filter(kind=Board.Kind.REGIONAL_PARTNERSHIP).count() == 7
    assert Board.objects.filter(kind=Board.Kind.REGIONAL_SAFEGUARDING).count() == 6


def test_every_local_authority_has_a_health_board_and_police_force():
    reference_data_load()
    for la in Area.objects.filter(kind=Area.Kind.LOCAL_AUTHORITY).select_related("health_board", "police_force"):
        assert la.health_board is not None and la.health_board.kind == Area.Kind.HEALTH_BOARD, la.code
        assert la.police_force is not None and la.police_force.kind == Area.Kind.POLICE_FORCE, la.code


def test_every_local_authority_is_in_one_rpb_and_one_rsb():
    reference_data_load()
    for la in Area.objects.filter(kind=Area.Kind.LOCAL_AUTHORITY):
        assert la.boards.filter(kind=Board.Kind.REGIONAL_PARTNERSHIP).count() == 1, la.code
        assert la.boards.filter(kind=Board.Kind.REGIONAL_SAFEGUARDING).count() == 1, la.code


def test_each_rpb_lies_within_one_health_board():
    reference_data_load()
    for board in Board.objects.filter(kind=Board.Kind.REGIONAL_PARTNERSHIP):
        health_boards = set(board.local_authorities.values_list("health_board__code", flat=True))
        assert board.local_authorities.exists(), board.code
        assert len(health_boards) == 1, (board.code, health_boards)


def test_rsb_coverage_is_marked_unconfirmed():
    for entry in reference_data_read()["regional_safeguarding_boards"]:
        assert "unconfirmed" in entry["note"]


def test_loading_twice_changes_nothing():
    reference_data_load()
    before = _reference_snapshot()
    counts = reference_data_load()
    assert _reference_snapshot() == before
    assert counts["created"] == 0
    assert counts["changed"] == 0


def test_loading_records_one_audit_entry():
    reference_data_load()
    entries = AuditEntry.objects.filter(action="cylch.organisations.reference_data.loaded")
    before = entries.count()
    counts = reference_data_load()
    assert entries.count() == before + 1
    latest = entries.order_by("-id").first()
    assert latest is not None
    assert latest.changes == counts


def test_welsh_names():
    reference_data_load()
    for area in Area.objects.all():
        assert area.name_cy.strip(), area.code
        assert area.name_en.strip(), area.code
    for board in Board.objects.all():
        assert board.name_cy.strip(), board.code
    cardiff = Area.objects.get(code="la-cardiff")
    assert cardiff.name_en == "Cardiff"
    assert cardiff.name_cy == "Caerdydd"
    assert cardiff.name_cy != cardiff.name_en
    assert Area.objects.get(code="la-swansea").name_cy == "Abertawe"
    assert Area.objects.get(code="police-north-wales").name_cy == "Heddlu Gogledd Cymru"


def test_load_reference_data_command():
    out = StringIO()
    call_command("load_reference_data", stdout=out)
    assert "local_authorities: 22" in out.getvalue()


def test_make_synthetic_small_is_deterministic_and_idempotent():
    call_command("make_synthetic", "--scale", "small", "--seed", "1", stdout=StringIO())
    first = _synthetic_snapshot()
    assert 15 <= len(first["teams"]) <= 30
    assert len(first["people"]) == 100
    assert len(first["memberships"]) >= 100
    kinds = {kind for _code, kind, *_rest in first["agencies"]}
    assert kinds == set(Agency.Kind.values) - {Agency.Kind.PARTNERSHIP, Agency.Kind.SERVICE_DESK}
    roles = [role for *_rest, role, _from, _until in first["memberships"]]
    assert roles.count(Role.PRACTITIONER) > len(roles) / 2
    assert all(until is not None for *_rest, role, _from, until in first["memberships"] if role == Role.AUDITOR)
    assert len({password for *_rest, password in first["people"]}) == 1

    # Running again with synthetic data present does nothing.
    out = StringIO()
    call_command("make_synthetic", "--scale", "small", "--seed", "1", stdout=out)
    assert "already" in out.getvalue()
    assert _synthetic_snapshot() == first

    # Building again from scratch with the same seed gives the same rows.
    _delete_synthetic()
    call_command("make_synthetic", "--scale", "small", "--seed", "1", stdout=StringIO())
    second = _synthetic_snapshot()
    # The shared password hash has a random salt; everything else is identical.
    strip = [row[:-1] for row in first["people"]], [row[:-1] for row in second["people"]]
    assert strip[0] == strip[1]
    for name in ("agencies", "teams", "memberships"):
        assert second[name] == first[name], name


def test_make_synthetic_writes_no_audit_rows_for_synthetic_data():
    reference_data_load()
    before = AuditEntry.objects.count()
    call_command("make_synthetic", "--scale", "small", "--seed", "2", stdout=StringIO())
    # Only the reference data load is recorded.
    assert AuditEntry.objects.count() == before + 1
    latest = AuditEntry.objects.order_by("-id").first()
    assert latest is not None
    assert latest.action == "cylch.organisations.reference_data.loaded"


@pytest.mark.django_db
def test_statutory_agencies_are_loaded_for_every_area() -> None:
    from cylch.organisations.models import Agency, Area
    from cylch.organisations.services import reference_data_load

    counts = reference_data_load()
    local_authorities = Area.objects.filter(kind=Area.Kind.LOCAL_AUTHORITY)
    for la in local_authorities:
        kinds = set(Agency.objects.filter(area=la, code__startswith="ref-").values_list("kind", flat=True))
        assert kinds == {"childrens_services", "education", "housing", "youth_justice"}, la.code
        assert Agency.objects.filter(area=la, kind="childrens_services", board__isnull=False).exists()
    assert Agency.objects.filter(kind="police", code__startswith="ref-").count() == 4
    assert Agency.objects.filter(kind="health", code__startswith="ref-").count() >= 7
    assert Agency.objects.filter(kind="probation", code="ref-probation-wales").exists()
    cardiff = Agency.objects.get(code="ref-la-cardiff-childrens-services")
    assert cardiff.name_cy == "Gwasanaethau Plant Caerdydd"
    assert counts["agencies"] == Agency.objects.filter(code__startswith="ref-").count()
    again = reference_data_load()
    assert again["created"] == 0 and again["changed"] == 0
