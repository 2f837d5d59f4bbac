"""Writes about organisations: loading the Wales reference data.

The reference data (local authorities, health boards, NHS trusts, police
forces, Regional Partnership and Safeguarding Boards) lives in
`reference/wales.json` and is upserted by code, so loading it again changes
nothing unless the file has changed.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from django.db import transaction

from cylch.audit.services import audit_record
from cylch.organisations.models import Area, Board

REFERENCE_PATH = Path(__file__).resolve().parent / "reference" / "wales.json"

_AREA_SECTIONS: tuple[tuple[str, str], ...] = (
    ("health_boards", Area.Kind.HEALTH_BOARD),
    ("nhs_trusts", Area.Kind.NHS_TRUST),
    ("police_forces", Area.Kind.POLICE_FORCE),
)
_BOARD_SECTIONS: tuple[tuple[str, str], ...] = (
    ("regional_partnership_boards", Board.Kind.REGIONAL_PARTNERSHIP),
    ("regional_safeguarding_boards", Board.Kind.REGIONAL_SAFEGUARDING),
)


@cache
def reference_data_read() -> dict[str, Any]:
    """The Wales reference data as stored in the JSON file."""
    with REFERENCE_PATH.open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


def _upsert_area(code: str, values: dict[str, Any], counts: dict[str, int]) -> Area:
    existing = Area.objects.filter(code=code).values(*values).first()
    area, created = Area.objects.update_or_create(code=code, defaults=values)
    if created:
        counts["created"] += 1
    elif existing != {name: getattr(area, name) for name in values}:
        counts["changed"] += 1
    return area


def reference_data_load(*, actor: Any = None) -> dict[str, int]:
    """Create or update every area and board in the reference data, by code.

    Health boards, NHS trusts and police forces come first so that local
    authorities can point at them; boards come last with the local
    authorities they cover. Returns how many of each were loaded, and how many
    rows were created or changed.
    """
    data = reference_data_read()
    counts = {"created": 0, "changed": 0}
    with transaction.atomic():
        areas: dict[str, Area] = {}
        national = data["national"]
        areas[national["code"]] = _upsert_area(
            national["code"],
            {
                "kind": Area.Kind.NATIONAL,
                "name_en": national["name_en"],
                "name_cy": national["name_cy"],
                "health_board_id": None,
                "police_force_id": None,
            },
            counts,
        )
        counts["national"] = 1

        for section, kind in _AREA_SECTIONS:
            for entry in data[section]:
                areas[entry["code"]] = _upsert_area(
                    entry["code"],
                    {
                        "kind": kind,
                        "name_en": entry["name_en"],
                        "name_cy": entry["name_cy"],
                        "health_board_id": None,
                        "police_force_id": None,
                    },
                    counts,
                )
            counts[section] = len(data[section])

        for entry in data["local_authorities"]:
            board, force = areas.get(entry["health_board"]), areas.get(entry["police_force"])
            if board is None or board.kind != Area.Kind.HEALTH_BOARD:
                raise ValueError(f"{entry['code']}: unknown health board {entry['health_board']!r}")
            if force is None or force.kind != Area.Kind.POLICE_FORCE:
                raise ValueError(f"{entry['code']}: unknown police force {entry['police_force']!r}")
            areas[entry["code"]] = _upsert_area(
                entry["code"],
                {
                    "kind": Area.Kind.LOCAL_AUTHORITY,
                    "name_en": entry["name_en"],
                    "name_cy": entry["name_cy"],
                    "health_board_id": board.pk,
                    "police_force_id": force.pk,
                },
                counts,
            )
        counts["local_authorities"] = len(data["local_authorities"])

        for section, kind in _BOARD_SECTIONS:
            for entry in data[section]:
                members = []
                for code in entry["local_authorities"]:
                    area = areas.get(code)
                    if area is None or area.kind != Area.Kind.LOCAL_AUTHORITY:
                        raise ValueError(f"{entry['code']}: unknown local authority {code!r}")
                    members.append(area)
                values = {"kind": kind, "name_en": entry["name_en"], "name_cy": entry["name_cy"]}
                existing = Board.objects.filter(code=entry["code"]).values(*values).first()
                old_members = set(
                    Board.local_authorities.through.objects.filter(board__code=entry["code"]).values_list(
                        "area_id", flat=True
                    )
                )
                board_row, created = Board.objects.update_or_create(code=entry["code"], defaults=values)
                board_row.local_authorities.set(members)
                if created:
                    counts["created"] += 1
                elif existing != values or old_members != {area.pk for area in members}:
                    counts["changed"] += 1
            counts[section] = len(data[section])

        counts["agencies"] = _statutory_agencies_load(areas, counts)
        audit_record(actor=actor, action="cylch.organisations.reference_data.loaded", changes=counts)
    return counts


# The statutory agencies of each area: (code suffix, kind, English pattern, Welsh pattern).
_LA_AGENCIES: tuple[tuple[str, str, str, str], ...] = (
    ("childrens-services", "childrens_services", "{en} Children's Services", "Gwasanaethau Plant {cy}"),
    ("education", "education", "{en} Education Service", "Gwasanaeth Addysg {cy}"),
    ("housing", "housing", "{en} Housing Services", "Gwasanaethau Tai {cy}"),
    ("youth-justice", "youth_justice", "{en} Youth Justice Service", "Gwasanaeth Cyfiawnder Ieuenctid {cy}"),
)


def _statutory_agencies_load(areas: dict[str, Area], counts: dict[str, int]) -> int:
    """One agency per statutory body: council services per local authority, each health
    board, NHS trust and police force, and probation for Wales. Teams are added by each
    agency's own administrator."""
    from cylch.organisations.models import Agency

    rpb_of: dict[int, int] = {}
    for board in Board.objects.filter(kind=Board.Kind.REGIONAL_PARTNERSHIP).prefetch_related("local_authorities"):
        for la in board.local_authorities.all():
            rpb_of[la.pk] = board.pk
    wanted: list[dict[str, Any]] = []
    for area in areas.values():
        if area.kind == Area.Kind.LOCAL_AUTHORITY:
            for suffix, kind, en, cy in _LA_AGENCIES:
                wanted.append(
                    {
                        "code": f"ref-{area.code}-{suffix}",
                        "kind": kind,
                        "area_id": area.pk,
                        "board_id": rpb_of.get(area.pk),
                        "name_en": en.format(en=area.name_en),
                        "name_cy": cy.format(cy=area.name_cy),
                    }
                )
        elif area.kind in {Area.Kind.HEALTH_BOARD, Area.Kind.NHS_TRUST}:
            wanted.append({"code": f"ref-{area.code}", "kind": "health", "area_id": area.pk, "board_id": None, "name_en": area.name_en, "name_cy": area.name_cy})
        elif area.kind == Area.Kind.POLICE_FORCE:
            wanted.append({"code": f"ref-{area.code}", "kind": "police", "area_id": area.pk, "board_id": None, "name_en": area.name_en, "name_cy": area.name_cy})
        elif area.kind == Area.Kind.NATIONAL:
            wanted.append(
                {
                    "code": "ref-probation-wales",
                    "kind": "probation",
                    "area_id": area.pk,
                    "board_id": None,
                    "name_en": "HM Prison and Probation Service in Wales",
                    "name_cy": "Gwasanaeth Carchardai a Phrawf EF yng Nghymru",
                }
            )
    existing = {a["code"]: a for a in Agency.objects.filter(code__in=[w["code"] for w in wanted]).values("code", "kind", "area_id", "board_id", "name_en", "name_cy")}
    for values in wanted:
        current = existing.get(values["code"])
        if current is None:
            Agency.objects.create(**values)
            counts["created"] += 1
        elif current != values:
            Agency.objects.filter(code=values["code"]).update(**{k: v for k, v in values.items() if k != "code"})
            counts["changed"] += 1
    return len(wanted)


