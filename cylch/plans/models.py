"""Plans around a child: personal outcomes, agency-owned actions, agreed versions,
the escalation of overdue actions, and professional differences."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The sections of a plan's text that an agreed version keeps and the compare page shows.
PLAN_TEXT_FIELDS = [
    "personal_outcomes",
    "needs",
    "progress_measures",
    "review_arrangements",
    "health_plan",
    "personal_education_plan",
    "placement_plan",
]
# Sections held only by some plan types (which ones is configuration: policy "plan_type_sections").
OPTIONAL_SECTIONS = ["health_plan", "personal_education_plan", "placement_plan"]


class Plan(models.Model):
    """One plan for one child. The working copy is edited; each agreement keeps a version."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft, not yet agreed")
        AGREED = "agreed", _("Agreed")
        ENDED = "ended", _("Ended")

    child = models.ForeignKey("children.Child", on_delete=models.PROTECT, related_name="plans")
    plan_type = models.CharField(max_length=60)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    lead_agency = models.ForeignKey("organisations.Agency", on_delete=models.PROTECT, related_name="+")
    personal_outcomes = models.TextField(_("personal outcomes"), blank=True)
    needs = models.TextField(_("needs to be met"), blank=True)
    progress_measures = models.TextField(_("how progress is measured"), blank=True)
    review_arrangements = models.TextField(_("review arrangements"), blank=True)
    next_review_on = models.DateField(_("next review date"), null=True, blank=True)
    health_plan = models.TextField(_("health plan"), blank=True)
    personal_education_plan = models.TextField(_("personal education plan"), blank=True)
    placement_plan = models.TextField(_("placement plan"), blank=True)
    # The number of the latest agreed version (0: never agreed), and whether the working
    # copy has changed since: agreeing again keeps a new version.
    agreed_version = models.PositiveIntegerField(default=0)
    changed_since_agreed = models.BooleanField(default=False)
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["child", "status"])]

    def __str__(self) -> str:
        return f"Plan {self.pk} for child {self.child_id}"


class PlanVersion(models.Model):
    """What was agreed, as it stood: an immutable snapshot of the plan and its actions."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    agreed_on = models.DateField()
    agreed_at = models.DateTimeField(default=timezone.now)
    agreed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)
    snapshot = models.JSONField()

    class Meta:
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="unique_plan_version_number")]

    def __str__(self) -> str:
        return f"Plan {self.plan_id} version {self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # An agreed version is a record of what was agreed: it is never rewritten.
        if self.pk is not None:
            raise RuntimeError("An agreed plan version cannot be changed.")
        super().save(*args, **kwargs)


class PlanActionQuerySet(models.QuerySet["PlanAction"]):
    def current(self) -> PlanActionQuerySet:
        return self.filter(removed_at__isnull=True)

    def open(self) -> PlanActionQuerySet:
        return self.current().filter(status__in=[PlanAction.Status.NOT_STARTED, PlanAction.Status.IN_PROGRESS])

    def agreed_open(self) -> PlanActionQuerySet:
        """Actions in force: agreed, not finished, on a plan that has not ended."""
        return self.open().filter(agreed_on__isnull=False).exclude(plan__status=Plan.Status.ENDED)

    def overdue(self, today: datetime.date) -> PlanActionQuerySet:
        return self.agreed_open().filter(due_on__lt=today)


class PlanAction(models.Model):
    """Who will do what by when: one agency, one named person, one date."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="actions")
    what = models.TextField(_("what will be done"))
    owner_agency = models.ForeignKey("organisations.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="plan_actions"
    )
    # The owner's team in the owning agency: whose manager hears when the action is overdue.
    owner_team = models.ForeignKey("organisations.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED, db_index=True)
    evidence = models.TextField(_("evidence of completion"), blank=True)
    # The day the action was first agreed (set when the plan is agreed).
    agreed_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = PlanActionQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "due_on", "id"]
        indexes = [
            models.Index(fields=["status", "due_on"]),
            models.Index(fields=["owner", "status"]),
            models.Index(fields=["owner_team", "status", "due_on"]),
            models.Index(fields=["owner_agency", "status", "due_on"]),
        ]

    def __str__(self) -> str:
        return self.what[:80]

    @property
    def is_open(self) -> bool:
        return self.status in {self.Status.NOT_STARTED, self.Status.IN_PROGRESS} and self.removed_at is None

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.is_open and self.agreed_on is not None and self.due_on is not None and self.due_on < today


