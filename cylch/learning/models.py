"""Learning together: Single Unified Safeguarding Reviews, multi-agency case audits and the
briefings that carry what was learnt back to practice.

A review or an audit names children but never opens their records by itself: reviewers and
auditors read the records through time-limited grants (cylch.access AccessGrant kinds
"review" and "case_audit"). What a review keeps of its own (the chronology copy, agency
reports, recommendations) is the review's document and outlives the grants.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cylch.core.models import BilingualNameMixin
from cylch.framework.models import _in_language


def child_name(letter: str) -> str:
    """How a review names a child it concerns, never by their name: "Child A"."""
    return gettext("Child %(letter)s") % {"letter": letter}


class Theme(BilingualNameMixin):
    """A theme from the shared taxonomy (neglect, exploitation, the child's voice...), editable by business managers."""

    code = models.SlugField(max_length=60, unique=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name_en"]


class Review(models.Model):
    """One Single Unified Safeguarding Review, from referral to monitoring."""

    class Decision(models.TextChoices):
        PROCEED = "proceed", _("A review will be held")
        NOT_PROCEED = "not_proceed", _("No review will be held")

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="reviews")
    reference = models.CharField(max_length=40, unique=True)
    # Never names a child: the children concerned are linked below and shown as "Child A", "Child B".
    title = models.CharField(max_length=200)
    referral_summary = models.TextField()
    referred_by_agency = models.ForeignKey("organisations.Agency", on_delete=models.PROTECT, related_name="+")
    referred_on = models.DateField()
    event_on = models.DateField()
    period_start = models.DateField()
    period_end = models.DateField()
    # A code from the `review_stage` list.
    stage = models.CharField(max_length=40, db_index=True)
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    decision_reasons = models.TextField(blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decided_by_name = models.CharField(max_length=200, blank=True)
    themes = models.ManyToManyField(Theme, related_name="reviews", blank=True)
    chronology_built_at = models.DateTimeField(null=True, blank=True)
    chronology_built_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-referred_on", "-id"]
        indexes = [models.Index(fields=["partnership", "stage"])]

    def __str__(self) -> str:
        return self.reference


class ReviewChild(models.Model):
    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="review_children")
    child = models.ForeignKey("children.Child", on_delete=models.PROTECT, related_name="learning_review_links")
    # A letter ("A"): the review names the child as "Child A" in the reader's language.
    label = models.CharField(max_length=20)

    class Meta:
        ordering = ["label"]
        constraints = [models.UniqueConstraint(fields=["review", "child"], name="learning_review_child_once")]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return child_name(self.label)


class ReviewStageRecord(models.Model):
    """The history of a review: each stage it reached, when, by whom and with what note."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="stage_records")
    stage = models.CharField(max_length=40)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return self.stage


class ReviewMember(models.Model):
    """A named reviewer, review chair or panel member from one agency, with access until a date."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="members")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_memberships")
    agency = models.ForeignKey("organisations.Agency", on_delete=models.PROTECT, related_name="+")
    # A code from the `review_member_role` list.
    role = models.CharField(max_length=30)
    access_until = models.DateField()
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["review", "person"], name="learning_review_member_once")]

    def __str__(self) -> str:
        return str(self.person)


