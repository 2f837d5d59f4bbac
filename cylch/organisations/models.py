"""Public bodies of Wales and the agencies and teams that work around children."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from cylch.core.models import BilingualNameMixin


class Area(BilingualNameMixin):
    """A statutory body's area: a local authority, health board or police force."""

    class Kind(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", _("Local authority")
        HEALTH_BOARD = "health_board", _("Local health board")
        POLICE_FORCE = "police_force", _("Police force")
        NHS_TRUST = "nhs_trust", _("NHS trust")
        NATIONAL = "national", _("All Wales")

    code = models.SlugField(max_length=60, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    # A local authority lies within one health board and one police force.
    health_board = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="local_authorities_in_board"
    )
    police_force = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="local_authorities_in_force"
    )

    class Meta:
        ordering = ["kind", "name_en"]


class Board(BilingualNameMixin):
    """A Regional Partnership Board or Regional Safeguarding Board."""

    class Kind(models.TextChoices):
        REGIONAL_PARTNERSHIP = "rpb", _("Regional Partnership Board")
        REGIONAL_SAFEGUARDING = "rsb", _("Regional Safeguarding Board")

    code = models.SlugField(max_length=60, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    local_authorities = models.ManyToManyField(Area, related_name="boards")

    class Meta:
        ordering = ["kind", "name_en"]


class Agency(BilingualNameMixin):
    """An organisation whose people work with children, tied to its area."""

    class Kind(models.TextChoices):
        CHILDRENS_SERVICES = "childrens_services", _("Children's services")
        EDUCATION = "education", _("Education")
        SCHOOL = "school", _("School")
        HEALTH = "health", _("Health")
        POLICE = "police", _("Police")
        YOUTH_JUSTICE = "youth_justice", _("Youth justice")
        PROBATION = "probation", _("Probation")
        HOUSING = "housing", _("Housing")
        THIRD_SECTOR = "third_sector", _("Third sector")
        PARTNERSHIP = "partnership", _("Partnership board business unit")
        SERVICE_DESK = "service_desk", _("Cylch service desk")

    code = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices, db_index=True)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="agencies")
    board = models.ForeignKey(Board, null=True, blank=True, on_delete=models.PROTECT, related_name="agencies")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name_plural = "agencies"


class Team(BilingualNameMixin):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="teams")
    code = models.SlugField(max_length=100, unique=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["agency__name_en", "name_en"]
