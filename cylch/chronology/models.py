"""The multi-agency chronology: one merged timeline of significant events per child."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Significance(models.TextChoices):
    ROUTINE = "routine", _("Routine")
    SIGNIFICANT = "significant", _("Significant")
    CRITICAL = "critical", _("Critical")


class ChronologyEntry(models.Model):
    """What happened, when, by which agency. Never edited: a correction is a new entry."""

    child = models.ForeignKey("children.Child", on_delete=models.PROTECT, related_name="chronology")
    occurred_at = models.DateTimeField()
    entry_type = models.CharField(max_length=60)
    summary = models.CharField(max_length=300)
    # Entries Cylch writes itself carry a Welsh summary too; people's own entries stay as written.
    summary_cy = models.CharField(max_length=300, blank=True)
    detail = models.TextField(blank=True)
    significance = models.CharField(max_length=12, choices=Significance.choices, default=Significance.ROUTINE)
    source_agency = models.ForeignKey("organisations.Agency", on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    sensitivity = models.CharField(max_length=60, default="general")
    # Entries written by Cylch itself (a meeting held, a registration...) name their origin.
    origin_type = models.CharField(max_length=80, blank=True)
    origin_id = models.CharField(max_length=64, blank=True)
    corrects = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections")
    correction_reason = models.TextField(blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["child", "-occurred_at", "-id"]),
            models.Index(fields=["child", "significance", "-occurred_at"]),
            models.Index(fields=["origin_type", "origin_id"]),
        ]

    def __str__(self) -> str:
        return self.summary

    @property
    def summary_shown(self) -> str:
        from django.utils.translation import get_language

        if self.summary_cy and (get_language() or "en").startswith("cy"):
            return self.summary_cy
        return self.summary
