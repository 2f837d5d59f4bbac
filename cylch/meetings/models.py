"""Meetings and conferences about children: who was invited, who came, what was decided and agreed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from cylch.children.models import Child


class Meeting(models.Model):
    """A strategy discussion, conference, core group or other meeting about one or more children (siblings).

    The type is a code from the `meeting_type` reference list, so its name exists in
    Welsh and English and an administrator may relabel it.
    """

    class Status(models.TextChoices):
        ARRANGED = "arranged", _("Arranged")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    meeting_type = models.CharField(max_length=60, db_index=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ARRANGED)
    scheduled_at = models.DateTimeField()
    location = models.CharField(max_length=200, blank=True)
    # The chair may be someone outside Cylch (an independent reviewing officer, say).
    chair_name = models.CharField(max_length=200, blank=True)
    convened_by_agency = models.ForeignKey("organisations.Agency", on_delete=models.PROTECT, related_name="+")
    convened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    held_at = models.DateTimeField(null=True, blank=True)
    # The record of the meeting: what was discussed and why the decisions were made.
    record_summary = models.TextField(blank=True)
    held_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    circulated_at = models.DateTimeField(null=True, blank=True)
    circulated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    cancelled_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    children: models.ManyToManyField[Child, MeetingChild] = models.ManyToManyField(
        "children.Child", through="MeetingChild", related_name="meetings"
    )

    class Meta:
        indexes = [models.Index(fields=["status", "scheduled_at"]), models.Index(fields=["meeting_type", "held_at"])]

    def __str__(self) -> str:
        from cylch.core.reference_data import code_label

        # Shown in the audit trail: "the initial child protection conference of 10/06/2026".
        moment = self.held_at or self.scheduled_at
        return f"{code_label('meeting_type', self.meeting_type)} {moment:%d/%m/%Y}"

    @property
    def is_held(self) -> bool:
        return self.status == self.Status.HELD


class MeetingChild(models.Model):
    """One child the meeting is about: their part in it, their family's, and the decision made for them.

    Conferences make a separate decision for each child, even for siblings.
    """

    class RegisterDecision(models.TextChoices):
        REGISTER = "register", _("Place on the child protection register")
        DO_NOT_REGISTER = "do_not_register", _("Do not place on the register")
        REMAIN = "remain_registered", _("Remain on the register")
        DEREGISTER = "deregister", _("Remove from the register")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="meeting_children")
    child = models.ForeignKey("children.Child", on_delete=models.PROTECT, related_name="meeting_places")
    child_participation = models.CharField(max_length=60, blank=True)
    child_views = models.TextField(blank=True)
    family_participation = models.CharField(max_length=60, blank=True)
    family_views = models.TextField(blank=True)
    views_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # The decision for this child.
    section47_determination = models.CharField(max_length=60, blank=True)
    register_decision = models.CharField(max_length=20, choices=RegisterDecision.choices, blank=True)
    categories = models.JSONField(default=list, blank=True)
    decision_reasons = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "child"], name="one_place_per_child_per_meeting")]
        indexes = [models.Index(fields=["child", "meeting"])]

    def __str__(self) -> str:
        return f"Meeting {self.meeting_id} about child {self.child_id}"

    @property
    def has_decision(self) -> bool:
        return self.decided_at is not None


class Invitee(models.Model):
    """Someone invited for an agency, and whether they came."""

    class Attendance(models.TextChoices):
        ATTENDED = "attended", _("Attended")
        SENT_REPORT = "sent_report", _("Sent a report")
        APOLOGIES = "apologies", _("Sent apologies")
        DID_NOT_ATTEND = "did_not_attend", _("Did not attend")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="invitees")
    agency = models.ForeignKey("organisations.Agency", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="meeting_invitations")
    # For someone who does not use Cylch.
    name = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=200, blank=True)
    invited_at = models.DateTimeField(default=timezone.now)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    attendance = models.CharField(max_length=20, choices=Attendance.choices, blank=True)
    # Strategy discussions: each attendee must be able to decide for their agency.
    had_authority = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"], condition=models.Q(person__isnull=False), name="one_invitation_per_person"
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.person_id is not None:
            return self.person.full_name  # type: ignore[union-attr]
        return self.name


class MeetingAction(models.Model):
    """An action agreed at a meeting: what, by which agency and person, by when.

    The plans domain turns these into plan actions (see cylch.meetings.hooks).
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="actions")
    # Blank when the action is for every child the meeting is about.
    child = models.ForeignKey("children.Child", null=True, blank=True, on_delete=models.PROTECT, related_name="meeting_actions")
    what = models.TextField()
    owner_agency = models.ForeignKey("organisations.Agency", on_delete=models.PROTECT, related_name="+")
    owner_person = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    agreed_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.what[:80]
