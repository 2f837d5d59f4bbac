"""Information-sharing agreements under the Wales Accord on the Sharing of Personal Information."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SharingAgreement(models.Model):
    class Kind(models.TextChoices):
        ISP = "isp", _("Information Sharing Protocol")
        DDA = "dda", _("Data Disclosure Agreement")
        JCA = "jca", _("Joint Controller Agreement")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("In force")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(max_length=300)
    parties = models.ManyToManyField("organisations.Agency", related_name="sharing_agreements")
    purpose = models.TextField()
    people_covered = models.TextField()
    data_categories = models.TextField()
    lawful_basis = models.TextField()
    starts_on = models.DateField()
    review_date = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    owner_agency = models.ForeignKey("organisations.Agency", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["review_date"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_expired(self) -> bool:
        return self.review_date < timezone.localdate()

    def is_in_force(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.status == self.Status.ACTIVE and self.starts_on <= on <= self.review_date
