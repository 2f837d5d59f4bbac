"""The child's record and the team around the child."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LanguagePreference(models.TextChoices):
    WELSH = "cy", _("Welsh")
    ENGLISH = "en", _("English")
    OTHER = "other", _("Other language")
    INTERPRETER = "interpreter", _("Interpreter needed")


class ChildQuerySet(models.QuerySet["Child"]):
    def current(self) -> ChildQuerySet:
        return self.exclude(status__in=[Child.Status.MERGED, Child.Status.ENTERED_IN_ERROR])


class Child(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        ENTERED_IN_ERROR = "entered_in_error", _("Entered in error")
        MERGED = "merged", _("Merged into another record")

    given_names = models.CharField(_("given names"), max_length=200)
    family_name = models.CharField(_("family name"), max_length=200)
    preferred_name = models.CharField(_("preferred name"), max_length=200, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    expected_date_of_birth = models.DateField(_("expected date of birth"), null=True, blank=True)
    gender = models.CharField(max_length=60, blank=True)
    ethnicity = models.CharField(max_length=60, blank=True)
    disability = models.TextField(blank=True)
    communication_needs = models.TextField(blank=True)
    language = models.CharField(max_length=12, choices=LanguagePreference.choices, default=LanguagePreference.ENGLISH)
    other_language = models.CharField(max_length=100, blank=True)
    local_authority = models.ForeignKey(
        "organisations.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True)
    status_reason = models.TextField(blank=True)
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_records")
    # Search keys kept in step with the names by the services (phonetic + folded).
    search_family = models.CharField(max_length=200, db_index=True, default="")
    search_given = models.CharField(max_length=200, db_index=True, default="")
    phonetic_family = models.CharField(max_length=40, db_index=True, default="")
    phonetic_given = models.CharField(max_length=40, db_index=True, default="")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    objects = ChildQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["phonetic_family", "date_of_birth"]),
            models.Index(fields=["date_of_birth"]),
            models.Index(
                fields=["expected_date_of_birth"],
                name="child_expected_dob_idx",
                condition=models.Q(expected_date_of_birth__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        given = self.preferred_name or self.given_names
        return f"{given} {self.family_name}".strip()

    @property
    def is_unborn(self) -> bool:
        return self.date_of_birth is None and self.expected_date_of_birth is not None


class Identifier(models.Model):
    class Kind(models.TextChoices):
        NHS_NUMBER = "nhs_number", _("NHS number")
        UPN = "upn", _("Unique Pupil Number")
        LA_CASE_NUMBER = "la_case_number", _("Local authority case number")
        POLICE_REFERENCE = "police_reference", _("Police reference")

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="identifiers")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    value = models.CharField(max_length=60)
    valid_from = models.DateField(default=timezone.localdate)
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["kind", "value"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.value}"


class Address(models.Model):
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="addresses")
    line_1 = models.CharField(max_length=200)
    line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100)
    postcode = models.CharField(max_length=10)
    local_authority = models.ForeignKey("organisations.Area", on_delete=models.PROTECT, related_name="+")
    moved_in_on = models.DateField()
    moved_out_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-moved_in_on"]

    def __str__(self) -> str:
        return f"{self.line_1}, {self.town} {self.postcode}"


class NetworkMember(models.Model):
    """A person in the child's family and network, in their relationship to the child."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="network")
    full_name = models.CharField(max_length=200)
    relationship = models.CharField(max_length=60)
    parental_responsibility = models.BooleanField(default=False)
    is_trusted_adult = models.BooleanField(default=False)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    address = models.TextField(blank=True)
    language = models.CharField(max_length=12, choices=LanguagePreference.choices, default=LanguagePreference.ENGLISH)
    other_language = models.CharField(max_length=100, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    entered_in_error = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-is_trusted_adult", "full_name"]

    def __str__(self) -> str:
        return self.full_name


class ActiveOffer(models.Model):
    """The Welsh-language Active Offer: a service in Welsh offered without being asked."""

    class Answer(models.TextChoices):
        WELSH = "accepted_welsh", _("Chose Welsh")
        ENGLISH = "chose_english", _("Chose English")
        OTHER = "other", _("Chose another language")
        NOT_ABLE = "not_able", _("Could not answer yet")

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="active_offers")
    network_member = models.ForeignKey(NetworkMember, null=True, blank=True, on_delete=models.PROTECT, related_name="active_offers")
    offered_at = models.DateTimeField()
    offered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(max_length=20, choices=Answer.choices)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-offered_at"]

    def __str__(self) -> str:
        return f"Active Offer {self.offered_at:%Y-%m-%d}"


