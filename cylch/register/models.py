"""The child protection register: registrations, their categories and reviews, and how they end."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Registration(models.Model):
    """A child's place on the register, made by a conference decision and ended only as the law allows."""

    child = models.ForeignKey("children.Child", on_delete=models.PROTECT, related_name="registrations")
    registered_on = models.DateField()
    # The initial or transfer-in conference decision that placed the child on the register.
    decision = models.ForeignKey("meetings.MeetingChild", on_delete=models.PROTECT, related_name="registrations")
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    ended_on = models.DateField(null=True, blank=True)
    # A code from the `deregistration_reason` list, with the reasons in words.
    end_reason = models.CharField(max_length=60, blank=True)
    end_reason_detail = models.TextField(blank=True)
    end_decision = models.ForeignKey("meetings.MeetingChild", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["child", "ended_on"])]
        constraints = [
            models.UniqueConstraint(fields=["child"], condition=models.Q(ended_on__isnull=True), name="one_open_registration_per_child")
        ]

    def __str__(self) -> str:
        return f"Registration of child {self.child_id} from {self.registered_on}"

    @property
    def is_open(self) -> bool:
        return self.ended_on is None


class RegistrationCategory(models.Model):
    """One category of a registration (a code from `register_category`). A review may add or remove one;
    removed categories are kept with the date they were removed."""

    registration = models.ForeignKey(Registration, on_delete=models.PROTECT, related_name="categories")
    code = models.CharField(max_length=60)
    added_on = models.DateField()
    removed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["registration", "removed_on"])]

    def __str__(self) -> str:
        return self.code


class RegistrationReview(models.Model):
    """A review conference's decision about a registration."""

    class Outcome(models.TextChoices):
        REMAIN = "remain_registered", _("Remain on the register")
        DEREGISTER = "deregister", _("Removed from the register")

    registration = models.ForeignKey(Registration, on_delete=models.PROTECT, related_name="reviews")
    reviewed_on = models.DateField()
    decision = models.ForeignKey("meetings.MeetingChild", on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    categories = models.JSONField(default=list)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-reviewed_on", "-pk"]

    def __str__(self) -> str:
        return f"Review of registration {self.registration_id} on {self.reviewed_on}"


class TransferIn(models.Model):
    """Notice that a child on another area's register has moved here: the receiving
    authority must hold a transfer-in conference within the statutory timescale."""

    child = models.ForeignKey("children.Child", on_delete=models.PROTECT, related_name="transfers_in")
    notified_at = models.DateTimeField()
    from_area = models.CharField(max_length=200)
    registered_elsewhere_on = models.DateField(null=True, blank=True)
    categories = models.JSONField(default=list, blank=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-notified_at"]

    def __str__(self) -> str:
        return f"Transfer in of child {self.child_id} from {self.from_area}"


class DutyLine(models.Model):
    """The number a register check tells people to ring: the agency's duty line."""

    agency = models.OneToOneField("organisations.Agency", on_delete=models.PROTECT, related_name="duty_line")
    phone = models.CharField(max_length=40)
    notes_en = models.CharField(max_length=300, blank=True)
    notes_cy = models.CharField(max_length=300, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.phone

    @property
    def notes(self) -> str:
        if (get_language() or "en").startswith("cy") and self.notes_cy:
            return self.notes_cy
        return self.notes_en
