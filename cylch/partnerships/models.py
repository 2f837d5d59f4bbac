"""Partnerships (regional safeguarding boards, regional partnership boards, local partnerships),
their member agencies and the named people who hold roles in them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cylch.core.models import BilingualNameMixin


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
