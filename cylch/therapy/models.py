"""Therapeutic support for care-experienced children: the directory of services, the child's
recorded need, referrals through explicit states, and the child's own ratings of how it is going."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Service(models.Model):
    """One therapeutic service offered by a provider agency, kept up to date by the provider's own people."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Taking referrals")
        TEMPORARILY_CLOSED = "temporarily closed", _("Temporarily closed to referrals")
        INACTIVE = "inactive", _("No longer offered")

    # The Open Referral UK identifier: kept when a directory is imported, so re-importing updates.
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Agencies are never deleted in use (everything else protects them); when one is (synthetic data
    # being rebuilt), its directory entries go with it. Referrals still protect a service.
    provider = models.ForeignKey("organisations.Agency", on_delete=models.CASCADE, related_name="therapy_services")
    name_en = models.CharField(max_length=200)
    name_cy = models.CharField(max_length=200)
    description_en = models.TextField(blank=True)
    description_cy = models.TextField(blank=True)
    kind = models.CharField(max_length=40, db_index=True)
    minimum_age = models.PositiveSmallIntegerField(default=0)
    maximum_age = models.PositiveSmallIntegerField(default=25)
    # Care statuses the service is for (reference list "care_status"); empty means any care-experienced child.
    care_statuses = models.JSONField(default=list, blank=True)
    diagnosis_needed = models.BooleanField(default=False)
    areas = models.ManyToManyField("organisations.Area", related_name="therapy_services", blank=True)
    welsh_language = models.BooleanField(default=False)
    how_to_refer = models.TextField(blank=True)
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    url = models.URLField(blank=True)
    address = models.CharField(max_length=300, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    # Places for new children or carers each month, and the current wait to start, in weeks.
    capacity_per_month = models.PositiveIntegerField(default=0)
    waiting_weeks = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE, db_index=True)
    last_modified = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    imported_from = models.CharField(max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name_en", "id"]
        indexes = [
            models.Index(fields=["status", "minimum_age", "maximum_age"]),
            models.Index(fields=["provider", "status"]),
        ]

    def __str__(self) -> str:
        return self.name_en

    @property
    def name(self) -> str:
        return self.name_cy if (get_language() or "en").startswith("cy") and self.name_cy else self.name_en

    @property
    def description(self) -> str:
        return self.description_cy if (get_language() or "en").startswith("cy") and self.description_cy else self.description_en

    @property
    def takes_referrals(self) -> bool:
        return self.status == self.Status.ACTIVE


class TherapeuticNeed(models.Model):
    """A need for therapeutic support recorded by someone in the team around the child,
    with the child's own views and wishes, their consent or assent, and the carers' views."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    child = models.ForeignKey("children.Child", on_delete=models.PROTECT, related_name="therapeutic_needs")
    care_status = models.CharField(max_length=40)
    diagnosis = models.CharField(max_length=20)
    help_for = models.CharField(max_length=20)
    need = models.TextField()
    child_help_wanted = models.TextField()
    child_where = models.TextField(blank=True)
    child_language = models.CharField(max_length=10)
    child_who_with = models.TextField(blank=True)
    consent = models.CharField(max_length=20)
    consent_note = models.TextField(blank=True)
    carers_views = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_by_agency = models.ForeignKey("organisations.Agency", on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["child", "status"])]

    def __str__(self) -> str:
        return f"Therapeutic need {self.pk} of child {self.child_id}"


class Referral(models.Model):
    """A referral of one need to one service. It moves only along TRANSITIONS."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Sent")
        TRIAGED = "triaged", _("Triaged")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WAITING = "waiting", _("Waiting to start")
        STARTED = "started", _("Help started")
        IN_REVIEW = "in_review", _("In review")
        ENDED = "ended", _("Ended")

    need = models.ForeignKey(TherapeuticNeed, on_delete=models.PROTECT, related_name="referrals")
    child = models.ForeignKey("children.Child", on_delete=models.PROTECT, related_name="therapy_referrals")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="referrals")
    # Denormalised from the service so demand can be counted by provider and region without joins.
    provider = models.ForeignKey("organisations.Agency", on_delete=models.PROTECT, related_name="+")
    local_authority = models.ForeignKey("organisations.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    help_for = models.CharField(max_length=20)
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT, db_index=True)
    # What of the child's record the provider's people may see (reference list "referral_shared_part").
    shared_parts = models.JSONField(default=list)
    message = models.TextField(blank=True)
    # Why the practitioner chose a service that does not cover the child's area or age.
    eligibility_reason = models.TextField(blank=True)
    goals = models.TextField(blank=True)
    need_recorded_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    first_contact_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    end_reason = models.CharField(max_length=40, blank=True)
    # The onward route recorded when a referral is declined: no wrong door.
    onward_route = models.CharField(max_length=40, blank=True)
    onward_service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    onward_note = models.TextField(blank=True)
    onward_owner = models.CharField(max_length=200, blank=True)
    onward_due_on = models.DateField(null=True, blank=True)
    # Finished waits in days from the referral being sent (kept so averages need no date arithmetic).
    days_to_first_contact = models.PositiveIntegerField(null=True, blank=True)
    days_to_start = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_by_agency = models.ForeignKey("organisations.Agency", on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["provider", "state"]),
            models.Index(fields=["child", "state"]),
            models.Index(fields=["service", "state"]),
            models.Index(fields=["local_authority", "sent_at"]),
        ]

    def __str__(self) -> str:
        return f"Referral {self.pk} to service {self.service_id}"

    @property
    def is_open(self) -> bool:
        return self.state != self.State.ENDED


