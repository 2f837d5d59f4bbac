"""Shared building blocks: bilingual names and saved drafts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class BilingualNameMixin(models.Model):
    """A name held in English and Welsh as equals; shown in the reader's language."""

    name_en = models.CharField(_("name in English"), max_length=200)
    name_cy = models.CharField(_("name in Welsh"), max_length=200)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if (get_language() or "en").startswith("cy") and self.name_cy:
            return self.name_cy
        return self.name_en


class Draft(models.Model):
    """What a person has typed into a long form, saved as they type.

    A session that times out mid-entry must not lose the work: the form page
    restores the draft after the person signs in again.
    """

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drafts")
    form_key = models.CharField(max_length=300)
    data = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "form_key"], name="one_draft_per_form")]

    def __str__(self) -> str:
        return f"draft of {self.form_key}"


class ScheduledRun(models.Model):
    """One row per periodic job per time slot: the unique key makes each run happen once,
    however many schedulers are running and however often they restart."""

    job = models.CharField(max_length=100)
    slot = models.BigIntegerField()
    enqueued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "slot"], name="one_run_per_job_slot")]

    def __str__(self) -> str:
        return f"{self.job} slot {self.slot}"


class ReferenceCode(models.Model):
    """An entry of a configurable list (relationships, roles for a child, categories...).

    Lists that practice or law may change live here as data, in both languages,
    loaded from cylch/core/reference/codes.json and editable without a code change.
    """

    list_name = models.CharField(max_length=60, db_index=True)
    code = models.SlugField(max_length=60)
    label_en = models.CharField(max_length=200)
    label_cy = models.CharField(max_length=200)
    order = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["list_name", "order", "label_en"]
        constraints = [models.UniqueConstraint(fields=["list_name", "code"], name="unique_code_in_list")]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if (get_language() or "en").startswith("cy") and self.label_cy:
            return self.label_cy
        return self.label_en


class PolicySetting(models.Model):
    """A figure set by law or local policy (a duration, a threshold), held as data."""

    key = models.SlugField(max_length=80, unique=True)
    value = models.JSONField()
    description = models.TextField(blank=True)
    source = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.key


class Notification(models.Model):
    """An in-app message to one person. The text is rendered in the reader's language."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=100)
    params = models.JSONField(default=dict)
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Makes each reminder or notice arrive once, however often a job runs.
    dedupe_key = models.CharField(max_length=200, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"
