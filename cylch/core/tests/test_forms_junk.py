"""Property-based tests: junk thrown at every form never makes a server error
and never changes anything."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cylch.audit.models import AuditEntry
from cylch.core import testing
from cylch.people.models import Invitation, Membership, Person, Role

pytestmark = pytest.mark.django_db

junk_text = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=40),
    st.sampled_from(["", " ", "0", "-1", "99999999999999999999", "<script>", "'; DROP TABLE x;--", "\x00", "31 2 2020", "😀" * 50]),
)
junk_form = st.dictionaries(
    keys=st.sampled_from(
        ["username", "password", "code", "full_name", "email", "language", "team", "role", "valid_until", "reason", "password_again", "next"]
    ),
    values=junk_text,
    max_size=8,
)
HYPOTHESIS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _counts() -> tuple[int, int, int, int]:
    return (Person.objects.count(), Invitation.objects.count(), Membership.objects.count(), AuditEntry.objects.count())


@pytest.fixture
def admin_client():  # type: ignore[no-untyped-def]
    team = testing.make_team()
    admin = testing.make_person(Role.AGENCY_ADMIN, team)
    colleague = testing.make_person(Role.PRACTITIONER, team)
    return testing.sign_in_verified(Client(), admin), colleague


def _ok(status: int) -> bool:
    return status < 500


@HYPOTHESIS
@given(data=junk_form)
def test_sign_in_form_survives_junk(data: dict[str, str]) -> None:
    client = Client()
    response = client.post(reverse("signin:sign_in"), data)
    assert _ok(response.status_code)
    assert "_auth_user_id" not in client.session


@HYPOTHESIS
@given(data=junk_form)
def test_invite_form_survives_junk(admin_client, data: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    client, _colleague = admin_client
    before = _counts()
    response = client.post(reverse("people:invite"), data)
    assert _ok(response.status_code)
    if response.status_code == 200:
        assert _counts() == before
        assert "govuk-error-summary" in response.content.decode()


@HYPOTHESIS
@given(data=junk_form)
def test_deactivate_form_survives_junk(admin_client, data: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    client, colleague = admin_client
    data.pop("reason", None)
    data["reason"] = ""
    before = _counts()
    response = client.post(reverse("people:detail", args=[colleague.pk]), data)
    assert response.status_code == 200
    assert _counts() == before
    colleague.refresh_from_db()
    assert colleague.is_active


@HYPOTHESIS
@given(data=junk_form)
def test_code_forms_survive_junk(data: dict[str, str]) -> None:
    person = testing.make_person(Role.PRACTITIONER)
    client = Client()
    client.force_login(person, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(reverse("signin:two_factor"), data)
    assert _ok(response.status_code)
    assert client.get("/").status_code == 302  # still not verified


@HYPOTHESIS
@given(data=junk_form, token=st.text(alphabet="abcdefXYZ-_0123456789", min_size=1, max_size=60))
def test_invitation_accept_survives_junk(data: dict[str, str], token: str) -> None:
    before = _counts()
    response = Client().post(f"/invitations/{token}/", data)
    assert response.status_code == 404
    assert _counts() == before


@HYPOTHESIS
@given(body=st.binary(max_size=200))
def test_draft_endpoint_survives_junk(admin_client, body: bytes) -> None:  # type: ignore[no-untyped-def]
    client, _colleague = admin_client
    response = client.generic("POST", reverse("core:draft_save"), body, content_type="application/json")
    assert response.status_code in {200, 400}


@HYPOTHESIS
@given(code=junk_text, target=junk_text)
def test_language_switch_survives_junk(code: str, target: str) -> None:
    code = "".join(c for c in code if c not in "/?#%") or "x"
    response = Client().get(f"/language/{code[:20]}/", {"next": target})
    assert response.status_code in {302, 404}
    if response.status_code == 302:
        assert response["Location"].startswith("/")
