"""`{% practice_note_link "missing-children" %}`: the practice note that applies to this page, one click away."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from cylch.framework.models import PracticeNote

register = template.Library()


@register.simple_tag
def practice_note_link(slug: str) -> str:
    note = PracticeNote.objects.filter(slug=slug).first()
    if note is None:
        return ""
    return format_html(
        '<aside class="govuk-inset-text cylch-practice-note" data-testid="practice-note-link">{} <a class="govuk-link" href="{}">{}</a></aside>',
        _("Practice note:"),
        reverse("framework:practice_note", kwargs={"slug": note.slug}),
        note.title,
    )
