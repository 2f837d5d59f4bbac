"""The permission matrix: every URL of Cylch, every role, the status each gets.

A URL pattern with no row here fails `test_every_url_is_in_the_matrix`, so
no page can escape the matrix.
"""

from __future__ import annotations

import importlib
import json
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from cylch.access.tests.matrix_support import (
    ADMINS,
    AGREEMENT_READERS,
    ALL,
    ANONYMOUS,
    CHILD_WORKERS,
    MANAGERS,
    UNVERIFIED,
    VERIFIED_ROLES,
    Row,
    only,
    signed_in_only,
)
from cylch.core import testing
from cylch.people.models import Person, Role

MATRIX: list[Row] = [
    Row("core:home", expected=signed_in_only()),
    Row("core:healthz", expected={r: 200 for r in ALL}),
    Row("core:language", kwargs=lambda ctx: {"code": "cy"}, expected={r: 302 for r in ALL}),
    Row("core:keepalive", method="POST", expected=signed_in_only()),
    Row(
        "core:draft_save",
        method="POST",
        data=json.dumps({"form_key": "matrix", "data": {"summary": "typed"}}),
        expected=signed_in_only(),
    ),
    Row("signin:sign_in", expected={ANONYMOUS: 200, UNVERIFIED: 200, **{r: 302 for r in VERIFIED_ROLES}}),
    Row("signin:two_factor", expected={ANONYMOUS: 302, UNVERIFIED: 200, **{r: 302 for r in VERIFIED_ROLES}}),
    Row("signin:two_factor_setup", expected={r: 302 for r in ALL}),
    Row("signin:recovery_codes", expected={r: 302 for r in ALL}),
    Row("signin:locked_out", expected={r: 429 for r in ALL}),
    Row(
        "signin:sign_out", method="POST", expected={ANONYMOUS: 302, UNVERIFIED: 302, **{r: 302 for r in VERIFIED_ROLES}}
    ),
    Row("signin:account", expected=signed_in_only()),
    Row("signin:password_reset", expected={r: 200 for r in ALL}),
    Row("signin:password_reset_sent", expected={r: 200 for r in ALL}),
    Row(
        "signin:password_reset_confirm",
        kwargs=lambda ctx: {"uidb64": "MQ", "token": "not-a-token"},
        expected={r: 200 for r in ALL},
    ),
    Row("signin:password_reset_done", expected={r: 200 for r in ALL}),
    Row("people:list", expected=only(ADMINS)),
    Row("people:invite", expected=only(ADMINS)),
    Row("people:detail", kwargs=lambda ctx: {"person_id": ctx["colleague"].pk}, expected=only(ADMINS)),
    Row("people:invitation_accept", kwargs=lambda ctx: {"token": "no-such-invitation"}, expected={r: 404 for r in ALL}),
    Row("organisations:directory", expected=signed_in_only()),
    Row("organisations:teams", expected=only(ADMINS)),
    Row(
        "organisations:team_edit",
        kwargs=lambda ctx: {"team_id": ctx["colleague"].memberships.first().team_id},
        expected=only(ADMINS),
    ),
    Row("audit:trail", expected=only({Role.SYSTEM_ADMIN.value})),
    Row("audit:mine", expected=signed_in_only()),
    Row("core:notifications", expected=signed_in_only()),
    # Children: pages that do not name a child refuse with 403; pages of a child answer 404
    # to anyone with no reason to see it, so its existence is not revealed.
    Row("children:search", expected=only(CHILD_WORKERS)),
    Row("children:register", expected=only(CHILD_WORKERS)),
    Row("children:join_requests", expected=only(CHILD_WORKERS)),
    Row(
        "children:join_decide",
        kwargs=lambda ctx: {"request_id": ctx["join_request"].pk},
        expected=only(MANAGERS) | {Role.PRACTITIONER.value: 404},
    ),
    Row("children:my_requests", expected=only(CHILD_WORKERS)),
    Row("children:break_glass_review", expected=only(MANAGERS)),
    Row("children:break_glass_decide", kwargs=lambda ctx: {"grant_id": ctx["grant"].pk}, expected=only(MANAGERS)),
    Row("children:audit_grant", expected=only({Role.SAFEGUARDING_LEAD.value, Role.PARTNERSHIP_MANAGER.value})),
    Row("children:merge", expected=only({Role.AGENCY_ADMIN.value})),
    Row(
        "children:merge_reverse",
        method="POST",
        kwargs=lambda ctx: {"entry_id": 999999},
        expected=only({Role.AGENCY_ADMIN.value}, ok=404),
    ),
    Row("children:contributions", expected=only(CHILD_WORKERS)),
    Row(
        "children:summary", kwargs=lambda ctx: {"child_id": ctx["child"].pk}, expected=only(CHILD_WORKERS, refused=404)
    ),
    Row("children:edit", kwargs=lambda ctx: {"child_id": ctx["child"].pk}, expected=only(CHILD_WORKERS, refused=404)),
    Row("children:status", kwargs=lambda ctx: {"child_id": ctx["child"].pk}, expected=only(CHILD_WORKERS, refused=404)),
    Row(
        "children:identifier_add",
        kwargs=lambda ctx: {"child_id": ctx["child"].pk},
        expected=only(CHILD_WORKERS, refused=404),
    ),
    Row(
        "children:identifier_end",
        kwargs=lambda ctx: {"child_id": ctx["child"].pk, "identifier_id": ctx["identifier"].pk},
        expected=only(CHILD_WORKERS, ok=302, refused=404),
    ),
    Row(
        "children:address_add",
        kwargs=lambda ctx: {"child_id": ctx["child"].pk},
        expected=only(CHILD_WORKERS, refused=404),
    ),
    Row(
        "children:network", kwargs=lambda ctx: {"child_id": ctx["child"].pk}, expected=only(CHILD_WORKERS, refused=404)
    ),
    Row(
        "children:network_edit",
        kwargs=lambda ctx: {"child_id": ctx["child"].pk, "member_id": ctx["member"].pk},
        expected=only(CHILD_WORKERS, refused=404),
    ),
    Row("children:voice", kwargs=lambda ctx: {"child_id": ctx["child"].pk}, expected=only(CHILD_WORKERS, refused=404)),
    Row(
        "children:active_offer",
        kwargs=lambda ctx: {"child_id": ctx["child"].pk},
        expected=only(CHILD_WORKERS, refused=404),
    ),
    Row("children:team", kwargs=lambda ctx: {"child_id": ctx["child"].pk}, expected=only(CHILD_WORKERS, refused=404)),
    Row(
        "children:involvement_add",
        kwargs=lambda ctx: {"child_id": ctx["child"].pk},
        expected=only(CHILD_WORKERS, refused=404),
    ),
    Row(
        "children:involvement_end",
        kwargs=lambda ctx: {"child_id": ctx["child"].pk, "involvement_id": ctx["other_involvement"].pk},
        expected=only(CHILD_WORKERS, refused=404),
    ),
    Row(
        "children:involvement_basis",
        kwargs=lambda ctx: {"child_id": ctx["child"].pk, "involvement_id": ctx["other_involvement"].pk},
        expected=only(CHILD_WORKERS, refused=404),
    ),
    Row(
        "children:handover", kwargs=lambda ctx: {"child_id": ctx["child"].pk}, expected=only(CHILD_WORKERS, refused=404)
    ),
    Row("children:join", kwargs=lambda ctx: {"child_id": ctx["child"].pk}, expected=only(CHILD_WORKERS)),
    Row("children:break_glass", kwargs=lambda ctx: {"child_id": ctx["child"].pk}, expected=only(CHILD_WORKERS)),
    Row("children:history", kwargs=lambda ctx: {"child_id": ctx["child"].pk}, expected=only(MANAGERS, refused=404)),
    Row(
        "chronology:timeline",
        kwargs=lambda ctx: {"child_id": ctx["child"].pk},
        expected=only(CHILD_WORKERS, refused=404),
    ),
    Row("chronology:add", kwargs=lambda ctx: {"child_id": ctx["child"].pk}, expected=only(CHILD_WORKERS, refused=404)),
    Row(
        "chronology:correct",
        kwargs=lambda ctx: {"child_id": ctx["child"].pk, "entry_id": ctx["chronology_entry"].pk},
        expected=only(CHILD_WORKERS, refused=404),
    ),
    Row(
        "chronology:export",
        kwargs=lambda ctx: {"child_id": ctx["child"].pk, "fmt": "csv"},
        expected=only(CHILD_WORKERS, refused=404),
    ),
    Row("work:mine", expected=only(CHILD_WORKERS)),
    Row("work:team", expected=only(MANAGERS)),
    Row("work:agency", expected=only({Role.SAFEGUARDING_LEAD.value})),
    Row("sharing:list", expected=only(AGREEMENT_READERS)),
    Row("sharing:new", expected=only({Role.DATA_PROTECTION_LEAD.value, Role.PARTNERSHIP_MANAGER.value})),
    Row("sharing:detail", kwargs=lambda ctx: {"agreement_id": ctx["agreement"].pk}, expected=only(AGREEMENT_READERS)),
    Row("sharing:flags", expected=only({Role.DATA_PROTECTION_LEAD.value}, refused=404)),
    # Timescales: everyone signed in reads them; only partnership managers change them
    # (an empty change form answers 200 with its error summary).
    Row("timescales:list", expected=signed_in_only()),
    Row("timescales:detail", kwargs=lambda ctx: {"code": "initial-conference"}, expected=signed_in_only()),
    Row(
        "timescales:detail",
        method="POST",
        kwargs=lambda ctx: {"code": "initial-conference"},
        expected=only({Role.PARTNERSHIP_MANAGER.value}),
    ),
    # Meetings and the child protection register: pages of a child answer 404 to anyone outside the
    # team around the child; the register check opens only to roles allowed to check the register.
    *[
        Row(
            f"meetings:{name}",
            kwargs=lambda ctx: __import__("cylch.meetings.tests.matrix", fromlist=["x"]).meeting_kwargs(ctx),
            expected=only(CHILD_WORKERS, refused=404),
        )
        for name in [
            "detail",
            "change",
            "cancel",
            "invite",
            "attendance",
            "held",
            "circulated",
            "views",
            "decision",
            "action_add",
        ]
    ],
    Row("meetings:list", kwargs=lambda ctx: {"child_id": ctx["child"].pk}, expected=only(CHILD_WORKERS, refused=404)),
    Row(
        "meetings:arrange", kwargs=lambda ctx: {"child_id": ctx["child"].pk}, expected=only(CHILD_WORKERS, refused=404)
    ),
    Row("register:child", kwargs=lambda ctx: {"child_id": ctx["child"].pk}, expected=only(CHILD_WORKERS, refused=404)),
    Row("register:end", kwargs=lambda ctx: {"child_id": ctx["child"].pk}, expected=only(CHILD_WORKERS, refused=404)),
    Row(
        "register:transfer_in",
        kwargs=lambda ctx: {"child_id": ctx["child"].pk},
        expected=only(CHILD_WORKERS, refused=404),
    ),
    Row("register:check", expected=only({Role.SAFEGUARDING_LEAD.value, Role.REGISTER_CHECKER.value})),
    Row("register:check", method="POST", expected=only({Role.SAFEGUARDING_LEAD.value, Role.REGISTER_CHECKER.value})),
    Row("register:duty_lines", expected=only(ADMINS)),
    # Plans and professional differences: every page is a child's, so anyone outside the team
    # around the child gets 404 (an agreed plan, an action and a difference are made on first use).
    *[
        Row(
            f"plans:{name}",
            kwargs=lambda ctx, kind=kind: getattr(
                __import__("cylch.plans.tests.factories", fromlist=["x"]), f"{kind}_kwargs"
            )(ctx),  # type: ignore[misc]
            expected=only(CHILD_WORKERS, refused=404),
        )
        for name, kind in [
            ("list", "child"),
            ("new", "child"),
            ("detail", "plan"),
            ("edit", "plan"),
            ("agree", "plan"),
            ("end", "plan"),
            ("compare", "plan"),
            ("action_add", "plan"),
            ("version", "version"),
            ("action", "action"),
            ("action_edit", "action"),
            ("action_remove", "action"),
            ("disagreements", "child"),
            ("disagreement_new", "child"),
            ("disagreement", "disagreement"),
        ]
    ],
]


