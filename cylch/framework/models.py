"""The Framework's stable parts: standards, indicators and practice notes.

Each row holds the *current published* wording in English and Welsh; the
framework's versioned documents publish into these rows, so other domains
(self-assessment, learning, missing children, therapeutic support) refer to a
standard, an indicator or a practice note by its stable code and always read
the wording in force.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language


def _in_language(english: str, welsh: str) -> str:
    if (get_language() or "en").startswith("cy") and welsh:
        return welsh
    return english


class Standard(models.Model):
    """One of the five standards: infrastructure, strategy, learning, governance, delivery."""

    code = models.SlugField(max_length=40, unique=True)
    position = models.PositiveSmallIntegerField(default=0)
    title_en = models.CharField(max_length=200)
    title_cy = models.CharField(max_length=200)
    summary_en = models.TextField(blank=True)
    summary_cy = models.TextField(blank=True)
    # True while the wording is our own summary, not the Framework's official text.
    is_placeholder = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return _in_language(self.title_en, self.title_cy)

    @property
    def summary(self) -> str:
        return _in_language(self.summary_en, self.summary_cy)


class Indicator(models.Model):
    """Something a partnership can show to meet a standard; rated in self-assessment."""

    standard = models.ForeignKey(Standard, on_delete=models.PROTECT, related_name="indicators")
    code = models.SlugField(max_length=60, unique=True)
    position = models.PositiveSmallIntegerField(default=0)
    text_en = models.TextField()
    text_cy = models.TextField()
    # A rating of this indicator must carry evidence (a document or a link).
    evidence_required = models.BooleanField(default=False)
    is_placeholder = models.BooleanField(default=True)

    class Meta:
        ordering = ["standard__position", "position", "code"]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return _in_language(self.text_en, self.text_cy)


class PracticeNote(models.Model):
    """A practice note (for example children who go missing), shown where it applies."""

    slug = models.SlugField(max_length=80, unique=True)
    title_en = models.CharField(max_length=200)
    title_cy = models.CharField(max_length=200)
    body_en = models.TextField(blank=True)
    body_cy = models.TextField(blank=True)
    is_placeholder = models.BooleanField(default=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return _in_language(self.title_en, self.title_cy)

    @property
    def body(self) -> str:
        return _in_language(self.body_en, self.body_cy)
