"""Governance without bureaucracy: board and sub-group meetings (agenda, attendance, decisions,
minutes in both languages; actions go to the accountability ledger), the risk and escalation
register, and the annual report for the board."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def in_language(en: str, cy: str) -> str:
    """Text held in both languages, in the reader's; English when the Welsh was not given."""
    return cy if (get_language() or "en").startswith("cy") and cy else en


class BoardMeeting(models.Model):
    """A meeting of the board or one of its sub-groups (a partnerships.GovernanceBody)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="board_meetings")
    body = models.ForeignKey("partnerships.GovernanceBody", on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField(_("date of the meeting"))
    location = models.CharField(_("where"), max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    minutes_en = models.TextField(_("minutes in English"), blank=True)
    minutes_cy = models.TextField(_("minutes in Welsh"), blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["partnership", "held_on"])]

    def __str__(self) -> str:
        return f"{self.body} {self.held_on:%d/%m/%Y}"

    @property
    def minutes(self) -> str:
        return in_language(self.minutes_en, self.minutes_cy)


class AgendaItem(models.Model):
    meeting = models.ForeignKey(BoardMeeting, on_delete=models.PROTECT, related_name="agenda")
    position = models.PositiveIntegerField(default=0)
    title_en = models.CharField(_("item in English"), max_length=300)
    title_cy = models.CharField(_("item in Welsh"), max_length=300, blank=True)

    class Meta:
        ordering = ["meeting", "position", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_language(self.title_en, self.title_cy)


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        APOLOGIES = "apologies", _("Sent apologies")
        ABSENT = "absent", _("Absent")

    meeting = models.ForeignKey(BoardMeeting, on_delete=models.PROTECT, related_name="attendance")
    name = models.CharField(_("name"), max_length=200)
    agency = models.ForeignKey("organisations.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PRESENT)

    class Meta:
        ordering = ["meeting", "name", "id"]

    def __str__(self) -> str:
        return self.name


class Decision(models.Model):
    meeting = models.ForeignKey(BoardMeeting, on_delete=models.PROTECT, related_name="decisions")
    text_en = models.TextField(_("decision in English"))
    text_cy = models.TextField(_("decision in Welsh"), blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["meeting", "recorded_at", "id"]

    def __str__(self) -> str:
        return self.text_en[:80]

    @property
    def text(self) -> str:
        return in_language(self.text_en, self.text_cy)


class Risk(models.Model):
    """A risk in the partnership's risk and escalation register. Likelihood and impact are codes
    of the reference lists "risk_likelihood" and "risk_impact" (scales are reference data)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="risks")
    title = models.CharField(_("risk"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    owner_agency = models.ForeignKey("organisations.Agency", on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="partnership_risks")
    likelihood = models.CharField(_("likelihood"), max_length=20)
    impact = models.CharField(_("impact"), max_length=20)
    controls = models.TextField(_("controls in place"), blank=True)
    review_on = models.DateField(_("next review date"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    escalated_on = models.DateField(null=True, blank=True)
    escalation_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["status", "review_on", "id"]
        indexes = [models.Index(fields=["partnership", "status"])]

    def __str__(self) -> str:
        return self.title[:80]

    @property
    def score(self) -> int | None:
        """Likelihood times impact, where both codes are numbers (as shipped)."""
        try:
            return int(self.likelihood) * int(self.impact)
        except ValueError:
            return None


class AnnualReport(models.Model):
    """The board's annual report: sections prefilled from the self-assessment cycle, the live
    measures and the ledger, edited in English and Welsh as a draft, then published."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="annual_reports")
    period_start = models.DateField(_("start of the year reported on"))
    period_end = models.DateField(_("end of the year reported on"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    # {section code: {"en": text, "cy": text}}: the editable words of each section.
    sections = models.JSONField(default=dict)
    # The figures assembled when the report was published ({} while a draft: figures are live).
    figures = models.JSONField(default=dict, blank=True)
    version = models.PositiveIntegerField(default=1)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-period_end", "-id"]

    def __str__(self) -> str:
        return f"Annual report {self.period_start:%Y}-{self.period_end:%Y}"
