from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from cylch.audit.models import AppendOnlyError, AuditEntry
from cylch.audit.sentences import known_codes, sentence
from cylch.audit.services import access_record, audit_chain_verify, audit_record
from cylch.core import testing
from cylch.people.models import Role

pytestmark = pytest.mark.django_db


def _three_entries():  # type: ignore[no-untyped-def]
    person = testing.make_person(Role.PRACTITIONER)
    for n in range(3):
        audit_record(actor=person, action="cylch.people.person.language_changed", subject=person, changes={"n": n})
    return person


def test_entries_chain_by_hash() -> None:
    _three_entries()
    entries = list(AuditEntry.objects.order_by("id"))
    assert len(entries) == 3
    assert entries[0].previous_hash == "0" * 64
    assert entries[1].previous_hash == entries[0].entry_hash
    assert entries[2].previous_hash == entries[1].entry_hash
    assert audit_chain_verify().problem == ""
    call_command("verify_audit")


def test_altering_a_row_in_the_database_is_found() -> None:
    _three_entries()
    middle = AuditEntry.objects.order_by("id")[1]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AuditEntry._meta.db_table} SET reason = %s WHERE id = %s",  # noqa: S608 - table name is ours
            ["quietly edited", middle.pk],
        )
    report = audit_chain_verify()
    assert report.broken_at == middle.pk
    assert "content" in report.problem
    with pytest.raises(CommandError, match=f"entry {middle.pk}"):
        call_command("verify_audit")


def test_removing_a_row_is_found() -> None:
    _three_entries()
    middle = AuditEntry.objects.order_by("id")[1]
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEntry._meta.db_table} WHERE id = %s", [middle.pk])  # noqa: S608
    report = audit_chain_verify()
    assert report.broken_at == middle.pk + 1
    assert "previous hash" in report.problem


def test_removing_the_newest_row_is_found() -> None:
    _three_entries()
    newest = AuditEntry.objects.order_by("id").last()
    assert newest is not None
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEntry._meta.db_table} WHERE id = %s", [newest.pk])  # noqa: S608
    assert "chain head" in audit_chain_verify().problem


def test_the_app_cannot_update_or_delete_entries() -> None:
    _three_entries()
    entry = AuditEntry.objects.first()
    assert entry is not None
    entry.reason = "changed"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().update(reason="x")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()


def test_secrets_are_masked() -> None:
    person = testing.make_person(Role.PRACTITIONER)
    entry = audit_record(
        actor=person,
        action="cylch.people.invitation.sent",
        changes={"email": "a@b.invalid", "token": "abc", "new_password": "hunter2", "nested": {"otp_key": "k"}},
    )
    entry.refresh_from_db()
    assert entry.changes["email"] == "a@b.invalid"
    assert entry.changes["token"] == "********"
    assert entry.changes["new_password"] == "********"
    assert entry.changes["nested"]["otp_key"] == "********"


def test_access_entries_are_recorded_with_reason() -> None:
    person = testing.make_person(Role.PRACTITIONER)
    entry = access_record(actor=person, action="cylch.audit.trail.viewed", child_id=42, reason="emergency")
    assert entry.kind == AuditEntry.Kind.ACCESS
    assert AuditEntry.objects.filter(child_id=42, actor=person).count() == 1


def test_action_codes_read_as_translated_sentences() -> None:
    from django.utils import translation

    with translation.override("en"):
        english = sentence("cylch.people.person.deactivated", actor="Ann", subject="Bob")
    with translation.override("cy"):
        welsh = sentence("cylch.people.person.deactivated", actor="Ann", subject="Bob")
    assert english == "Ann deactivated Bob"
    assert welsh != english and "Ann" in welsh and "Bob" in welsh


def test_every_action_code_in_the_code_has_a_sentence() -> None:
    import pathlib
    import re

    root = pathlib.Path(__file__).resolve().parents[2]
    used: set[str] = set()
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        used |= set(re.findall(r'action="(cylch\.[a-z_.]+)"', path.read_text()))
        used |= {f"cylch.signin.{step}" for step in re.findall(r'step="([a-z_]+)"', path.read_text())}
    assert used, "expected to find action codes"
    missing = sorted(used - known_codes())
    assert not missing, f"action codes without a sentence: {missing}"