class VoiceEntry(models.Model):
    """What matters to me: the child's own words, kept as they said them."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="voice_entries")
    words = models.TextField()
    language = models.CharField(max_length=12, choices=LanguagePreference.choices)
    captured_on = models.DateField()
    captured_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    captured_for_agency = models.ForeignKey("organisations.Agency", null=True, on_delete=models.PROTECT, related_name="+")
    method = models.CharField(max_length=60)
    sensitivity = models.CharField(max_length=60, default="general")
    entered_in_error = models.BooleanField(default=False)
    error_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-captured_on", "-created_at"]

    def __str__(self) -> str:
        return f"What matters to me, {self.captured_on}"


class InvolvementQuerySet(models.QuerySet["Involvement"]):
    def active(self) -> InvolvementQuerySet:
        """Involvements in force today. An involvement resting on consent stops giving
        access once consent is withdrawn or has expired: withdrawal is acted on at once."""
        today = timezone.localdate()
        return (
            self.filter(started_on__lte=today)
            .filter(models.Q(ended_on__isnull=True) | models.Q(ended_on__gt=today))
            .exclude(basis="consent", consent_withdrawn_on__lte=today)
            .exclude(basis="consent", consent_expires_on__lt=today)
        )


class Involvement(models.Model):
    """An agency's part in the team around the child, and the basis on which it receives information."""

    class Basis(models.TextChoices):
        CONSENT = "consent", _("Consent")
        STATUTORY = "statutory", _("Statutory basis")

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="involvements")
    agency = models.ForeignKey("organisations.Agency", on_delete=models.PROTECT, related_name="involvements")
    team = models.ForeignKey("organisations.Team", on_delete=models.PROTECT, related_name="involvements")
    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="involvements"
    )
    role_for_child = models.CharField(max_length=60)
    is_lead = models.BooleanField(default=False)
    reason = models.TextField()
    started_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.TextField(blank=True)
    basis = models.CharField(max_length=12, choices=Basis.choices)
    statutory_basis = models.CharField(max_length=60, blank=True)
    consent_given_by = models.CharField(max_length=200, blank=True)
    consent_given_on = models.DateField(null=True, blank=True)
    consent_scope = models.TextField(blank=True)
    consent_expires_on = models.DateField(null=True, blank=True)
    consent_withdrawn_on = models.DateField(null=True, blank=True)
    agreement = models.ForeignKey(
        "sharing.SharingAgreement", null=True, blank=True, on_delete=models.PROTECT, related_name="involvements"
    )
    no_agreement_justification = models.TextField(blank=True)
    flagged_to_data_protection_lead = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)

    objects = InvolvementQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["team", "ended_on"]),
            models.Index(fields=["child", "ended_on"]),
            models.Index(fields=["agency", "ended_on"]),
        ]
        constraints = [
            # Exactly one lead professional at a time: at most one open lead involvement per child.
            models.UniqueConstraint(
                fields=["child"], condition=models.Q(is_lead=True, ended_on__isnull=True), name="one_open_lead_per_child"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} for {self.child_id}"


class JoinRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="join_requests")
    team = models.ForeignKey("organisations.Team", on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="join_requests")
    role_for_child = models.CharField(max_length=60)
    reason = models.TextField()
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    involvement = models.OneToOneField(Involvement, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"Request to join for child {self.child_id}"


class SensitivityRule(models.Model):
    """Which agency kinds and roles see a sensitivity category. Configuration, not code."""

    category = models.CharField(max_length=60)
    agency_kind = models.CharField(max_length=30)
    role = models.CharField(max_length=30, blank=True, help_text="Blank means every role in that kind of agency.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["category", "agency_kind", "role"], name="unique_sensitivity_rule")]

    def __str__(self) -> str:
        return f"{self.category}: {self.agency_kind}/{self.role or '*'}"