class ActionUpdate(models.Model):
    """Progress recorded on an action: the new status and what was done."""

    action = models.ForeignKey(PlanAction, on_delete=models.PROTECT, related_name="updates")
    status = models.CharField(max_length=12, choices=PlanAction.Status.choices)
    note = models.TextField(blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"Update on action {self.action_id}"


class ActionEscalation(models.Model):
    """One step of the escalation ladder taken for an overdue action, and who was told.

    Unique per action, due date and step: each step happens once for each due date
    (an action given a new date by a re-agreed plan climbs the ladder again)."""

    action = models.ForeignKey(PlanAction, on_delete=models.PROTECT, related_name="escalations")
    step = models.CharField(max_length=40)
    due_on = models.DateField()
    days_overdue = models.PositiveIntegerField()
    at = models.DateTimeField(default=timezone.now)
    # [{"id": person id, "name": full name}] as they were when told.
    recipients = models.JSONField(default=list)

    class Meta:
        ordering = ["action", "at", "id"]
        constraints = [models.UniqueConstraint(fields=["action", "due_on", "step"], name="one_escalation_per_action_step")]

    def __str__(self) -> str:
        return f"{self.step} for action {self.action_id}"


class Disagreement(models.Model):
    """A professional difference about a decision or an action, escalated level by level until resolved."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved")

    child = models.ForeignKey("children.Child", on_delete=models.PROTECT, related_name="disagreements")
    plan = models.ForeignKey(Plan, null=True, blank=True, on_delete=models.PROTECT, related_name="disagreements")
    action = models.ForeignKey(PlanAction, null=True, blank=True, on_delete=models.PROTECT, related_name="disagreements")
    about = models.CharField(_("the decision or action"), max_length=300)
    concern = models.TextField(_("what is disputed and why"))
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised_by_agency = models.ForeignKey("organisations.Agency", on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    level = models.CharField(max_length=60)
    resolved_on = models.DateField(null=True, blank=True)
    resolution = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-raised_at", "-id"]
        indexes = [models.Index(fields=["child", "status"])]

    def __str__(self) -> str:
        return self.about[:80]


class DisagreementStage(models.Model):
    """One level at which a difference was worked on, with its outcome and date."""

    disagreement = models.ForeignKey(Disagreement, on_delete=models.PROTECT, related_name="stages")
    level = models.CharField(max_length=60)
    started_at = models.DateTimeField(default=timezone.now)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(blank=True)
    outcome = models.TextField(blank=True)
    outcome_on = models.DateField(null=True, blank=True)
    outcome_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["disagreement", "started_at", "id"]

    def __str__(self) -> str:
        return f"{self.level} for disagreement {self.disagreement_id}"


# Labels of a plan's parts, for the plan page and the comparison of versions.
PLAN_FIELD_LABELS = {
    "personal_outcomes": _("Personal outcomes: what matters to the child"),
    "needs": _("Needs to be met"),
    "progress_measures": _("How progress will be measured"),
    "review_arrangements": _("Review arrangements"),
    "next_review_on": _("Next review date"),
    "health_plan": _("Health plan"),
    "personal_education_plan": _("Personal education plan"),
    "placement_plan": _("Placement plan"),
}
ACTION_FIELD_LABELS = {
    "what": _("What will be done"),
    "owner_agency": _("Owning agency"),
    "owner": _("Named person"),
    "due_on": _("Due date"),
    "status": _("Status"),
}
ESCALATION_STEP_LABELS = {
    "owner_reminder": _("Reminder to the owner"),
    "team_manager": _("Escalated to the owner's team manager"),
    "safeguarding_lead": _("Escalated to the agency's safeguarding lead"),
}
