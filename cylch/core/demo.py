"""The fictional demo region. Later domains add builders to DEMO_BUILDERS.

Every name here is invented and obviously so; nobody real is described.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from cylch.organisations.models import Agency, Area, Board, Team
from cylch.people.models import Language, Membership, Person, Role

DEMO_PASSWORD = "demo-cylch-2026"  # noqa: S105 - fictional demo accounts only, printed by make run
# Every demo account shares this authenticator key so a tester can add it once.
DEMO_TOTP_KEY_HEX = "3132333435363738393031323334353637383930"
DEMO_EMAIL_DOMAIN = "demo.cylch.invalid"


@dataclass
class DemoRegion:
    areas: dict[str, Area] = field(default_factory=dict)
    agencies: dict[str, Agency] = field(default_factory=dict)
    teams: dict[str, Team] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    agreements: dict[str, Any] = field(default_factory=dict)
    children: dict[str, Any] = field(default_factory=dict)


def demo_totp_key_base32() -> str:
    return base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY_HEX)).decode()


def _area(region: DemoRegion, code: str, kind: str, en: str, cy: str, **extra: Any) -> Area:
    area, _created = Area.objects.update_or_create(
        code=code, defaults={"kind": kind, "name_en": en, "name_cy": cy, **extra}
    )
    region.areas[code] = area
    return area


def build_areas(region: DemoRegion) -> None:
    hb = _area(region, "demo-health-board", Area.Kind.HEALTH_BOARD, "Demo Valley Health Board", "Bwrdd Iechyd Cwm Demo")
    pf = _area(region, "demo-police", Area.Kind.POLICE_FORCE, "Demo Valley Police", "Heddlu Cwm Demo")
    la = _area(
        region,
        "demo-valley",
        Area.Kind.LOCAL_AUTHORITY,
        "Demo Valley County Council",
        "Cyngor Sir Cwm Demo",
        health_board=hb,
        police_force=pf,
    )
    board, _created = Board.objects.update_or_create(
        code="demo-rpb",
        defaults={
            "kind": Board.Kind.REGIONAL_PARTNERSHIP,
            "name_en": "Demo Valley Regional Partnership Board",
            "name_cy": "Bwrdd Partneriaeth Rhanbarthol Cwm Demo",
        },
    )
    board.local_authorities.set([la])
    rsb, _created = Board.objects.update_or_create(
        code="demo-rsb",
        defaults={
            "kind": Board.Kind.REGIONAL_SAFEGUARDING,
            "name_en": "Demo Valley Safeguarding Board",
            "name_cy": "Bwrdd Diogelu Cwm Demo",
        },
    )
    rsb.local_authorities.set([la])


# (code, kind, area code, English, Welsh, [(team code, English, Welsh)])
DEMO_AGENCIES: list[tuple[str, str, str, str, str, list[tuple[str, str, str]]]] = [
    ("demo-childrens-services", Agency.Kind.CHILDRENS_SERVICES, "demo-valley",
     "Demo Valley Children's Services", "Gwasanaethau Plant Cwm Demo",
     [("demo-cs-safeguarding", "Safeguarding Team North", "Tîm Diogelu'r Gogledd"),
      ("demo-cs-looked-after", "Looked After Children Team", "Tîm Plant sy'n Derbyn Gofal")]),
    ("demo-education", Agency.Kind.EDUCATION, "demo-valley",
     "Demo Valley Education Service", "Gwasanaeth Addysg Cwm Demo",
     [("demo-education-inclusion", "Inclusion Team", "Tîm Cynhwysiant")]),
    ("demo-school", Agency.Kind.SCHOOL, "demo-valley",
     "Ysgol Gyfun Cwm Demo (fictional)", "Ysgol Gyfun Cwm Demo (ffuglennol)",
     [("demo-school-safeguarding", "School Safeguarding", "Diogelu'r Ysgol")]),
    ("demo-health", Agency.Kind.HEALTH, "demo-health-board",
     "Demo Valley Health Board Children's Health", "Iechyd Plant Bwrdd Iechyd Cwm Demo",
     [("demo-health-visiting", "Health Visiting Team", "Tîm Ymwelwyr Iechyd")]),
    ("demo-police-agency", Agency.Kind.POLICE, "demo-police",
     "Demo Valley Police Public Protection Unit", "Uned Diogelu'r Cyhoedd Heddlu Cwm Demo",
     [("demo-police-ppu", "Public Protection Unit", "Uned Diogelu'r Cyhoedd")]),
    ("demo-youth-justice", Agency.Kind.YOUTH_JUSTICE, "demo-valley",
     "Demo Valley Youth Justice Service", "Gwasanaeth Cyfiawnder Ieuenctid Cwm Demo",
     [("demo-yjs", "Youth Justice Team", "Tîm Cyfiawnder Ieuenctid")]),
    ("demo-probation", Agency.Kind.PROBATION, "demo-valley",
     "Demo Valley Probation Delivery Unit", "Uned Gyflawni Prawf Cwm Demo",
     [("demo-probation-team", "Probation Team", "Tîm Prawf")]),
    ("demo-housing", Agency.Kind.HOUSING, "demo-valley",
     "Demo Valley Housing Options", "Opsiynau Tai Cwm Demo",
     [("demo-housing-team", "Housing Support Team", "Tîm Cymorth Tai")]),
    ("demo-third-sector", Agency.Kind.THIRD_SECTOR, "demo-valley",
     "Circle of Friends Demo Charity", "Elusen Demo Cylch Ffrindiau",
     [("demo-third-sector-family", "Family Support", "Cymorth i Deuluoedd")]),
    ("demo-partnership", Agency.Kind.PARTNERSHIP, "demo-valley",
     "Demo Valley Safeguarding Board Business Unit", "Uned Fusnes Bwrdd Diogelu Cwm Demo",
     [("demo-partnership-unit", "Business Unit", "Uned Fusnes")]),
    ("demo-service-desk", Agency.Kind.SERVICE_DESK, "demo-valley",
     "Cylch Service Desk (demo)", "Desg Wasanaeth Cylch (demo)",
     [("demo-service-desk-team", "Service Desk", "Desg Wasanaeth")]),
]


def build_agencies(region: DemoRegion) -> None:
    board = Board.objects.get(code="demo-rpb")
    for code, kind, area_code, en, cy, teams in DEMO_AGENCIES:
        agency, _created = Agency.objects.update_or_create(
            code=code,
            defaults={"kind": kind, "area": region.areas[area_code], "name_en": en, "name_cy": cy, "board": board},
        )
        region.agencies[code] = agency
        for team_code, team_en, team_cy in teams:
            team, _created = Team.objects.update_or_create(
                code=team_code, defaults={"agency": agency, "name_en": team_en, "name_cy": team_cy}
            )
            region.teams[team_code] = team


# (email local part, name, language, team code, role)
DEMO_PEOPLE: list[tuple[str, str, str, str, str]] = [
    ("practitioner", "Demo Practitioner Alys Prawf", Language.WELSH, "demo-cs-safeguarding", Role.PRACTITIONER),
    ("manager", "Demo Manager Bryn Prawf", Language.ENGLISH, "demo-cs-safeguarding", Role.TEAM_MANAGER),
    ("dsl", "Demo Safeguarding Lead Carys Prawf", Language.ENGLISH, "demo-school-safeguarding", Role.SAFEGUARDING_LEAD),
    ("partnership", "Demo Partnership Manager Dafydd Prawf", Language.WELSH, "demo-partnership-unit", Role.PARTNERSHIP_MANAGER),
    ("auditor", "Demo Inspector Elin Prawf", Language.ENGLISH, "demo-partnership-unit", Role.AUDITOR),
    ("agencyadmin", "Demo Agency Admin Ffion Prawf", Language.ENGLISH, "demo-cs-safeguarding", Role.AGENCY_ADMIN),
    ("sysadmin", "Demo System Admin Gareth Prawf", Language.ENGLISH, "demo-service-desk-team", Role.SYSTEM_ADMIN),
    ("healthvisitor", "Demo Health Visitor Heledd Prawf", Language.ENGLISH, "demo-health-visiting", Role.PRACTITIONER),
    ("police", "Demo Police Officer Ifan Prawf", Language.ENGLISH, "demo-police-ppu", Role.PRACTITIONER),
    ("dpo", "Demo Data Protection Lead Jac Prawf", Language.ENGLISH, "demo-cs-safeguarding", Role.DATA_PROTECTION_LEAD),
    ("csdsl", "Demo Children's Services Safeguarding Lead Llinos Prawf", Language.WELSH, "demo-cs-safeguarding", Role.SAFEGUARDING_LEAD),
    ("healthdsl", "Demo Health Safeguarding Lead Meirion Prawf", Language.ENGLISH, "demo-health-visiting", Role.SAFEGUARDING_LEAD),
    ("familysupport", "Demo Family Support Worker Nia Prawf", Language.WELSH, "demo-third-sector-family", Role.PRACTITIONER),
    ("familymanager", "Demo Family Support Manager Owain Prawf", Language.ENGLISH, "demo-third-sector-family", Role.TEAM_MANAGER),
    ("familydsl", "Demo Family Support Safeguarding Lead Rhys Prawf", Language.ENGLISH, "demo-third-sector-family", Role.SAFEGUARDING_LEAD),
]


def build_people(region: DemoRegion) -> None:
    from datetime import timedelta

    from django.utils import timezone

    for local, name, language, team_code, role in DEMO_PEOPLE:
        email = f"{local}@{DEMO_EMAIL_DOMAIN}"
        person = Person.objects.filter(email=email).first()
        if person is None:
            person = Person.objects.create_user(email=email, password=DEMO_PASSWORD, full_name=name, language=language)
        region.people[local] = person
        valid_until = timezone.now() + timedelta(days=365) if role == Role.AUDITOR else None
        if not Membership.objects.filter(person=person, team=region.teams[team_code], role=role).exists():
            Membership.objects.create(person=person, team=region.teams[team_code], role=role, valid_until=valid_until)
        TOTPDevice.objects.get_or_create(
            user=person, name="Demo authenticator", defaults={"key": DEMO_TOTP_KEY_HEX, "confirmed": True}
        )


def _children_builders() -> list[Callable[[DemoRegion], None]]:
    from cylch.children.demo import build_agreements, build_children
    from cylch.governance.demo import build_governance
    from cylch.learning.demo import build_learning
    from cylch.meetings.demo import build_meetings
    from cylch.missing.demo import build_missing
    from cylch.plans.demo import build_plans
    from cylch.therapy.demo import build_therapy

    return [
        build_agreements,
        build_children,
        build_plans,
        build_meetings,
        build_therapy,
        build_governance,
        build_missing,
        build_learning,
    ]


DEMO_BUILDERS: list[Callable[[DemoRegion], None]] = [build_areas, build_agencies, build_people]


def _configuration_load() -> None:
    """Reference lists, policy figures, timescales and sensitivity rules: normally loaded by
    migrations, reloaded here (missing entries only) so a flushed database works too."""
    import json
    from pathlib import Path

    from cylch.children.models import SensitivityRule
    from cylch.core.models import PolicySetting, ReferenceCode
    from cylch.core.reference_data import codes_changed, load_codes_into, reference_dirs
    from cylch.timescales.models import TimescaleRule
    from cylch.timescales.services import load_rules_into

    for directory in reference_dirs():
        load_codes_into(ReferenceCode, PolicySetting, directory)
        load_rules_into(TimescaleRule, directory / "rules.json")
    rules = json.loads((Path(__file__).resolve().parent.parent / "children" / "reference_sensitivity.json").read_text())
    for category, agency_kind, role in rules["rules"]:
        SensitivityRule.objects.get_or_create(category=category, agency_kind=agency_kind, role=role)
    codes_changed()


def demo_load() -> DemoRegion:
    """Build (or refresh) the demo region. Safe to run more than once."""
    from cylch.organisations.services import reference_data_load

    region = DemoRegion()
    with transaction.atomic():
        _configuration_load()
        reference_data_load(actor=None)
        for builder in [*DEMO_BUILDERS, *_children_builders()]:
            builder(region)
    return region
