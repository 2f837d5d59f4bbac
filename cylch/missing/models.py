"""Children who go missing: the Child Information Form, missing episodes with the police risk
grade over time, return interviews (debriefs) and the pattern triggers that call for a
multi-agency strategy discussion."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone


class ChildInformationForm(models.Model):
    """What the police need when the child is reported missing (the Philomena idea in Wales).

    One per child, kept up to date by the placement and the social worker. Each save is a
    review; the form prompts a review when older than policy `missing_cif_review_months` or
    after every episode (`review_after_episode`)."""

    child = models.OneToOneField("children.Child", on_delete=models.PROTECT, related_name="information_form")
    physical_description = models.TextField(blank=True)
    clothing = models.TextField(blank=True)
    associates = models.TextField(blank=True)
    places = models.TextField(blank=True)
    phone_and_social_media = models.TextField(blank=True)
    # Shown only to agency kinds allowed the `missing_health` sensitivity category.
    health_and_medication = models.TextField(blank=True)
    risks = models.TextField(blank=True)
    what_helped_return = models.TextField(blank=True)
    what_child_told = models.TextField(blank=True)
    # The current photograph: a name in the private photo storage (never under MEDIA or STATIC).
    photo_name = models.CharField(max_length=200, blank=True)
    photo_uploaded_at = models.DateTimeField(null=True, blank=True)
    photo_uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    last_reviewed_at = models.DateTimeField(default=timezone.now)
    last_reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    review_after_episode = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Child Information Form of child {self.child_id}"


class MissingEpisode(models.Model):
    """One time the child's whereabouts could not be established, until found and safe."""

    child = models.ForeignKey("children.Child", on_delete=models.PROTECT, related_name="missing_episodes")
    # The agency of the person who recorded it (the chronology's source agency).
    agency = models.ForeignKey("organisations.Agency", on_delete=models.PROTECT, related_name="+")
    missing_from = models.DateTimeField(help_text="When the child was last seen: the episode starts here.")
    last_seen_where = models.CharField(max_length=300, blank=True)
    reported_at = models.DateTimeField()
    reported_by = models.CharField(max_length=200)
    police_reference = models.CharField(max_length=60, blank=True)
    # Current police risk grade (a code of `missing_risk_grade`); each change is a RiskGrading.
    risk_grade = models.CharField(max_length=40)
    circumstances = models.TextField(blank=True)
    # The return: when and where found, by whom, and the police safe-and-well check.
    found_at = models.DateTimeField(null=True, blank=True)
    found_where = models.CharField(max_length=300, blank=True)
    found_by = models.CharField(max_length=200, blank=True)
    # Who the child was with when found (associates that recur are shown on the history).
    found_with = models.CharField(max_length=300, blank=True)
    safe_and_well_at = models.DateTimeField(null=True, blank=True)
    safe_and_well_by = models.CharField(max_length=200, blank=True)
    safe_and_well_notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    return_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-missing_from", "-pk"]
        indexes = [
            models.Index(fields=["child", "missing_from"]),
            models.Index(fields=["found_at", "missing_from"]),
            models.Index(fields=["missing_from"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["child"], condition=models.Q(found_at__isnull=True), name="one_open_missing_episode_per_child"),
        ]

    def __str__(self) -> str:
        return f"Missing episode {self.pk} of child {self.child_id}"

    @property
    def is_open(self) -> bool:
        return self.found_at is None

    def duration(self, now: datetime.datetime | None = None) -> datetime.timedelta:
        end = self.found_at or now or timezone.now()
        return max(end - self.missing_from, datetime.timedelta(0))


class RiskGrading(models.Model):
    """The police risk grade as given at one moment: the episode's grade over time."""

    episode = models.ForeignKey(MissingEpisode, on_delete=models.PROTECT, related_name="gradings")
    grade = models.CharField(max_length=40)
    graded_at = models.DateTimeField()
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["episode", "graded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.grade} at {self.graded_at:%Y-%m-%d %H:%M}"


class ReturnInterview(models.Model):
    """The return interview (debrief) offered after the child came back."""

    class Response(models.TextChoices):
        ACCEPTED = "accepted"
        DECLINED = "declined"

    episode = models.OneToOneField(MissingEpisode, on_delete=models.PROTECT, related_name="return_interview")
    offered_at = models.DateTimeField()
    offered_by = models.CharField(max_length=200)
    response = models.CharField(max_length=10, choices=Response.choices)
    held_at = models.DateTimeField(null=True, blank=True)
    conducted_by = models.CharField(max_length=200, blank=True)
    # Whether the child chose who conducted it (None: not asked or not known).
    child_chose_conductor = models.BooleanField(null=True, blank=True)
    child_words = models.TextField(blank=True)
    child_words_language = models.CharField(max_length=12, blank=True)
    push_factors = models.JSONField(default=list, blank=True)
    pull_factors = models.JSONField(default=list, blank=True)
    where_and_with_whom = models.TextField(blank=True)
    exploitation_indicators = models.JSONField(default=list, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Return interview after episode {self.episode_id}"


class ReturnInterviewAction(models.Model):
    """An action that follows from a return interview, and the plan action it became."""

    interview = models.ForeignKey(ReturnInterview, on_delete=models.PROTECT, related_name="actions")
    what = models.TextField()
    owner_agency = models.ForeignKey("organisations.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField(null=True, blank=True)
    plan_action = models.ForeignKey("plans.PlanAction", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["interview", "pk"]

    def __str__(self) -> str:
        return self.what[:80]


class PatternTrigger(models.Model):
    """A configured trigger met (repeat episodes, high risk, a long episode, exploitation):
    the lead professional is asked to hold a multi-agency strategy discussion and told why."""

    child = models.ForeignKey("children.Child", on_delete=models.PROTECT, related_name="missing_triggers")
    episode = models.ForeignKey(MissingEpisode, on_delete=models.PROTECT, related_name="triggers")
    # Codes of `missing_trigger_reason`.
    reasons = models.JSONField(default=list)
    raised_at = models.DateTimeField(default=timezone.now)
    due_item = models.ForeignKey("timescales.DueItem", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-raised_at", "-pk"]
        indexes = [models.Index(fields=["child", "raised_at"])]

    def __str__(self) -> str:
        return f"Pattern trigger for child {self.child_id}: {', '.join(self.reasons)}"