def team_create(*, actor: Any, agency: Any, name_en: str, name_cy: str) -> Any:
    """An agency administrator adds a team to their own agency."""
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.utils.text import slugify
    from django.utils.translation import gettext as _

    from cylch.access import rules
    from cylch.organisations.models import Team

    if not rules.can_manage_agency(actor, agency.pk):
        raise PermissionDenied
    if not name_en.strip() or not name_cy.strip():
        raise ValidationError({"name_en": _("Enter the team's name in English and in Welsh.")})
    if Team.objects.filter(agency=agency, name_en__iexact=name_en.strip()).exists():
        raise ValidationError({"name_en": _("This agency already has a team with that name.")})
    base = slugify(f"{agency.code}-{name_en}")[:90] or f"team-{agency.pk}"
    code, n = base, 1
    while Team.objects.filter(code=code).exists():
        n += 1
        code = f"{base}-{n}"
    with transaction.atomic():
        team = Team.objects.create(agency=agency, code=code, name_en=name_en.strip(), name_cy=name_cy.strip())
        audit_record(
            actor=actor,
            action="cylch.organisations.team.created",
            subject=team,
            agency_id=agency.pk,
            changes={"name_en": team.name_en, "name_cy": team.name_cy},
        )
    return team


def team_update(*, actor: Any, team: Any, name_en: str, name_cy: str, is_active: bool) -> Any:
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.utils.translation import gettext as _

    from cylch.access import rules

    if not rules.can_manage_agency(actor, team.agency_id):
        raise PermissionDenied
    if not name_en.strip() or not name_cy.strip():
        raise ValidationError({"name_en": _("Enter the team's name in English and in Welsh.")})
    if not is_active and team.memberships.filter(ended_at__isnull=True).exists():
        raise ValidationError({"is_active": _("Move or deactivate the team's people before closing the team.")})
    with transaction.atomic():
        old = {"name_en": team.name_en, "name_cy": team.name_cy, "is_active": team.is_active}
        team.name_en, team.name_cy, team.is_active = name_en.strip(), name_cy.strip(), is_active
        team.save(update_fields=["name_en", "name_cy", "is_active"])
        new = {"name_en": team.name_en, "name_cy": team.name_cy, "is_active": team.is_active}
        audit_record(
            actor=actor,
            action="cylch.organisations.team.updated",
            subject=team,
            agency_id=team.agency_id,
            changes={k: {"old": old[k], "new": v} for k, v in new.items() if old[k] != v},
        )
    return team
