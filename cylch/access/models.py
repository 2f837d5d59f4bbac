"""Grants that open a child's record to someone not in the team around the child."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cylch.learning.labels import GRANT_KIND_CASE_AUDIT, GRANT_KIND_REVIEW


class AccessGrantQuerySet(models.QuerySet["AccessGrant"]):
    def in_force(self) -> AccessGrantQuerySet:
        now = timezone.now()
        return self.filter(starts_at__lte=now, ends_at__gt=now, revoked_at__isnull=True)


class AccessGrant(models.Model):
    class Kind(models.TextChoices):
        BREAK_GLASS = "break_glass", _("Emergency access (break glass)")
        AUDIT = "audit", _("Audit or inspection")
        # Read-only grants given by a partnership for a safeguarding review or a multi-agency case audit.
        SAFEGUARDING_REVIEW = "review", GRANT_KIND_REVIEW
        CASE_AUDIT = "case_audit", GRANT_KIND_CASE_AUDIT

    class Review(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed as justified")
        CHALLENGED = "challenged", _("Challenged")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="access_grants")
    child = models.ForeignKey("children.Child", on_delete=models.PROTECT, related_name="access_grants")
    agency = models.ForeignKey("organisations.Agency", null=True, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField()
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)
    review = models.CharField(max_length=12, choices=Review.choices, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)
    # What the grant serves, for grants given by another domain (e.g. "learning.review:12").
    purpose = models.CharField(max_length=80, blank=True, db_index=True)

    objects = AccessGrantQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["person", "child", "ends_at"]), models.Index(fields=["kind", "review"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.child_id}"
