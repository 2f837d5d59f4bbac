"""Background jobs of the core: sending email in the recipient's language."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from cylch.audit.context import acting


@task()
def email_send(*, template: str, to: str, language: str, context: dict[str, Any]) -> None:
    """Render `<template>_subject.txt` and `<template>.txt` in `language` and send."""
    with acting(channel="job"), translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}.txt", context)
    message = EmailMultiAlternatives(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to])
    message.extra_headers["Content-Language"] = language
    message.send()


def email_after_commit(*, template: str, to: str, language: str, context: dict[str, Any]) -> None:
    """Queue an email to go only once the surrounding transaction commits."""
    transaction.on_commit(
        lambda: email_send.enqueue(template=template, to=to, language=language, context=context)
    )
