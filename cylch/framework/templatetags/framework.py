"""`{% practice_note_link "missing-children" %}`: the practice note that applies to this page, one
click away, with its short summary beside the link (`summary=False` for the link alone)."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from cylch.framework.models import PracticeNote

register = template.Library()


@register.simple_tag
def practice_note_link(slug: str, summary: bool = True) -> SafeString | str:
    note = PracticeNote.objects.filter(slug=slug).first()
    if note is None:
        return ""
    link = format_html(
        '{} <a class="govuk-link" href="{}">{}</a>',
        _("Practice note:"),
        reverse("framework:practice_note", kwargs={"slug": note.slug}),
        note.title,
    )
    text = note.summary if summary else ""
    placeholder = _("(placeholder wording)") if note.is_placeholder else ""
    return format_html(
        '<div class="govuk-inset-text cylch-practice-note" data-testid="practice-note-link"><p class="govuk-body govuk-!-margin-bottom-1">{}{}</p>{}</div>',
        link,
        format_html(' <span class="govuk-body-s">{}</span>', placeholder) if placeholder else "",
        format_html('<p class="govuk-body-s govuk-!-margin-bottom-0" data-testid="practice-note-summary">{}</p>', text) if text else "",
    )
