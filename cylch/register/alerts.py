"""The register alert on the child's summary: one query, whatever the record holds."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, Subquery
from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cylch.core.models import ReferenceCode
from cylch.register.models import RegistrationCategory


def registration_alert(child: Any, access: Any) -> list[str]:
    """"On the child protection register since …, categories …" for a child on the register."""
    labels = ReferenceCode.objects.filter(list_name="register_category", code=OuterRef("code"))
    rows = list(
        RegistrationCategory.objects.filter(registration__child=child, registration__ended_on__isnull=True, removed_on__isnull=True)
        .annotate(label_en=Subquery(labels.values("label_en")[:1]), label_cy=Subquery(labels.values("label_cy")[:1]))
        .values("registration__registered_on", "code", "label_en", "label_cy")
        .order_by("pk")
    )
    if not rows:
        return []
    welsh = (get_language() or "en").startswith("cy")
    categories = ", ".join((row["label_cy"] if welsh and row["label_cy"] else row["label_en"]) or row["code"] for row in rows)
    since = formats.date_format(rows[0]["registration__registered_on"], "j F Y")
    return [_("On the child protection register since %(date)s, categories: %(categories)s") % {"date": since, "categories": categories}]
