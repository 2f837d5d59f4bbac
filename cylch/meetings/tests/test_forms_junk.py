"""Property-based tests: junk thrown at every meeting and register form never makes a server
error, and a form shown again with errors has changed nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import models
from django.forms.models import model_to_dict
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cylch.audit.models import AuditEntry
from cylch.chronology.models import ChronologyEntry
from cylch.core.models import Notification
from cylch.meetings import services
from cylch.meetings.models import Invitee, Meeting, MeetingAction, MeetingChild
from cylch.register.models import DutyLine, Registration, RegistrationCategory, RegistrationReview, TransferIn
from cylch.timescales.models import DueItem

from .factories import World, arrange, hold, signed_in_client, wales

pytestmark = pytest.mark.django_db

junk_text = st.one_of(
    st.text(max_size=120),
    st.sampled_from(
        [
            "",
            " ",
            "0",
            "-1",
            "1",
            "99999999999999999999",
            "<script>alert(1)</script>",
            "\x00",
            "31 2 2026",
            "10 6 2026",
            "9 6 2026",
            "11 6 2026",
            "1 1 0001",
            "31 12 9999",
            "25:61",
            "11:00",
            "on",
            "attended",
            "register",
            "do_not_register",
            "remain_registered",
            "deregister",
            "neglect",
            "physical",
            "determination_3",
            "initial_conference",
            "strategy_discussion",
            "core_group",
            "turned_18",
            "died",
            "review_conference",
            "views_through_advocate",
            "943 476 5919",
            "9434765919",
            "😀" * 40,
            "x" * 6000,
        ]
    ),
)
HYPOTHESIS = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

MODELS: list[type[models.Model]] = [
    Meeting,
    MeetingChild,
    Invitee,
    MeetingAction,
    Registration,
    RegistrationCategory,
    RegistrationReview,
    TransferIn,
    DutyLine,
    DueItem,
    ChronologyEntry,
]


def fingerprint() -> dict[str, Any]:
    rows: dict[str, Any] = {
        model.__name__: [str(model_to_dict(obj)) for obj in model._default_manager.order_by("pk")] for model in MODELS
    }
    rows["changes"] = list(AuditEntry.objects.filter(kind=AuditEntry.Kind.CHANGE).values_list("pk", flat=True))
    rows["notifications"] = list(Notification.objects.values_list("pk", flat=True))
    return rows


def _arranged(world: World) -> Meeting:
    return Meeting.objects.filter(status=Meeting.Status.ARRANGED).first() or arrange(world, services.STRATEGY_DISCUSSION, at=wales(2026, 6, 12, 10))


def _held(world: World) -> Meeting:
    return Meeting.objects.filter(status=Meeting.Status.HELD).first() or hold(world, services.INITIAL_CONFERENCE, at=wales(2026, 6, 10, 10))


def _meeting_url(name: str, which: Callable[[World], Meeting]) -> Callable[[World], str]:
    return lambda w: reverse(f"meetings:{name}", args=[w.child.pk, which(w).pk])


FORMS: dict[str, tuple[str, Callable[[World], str], list[str]]] = {
    "arrange": ("lead", lambda w: reverse("meetings:arrange", args=[w.child.pk]), ["meeting_type", "scheduled_on", "scheduled_time", "location", "chair_name", "siblings"]),
    "change": ("lead", _meeting_url("change", _arranged), ["version", "scheduled_on", "scheduled_time", "location", "chair_name"]),
    "cancel": ("lead", _meeting_url("cancel", _arranged), ["reason"]),
    "invite": ("lead", _meeting_url("invite", _arranged), ["agency", "person", "name", "role"]),
    "attendance": ("lead", _meeting_url("attendance", _arranged), ["attendance_1", "authority_1", "attendance_999"]),
    "held": ("lead", _meeting_url("held", _arranged), ["held_on", "held_time", "chair_name", "record_summary", "late_reason"]),
    "circulated": ("lead", _meeting_url("circulated", _held), ["circulated_on", "late_reason"]),
    "views": ("lead", _meeting_url("views", _held), ["child_participation", "child_views", "family_participation", "family_views"]),
    "decision": ("lead", _meeting_url("decision", _held), ["register_decision", "categories", "reasons", "section47_determination"]),
    "action_add": ("lead", _meeting_url("action_add", _held), ["what", "child", "owner_agency", "owner_person", "due_on"]),
    "register_end": ("lead", lambda w: reverse("register:end", args=[w.child.pk]), ["reason", "ended_on", "detail"]),
    "transfer_in": ("lead", lambda w: reverse("register:transfer_in", args=[w.child.pk]), ["notified_on", "notified_time", "from_area", "registered_elsewhere_on", "categories", "notes"]),
    "register_check": ("checker", lambda w: reverse("register:check"), ["nhs_number", "given_names", "family_name", "date_of_birth"]),
}


def _check(world: World, name: str, data: dict[str, str]) -> None:
    who, url_for, _keys = FORMS[name]
    url = url_for(world)
    client = signed_in_client(getattr(world, who))
    before = fingerprint()
    response = client.post(url, data)
    assert response.status_code < 500, (name, data)
    if response.status_code == 200:
        assert fingerprint() == before, (name, data)
    else:
        assert response.status_code in {302, 403, 404}, (name, data, response.status_code)


@pytest.mark.parametrize("name", sorted(FORMS))
def test_meeting_and_register_forms_survive_junk(world: World, name: str) -> None:
    @HYPOTHESIS
    @given(data=st.dictionaries(keys=st.sampled_from(FORMS[name][2]), values=junk_text, max_size=len(FORMS[name][2])))
    def run(data: dict[str, str]) -> None:
        _check(world, name, data)

    run()


@pytest.mark.parametrize("name", sorted(set(FORMS) - {"attendance"}))
def test_empty_forms_are_refused_and_change_nothing(world: World, name: str) -> None:
    who, url_for, _keys = FORMS[name]
    url = url_for(world)
    client = signed_in_client(getattr(world, who))
    before = fingerprint()
    response = client.post(url, {})
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html or 'data-testid="blocked"' in html
    assert fingerprint() == before
