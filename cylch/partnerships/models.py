"""Partnerships (regional safeguarding boards, regional partnership boards, local partnerships),
their member agencies and the named people who hold roles in them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cylch.core.models import BilingualNameMixin
from cylch.partnerships.storage import evidence_storage


class Partnership(BilingualNameMixin):
    class Kind(models.TextChoices):
        REGIONAL_SAFEGUARDING_BOARD = "rsb", _("Regional safeguarding board")
        REGIONAL_PARTNERSHIP_BOARD = "rpb", _("Regional partnership board")
        LOCAL_PARTNERSHIP = "local", _("Local partnership")

    code = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # The statutory board this partnership is, when it is one.
    board = models.OneToOneField(
        "organisations.Board", null=True, blank=True, on_delete=models.PROTECT, related_name="partnership"
    )
    # The local authority areas the partnership covers: measures are computed over these.
    areas = models.ManyToManyField("organisations.Area", related_name="partnerships")
    agencies = models.ManyToManyField("organisations.Agency", related_name="partnerships", blank=True)

    class Meta:
        ordering = ["kind", "name_en"]


class PartnershipRole(models.Model):
    """A named person in a role in a partnership (chair, business manager, lead for a standard)."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        BUSINESS_MANAGER = "business_manager", _("Business manager")
        STANDARD_LEAD = "standard_lead", _("Lead for a standard")
        MEMBER = "member", _("Member")

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="roles")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="partnership_roles")
    role = models.CharField(max_length=20, choices=Role.choices)
    agency = models.ForeignKey(
        "organisations.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    standard = models.ForeignKey(
        "framework.Standard", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    started_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["partnership", "role", "id"]
        indexes = [models.Index(fields=["person", "ended_on"])]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.person}"


class GovernanceBody(BilingualNameMixin):
    """A body of a partnership that oversees and decides: the board itself, or one of its
    sub-groups (for example a sub-group leading one standard). Board meetings, the accountability
    matrix and the risk register refer to it."""

    class Kind(models.TextChoices):
        BOARD = "board", _("Board")
        SUB_GROUP = "sub_group", _("Sub-group")

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="bodies")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    # A sub-group reports to a body of the same partnership (usually the board).
    reports_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="sub_groups"
    )
    # The standard a sub-group leads on, when it leads on one.
    standard = models.ForeignKey(
        "framework.Standard", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    remit_en = models.TextField(blank=True)
    remit_cy = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["partnership", "kind", "name_en"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership"], condition=models.Q(kind="board", is_active=True), name="one_active_board_per_partnership"
            )
        ]


def _in_language(english: str, welsh: str) -> str:
    if (get_language() or "en").startswith("cy") and welsh:
        return welsh
    return english


class PartnershipPriority(models.Model):
    """A priority the partners agreed, with the live measures that show progress on it."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="priorities")
    title_en = models.CharField(_("title in English"), max_length=300)
    title_cy = models.CharField(_("title in Welsh"), max_length=300)
    description_en = models.TextField(blank=True)
    description_cy = models.TextField(blank=True)
    standard = models.ForeignKey(
        "framework.Standard", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Codes of registered live measures (cylch.partnerships.measures) that show progress.
    measure_codes = models.JSONField(default=list, blank=True)
    is_active = models.BooleanField(default=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["partnership", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return _in_language(self.title_en, self.title_cy)

    @property
    def description(self) -> str:
        return _in_language(self.description_en, self.description_cy)


class AccountabilityEntry(models.Model):
    """One row of the joint accountability matrix: for a standard or a priority, the body that is
    accountable and the named lead; the agencies' parts are in AccountabilityPart."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="matrix_entries")
    standard = models.ForeignKey(
        "framework.Standard", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    priority = models.OneToOneField(
        PartnershipPriority, null=True, blank=True, on_delete=models.PROTECT, related_name="matrix_entry"
    )
    accountable_body = models.ForeignKey(GovernanceBody, on_delete=models.PROTECT, related_name="+")
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["partnership", "standard__position", "priority_id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(standard__isnull=False, priority__isnull=True) | models.Q(standard__isnull=True, priority__isnull=False)),
                name="matrix_entry_for_standard_or_priority",
            ),
            models.UniqueConstraint(
                fields=["partnership", "standard"], condition=models.Q(standard__isnull=False), name="one_matrix_entry_per_standard"
            ),
        ]

    def __str__(self) -> str:
        return f"accountability for {self.standard or self.priority}"


