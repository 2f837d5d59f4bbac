from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cylch.audit.models import AuditEntry
from cylch.core import testing
from cylch.people.models import Role

pytestmark = pytest.mark.django_db


def _password_step(client: Client, person, next_url: str = "/") -> Any:  # type: ignore[no-untyped-def]
    return client.post(
        reverse("signin:sign_in") + f"?next={next_url}",
        {"username": person.email, "password": testing.TEST_PASSWORD, "next": next_url},
    )


def test_every_page_needs_sign_in() -> None:
    response = Client().get(reverse("people:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("signin:sign_in"))


def test_password_then_code_signs_in_and_sets_language() -> None:
    person = testing.make_person(Role.PRACTITIONER, language="cy")
    client = Client()
    response = _password_step(client, person, "/agencies/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("signin:two_factor"))
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "cy"
    # Half signed in: other pages still send the person to the code step.
    assert client.get("/").status_code == 302
    response = client.post(reverse("signin:two_factor") + "?next=/agencies/", {"code": testing.current_code(), "next": "/agencies/"})
    assert response.status_code == 302
    assert response["Location"] == "/agencies/"
    assert client.get("/").status_code == 200
    assert AuditEntry.objects.filter(actor=person, action="cylch.signin.signed_in").exists()


def test_wrong_password_is_refused_with_a_message() -> None:
    person = testing.make_person(Role.PRACTITIONER)
    response = Client().post(reverse("signin:sign_in"), {"username": person.email, "password": "wrong"})
    assert response.status_code == 200
    assert "Enter a correct email address and password" in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()


def test_wrong_code_is_refused() -> None:
    person = testing.make_person(Role.PRACTITIONER)
    client = Client()
    _password_step(client, person)
    response = client.post(reverse("signin:two_factor"), {"code": "000000"})
    assert response.status_code == 200
    assert "The code is not right" in response.content.decode()
    assert client.get("/").status_code == 302


def test_repeated_failures_lock_the_account() -> None:
    person = testing.make_person(Role.PRACTITIONER)
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("signin:sign_in"), {"username": person.email, "password": "wrong"})
    response = client.post(reverse("signin:sign_in"), {"username": person.email, "password": testing.TEST_PASSWORD})
    assert response.status_code == 429
    assert "too many attempts" in response.content.decode()
    # Even the right password does not sign in while locked.
    assert "_auth_user_id" not in client.session


def test_first_sign_in_sets_up_authenticator_and_gives_recovery_codes() -> None:
    person = testing.make_person(Role.PRACTITIONER, with_device=False)
    client = Client()
    response = _password_step(client, person)
    assert response["Location"].startswith(reverse("signin:two_factor_setup"))
    page = client.get(response["Location"])
    assert page.status_code == 200
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', page.content.decode())
    assert secret is not None
    device = TOTPDevice.objects.get(user=person, confirmed=False)
    code = testing.current_code(device.key)
    response = client.post(reverse("signin:two_factor_setup"), {"code": code})
    assert response.status_code == 302
    codes_page = client.get(response["Location"])
    codes = re.findall(r"<li>([a-z2-9]{10})</li>", codes_page.content.decode())
    assert len(codes) == settings.CYLCH_RECOVERY_CODE_COUNT
    assert client.get("/").status_code == 200
    # Shown once only.
    assert client.get(reverse("signin:recovery_codes")).status_code == 302
    # A recovery code works once.
    other = Client()
    _password_step(other, person)
    assert other.post(reverse("signin:two_factor"), {"code": codes[0]}).status_code == 302
    assert other.get("/").status_code == 200
    again = Client()
    _password_step(again, person)
    assert again.post(reverse("signin:two_factor"), {"code": codes[0]}).status_code == 200
    assert StaticToken.objects.filter(device__user=person).count() == settings.CYLCH_RECOVERY_CODE_COUNT - 1


def test_password_reset_email_follows_the_persons_language(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    welsh = testing.make_person(Role.PRACTITIONER, language="cy")
    english = testing.make_person(Role.PRACTITIONER, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(reverse("signin:password_reset"), {"email": welsh.email})
        Client().post(reverse("signin:password_reset"), {"email": english.email})
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert by_recipient[english.email].subject == "Reset your Cylch password"
    assert by_recipient[welsh.email].subject != "Reset your Cylch password"
    assert by_recipient[welsh.email].extra_headers["Content-Language"] == "cy"
    link = re.search(r"(/password-reset/[^/\s]+/[^/\s]+/)", str(by_recipient[english.email].body))
    assert link is not None
    client = Client()
    form = client.get(link.group(1), follow=True)
    assert form.status_code == 200
    response = client.post(
        form.redirect_chain[-1][0], {"new_password1": "a brand new long passphrase", "new_password2": "a brand new long passphrase"}
    )
    assert response.status_code == 302
    english.refresh_from_db()
    assert english.check_password("a brand new long passphrase")


def test_unknown_email_for_reset_reveals_nothing() -> None:
    response = Client().post(reverse("signin:password_reset"), {"email": "nobody@test.cylch.invalid"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_sessions_expire_after_inactivity() -> None:
    assert 0 < settings.SESSION_WARNING_SECONDS < settings.SESSION_COOKIE_AGE
    client, _person = Client(), testing.make_person(Role.PRACTITIONER)
    testing.sign_in_verified(client, _person)
    page = client.get("/").content.decode()
    assert f'data-session-idle-seconds="{settings.SESSION_COOKIE_AGE - settings.SESSION_TOUCH_SECONDS}"' in page
    assert "data-session-warning" in page


def test_activity_renews_the_session_and_idleness_ends_it() -> None:
    import time_machine
    from django.utils import timezone

    person = testing.make_person(Role.PRACTITIONER)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = testing.sign_in_verified(Client(), person)
        assert client.get("/").status_code == 200
    # Busy: a page every ten minutes keeps the person signed in well past the idle limit.
    for minutes in range(10, 10 * 8, 10):
        with time_machine.travel(start + datetime.timedelta(minutes=minutes), tick=False):
            assert client.get("/").status_code == 200, minutes
    # Idle for longer than the limit: signed out.
    later = start + datetime.timedelta(minutes=70, seconds=settings.SESSION_COOKIE_AGE + 5)
    with time_machine.travel(later, tick=False):
        assert client.get("/").status_code == 302


def test_sign_out_ends_the_session() -> None:
    person = testing.make_person(Role.PRACTITIONER)
    client = testing.sign_in_verified(Client(), person)
    assert client.post(reverse("signin:sign_out")).status_code == 302
    assert client.get("/").status_code == 302