S = Referral.State
# Who moves a referral from one state to another: "team" (the team around the child) or
# "provider" (the people of the service's provider agency). Anything not here is refused.
TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (S.DRAFT, S.SENT): frozenset({"team"}),
    (S.SENT, S.TRIAGED): frozenset({"provider"}),
    (S.SENT, S.ACCEPTED): frozenset({"provider"}),
    (S.SENT, S.DECLINED): frozenset({"provider"}),
    (S.TRIAGED, S.ACCEPTED): frozenset({"provider"}),
    (S.TRIAGED, S.DECLINED): frozenset({"provider"}),
    (S.ACCEPTED, S.WAITING): frozenset({"provider"}),
    (S.ACCEPTED, S.STARTED): frozenset({"provider"}),
    (S.WAITING, S.STARTED): frozenset({"provider"}),
    (S.STARTED, S.IN_REVIEW): frozenset({"provider", "team"}),
    (S.IN_REVIEW, S.STARTED): frozenset({"provider", "team"}),
    (S.IN_REVIEW, S.ENDED): frozenset({"provider", "team"}),
    (S.STARTED, S.ENDED): frozenset({"provider", "team"}),
    (S.WAITING, S.ENDED): frozenset({"provider", "team"}),
    (S.DECLINED, S.ENDED): frozenset({"provider", "team"}),
    # A draft never sent is withdrawn by the team.
    (S.DRAFT, S.ENDED): frozenset({"team"}),
}
# States in which a child counts as waiting for help.
WAITING_STATES = frozenset({S.SENT, S.TRIAGED, S.ACCEPTED, S.WAITING})


class ReferralStateChange(models.Model):
    """Who moved a referral, when and why. Each change enters the child's chronology."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="changes")
    from_state = models.CharField(max_length=20)
    to_state = models.CharField(max_length=20)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    by_agency = models.ForeignKey("organisations.Agency", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["referral", "at", "id"]

    def __str__(self) -> str:
        return f"{self.from_state} to {self.to_state}"


class ChildRating(models.Model):
    """The child's own rating of how things are going, on a simple scale they understand."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="ratings")
    stage = models.CharField(max_length=10)
    score = models.PositiveSmallIntegerField()
    words = models.TextField(blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["referral", "recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.stage}: {self.score}"
