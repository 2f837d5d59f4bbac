"""The accountability ledger: partnership actions (from self-assessment, board meetings,
priorities, reviews and audits) held to the same discipline as a child's plan actions:
one owner agency, one named person, one due date, evidence, and escalation when overdue."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LedgerAction(models.Model):
    class Source(models.TextChoices):
        SELF_ASSESSMENT = "self_assessment", _("Self-assessment")
        BOARD_MEETING = "board_meeting", _("Board or sub-group meeting")
        PRIORITY = "priority", _("Partnership priority")
        RISK = "risk", _("Risk and escalation register")
        REVIEW = "review", _("Safeguarding review")
        AUDIT = "audit", _("Multi-agency case audit")

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="ledger_actions")
    source_kind = models.CharField(max_length=20, choices=Source.choices)
    # The id of the cycle, meeting, review or audit the action came from.
    source_id = models.CharField(max_length=64)
    standard = models.ForeignKey(
        "framework.Standard", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    what = models.TextField(_("what will be done"))
    owner_agency = models.ForeignKey("organisations.Agency", on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ledger_actions")
    due_on = models.DateField(_("due date"))
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED, db_index=True)
    evidence = models.TextField(_("evidence of completion"), blank=True)
    completed_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["partnership", "status", "due_on"]),
            models.Index(fields=["source_kind", "source_id"]),
            models.Index(fields=["owner", "status"]),
        ]

    def __str__(self) -> str:
        return self.what[:80]

    @property
    def is_open(self) -> bool:
        return self.status in {self.Status.NOT_STARTED, self.Status.IN_PROGRESS}

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return self.is_open and self.due_on < (today or timezone.localdate())


class LedgerActionUpdate(models.Model):
    """Progress recorded on a partnership action: the new status, what was done, and evidence."""

    action = models.ForeignKey(LedgerAction, on_delete=models.PROTECT, related_name="updates")
    status = models.CharField(max_length=12, choices=LedgerAction.Status.choices)
    note = models.TextField(blank=True)
    evidence = models.TextField(blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"Update on partnership action {self.action_id}"


class LedgerEscalation(models.Model):
    """One step of the escalation ladder taken for an overdue partnership action, and who was told.

    Unique per action, due date and step, as for plan actions: each step happens once for each due date."""

    action = models.ForeignKey(LedgerAction, on_delete=models.PROTECT, related_name="escalations")
    step = models.CharField(max_length=40)
    due_on = models.DateField()
    days_overdue = models.PositiveIntegerField()
    at = models.DateTimeField(default=timezone.now)
    # [{"id": person id, "name": full name}] as they were when told.
    recipients = models.JSONField(default=list)

    class Meta:
        ordering = ["action", "at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["action", "due_on", "step"], name="one_ledger_escalation_per_action_step")
        ]

    def __str__(self) -> str:
        return f"{self.step} for partnership action {self.action_id}"


ESCALATION_STEP_LABELS = {
    "owner_reminder": _("Reminder to the owner"),
    "owner_manager": _("Escalated to the owner's manager"),
    "agency_lead": _("Escalated to the agency's safeguarding lead and the partnership business manager"),
    "chair": _("Escalated to the chair of the partnership"),
}
