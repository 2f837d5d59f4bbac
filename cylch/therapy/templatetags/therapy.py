"""`{% therapy_tab child %}`: the link to a child's therapeutic support in the record's sections."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from cylch.therapy.labels import THERAPY_TAB

register = template.Library()


@register.simple_tag
def therapy_tab(child: Any) -> SafeString:
    return format_html('<li><a class="govuk-link" href="{}">{}</a></li>', reverse("therapy:child", args=[child.pk]), THERAPY_TAB)