class ReviewChronologyEntry(models.Model):
    """The review's own copy of one chronology entry over the review period (a snapshot)."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="chronology")
    child_label = models.CharField(max_length=20)  # the ReviewChild's letter
    occurred_at = models.DateTimeField()
    agency = models.ForeignKey("organisations.Agency", on_delete=models.PROTECT, related_name="+")
    entry_type = models.CharField(max_length=60)
    summary = models.CharField(max_length=300)
    summary_cy = models.CharField(max_length=300, blank=True)
    significance = models.CharField(max_length=12)
    source_entry_id = models.BigIntegerField()

    class Meta:
        ordering = ["occurred_at", "id"]
        indexes = [models.Index(fields=["review", "occurred_at"]), models.Index(fields=["review", "agency"])]

    def __str__(self) -> str:
        return self.summary

    @property
    def summary_shown(self) -> str:
        return _in_language(self.summary, self.summary_cy)

    @property
    def child_name(self) -> str:
        return child_name(self.child_label)


class AgencyReport(models.Model):
    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="agency_reports")
    agency = models.ForeignKey("organisations.Agency", on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["submitted_at", "id"]

    def __str__(self) -> str:
        return f"Report of agency {self.agency_id}"


class Recommendation(models.Model):
    """A recommendation of a review; its action lives in the accountability ledger."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="recommendations")
    text = models.TextField()
    standard = models.ForeignKey("framework.Standard", on_delete=models.PROTECT, related_name="+")
    action = models.OneToOneField("accountability.LedgerAction", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text[:80]


class Briefing(models.Model):
    """A short learning briefing ("seven-minute briefing") in English and Welsh."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="briefings")
    review = models.ForeignKey(Review, null=True, blank=True, on_delete=models.PROTECT, related_name="briefings")
    title_en = models.CharField(max_length=200)
    title_cy = models.CharField(max_length=200)
    body_en = models.TextField()
    body_cy = models.TextField()
    themes = models.ManyToManyField(Theme, related_name="briefings", blank=True)
    standards = models.ManyToManyField("framework.Standard", related_name="+", blank=True)
    practice_notes = models.ManyToManyField("framework.PracticeNote", related_name="+", blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return _in_language(self.title_en, self.title_cy)

    @property
    def body(self) -> str:
        return _in_language(self.body_en, self.body_cy)


class BriefingRead(models.Model):
    """Who read a briefing, and in which team (so a partnership sees which teams have read it)."""

    briefing = models.ForeignKey(Briefing, on_delete=models.PROTECT, related_name="reads")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey("organisations.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["briefing", "person"], name="learning_briefing_read_once")]

    def __str__(self) -> str:
        return f"{self.person_id} read {self.briefing_id}"


# --- Multi-agency case audits ---------------------------------------------------------------


class AuditTool(BilingualNameMixin):
    """A partnership's audit tool: questions grouped by standard. Published versions never change;
    a change is a new version."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="audit_tools")
    code = models.SlugField(max_length=60)
    version = models.PositiveIntegerField(default=1)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "code", "version"], name="learning_audit_tool_version_once")
        ]


class AuditQuestion(models.Model):
    tool = models.ForeignKey(AuditTool, on_delete=models.PROTECT, related_name="questions")
    standard = models.ForeignKey("framework.Standard", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    text_en = models.TextField()
    text_cy = models.TextField()
    # What each grade looks like for this question: {grade code: [English, Welsh]}.
    descriptors = models.JSONField(default=dict)

    class Meta:
        ordering = ["standard__position", "position", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return _in_language(self.text_en, self.text_cy)

    def descriptor(self, grade: str) -> str:
        pair = self.descriptors.get(grade) or ["", ""]
        return _in_language(pair[0], pair[1])


class AuditRound(models.Model):
    class Status(models.TextChoices):
        PLANNING = "planning", _("Planning")
        AUDITING = "auditing", _("Auditing")
        FINISHED = "finished", _("Finished")

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="audit_rounds")
    tool = models.ForeignKey(AuditTool, on_delete=models.PROTECT, related_name="rounds")
    title = models.CharField(max_length=200)
    # A sampling criterion code (cylch.learning.sampling) and its option, if it takes one.
    criterion = models.CharField(max_length=60)
    criterion_option = models.CharField(max_length=60, blank=True)
    period_start = models.DateField()
    period_end = models.DateField()
    sample_size = models.PositiveSmallIntegerField()
    seed = models.PositiveIntegerField(default=0)
    access_until = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNING, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class AuditRoundAuditor(models.Model):
    round = models.ForeignKey(AuditRound, on_delete=models.PROTECT, related_name="auditors")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="audit_rounds")
    agency = models.ForeignKey("organisations.Agency", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["round", "person"], name="learning_round_auditor_once")]

    def __str__(self) -> str:
        return str(self.person)


class AuditCase(models.Model):
    round = models.ForeignKey(AuditRound, on_delete=models.PROTECT, related_name="cases")
    child = models.ForeignKey("children.Child", on_delete=models.PROTECT, related_name="learning_audit_cases")
    # A number ("3"): the round names the case as "Case 3" in the reader's language.
    label = models.CharField(max_length=20)
    # Agreed at moderation: a code from `audit_grade`, the findings and why.
    overall_grade = models.CharField(max_length=30, blank=True)
    findings = models.TextField(blank=True)
    rationale = models.TextField(blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["round", "child"], name="learning_audit_case_once")]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return gettext("Case %(number)s") % {"number": self.label}


class AuditAnswer(models.Model):
    """One agency's graded answer to one question for one case."""

    case = models.ForeignKey(AuditCase, on_delete=models.PROTECT, related_name="answers")
    question = models.ForeignKey(AuditQuestion, on_delete=models.PROTECT, related_name="answers")
    agency = models.ForeignKey("organisations.Agency", on_delete=models.PROTECT, related_name="+")
    auditor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    grade = models.CharField(max_length=30)
    rationale = models.TextField(blank=True)
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["question__position", "agency_id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "question", "agency"], name="learning_audit_answer_once")
        ]

    def __str__(self) -> str:
        return self.grade
