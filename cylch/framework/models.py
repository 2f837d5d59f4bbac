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
from django.utils.translation import gettext_lazy as _


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
    # A sentence or two shown beside the link on the pages where the note applies.
    summary_en = models.TextField(blank=True)
    summary_cy = models.TextField(blank=True)

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

    @property
    def summary(self) -> str:
        return _in_language(self.summary_en, self.summary_cy)


# --- The live document: every part of the Framework, versioned ------------------------


class Document(models.Model):
    """One part of the Framework that is drafted, reviewed and published in versions.

    Standards, indicators and practice notes also have a stable row above (same code);
    publishing a version writes its wording there. Principles and guidance live only here.
    """

    class Kind(models.TextChoices):
        STANDARD = "standard", _("Standard")
        INDICATOR = "indicator", _("Indicator")
        PRINCIPLE = "principle", _("Principle")
        PRACTICE_NOTE = "practice_note", _("Practice note")
        GUIDANCE = "guidance", _("Guidance")

    kind = models.CharField(max_length=20, choices=Kind.choices, db_index=True)
    code = models.SlugField(max_length=80, unique=True)
    # An indicator belongs to a standard.
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    position = models.PositiveSmallIntegerField(default=0)
    # The version in force (None until the first is published).
    published = models.ForeignKey(
        "DocumentVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "position", "code"]

    def __str__(self) -> str:
        return self.published.title if self.published else self.code

    @property
    def title(self) -> str:
        return self.published.title if self.published else self.code


class DocumentVersion(models.Model):
    """One version of a document: a draft, a draft sent for review, or a published version.

    Published versions are never changed again; the next change is a new draft.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("Waiting for review")
        PUBLISHED = "published", _("Published")
        DISCARDED = "discarded", _("Discarded")

    class Source(models.TextChoices):
        SHIPPED = "shipped", _("Shipped with Cylch")
        APP = "app", _("Written in Cylch")
        IMPORT = "import", _("Imported official text")

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="versions")
    # 1, 2, 3... given when published; None for drafts.
    number = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.APP)
    # The published number this draft started from (0: none); publishing refuses if a newer one exists.
    based_on = models.PositiveIntegerField(default=0)
    title_en = models.CharField(max_length=200, blank=True)
    title_cy = models.CharField(max_length=200, blank=True)
    summary_en = models.TextField(blank=True)
    summary_cy = models.TextField(blank=True)
    body_en = models.TextField(blank=True)
    body_cy = models.TextField(blank=True)
    change_note_en = models.TextField(blank=True)
    change_note_cy = models.TextField(blank=True)
    is_placeholder = models.BooleanField(default=False)
    # An indicator only: a rating of it must carry evidence (written into Indicator.evidence_required).
    evidence_required = models.BooleanField(null=True, blank=True)
    # Increases on every save of a draft: two people never silently overwrite each other.
    edit_version = models.PositiveIntegerField(default=1)
    review_comment = models.TextField(blank=True)
    created_by = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    submitted_by = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="framework_version_number_once"),
            # At most one draft (or draft in review) per document at a time.
            models.UniqueConstraint(
                fields=["document"],
                condition=models.Q(status__in=["draft", "in_review"]),
                name="framework_one_open_draft",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document.code} v{self.number}" if self.number else f"{self.document.code} (draft)"

    @property
    def title(self) -> str:
        return _in_language(self.title_en, self.title_cy)

    @property
    def summary(self) -> str:
        return _in_language(self.summary_en, self.summary_cy)

    @property
    def body(self) -> str:
        return _in_language(self.body_en, self.body_cy)

    @property
    def change_note(self) -> str:
        return _in_language(self.change_note_en, self.change_note_cy)

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.IN_REVIEW)


# The wording fields of a version, each in English and Welsh.
WORDING_FIELDS = ["title", "summary", "body"]
LANGUAGE_FIELDS = [f"{name}_{lang}" for name in WORDING_FIELDS for lang in ("en", "cy")]