class AccountabilityPart(models.Model):
    """An agency's part in one row of the matrix: responsible, consulted or informed."""

    class Part(models.TextChoices):
        RESPONSIBLE = "responsible", _("Responsible")
        CONSULTED = "consulted", _("Consulted")
        INFORMED = "informed", _("Informed")

    entry = models.ForeignKey(AccountabilityEntry, on_delete=models.CASCADE, related_name="parts")
    agency = models.ForeignKey("organisations.Agency", on_delete=models.PROTECT, related_name="+")
    part = models.CharField(max_length=12, choices=Part.choices)
    # The named lead in the agency (for a responsible agency).
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["entry", "part", "agency__name_en"]
        constraints = [models.UniqueConstraint(fields=["entry", "agency"], name="one_part_per_agency_in_entry")]

    def __str__(self) -> str:
        return f"{self.agency}: {self.get_part_display()}"


class AssessmentCycle(models.Model):
    """A round of self-assessment: each member agency rates itself against every indicator by the
    deadline; peers challenge; the board signs it off."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        SIGNED_OFF = "signed_off", _("Signed off")

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="cycles")
    period_start = models.DateField(_("start of the period"))
    period_end = models.DateField(_("end of the period"))
    deadline = models.DateField(_("deadline for ratings"))
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN, db_index=True)
    opened_at = models.DateTimeField(default=timezone.now)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_off_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sign_off_note = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["partnership", "-period_end", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["partnership"], condition=models.Q(status="open"), name="one_open_cycle_per_partnership"),
            models.CheckConstraint(condition=models.Q(period_end__gte=models.F("period_start")), name="cycle_period_in_order"),
        ]

    def __str__(self) -> str:
        return f"{self.period_start:%d/%m/%Y} - {self.period_end:%d/%m/%Y}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Rating(models.Model):
    """A member agency's rating of itself against one indicator in a cycle."""

    cycle = models.ForeignKey(AssessmentCycle, on_delete=models.PROTECT, related_name="ratings")
    agency = models.ForeignKey("organisations.Agency", on_delete=models.PROTECT, related_name="+")
    indicator = models.ForeignKey("framework.Indicator", on_delete=models.PROTECT, related_name="+")
    # A code of the reference list "self_assessment_scale" (1 to 4).
    score = models.CharField(max_length=20)
    narrative = models.TextField(blank=True)
    evidence_link = models.URLField(max_length=1000, blank=True)
    rated_at = models.DateTimeField(default=timezone.now)
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["cycle", "indicator__standard__position", "indicator__position", "agency__name_en"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "agency", "indicator"], name="one_rating_per_agency_indicator")
        ]

    def __str__(self) -> str:
        return f"{self.agency}: {self.indicator_id} = {self.score}"


def _evidence_path(instance: EvidenceDocument, filename: str) -> str:
    # The stored name is random: the person's file name is kept in `original_name` only.
    import uuid

    return f"partnerships/evidence/{instance.rating.cycle_id}/{uuid.uuid4().hex}"


class EvidenceDocument(models.Model):
    """A document uploaded as evidence for a rating, stored outside the web root and served only
    through an access check."""

    rating = models.ForeignKey(Rating, on_delete=models.PROTECT, related_name="documents")
    file = models.FileField(upload_to=_evidence_path, storage=evidence_storage, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(default=timezone.now)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["rating", "id"]

    def __str__(self) -> str:
        return self.original_name


class Challenge(models.Model):
    """A peer's challenge to a rating in moderation, open until it is resolved."""

    rating = models.ForeignKey(Rating, on_delete=models.PROTECT, related_name="challenges")
    comment = models.TextField()
    raised_at = models.DateTimeField(default=timezone.now)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised_by_agency = models.ForeignKey(
        "organisations.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    response = models.TextField(blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["rating", "raised_at", "id"]
        indexes = [models.Index(fields=["rating", "resolved_at"])]

    def __str__(self) -> str:
        return self.comment[:80]

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class MeasureSnapshot(models.Model):
    """A live measure computed for one partnership and period, kept so that the national
    comparison reads a few hundred rows instead of recomputing every measure for Wales.
    Refreshed by the periodic job and when a cycle is signed off."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="measure_snapshots")
    measure_code = models.CharField(max_length=80)
    period_start = models.DateField()
    period_end = models.DateField()
    numerator = models.PositiveIntegerField()
    denominator = models.PositiveIntegerField()
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["partnership", "measure_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "measure_code", "period_start", "period_end"], name="one_snapshot_per_measure_period"
            )
        ]
        indexes = [models.Index(fields=["period_start", "period_end"])]

    def __str__(self) -> str:
        return f"{self.measure_code} {self.period_start}..{self.period_end}"

    @property
    def percent(self) -> float | None:
        return None if self.denominator == 0 else round(100.0 * self.numerator / self.denominator, 1)
