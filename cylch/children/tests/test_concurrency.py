"""Two people saving the same record at the same moment: one wins, the other is told."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections

from cylch.audit.models import AuditEntry
from cylch.children import services
from cylch.children.models import Child
from cylch.core import testing
from cylch.people.models import Person, Role


def _save_at_once(child_id: int, people: list[Person], names: list[str]) -> list[Any]:
    barrier = threading.Barrier(len(people))
    outcomes: list[Any] = [None] * len(people)

    def save(index: int) -> None:
        try:
            child = Child.objects.get(pk=child_id)
            person = Person.objects.get(pk=people[index].pk)
            barrier.wait(timeout=10)
            outcomes[index] = services.child_update(
                actor=person, child=child, expected_version=1, changes={"preferred_name": names[index]}
            )
        except Exception as error:  # noqa: BLE001 - reported to the test
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(i,)) for i in range(len(people))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_of_the_same_version_make_one_change() -> None:
    if connection.vendor == "sqlite":
        pytest.skip(
            "SQLite serialises writers with a database-wide lock, so threads writing at once fail with "
            "'database table is locked' rather than racing; this test runs in the PostgreSQL pass (scripts/with-postgres.sh)."
        )
    team = testing.make_team()
    people = [testing.make_person(Role.PRACTITIONER, team) for _ in range(2)]
    child = testing.make_child(involved_team=team, practitioner=people[0])
    names = ["Rhysi", "Rhys bach"]

    outcomes = _save_at_once(child.pk, people, names)

    saved = [o for o in outcomes if isinstance(o, Child)]
    refused = [o for o in outcomes if isinstance(o, services.StaleEdit)]
    assert len(saved) == 1 and len(refused) == 1, outcomes
    child.refresh_from_db()
    assert child.version == 2
    winner = names[outcomes.index(saved[0])]
    assert child.preferred_name == winner
    # The loser is told what the winner saved.
    assert refused[0].changed == {"preferred_name": {"yours": names[outcomes.index(refused[0])], "theirs": winner}}
    assert AuditEntry.objects.filter(action="cylch.children.child.updated", child_id=child.pk).count() == 1


@pytest.mark.django_db(transaction=True)
def test_many_simultaneous_saves_make_exactly_one_change() -> None:
    if connection.vendor == "sqlite":
        pytest.skip(
            "SQLite serialises writers with a database-wide lock ('database table is locked'); runs in the PostgreSQL pass."
        )
    team = testing.make_team()
    people = [testing.make_person(Role.PRACTITIONER, team) for _ in range(6)]
    child = testing.make_child(involved_team=team, practitioner=people[0])
    outcomes = _save_at_once(child.pk, people, [f"Name {n}" for n in range(6)])
    assert sum(isinstance(o, Child) for o in outcomes) == 1, outcomes
    assert sum(isinstance(o, services.StaleEdit) for o in outcomes) == 5, outcomes
    child.refresh_from_db()
    assert child.version == 2


@pytest.mark.django_db
def test_the_conditional_update_alone_refuses_a_lost_update(monkeypatch: pytest.MonkeyPatch) -> None:
    """Even where row locks do nothing (SQLite), the version check in the UPDATE refuses the
    second writer: simulate it by saving in between the read and the write."""
    team = testing.make_team()
    first, second = (testing.make_person(Role.PRACTITIONER, team) for _ in range(2))
    child = testing.make_child(involved_team=team, practitioner=first)
    real_values = services._values
    calls = {"n": 0}

    def sneak_in(obj: Any, fields: list[str]) -> dict[str, Any]:
        # child_update reads the row, checks its version, then takes the old values:
        # save another change exactly there.
        calls["n"] += 1
        if calls["n"] == 1 and isinstance(obj, Child):
            Child.objects.filter(pk=obj.pk).update(version=obj.version + 1, preferred_name="Sneaked in")
        return real_values(obj, fields)

    monkeypatch.setattr(services, "_values", sneak_in)
    with pytest.raises(services.StaleEdit):
        services.child_update(actor=second, child=child, expected_version=1, changes={"preferred_name": "Mine"})
    assert calls["n"] >= 1
    # The refusal rolls back the whole service transaction (here including the simulated
    # other writer, which shares this connection): "Mine" was never written.
    child.refresh_from_db()
    assert child.preferred_name != "Mine"
    assert not AuditEntry.objects.filter(action="cylch.children.child.updated").exists()