def _domain_rows() -> list[Row]:
    """Rows that domains keep beside their own code, in cylch/<app>/tests/matrix_rows.py."""
    rows: list[Row] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("cylch."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.matrix_rows")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.tests.matrix_rows":
                raise
            continue
        rows.extend(module.ROWS)
    return rows


MATRIX += _domain_rows()


def _url_names(resolver: URLResolver, prefix: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names |= _url_names(pattern, namespace)
        elif isinstance(pattern, URLPattern):
            names.add(f"{prefix}{pattern.name}" if pattern.name else f"<unnamed {pattern.pattern}>")
    return names


def test_every_url_is_in_the_matrix() -> None:
    in_matrix = {row.name for row in MATRIX}
    missing = sorted(_url_names(get_resolver()) - in_matrix)
    assert not missing, f"URL patterns without a row in the permission matrix: {missing}"
    stale = sorted(in_matrix - _url_names(get_resolver()))
    assert not stale, f"Matrix rows for URLs that no longer exist: {stale}"


def test_every_row_names_every_role() -> None:
    for row in MATRIX:
        assert set(row.expected) == set(ALL), f"{row.name} does not give a status for every role"


def _persona(role: str, agency_team: Any) -> Person | None:
    if role == ANONYMOUS:
        return None
    return testing.make_person(Role.PRACTITIONER if role == UNVERIFIED else role, agency_team)


def _client_for(role: str, person: Person | None) -> Client:
    """A fresh client per row (a row may sign out), for the same person."""
    client = Client()
    if person is None:
        return client
    if role == UNVERIFIED:
        client.force_login(person, backend="django.contrib.auth.backends.ModelBackend")
        return client
    return testing.sign_in_verified(client, person)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ALL)
def test_matrix(role: str) -> None:
    agency_team = testing.make_team()
    colleague = testing.make_person(Role.PRACTITIONER, agency_team)
    ctx = {"colleague": colleague, **testing.make_child_context(agency_team, colleague)}
    person = _persona(role, agency_team)
    failures = []
    for row in MATRIX:
        client = _client_for(role, person)
        url = reverse(row.name, kwargs=row.kwargs(ctx))
        if row.method == "POST":
            response = (
                client.post(url, data=row.data, content_type="application/json") if row.data else client.post(url)
            )
        else:
            response = client.get(url)
        expected = row.expected[role]
        if response.status_code != expected:
            failures.append(f"{row.method} {row.name} as {role}: expected {expected}, got {response.status_code}")
    assert not failures, "\n".join(failures)
