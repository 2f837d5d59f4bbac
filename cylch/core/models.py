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
