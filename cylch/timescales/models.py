"""Statutory timescales as data, and the items that fall due under them."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class TimescaleRule(models.Model):
    """One version of a timescale rule. Changing a rule adds a version; earlier ones stay."""

    class Unit(models.TextChoices):
        HOURS = "hours", _("hours (clock time)")
        WORKING_DAYS = "working_days", _("working days")
        CALENDAR_DAYS = "calendar_days", _("days")
        WEEKS = "weeks", _("weeks")
        MONTHS = "months", _("months")

    class Owner(models.TextChoices):
        LEAD_PROFESSIONAL = "lead_professional", _("The lead professional")
        EVENT_RECORDER = "event_recorder", _("The person who recorded the event")

    code = models.SlugField(max_length=80)
    version = models.PositiveIntegerField(default=1)
    is_current = models.BooleanField(default=True)
    name_en = models.CharField(max_length=200)
    name_cy = models.CharField(max_length=200)
    trigger = models.CharField(max_length=80, db_index=True, help_text="The event that starts the clock.")
    unit = models.CharField(max_length=20, choices=Unit.choices)
    amount = models.PositiveIntegerField()
    owner = models.CharField(max_length=30, choices=Owner.choices, default=Owner.LEAD_PROFESSIONAL)
    source = models.TextField(blank=True)
    change_note = models.TextField(blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="unique_rule_version"),
            models.UniqueConstraint(fields=["code"], condition=models.Q(is_current=True), name="one_current_rule_version"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_cy if (get_language() or "en").startswith("cy") and self.name_cy else self.name_en


class DueItem(models.Model):
    """Something that must happen for a child by a moment, owned by an agency and a person."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        MET = "met", _("Met")
        MET_LATE = "met_late", _("Met late")
        CANCELLED = "cancelled", _("No longer needed")

    child = models.ForeignKey("children.Child", on_delete=models.PROTECT, related_name="due_items")
    rule = models.ForeignKey(TimescaleRule, on_delete=models.PROTECT, related_name="due_items")
    trigger_type = models.CharField(max_length=80)
    trigger_id = models.CharField(max_length=64)
    triggered_at = models.DateTimeField()
    due_at = models.DateTimeField(db_index=True)
    owner_agency = models.ForeignKey("organisations.Agency", null=True, on_delete=models.PROTECT, related_name="+")
    owner_person = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="due_items")
    state = models.CharField(max_length=12, choices=State.choices, default=State.OPEN, db_index=True)
    met_at = models.DateTimeField(null=True, blank=True)
    late_reason = models.TextField(blank=True)
    reason = models.TextField(blank=True, help_text="Why the item was raised, when a trigger rule explains it.")

    class Meta:
        indexes = [
            models.Index(fields=["owner_person", "state", "due_at"]),
            models.Index(fields=["owner_agency", "state", "due_at"]),
            models.Index(fields=["child", "state"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "trigger_type", "trigger_id"], condition=models.Q(state="open"), name="one_open_item_per_trigger"
            )
        ]

    def __str__(self) -> str:
        return f"{self.rule} due {self.due_at:%Y-%m-%d}"

    def status(self, now: datetime.datetime | None = None) -> str:
        """upcoming, due_today, overdue, met or met_late, as the person sees it."""
        if self.state in {self.State.MET, self.State.MET_LATE, self.State.CANCELLED}:
            return str(self.state)
        now = now or timezone.now()
        if self.due_at < now:
            return "overdue"
        local_now = timezone.localtime(now).date()
        if timezone.localtime(self.due_at).date() == local_now:
            return "due_today"
        return "upcoming"
