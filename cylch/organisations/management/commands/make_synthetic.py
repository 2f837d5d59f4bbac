"""Build synthetic, obviously fictional agencies, teams, people and children for Wales.

    python manage.py make_synthetic --scale wales --seed 1   # 500,000 children, 10 million chronology
                                                             # entries: about 7 minutes on PostgreSQL
    python manage.py make_synthetic --scale small --seed 1   # for tests: about a second

The same seed always gives the same data. Every code starts with "syn-", every
email ends with "@synthetic.cylch.invalid" and every child has a local
authority case number starting "SYN-", so the command can tell that synthetic
data is already present: it then says so and does nothing (agencies and people
made before children existed get their children added; children made before
meetings, due items, plans and chronologies existed get those added). Nothing
here writes to the audit trail (the reference data load writes its one entry).

After the children, the multi-agency delivery: meetings, statutory due items,
registrations and plans with actions for a cohort of open children (50,000 at
Wales scale), and every child's chronology, copied in with COPY on PostgreSQL
(10 million entries at Wales scale). The benchmark person (cylch.core.bench)
owns 200 open items and leads a child with 5,000 entries they may see.

The work is a list of builders (BUILDERS) run in order over one shared
`Build`. Planning builders add `AgencySpec`s; `save_agencies_and_teams` writes
them; later builders (people, then children and their records) use the ids it
leaves in `Build`. Add a builder by appending it to BUILDERS.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import override_settings

from cylch.children.identifiers import nhs_number_with_check_digit, upn_with_check_letter
from cylch.core.synthetic import extensions_build
from cylch.organisations.models import Agency, Area, Team
from cylch.organisations.services import reference_data_load
from cylch.people.models import Language, Membership, Person, Role

CODE_PREFIX = "syn-"
EMAIL_DOMAIN = "synthetic.cylch.invalid"
BATCH_SIZE = 1000
# Fixed dates so that the same seed gives exactly the same rows.
SYNTHETIC_START = datetime(2024, 4, 1, 9, 0, tzinfo=UTC)
AUDITOR_ACCESS_ENDS = datetime(2030, 3, 31, 17, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Scale:
    name: str
    local_authorities: tuple[str, ...] | None  # None: all 22
    team_limit: int | None  # most teams any one agency gets; None: no limit
    schools_per_la: tuple[int, int]
    third_sector_per_la: tuple[int, int]
    people: int
    include_nhs_trusts: bool
    second_membership_share: float
    auditors: int
    children: int = 0
    caseload: int = 0  # open involvements that name the benchmark person
    # Multi-agency delivery (meetings, statutory due items, plans, the chronology).
    children_with_due_items: int = 0  # open children with at least one open due item
    bench_open_items: int = 0  # open due items and agreed plan actions the benchmark person owns
    chronology_entries: int = 0  # every synthetic child's chronology, in all
    timeline_entries: int = 0  # in the chronology of one child the benchmark person leads


SCALES = {
    "wales": Scale(
        name="wales",
        local_authorities=None,
        team_limit=None,
        schools_per_la=(55, 85),
        third_sector_per_la=(3, 6),
        people=22_000,
        include_nhs_trusts=True,
        second_membership_share=0.04,
        auditors=20,
        children=500_000,
        caseload=24,
        children_with_due_items=50_000,
        bench_open_items=200,
        chronology_entries=10_000_000,
        timeline_entries=5_000,
    ),
    "small": Scale(
        name="small",
        local_authorities=("la-cardiff",),
        team_limit=2,
        schools_per_la=(3, 3),
        third_sector_per_la=(1, 1),
        people=100,
        include_nhs_trusts=False,
        second_membership_share=0.05,
        auditors=1,
        children=300,
        caseload=8,
        children_with_due_items=60,
        bench_open_items=200,
        chronology_entries=12_000,
        timeline_entries=5_000,
    ),
}

# (code suffix, English, Welsh)
TeamDef = tuple[str, str, str]

CHILDRENS_SERVICES_TEAMS: list[TeamDef] = [
    ("intake", "Intake and assessment", "Derbyn ac asesu"),
    ("child-protection", "Child protection", "Amddiffyn plant"),
    ("mash", "Multi-agency safeguarding hub", "Hyb diogelu amlasiantaeth"),
    ("looked-after", "Children looked after", "Plant sy'n derbyn gofal"),
    ("disabled-children", "Disabled children", "Plant anabl"),
    ("fostering", "Fostering", "Maethu"),
    ("adoption", "Adoption", "Mabwysiadu"),
    ("leaving-care", "Leaving care", "Gadael gofal"),
    ("early-help", "Early help", "Cymorth cynnar"),
    ("family-support", "Family support", "Cymorth i deuluoedd"),
    ("emergency-duty", "Emergency duty", "Dyletswydd brys"),
    ("young-carers", "Young carers", "Gofalwyr ifanc"),
]
EDUCATION_TEAMS: list[TeamDef] = [
    ("inclusion", "Inclusion", "Cynhwysiant"),
    ("education-welfare", "Education welfare", "Lles addysg"),
    ("aln", "Additional learning needs", "Anghenion dysgu ychwanegol"),
    ("ed-psychology", "Educational psychology", "Seicoleg addysg"),
    ("safeguarding", "Safeguarding in education", "Diogelu mewn addysg"),
    ("ehe", "Elective home education", "Addysg ddewisol yn y cartref"),
]
HOUSING_TEAMS: list[TeamDef] = [
    ("homelessness", "Homelessness", "Digartrefedd"),
    ("tenancy-support", "Tenancy support", "Cymorth tenantiaeth"),
    ("housing-options", "Housing options", "Opsiynau tai"),
    ("supported-housing", "Supported housing", "Tai â chymorth"),
]
YOUTH_JUSTICE_TEAMS: list[TeamDef] = [
    ("prevention", "Prevention", "Atal"),
    ("court-orders", "Court and orders", "Llys a gorchmynion"),
    ("out-of-court", "Out of court disposals", "Gwarediadau y tu allan i'r llys"),
    ("resettlement", "Resettlement", "Ailsefydlu"),
]
# (code, English name, Welsh name, teams)
SCHOOL_TYPES: list[tuple[str, str, str, list[TeamDef]]] = [
    (
        "primary",
        "Synthetic Primary School",
        "Ysgol Gynradd Synthetig",
        [("safeguarding", "Safeguarding team", "Tîm diogelu")],
    ),
    (
        "secondary",
        "Synthetic Secondary School",
        "Ysgol Uwchradd Synthetig",
        [("safeguarding", "Safeguarding team", "Tîm diogelu"), ("pastoral", "Pastoral team", "Tîm bugeiliol")],
    ),
    (
        "special",
        "Synthetic Special School",
        "Ysgol Arbennig Synthetig",
        [("safeguarding", "Safeguarding team", "Tîm diogelu")],
    ),
    (
        "all-through",
        "Synthetic All-through School",
        "Ysgol Pob Oed Synthetig",
        [("safeguarding", "Safeguarding team", "Tîm diogelu"), ("pastoral", "Pastoral team", "Tîm bugeiliol")],
    ),
]
SCHOOL_TYPE_WEIGHTS = [78, 14, 3, 5]
CAMHS_TEAMS: list[TeamDef] = [
    ("specialist", "Specialist CAMHS", "CAMHS arbenigol"),
    ("primary-mh", "Primary mental health", "Iechyd meddwl sylfaenol"),
    ("crisis", "Crisis and liaison", "Argyfwng a chyswllt"),
    ("neurodevelopment", "Neurodevelopmental service", "Gwasanaeth niwroddatblygiadol"),
]
HOSPITAL_TEAMS: list[TeamDef] = [
    ("safeguarding", "Safeguarding children team", "Tîm diogelu plant"),
    ("midwifery", "Midwifery", "Bydwreigiaeth"),
    ("paediatrics", "Paediatrics", "Pediatreg"),
    ("emergency", "Emergency department", "Adran achosion brys"),
]
TRUST_TEAMS: list[TeamDef] = [
    ("safeguarding", "Safeguarding team", "Tîm diogelu"),
    ("operations", "Operations", "Gweithrediadau"),
]
POLICE_TEAMS: list[TeamDef] = [
    ("mash", "Multi-agency safeguarding hub", "Hyb diogelu amlasiantaeth"),
    ("caiu", "Child abuse investigation", "Ymchwilio i gam-drin plant"),
    ("online", "Online child exploitation", "Camfanteisio ar blant ar-lein"),
    ("missing", "Missing children", "Plant ar goll"),
]
PROBATION_TEAMS: list[TeamDef] = [
    ("victim-liaison", "Victim liaison", "Cyswllt dioddefwyr"),
    ("public-protection", "Public protection", "Diogelu'r cyhoedd"),
]
THIRD_SECTOR_TYPES: list[tuple[str, str, str]] = [
    ("family", "Synthetic Family Support Charity", "Elusen Cymorth i Deuluoedd Synthetig"),
    ("youth", "Synthetic Youth Project", "Prosiect Ieuenctid Synthetig"),
    ("domestic-abuse", "Synthetic Domestic Abuse Service", "Gwasanaeth Cam-drin Domestig Synthetig"),
    ("young-carers", "Synthetic Young Carers Project", "Prosiect Gofalwyr Ifanc Synthetig"),
]
THIRD_SECTOR_TEAMS: list[TeamDef] = [
    ("support", "Family support", "Cymorth i deuluoedd"),
    ("outreach", "Outreach", "Allgymorth"),
    ("advocacy", "Advocacy", "Eiriolaeth"),
]


@dataclass
class AgencySpec:
    code: str
    kind: str
    area_code: str
    name_en: str
    name_cy: str
    teams: list[TeamDef]


@dataclass
class Build:
    """Everything the builders share. Builders read and add to it in order."""

    rng: random.Random
    scale: Scale
    password_hash: str
    areas: dict[str, Area]  # every area by code
    local_authorities: list[Area]  # those this scale builds for, by code
    areas_by_pk: dict[int, Area] = field(default_factory=dict)
    agencies: list[AgencySpec] = field(default_factory=list)
    agency_ids: dict[str, int] = field(default_factory=dict)  # agency code -> pk
    team_ids: dict[str, int] = field(default_factory=dict)  # team code -> pk
    team_agency: dict[str, str] = field(default_factory=dict)  # team code -> agency code
    team_kinds: dict[str, str] = field(default_factory=dict)  # team code -> agency kind
    person_ids: list[int] = field(default_factory=list)  # in person-number order
    counts: dict[str, int] = field(default_factory=dict)
    seed: int = 0

    def limit(self, teams: list[TeamDef]) -> list[TeamDef]:
        cap = self.scale.team_limit
        return teams if cap is None else teams[:cap]

    def add(self, spec: AgencySpec) -> None:
        self.agencies.append(spec)


Builder = Callable[[Build], None]


def _area(build: Build, pk: int | None) -> Area:
    if pk is None:
        raise CommandError("A local authority has no health board or police force: load the reference data.")
    return build.areas_by_pk[pk]


def _slug(area: Area) -> str:
    return area.code.split("-", 1)[1] if area.code.startswith(("la-", "hb-", "police-", "trust-")) else area.code


def _prefixed(teams: list[TeamDef], suffix: str, en: str, cy: str) -> list[TeamDef]:
    return [(f"{code}-{suffix}", f"{name_en} – {en}", f"{name_cy} – {cy}") for code, name_en, name_cy in teams]


# --- Planning builders: decide which agencies and teams exist. ---------------------------------


def plan_local_authority_services(build: Build) -> None:
    """Children's services, education, housing and youth justice for each local authority."""
    for la in build.local_authorities:
        slug = _slug(la)
        build.add(
            AgencySpec(
                f"{CODE_PREFIX}cs-{slug}",
                Agency.Kind.CHILDRENS_SERVICES,
                la.code,
                f"{la.name_en} children's services",
                f"Gwasanaethau plant {la.name_cy}",
                build.limit(CHILDRENS_SERVICES_TEAMS),
            )
        )
        build.add(
            AgencySpec(
                f"{CODE_PREFIX}edu-{slug}",
                Agency.Kind.EDUCATION,
                la.code,
                f"{la.name_en} education service",
                f"Gwasanaeth addysg {la.name_cy}",
                build.limit(EDUCATION_TEAMS),
            )
        )
        build.add(
            AgencySpec(
                f"{CODE_PREFIX}housing-{slug}",
                Agency.Kind.HOUSING,
                la.code,
                f"{la.name_en} housing service",
                f"Gwasanaeth tai {la.name_cy}",
                build.limit(HOUSING_TEAMS),
            )
        )
        build.add(
            AgencySpec(
                f"{CODE_PREFIX}yjs-{slug}",
                Agency.Kind.YOUTH_JUSTICE,
                la.code,
                f"{la.name_en} youth justice service",
                f"Gwasanaeth cyfiawnder ieuenctid {la.name_cy}",
                build.limit(YOUTH_JUSTICE_TEAMS),
            )
        )


def plan_schools(build: Build) -> None:
    """Many fictional schools in each local authority."""
    low, high = build.scale.schools_per_la
    for la in build.local_authorities:
        slug = _slug(la)
        for number in range(1, build.rng.randint(low, high) + 1):
            code, name_en, name_cy, teams = build.rng.choices(SCHOOL_TYPES, weights=SCHOOL_TYPE_WEIGHTS)[0]
            build.add(
                AgencySpec(
                    f"{CODE_PREFIX}school-{slug}-{number:03d}",
                    Agency.Kind.SCHOOL,
                    la.code,
                    f"{name_en} {number}, {la.name_en}",
                    f"{name_cy} {number}, {la.name_cy}",
                    build.limit(teams),
                )
            )


def plan_health(build: Build) -> None:
    """Community child health, CAMHS and hospital services per health board; NHS trusts."""
    boards: dict[str, list[Area]] = {}
    for la in build.local_authorities:
        board = _area(build, la.health_board_id)
        boards.setdefault(board.code, []).append(la)
    for board_code, las in boards.items():
        board = build.areas[board_code]
        slug = _slug(board)
        community: list[TeamDef] = []
        for la in las:
            community.append((f"hv-{_slug(la)}", f"Health visiting – {la.name_en}", f"Ymwelwyr iechyd – {la.name_cy}"))
            community.append((f"sn-{_slug(la)}", f"School nursing – {la.name_en}", f"Nyrsio ysgol – {la.name_cy}"))
        for suffix, en, cy, teams in (
            ("cch", "community child health", "iechyd plant yn y gymuned", community),
            (
                "camhs",
                "child and adolescent mental health services",
                "gwasanaethau iechyd meddwl plant a'r glasoed",
                CAMHS_TEAMS,
            ),
            ("hospital", "children's hospital services", "gwasanaethau ysbyty i blant", HOSPITAL_TEAMS),
        ):
            build.add(
                AgencySpec(
                    f"{CODE_PREFIX}health-{slug}-{suffix}",
                    Agency.Kind.HEALTH,
                    board.code,
                    f"{board.name_en}: {en}",
                    f"{board.name_cy}: {cy}",
                    build.limit(teams),
                )
            )
    if build.scale.include_nhs_trusts:
        for trust in sorted(
            (area for area in build.areas.values() if area.kind == Area.Kind.NHS_TRUST), key=lambda a: a.code
        ):
            build.add(
                AgencySpec(
                    f"{CODE_PREFIX}health-{_slug(trust)}",
                    Agency.Kind.HEALTH,
                    trust.code,
                    trust.name_en,
                    trust.name_cy,
                    build.limit(TRUST_TEAMS),
                )
            )


def plan_police(build: Build) -> None:
    """A public protection department per police force, with a team per local authority."""
    forces: dict[str, list[Area]] = {}
    for la in build.local_authorities:
        force = _area(build, la.police_force_id)
        forces.setdefault(force.code, []).append(la)
    for force_code, las in forces.items():
        force = build.areas[force_code]
        teams = list(POLICE_TEAMS)
        teams += [
            (f"ppu-{_slug(la)}", f"Public protection – {la.name_en}", f"Diogelu'r cyhoedd – {la.name_cy}") for la in las
        ]
        build.add(
            AgencySpec(
                f"{CODE_PREFIX}police-{_slug(force)}",
                Agency.Kind.POLICE,
                force.code,
                f"{force.name_en}: public protection",
                f"{force.name_cy}: diogelu'r cyhoedd",
                build.limit(teams),
            )
        )


def plan_probation(build: Build) -> None:
    """The Probation Service in Wales: one national agency, a delivery unit per local authority."""
    teams = [
        (f"pdu-{_slug(la)}", f"Probation delivery unit – {la.name_en}", f"Uned cyflawni prawf – {la.name_cy}")
        for la in build.local_authorities
    ]
    teams += PROBATION_TEAMS
    build.add(
        AgencySpec(
            f"{CODE_PREFIX}probation-wales",
            Agency.Kind.PROBATION,
            "wales",
            "Probation Service Wales",
            "Gwasanaeth Prawf Cymru",
            build.limit(teams),
        )
    )


def plan_third_sector(build: Build) -> None:
    """A few fictional charities and projects in each local authority."""
    low, high = build.scale.third_sector_per_la
    for la in build.local_authorities:
        slug = _slug(la)
        for number in range(1, build.rng.randint(low, high) + 1):
            code, name_en, name_cy = build.rng.choice(THIRD_SECTOR_TYPES)
            teams = THIRD_SECTOR_TEAMS[: build.rng.randint(1, len(THIRD_SECTOR_TEAMS))]
            build.add(
                AgencySpec(
                    f"{CODE_PREFIX}vol-{slug}-{number:02d}",
                    Agency.Kind.THIRD_SECTOR,
                    la.code,
                    f"{name_en} {number}, {la.name_en}",
                    f"{name_cy} {number}, {la.name_cy}",
                    build.limit(teams),
                )
            )


# --- Writing builders. ---------------------------------------------------------------------------


def save_agencies_and_teams(build: Build) -> None:
    """Write the planned agencies and teams; leave their ids in the build."""
    Agency.objects.bulk_create(
        [
            Agency(
                code=spec.code,
                kind=spec.kind,
                area_id=build.areas[spec.area_code].pk,
                name_en=spec.name_en,
                name_cy=spec.name_cy,
            )
            for spec in build.agencies
        ],
        batch_size=BATCH_SIZE,
    )
    build.agency_ids = dict(Agency.objects.filter(code__startswith=CODE_PREFIX).values_list("code", "pk"))
    teams = []
    for spec in build.agencies:
        for suffix, name_en, name_cy in spec.teams:
            code = f"{spec.code}-{suffix}"
            build.team_agency[code] = spec.code
            build.team_kinds[code] = spec.kind
            teams.append(Team(agency_id=build.agency_ids[spec.code], code=code, name_en=name_en, name_cy=name_cy))
    Team.objects.bulk_create(teams, batch_size=BATCH_SIZE)
    build.team_ids = dict(Team.objects.filter(code__startswith=CODE_PREFIX).values_list("code", "pk"))
    build.counts["agencies"] = len(build.agency_ids)
    build.counts["teams"] = len(build.team_ids)


def build_people_and_memberships(build: Build) -> None:
    """Fictional people, each in a team; a manager per team and leads and admins per agency."""
    rng = build.rng
    team_codes = list(build.team_agency)  # planning order, so deterministic
    base = 2
    if len(team_codes) * base > build.scale.people:
        raise CommandError("Too few people for the number of teams at this scale.")
    sizes = dict.fromkeys(team_codes, base)
    weights = [1.0 if build.team_kinds[code] == Agency.Kind.SCHOOL else 2.0 for code in team_codes]
    for code in rng.choices(team_codes, weights=weights, k=build.scale.people - base * len(team_codes)):
        sizes[code] += 1

    people: list[Person] = []
    plan: list[tuple[int, str, str]] = []  # (person number, team code, role)
    first_team_of_agency: set[str] = set()
    number = 0
    for code in team_codes:
        agency_code = build.team_agency[code]
        kind = build.team_kinds[code]
        is_first_team = agency_code not in first_team_of_agency
        first_team_of_agency.add(agency_code)
        for position in range(sizes[code]):
            number += 1
            people.append(
                Person(
                    email=f"p{number:06d}@{EMAIL_DOMAIN}",
                    full_name=f"Synthetic Person {number:06d}",
                    language=Language.WELSH if rng.random() < 0.2 else Language.ENGLISH,
                    password=build.password_hash,
                    date_joined=SYNTHETIC_START,
                )
            )
            if position == 0:
                role = Role.TEAM_MANAGER
            elif position == 1 and (is_first_team or kind == Agency.Kind.SCHOOL):
                role = Role.SAFEGUARDING_LEAD
            elif position == 2 and is_first_team:
                role = Role.AGENCY_ADMIN
            elif position == 3 and is_first_team and kind == Agency.Kind.CHILDRENS_SERVICES:
                role = Role.PARTNERSHIP_MANAGER
            else:
                role = Role.PRACTITIONER
            plan.append((number, code, role))
    Person.objects.bulk_create(people, batch_size=BATCH_SIZE)
    ids = dict(Person.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").values_list("email", "pk"))
    build.person_ids = [ids[person.email] for person in people]

    memberships = [
        Membership(
            person_id=build.person_ids[person_number - 1],
            team_id=build.team_ids[code],
            role=role,
            valid_from=SYNTHETIC_START,
        )
        for person_number, code, role in plan
    ]
    # Some practitioners also work in a second team, often in another agency.
    home = {person_number: code for person_number, code, _role in plan}
    for person_number in sorted(rng.sample(range(1, number + 1), int(number * build.scale.second_membership_share))):
        other = rng.choice(team_codes)
        if other != home[person_number]:
            memberships.append(
                Membership(
                    person_id=build.person_ids[person_number - 1],
                    team_id=build.team_ids[other],
                    role=Role.PRACTITIONER,
                    valid_from=SYNTHETIC_START,
                )
            )
    # A few auditors or inspectors, whose read-only access must end on a date.
    for person_number in sorted(rng.sample(range(1, number + 1), build.scale.auditors)):
        other = rng.choice([code for code in team_codes if code != home[person_number]])
        memberships.append(
            Membership(
                person_id=build.person_ids[person_number - 1],
                team_id=build.team_ids[other],
                role=Role.AUDITOR,
                valid_from=SYNTHETIC_START,
                valid_until=AUDITOR_ACCESS_ENDS,
            )
        )
    Membership.objects.bulk_create(memberships, batch_size=BATCH_SIZE)
    build.counts["people"] = len(people)
    build.counts["memberships"] = len(memberships)


# --- Children and the team around each child. ----------------------------------------------------

# Ages run from 0 to 17 on this fixed date, so that the same seed always gives the same rows.
CHILDREN_AS_OF = date(2026, 4, 1)
# Every synthetic child has a local authority case number starting with this: it marks them as synthetic.
CASE_PREFIX = "SYN-"
CHILD_BATCH = 5000
NO_AGREEMENT = (
    "Synthetic data: no information-sharing agreement is recorded; sharing is needed to safeguard "
    "the child and promote their well-being."
)
# NHS numbers come from the range kept for testing (999 ...), above the demo's 999 000 xxx: a
# permutation of 900,000 numbers so that they look random and never repeat.
NHS_BASE, NHS_SPAN, NHS_STEP = 999_100_000, 900_000, 7919

# Per local authority: ISO 3166-2 code (for case numbers), population in thousands (2021 census,
# rounded: children are spread as people are) and the share of children whose language is Welsh.
LA_PROFILE: dict[str, tuple[str, int, float]] = {
    "la-blaenau-gwent": ("BGW", 67, 0.10),
    "la-bridgend": ("BGE", 146, 0.12),
    "la-caerphilly": ("CAY", 176, 0.13),
    "la-cardiff": ("CRF", 362, 0.14),
    "la-carmarthenshire": ("CMN", 188, 0.42),
    "la-ceredigion": ("CGN", 71, 0.48),
    "la-conwy": ("CWY", 114, 0.30),
    "la-denbighshire": ("DEN", 96, 0.26),
    "la-flintshire": ("FLN", 155, 0.12),
    "la-gwynedd": ("GWN", 117, 0.68),
    "la-isle-of-anglesey": ("AGY", 69, 0.58),
    "la-merthyr-tydfil": ("MTY", 59, 0.11),
    "la-monmouthshire": ("MON", 93, 0.10),
    "la-neath-port-talbot": ("NTL", 142, 0.15),
    "la-newport": ("NWP", 159, 0.10),
    "la-pembrokeshire": ("PEM", 123, 0.20),
    "la-powys": ("POW", 133, 0.20),
    "la-rhondda-cynon-taf": ("RCT", 237, 0.14),
    "la-swansea": ("SWA", 238, 0.14),
    "la-torfaen": ("TOF", 92, 0.10),
    "la-vale-of-glamorgan": ("VGL", 132, 0.13),
    "la-wrexham": ("WRX", 135, 0.13),
}

# Names: (weight, usual spelling, variant spellings...). The people are fictional because every
# combination is random; the variants give search something to find (Davies/Davis, Rhys/Rees).
NameGroup = tuple[Any, ...]
FAMILY_NAMES: list[NameGroup] = [
    (100, "Jones"), (70, "Williams", "Wiliams"), (65, "Davies", "Davis", "Davys"), (45, "Thomas", "Tomos"),
    (45, "Evans", "Evens"), (30, "Roberts"), (25, "Lewis", "Lewys"), (25, "Hughes", "Hughs", "Hewes"),
    (23, "Morgan", "Morgans"), (20, "Griffiths", "Griffith", "Gruffydd"), (20, "Edwards", "Edwardes"),
    (18, "James"), (17, "Rees", "Rhys", "Reece", "Rhees"), (15, "Jenkins", "Jenkyns"), (14, "Owen", "Owens"),
    (13, "Price", "Pryce", "Preece", "Prys"), (13, "Phillips", "Philips", "Phillipps"), (11, "Lloyd", "Loyd", "Llwyd"),
    (10, "Parry", "Parri"), (9, "Powell", "Powel"), (9, "Harris", "Harries"), (8, "Morris", "Morys"),
    (8, "Pritchard", "Prichard"), (7, "Walters"), (7, "Bowen"), (7, "Rowlands", "Rowland"), (6, "Vaughan", "Vaughn"),
    (6, "Howells", "Howell"), (6, "Pugh"), (5, "Llewellyn", "Llewelyn", "Llywelyn", "Lewellyn"),
    (5, "Meredith", "Meredydd"), (5, "Bevan", "Beavan"), (5, "Watkins", "Watkyns"), (4, "Prosser"), (4, "Probert"),
    (4, "Gwynne", "Gwyn"), (4, "Ellis"), (4, "Humphreys", "Humphries"), (3, "Cadwaladr"), (3, "Tudor"),
    (3, "Glyn", "Glynn"), (3, "Mathias", "Matthias"), (3, "Bebb"),
    (22, "Smith", "Smyth"), (14, "Taylor", "Tayler"), (12, "Brown", "Browne"), (10, "Wilson"), (9, "Johnson", "Jonson"),
    (8, "Walker"), (8, "Wright"), (7, "Robinson"), (7, "Thompson", "Thomson"), (7, "White"), (6, "Hall"),
    (6, "Green", "Greene"), (6, "Wood"), (6, "Clarke", "Clark"), (5, "Baker"), (5, "Turner"), (5, "Hill"),
    (5, "Cooper"), (5, "Ward"), (5, "Harrison"), (4, "King"), (4, "Lee", "Leigh"), (4, "Allen", "Allan"),
    (4, "Young"), (4, "Mitchell"), (4, "Carter"), (4, "Shaw"), (4, "Bennett", "Bennet"), (4, "Cook", "Cooke"),
    (4, "Bailey", "Baily"), (3, "Parker"), (3, "Collins"), (3, "Stevens", "Stephens"), (3, "Murphy"), (3, "Kelly"),
    (3, "Reid", "Read", "Reade"), (3, "Watson"), (3, "Jackson"), (3, "Moore"), (3, "Martin"),
]  # fmt: skip
WELSH_GIRLS: list[NameGroup] = [
    (10, "Seren"), (9, "Ffion", "Fion"), (8, "Cerys", "Ceris", "Kerys"), (8, "Megan", "Meghan"), (7, "Catrin", "Katrin"),
    (7, "Elin", "Ellyn"), (7, "Nia", "Niah"), (7, "Lowri", "Lowrie"), (7, "Mali"), (6, "Alys"), (6, "Efa"), (6, "Gwen"),
    (4, "Gwenllian", "Gwenllïan"), (6, "Siân", "Sian", "Shan"), (6, "Bethan"), (5, "Rhiannon", "Rhianon"),
    (5, "Angharad"), (5, "Carys", "Caris"), (4, "Eleri"), (4, "Heledd"), (5, "Manon"), (4, "Tegan", "Teagan"),
    (5, "Nel", "Nell"), (3, "Enfys"), (3, "Lleucu"), (5, "Mabli"), (4, "Eira"), (5, "Cadi"), (3, "Llinos"), (4, "Awen"),
    (4, "Elan"), (3, "Nansi"), (4, "Beca"), (4, "Gwyneth", "Gwenith"), (3, "Branwen"), (3, "Anwen"), (3, "Non"),
]  # fmt: skip
WELSH_BOYS: list[NameGroup] = [
    (8, "Dafydd", "Dafyd"), (7, "Dewi"), (9, "Rhys", "Rees", "Reece"), (8, "Osian"), (8, "Cai", "Kai"), (7, "Ioan"),
    (6, "Gethin", "Gethyn"), (7, "Owain"), (6, "Iwan"), (7, "Tomos"), (6, "Huw"), (5, "Aled"),
    (5, "Gruffydd", "Gruffudd"), (4, "Llŷr", "Llyr"), (6, "Siôn", "Sion"), (6, "Ifan"), (5, "Ieuan"),
    (5, "Macsen", "Maxen"), (6, "Elis", "Elys"), (5, "Guto"), (7, "Harri"), (6, "Jac"), (4, "Deio"), (3, "Emyr"),
    (4, "Geraint"), (4, "Gareth"), (4, "Hywel", "Howel"), (3, "Idris"), (4, "Rhodri"), (5, "Steffan", "Stefan"),
    (4, "Trystan", "Tristan"), (4, "Wil"), (3, "Bryn"), (3, "Cynan"), (3, "Celyn"),
]  # fmt: skip
ENGLISH_GIRLS: list[NameGroup] = [
    (10, "Olivia"), (9, "Amelia"), (9, "Isla", "Islay"), (8, "Ava"), (8, "Lily", "Lilly", "Lili"), (8, "Freya", "Freja"),
    (7, "Mia"), (8, "Grace"), (7, "Sophie", "Sofie", "Sophia"), (7, "Ella"), (7, "Evie", "Evey"), (6, "Charlotte"),
    (7, "Poppy"), (6, "Ruby"), (6, "Emily"), (5, "Isabella"), (5, "Jessica"), (5, "Chloe", "Chloë"), (5, "Holly"),
    (6, "Millie"), (5, "Daisy"), (4, "Phoebe"), (5, "Rosie"), (4, "Sienna"), (4, "Harper"), (4, "Willow"),
    (4, "Alice"), (4, "Florence"), (4, "Matilda"), (4, "Evelyn"), (4, "Hannah"), (4, "Lucy"), (3, "Katie"),
    (3, "Catherine", "Katherine", "Kathryn"), (3, "Sarah", "Sara"), (3, "Eleanor", "Elinor"), (4, "Molly"),
    (3, "Zoe", "Zoë"),
]  # fmt: skip
ENGLISH_BOYS: list[NameGroup] = [
    (10, "Oliver"), (9, "George"), (9, "Harry"), (8, "Noah"), (9, "Jack"), (8, "Leo"), (7, "Arthur"), (7, "Oscar"),
    (7, "Charlie"), (6, "Jacob", "Jakob"), (7, "Thomas"), (7, "William"), (7, "James"), (6, "Joshua"),
    (6, "Alfie", "Alfi"), (6, "Freddie", "Freddy"), (6, "Theo"), (6, "Henry"), (6, "Archie"), (6, "Ethan"),
    (5, "Lucas", "Lukas"), (5, "Mason"), (5, "Logan"), (5, "Riley"), (4, "Jake"), (5, "Daniel"), (5, "Samuel"),
    (5, "Joseph"), (5, "Max"), (4, "Tyler"), (6, "Dylan", "Dillon"), (5, "Evan"), (5, "Lewis", "Louis"), (5, "Owen"),
    (4, "Callum", "Calum"), (4, "Kieran", "Ciaran"), (4, "Liam"), (4, "Ryan"), (4, "Connor", "Conor"),
    (4, "Sean", "Shaun"),
]  # fmt: skip
NICKNAMES = {
    "Dafydd": "Dai", "William": "Will", "Thomas": "Tom", "Tomos": "Twm", "Catherine": "Cat", "Gwenllian": "Gwen",
    "Rhiannon": "Rhi", "Joshua": "Josh", "Samuel": "Sam", "Joseph": "Joe", "Daniel": "Dan", "Isabella": "Bella",
    "Florence": "Flo", "Matilda": "Tilly", "Charlotte": "Lottie", "Jessica": "Jess", "Eleanor": "Ellie",
    "Gruffydd": "Gruff", "Alfie": "Alf", "Steffan": "Steff",
}  # fmt: skip
GENDERS = [("female", 48.5), ("male", 48.5), ("non_binary", 0.5), ("not_known", 2.0), ("prefer_not", 0.5)]
ETHNICITIES = [
    ("white_welsh_british", 82), ("white_irish", 0.5), ("white_gypsy_traveller", 0.4), ("white_roma", 0.2),
    ("white_other", 3.5), ("mixed", 4), ("asian", 3), ("black", 1.5), ("other", 0.9), ("not_known", 2), ("", 2),
]  # fmt: skip
OTHER_LANGUAGES = [
    "Polish",
    "Arabic",
    "Romanian",
    "Urdu",
    "Bengali",
    "Portuguese",
    "Kurdish",
    "Somali",
    "Mandarin",
    "Tigrinya",
]
DISABILITIES = [
    "Autism spectrum condition", "Cerebral palsy", "Hearing impairment", "Visual impairment", "Type 1 diabetes",
    "Global developmental delay", "ADHD", "Epilepsy",
]  # fmt: skip
COMMUNICATION_NEEDS = [
    "Uses Makaton signs", "Uses British Sign Language", "Short sentences and pictures help",
    "Uses a communication book", "Needs time to answer; do not rush",
]  # fmt: skip
STREETS = [
    "Heol Synthetig",
    "Ffordd Ffuglen",
    "Stryd Dychymyg",
    "Lôn Enghraifft",
    "Synthetic Street",
    "Example Road",
    "Fiction Lane",
]
VOICE_WORDS = [
    ("I like it when Nan picks me up from school.", "Dw i'n hoffi pan mae Nain yn fy nôl i o'r ysgol."),
    ("I want to keep going to football on Saturdays.", "Dw i eisiau dal i fynd i bêl-droed ar ddydd Sadwrn."),
    ("I don't like it when there is shouting at home.", "Dw i ddim yn hoffi pan mae gweiddi gartref."),
    ("My dog is my best friend.", "Fy nghi yw fy ffrind gorau."),
    ("I want to see my brother more.", "Dw i eisiau gweld fy mrawd yn amlach."),
    (
        "School is better now I sit next to my friend.",
        "Mae'r ysgol yn well nawr achos dw i'n eistedd wrth ymyl fy ffrind.",
    ),
]
VOICE_METHODS = ["conversation", "conversation", "drawing", "play", "writing", "advocate"]

# Kinds of involvement: (role for the child, statutory basis, reason).
INVOLVEMENT_KINDS: dict[str, tuple[str, str, str]] = {
    "cs": ("social_worker", "safeguarding", "Synthetic: assessment and care and support."),
    "school": ("school_dsp", "duty_to_cooperate", "Synthetic: the child's school."),
    "hv": ("health_visitor", "duty_to_cooperate", "Synthetic: health visiting."),
    "sn": ("school_nurse", "duty_to_cooperate", "Synthetic: school nursing."),
    "camhs": ("therapist", "duty_to_cooperate", "Synthetic: emotional and mental health support."),
    "hospital": ("other", "duty_to_cooperate", "Synthetic: hospital care."),
    "edu": ("key_worker", "public_task", "Synthetic: support with learning and attendance."),
    "police": ("police_ppo", "safeguarding", "Synthetic: police public protection."),
    "yjs": ("youth_justice_worker", "legal_obligation", "Synthetic: youth justice work."),
    "housing": ("housing_officer", "duty_to_cooperate", "Synthetic: the family's housing."),
    "probation": ("probation_officer", "public_task", "Synthetic: a parent is supervised by probation."),
    "third": ("family_support_worker", "duty_to_cooperate", "Synthetic: family support from a charity."),
}
# Involvements beyond the universal one (school or health visitor): (kind, chance, youngest, oldest).
EXTRA_INVOLVEMENTS = [
    ("cs", 0.14, 0, 17), ("sn", 0.10, 5, 17), ("edu", 0.07, 4, 17), ("third", 0.07, 0, 17), ("camhs", 0.06, 5, 17),
    ("police", 0.05, 0, 17), ("yjs", 0.05, 10, 17), ("hospital", 0.04, 0, 17), ("housing", 0.03, 0, 17),
    ("probation", 0.01, 0, 17),
]  # fmt: skip
# Who leads, when more than one agency is involved.
LEAD_ORDER = ["cs", "yjs", "school", "hv", "edu", "camhs", "sn", "third", "police", "hospital", "housing", "probation"]
LEAD_SHARE = 0.9  # children with a lead professional named
CS_TEAM_WEIGHTS = {
    "intake": 3, "child-protection": 3, "mash": 1, "looked-after": 2, "disabled-children": 1.5, "fostering": 0.5,
    "adoption": 0.3, "leaving-care": 0.7, "early-help": 3, "family-support": 3, "emergency-duty": 0.3, "young-carers": 1,
}  # fmt: skip
CS_KEY_WORK = {"early-help", "family-support", "young-carers"}
CS_PUBLIC_TASK = {"looked-after", "disabled-children", "fostering", "adoption", "leaving-care"}


class _Names:
    """Weighted groups of spellings: mostly the usual spelling, sometimes a variant."""

    def __init__(self, *groups: list[NameGroup]) -> None:
        flat = [group for part in groups for group in part]
        self.spellings = [tuple(group[1:]) for group in flat]
        self.cumulative = list(itertools.accumulate(group[0] for group in flat))

    def pick(self, rng: random.Random) -> str:
        spellings = self.spellings[bisect.bisect(self.cumulative, rng.random() * self.cumulative[-1])]
        if len(spellings) == 1 or rng.random() < 0.8:
            return str(spellings[0])
        return str(spellings[1 + int(rng.random() * (len(spellings) - 1))])


@dataclass(frozen=True)
class _Slot:
    """A team that may join the team around a child, and the people who may be named."""

    team_id: int
    agency_id: int
    people: tuple[int, ...]
    kind: str
    role: str
    statutory_basis: str
    reason: str


@dataclass
class _Place:
    """What one local authority offers its children: teams by kind of involvement, and schools."""

    area: Area
    number: int  # 1..22, for pupil numbers
    abbr: str
    welsh_share: float
    slots: dict[str, tuple[list[_Slot], list[float]]] = field(default_factory=dict)  # kind -> slots, cumulative weights
    primary: list[tuple[int, list[_Slot]]] = field(default_factory=list)  # (school number, its teams)
    secondary: list[tuple[int, list[_Slot]]] = field(default_factory=list)
    bench_slot: _Slot | None = None

    def pick(self, kind: str, rng: random.Random) -> _Slot | None:
        found = self.slots.get(kind)
        if not found:
            return None
        slots, cumulative = found
        return slots[bisect.bisect(cumulative, rng.random() * cumulative[-1])]


def synthetic_children() -> Any:
    """Synthetic children: those with a local authority case number starting SYN-."""
    from cylch.children.models import Child, Identifier

    return Child.objects.filter(
        pk__in=Identifier.objects.filter(kind=Identifier.Kind.LA_CASE_NUMBER, value__startswith=CASE_PREFIX).values(
            "child_id"
        )
    )


def synthetic_children_exist() -> bool:
    from cylch.children.models import Identifier

    return Identifier.objects.filter(kind=Identifier.Kind.LA_CASE_NUMBER, value__startswith=CASE_PREFIX).exists()


def synthetic_children_delete() -> int:
    """Delete the synthetic children and every record that refers to them (for tests that rebuild).

    Records of any app that point at a child are deleted first, in as many passes as their own
    protected references need.
    """
    from django.db.models import ProtectedError, RestrictedError

    from cylch.children.models import Child
    from cylch.chronology.models import ChronologyEntry
    from cylch.core.synthetic import extensions_delete
    from cylch.meetings.models import Invitee, Meeting, MeetingAction, MeetingChild
    from cylch.missing.models import ReturnInterview, ReturnInterviewAction, RiskGrading
    from cylch.plans.models import ActionEscalation, ActionUpdate, DisagreementStage, PlanAction, PlanVersion
    from cylch.register.models import RegistrationCategory, RegistrationReview

    # Later domains' synthetic rows are built on the children (and their people): remove them first.
    extensions_delete()

    ids = list(synthetic_children().values_list("pk", flat=True))
    with transaction.atomic():
        Child.objects.filter(merged_into_id__in=ids).update(merged_into=None)
        # Records that hang off a child's records without pointing at the child themselves.
        meetings = set(MeetingChild.objects.filter(child_id__in=ids).values_list("meeting_id", flat=True))
        ChronologyEntry.objects.filter(child_id__in=ids, corrects__isnull=False).update(corrects=None)
        hanging: list[Any] = [
            RegistrationCategory.objects.filter(registration__child_id__in=ids),
            RegistrationReview.objects.filter(registration__child_id__in=ids),
            ActionEscalation.objects.filter(action__plan__child_id__in=ids),
            ActionUpdate.objects.filter(action__plan__child_id__in=ids),
            DisagreementStage.objects.filter(disagreement__child_id__in=ids),
            MeetingAction.objects.filter(meeting_id__in=meetings),
            Invitee.objects.filter(meeting_id__in=meetings),
            ReturnInterviewAction.objects.filter(interview__episode__child_id__in=ids),
            ReturnInterview.objects.filter(episode__child_id__in=ids),
            RiskGrading.objects.filter(episode__child_id__in=ids),
        ]
        for records in hanging:
            records.delete()
        pending: list[Any] = [
            rel.related_model._base_manager.filter(**{f"{rel.field.name}__in": ids})  # type: ignore[union-attr]
            for rel in Child._meta.related_objects
            if (rel.one_to_many or rel.one_to_one) and rel.related_model is not Child
        ]
        pending += [
            PlanAction.objects.filter(plan__child_id__in=ids),
            PlanVersion.objects.filter(plan__child_id__in=ids),
        ]
        while pending:
            left = []
            for queryset in pending:
                try:
                    with transaction.atomic():
                        queryset.delete()
                except (ProtectedError, RestrictedError):
                    left.append(queryset)
            if len(left) == len(pending):
                raise CommandError("Records that refer to synthetic children could not be deleted.")
            pending = left
        Meeting.objects.filter(pk__in=meetings).exclude(pk__in=MeetingChild.objects.values("meeting_id")).delete()
        deleted, _by_model = Child.objects.filter(pk__in=ids).delete()
    return deleted


class _Rows:
    """Makes model instances positionally, in field order, from dicts of values.

    For millions of rows this is several times quicker than keyword arguments. Fields left out
    get their default, as with keyword arguments.
    """

    def __init__(self, model: Any) -> None:
        fields = model._meta.concrete_fields
        self.model = model
        self.index = {f.attname: i for i, f in enumerate(fields)}
        self.template = [None if f.primary_key or callable(f.default) else f.get_default() for f in fields]
        self.callables = [(i, f.attname, f.get_default) for i, f in enumerate(fields) if callable(f.default)]

    def __call__(self, values: dict[str, Any]) -> Any:
        row = self.template.copy()
        index = self.index
        for name, value in values.items():
            row[index[name]] = value
        for i, name, default in self.callables:
            if name not in values:
                row[i] = default()
        return self.model(*row)


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


class _ChildMaker:
    """Makes the children in chunks: each chunk is written before the next one is made."""

    def __init__(self, build: Build) -> None:
        from cylch.children import search

        self.build = build
        self.rng = random.Random(f"cylch-children-{build.seed}")
        self.family = _Names(FAMILY_NAMES)
        self.girls = {"cy": _Names(WELSH_GIRLS), "en": _Names(ENGLISH_GIRLS)}
        self.boys = {"cy": _Names(WELSH_BOYS), "en": _Names(ENGLISH_BOYS)}
        self.fold = functools.lru_cache(maxsize=None)(search.fold)
        self.phonetic = functools.lru_cache(maxsize=None)(search.phonetic)
        self.nhs_next = 0
        self.nhs_offset = self.rng.randrange(NHS_SPAN)
        self.pupil_serials: dict[tuple[int, int, int], int] = {}
        from cylch.children.models import Child, Identifier, Involvement, NetworkMember, VoiceEntry

        self.rows = {
            "children": _Rows(Child),
            "identifiers": _Rows(Identifier),
            "network members": _Rows(NetworkMember),
            "involvements": _Rows(Involvement),
            "voice entries": _Rows(VoiceEntry),
        }
        self.counts = dict.fromkeys(self.rows, 0)
        self.people_of = self._people_of_teams()
        self.bench_person_id, self.bench_team_ids = self._bench_person()
        self.bench_caseload = 0

    # -- What exists already. --

    def _people_of_teams(self) -> dict[str, tuple[int, ...]]:
        """People who may be named for each team: its practitioners, or else its managers and leads."""
        rows = sorted(
            Membership.objects.current()
            .filter(
                team__code__startswith=CODE_PREFIX,
                person__email__endswith=f"@{EMAIL_DOMAIN}",
                person__is_active=True,
                role__in=[Role.PRACTITIONER, Role.TEAM_MANAGER, Role.SAFEGUARDING_LEAD],
            )
            .values_list("team__code", "person__email", "person_id", "role")
        )
        practitioners: dict[str, list[int]] = {}
        others: dict[str, list[int]] = {}
        for code, _email, person_id, role in rows:
            (practitioners if role == Role.PRACTITIONER else others).setdefault(code, []).append(person_id)
        return {code: tuple(practitioners.get(code) or others[code]) for code in {*practitioners, *others}}

    def _bench_person(self) -> tuple[int | None, set[int]]:
        """The practitioner `manage.py bench` signs in as, and their teams: they get a caseload."""
        from cylch.core.bench import BenchmarkError, representative_person

        try:
            person = representative_person()
        except BenchmarkError:
            return None, set()
        team_ids = set(
            Membership.objects.current().filter(person=person, role=Role.PRACTITIONER).values_list("team_id", flat=True)
        )
        return person.pk, team_ids

    def _slot(self, kind: str, team_code: str, role: str = "", basis: str = "") -> _Slot | None:
        build = self.build
        people = self.people_of.get(team_code)
        if team_code not in build.team_ids or not people:
            return None
        default_role, default_basis, reason = INVOLVEMENT_KINDS[kind]
        return _Slot(
            team_id=build.team_ids[team_code],
            agency_id=build.agency_ids[build.team_agency[team_code]],
            people=people,
            kind=kind,
            role=role or default_role,
            statutory_basis=basis or default_basis,
            reason=reason,
        )

    def _places(self) -> list[_Place]:
        build = self.build
        teams_of: dict[str, list[str]] = {}
        for code, agency_code in build.team_agency.items():
            teams_of.setdefault(agency_code, []).append(code)
        specs = {spec.code: spec for spec in build.agencies}
        places = []
        for number, la in enumerate(build.local_authorities, start=1):
            abbr, _population, welsh = LA_PROFILE.get(la.code, (_slug(la)[:3].upper(), 100, 0.2))
            place = _Place(area=la, number=number, abbr=abbr, welsh_share=welsh)
            slug = _slug(la)
            board = _slug(_area(build, la.health_board_id))
            force = _slug(_area(build, la.police_force_id))
            found: dict[str, list[tuple[_Slot, float]]] = {}

            def add(kind: str, team_code: str, weight: float = 1.0, role: str = "", basis: str = "") -> None:
                made = self._slot(kind, team_code, role, basis)
                if made is not None:
                    found.setdefault(kind, []).append((made, weight))  # noqa: B023 - used in this iteration only

            cs = f"{CODE_PREFIX}cs-{slug}"
            for code in teams_of.get(cs, []):
                suffix = code.removeprefix(f"{cs}-")
                add(
                    "cs",
                    code,
                    CS_TEAM_WEIGHTS.get(suffix, 1.0),
                    role="key_worker" if suffix in CS_KEY_WORK else "",
                    basis="public_task" if suffix in CS_PUBLIC_TASK else "",
                )
            for kind, agency_code in (
                ("edu", f"{CODE_PREFIX}edu-{slug}"),
                ("housing", f"{CODE_PREFIX}housing-{slug}"),
                ("yjs", f"{CODE_PREFIX}yjs-{slug}"),
                ("camhs", f"{CODE_PREFIX}health-{board}-camhs"),
                ("hospital", f"{CODE_PREFIX}health-{board}-hospital"),
            ):
                for code in teams_of.get(agency_code, []):
                    add(kind, code)
            add("hv", f"{CODE_PREFIX}health-{board}-cch-hv-{slug}")
            add("sn", f"{CODE_PREFIX}health-{board}-cch-sn-{slug}")
            police = f"{CODE_PREFIX}police-{force}"
            for code in teams_of.get(police, []):
                local = code.removeprefix(f"{police}-")
                if not local.startswith("ppu-"):
                    add("police", code)
                elif local == f"ppu-{slug}":
                    add("police", code, 4.0)
            add("probation", f"{CODE_PREFIX}probation-wales-pdu-{slug}")
            for spec in build.agencies:
                if spec.code.startswith(f"{CODE_PREFIX}vol-{slug}-"):
                    for code in teams_of.get(spec.code, []):
                        add("third", code)
                elif spec.code.startswith(f"{CODE_PREFIX}school-{slug}-"):
                    school_slots = [
                        made
                        for code in teams_of.get(spec.code, [])
                        if (made := self._slot("school", code, role="key_worker" if code.endswith("-pastoral") else ""))
                    ]
                    if not school_slots:
                        continue
                    entry = (int(spec.code.rsplit("-", 1)[1]), school_slots)
                    name = specs[spec.code].name_en
                    if "Secondary" not in name:
                        place.primary.append(entry)
                    if "Primary" not in name:
                        place.secondary.append(entry)
            place.slots = {
                kind: ([s for s, _w in pairs], list(itertools.accumulate(w for _s, w in pairs)))
                for kind, pairs in found.items()
            }
            places.append(place)
        return places

    # -- Making. --

    def run(self) -> None:
        places = self._places()
        total = self.build.scale.children
        weights = [LA_PROFILE.get(place.area.code, ("", 100, 0.2))[1] for place in places]
        shares = [total * w // sum(weights) for w in weights]
        shares[-1] += total - sum(shares)
        for place, count in zip(places, shares, strict=True):
            # Where the benchmark person's team works, some children are given to them.
            place.bench_slot = next(
                (s for slots, _cumulative in place.slots.values() for s in slots if s.team_id in self.bench_team_ids),
                None,
            )
            bench_share = 3 * self.build.scale.caseload / count if place.bench_slot and count else 0.0
            for start in range(0, count, CHILD_BATCH):
                self._chunk(place, min(CHILD_BATCH, count - start), start, bench_share=bench_share)

    def _chunk(self, place: _Place, size: int, first_case: int, *, bench_share: float) -> None:
        """Make and write `size` children of one local authority, then their records."""
        made = [self._child(place, first_case + n + 1, bench_share=bench_share) for n in range(size)]
        children = [self.rows["children"](values) for values, _records in made]
        self.rows["children"].model.objects.bulk_create(children, batch_size=CHILD_BATCH)
        records: dict[str, list[Any]] = {name: [] for name in self.rows if name != "children"}
        for child, (_values, plan) in zip(children, made, strict=True):
            for name, rows in plan.items():
                make, add = self.rows[name], records[name].append
                for values in rows:
                    values["child_id"] = child.pk
                    add(make(values))
        for name, objects in records.items():
            self.rows[name].model.objects.bulk_create(objects, batch_size=CHILD_BATCH)
            self.counts[name] += len(objects)
        self.counts["children"] += len(children)

    def _given(self, gender: str, welsh_names: bool) -> _Names:
        rng = self.rng
        if gender not in ("female", "male"):
            gender = "female" if rng.random() < 0.5 else "male"
        return (self.girls if gender == "female" else self.boys)["cy" if welsh_names else "en"]

    def _nhs_number(self) -> str:
        while True:
            if self.nhs_next >= NHS_SPAN:
                raise CommandError("Too many children for the synthetic NHS number range.")
            digits = NHS_BASE + (self.nhs_offset + self.nhs_next * NHS_STEP) % NHS_SPAN
            self.nhs_next += 1
            number = nhs_number_with_check_digit(str(digits))
            if number is not None:
                return number

    def _child(self, place: _Place, case_number: int, *, bench_share: float) -> tuple[dict[str, Any], dict[str, Any]]:
        """One child's values, and the values of their records by kind (children's ids are added later)."""
        from cylch.children.models import Child, Identifier, Involvement, LanguagePreference

        rng = self.rng
        as_of = CHILDREN_AS_OF
        born = as_of - timedelta(days=int(rng.random() * 18 * 365.25))
        age = _age(born, as_of)
        age_days = (as_of - born).days

        # Who the child is.
        gender = rng.choices(GENDERS_CHOICES, cum_weights=GENDERS_CUMULATIVE)[0]
        roll = rng.random()
        other_language = ""
        if roll < place.welsh_share:
            language = LanguagePreference.WELSH
        elif roll < place.welsh_share + 0.025:
            language = LanguagePreference.OTHER if rng.random() < 0.85 else LanguagePreference.INTERPRETER
            other_language = rng.choice(OTHER_LANGUAGES)
        else:
            language = LanguagePreference.ENGLISH
        welsh_names = rng.random() < (0.75 if language == LanguagePreference.WELSH else 0.25)
        names = self._given(gender, welsh_names)
        first = names.pick(rng)
        given_names = first
        if rng.random() < 0.3:
            middle = names.pick(rng)
            if middle != first:
                given_names = f"{first} {middle}"
        family_name = self.family.pick(rng)
        if rng.random() < 0.02:
            other = self.family.pick(rng)
            if other != family_name:
                family_name = f"{family_name}-{other}"
        preferred = ""
        if first in NICKNAMES and rng.random() < 0.3:
            preferred = NICKNAMES[first]
        elif given_names != first and rng.random() < 0.2:
            preferred = first
        child: dict[str, Any] = {
            "given_names": given_names,
            "family_name": family_name,
            "preferred_name": preferred,
            "date_of_birth": born,
            "gender": gender,
            "ethnicity": rng.choices(ETHNICITY_CHOICES, cum_weights=ETHNICITY_CUMULATIVE)[0],
            "disability": rng.choice(DISABILITIES) if rng.random() < 0.04 else "",
            "communication_needs": rng.choice(COMMUNICATION_NEEDS) if rng.random() < 0.03 else "",
            "language": language,
            "other_language": other_language,
            "local_authority_id": place.area.pk,
            "status": Child.Status.OPEN,
            # The search keys, exactly as cylch.children.services._set_search_keys sets them.
            "search_family": self.fold(family_name)[:200],
            "search_given": self.fold(given_names)[:200],
            "phonetic_family": self.phonetic(family_name),
            "phonetic_given": self.phonetic(preferred or given_names),
        }

        # The team around the child.
        planned: list[_Slot] = []
        school: tuple[int, list[_Slot]] | None = None
        in_school = 4 <= age <= 16 or (age == 17 and rng.random() < 0.5)
        if in_school:
            schools = (place.primary if age <= 10 else place.secondary) or place.primary or place.secondary
            if schools:
                school = schools[int(rng.random() * len(schools))]
        if school is not None and rng.random() < 0.85:
            planned.append(school[1][int(rng.random() * len(school[1]))])
        elif age < 5 and rng.random() < 0.9 and (made := place.pick("hv", rng)) is not None:
            planned.append(made)
        for kind, chance, youngest, oldest in EXTRA_INVOLVEMENTS:
            if len(planned) < 4 and youngest <= age <= oldest and rng.random() < chance:
                made = place.pick(kind, rng)
                if made is not None:
                    planned.append(made)
        if not planned:
            made = place.pick("hv" if age < 5 else "cs", rng) or place.pick("cs", rng)
            if made is not None:
                planned.append(made)
        bench_slot: _Slot | None = None
        if bench_share and self.bench_caseload < self.build.scale.caseload and rng.random() < bench_share:
            bench_slot = place.bench_slot
            if bench_slot is not None:
                planned = [s for s in planned if s.kind != bench_slot.kind][:3] + [bench_slot]
        lead_index = None
        if rng.random() < LEAD_SHARE:
            lead_index = min(range(len(planned)), key=lambda i: LEAD_RANK[planned[i].kind], default=None)
        team_around = []
        lead_practitioner = None
        earliest = as_of
        for index, made in enumerate(planned):
            is_lead = index == lead_index
            if made is bench_slot and self.bench_person_id is not None:
                practitioner = self.bench_person_id
            elif is_lead or rng.random() < 0.9:
                practitioner = made.people[int(rng.random() * len(made.people))]
                if practitioner == self.bench_person_id and self.bench_caseload >= self.build.scale.caseload:
                    # A realistic caseload: once it is full, colleagues take the new children.
                    others = [p for p in made.people if p != practitioner]
                    practitioner = others[int(rng.random() * len(others))] if others else practitioner
            else:
                practitioner = None
            started = as_of - timedelta(days=int(rng.random() * min(age_days, 3 * 365)))
            earliest = min(earliest, started)
            ended = None
            if not is_lead and made is not bench_slot and len(planned) > 1 and rng.random() < 0.08:
                open_days = (as_of - started).days
                if open_days > 1:
                    ended = started + timedelta(days=1 + int(rng.random() * (open_days - 1)))
            if practitioner is not None and practitioner == self.bench_person_id and ended is None:
                self.bench_caseload += 1
            if is_lead:
                lead_practitioner = practitioner
            team_around.append(
                {
                    "agency_id": made.agency_id,
                    "team_id": made.team_id,
                    "practitioner_id": practitioner,
                    "role_for_child": "lead_professional" if is_lead else made.role,
                    "is_lead": is_lead,
                    "reason": made.reason,
                    "started_on": started,
                    "ended_on": ended,
                    "end_reason": "Synthetic: the work is complete." if ended else "",
                    "basis": Involvement.Basis.STATUTORY,
                    "statutory_basis": made.statutory_basis,
                    "no_agreement_justification": NO_AGREEMENT,
                    "flagged_to_data_protection_lead": True,  # as the services flag sharing without an agreement
                }
            )
        child["created_at"] = datetime(earliest.year, earliest.month, earliest.day, 9, 0, tzinfo=UTC)
        child["created_by_id"] = lead_practitioner

        # Identifiers.
        ids: list[dict[str, Any]] = []
        if rng.random() < 0.95:
            ids.append({"kind": Identifier.Kind.NHS_NUMBER, "value": self._nhs_number(), "valid_from": born})
        if school is not None:
            entry_year = born.year + 4 + (1 if born.month >= 9 else 0)
            key = (place.number, school[0], entry_year % 100)
            serial = self.pupil_serials.get(key, 0) + 1
            if serial > 999:
                raise CommandError("Too many pupils in one synthetic school year for unique pupil numbers.")
            self.pupil_serials[key] = serial
            digits = f"0{place.number:02d}{school[0]:04d}{entry_year % 100:02d}{serial:03d}"
            ids.append(
                {
                    "kind": Identifier.Kind.UPN,
                    "value": upn_with_check_letter(digits),
                    "valid_from": min(date(entry_year, 9, 1), as_of),
                }
            )
        ids.append(
            {
                "kind": Identifier.Kind.LA_CASE_NUMBER,
                "value": f"{CASE_PREFIX}{place.abbr}-{case_number:06d}",
                "valid_from": earliest,
            }
        )

        # Family and network.
        network = self._network(place, family_name, language, other_language, age)

        # What matters to me, in the child's words.
        voices = []
        if lead_index is not None and age >= 4 and lead_practitioner is not None and rng.random() < 0.15:
            words_en, words_cy = rng.choice(VOICE_WORDS)
            welsh = language == LanguagePreference.WELSH
            captured = as_of - timedelta(days=int(rng.random() * min(365, (as_of - earliest).days + 1)))
            voice = {
                "words": words_cy if welsh else words_en,
                "language": LanguagePreference.WELSH if welsh else LanguagePreference.ENGLISH,
                "captured_on": captured,
                "captured_by_id": lead_practitioner,
                "captured_for_agency_id": planned[lead_index].agency_id,
                "method": rng.choice(VOICE_METHODS),
                "created_at": datetime(captured.year, captured.month, captured.day, 15, 0, tzinfo=UTC),
            }
            voices.append(voice)
        return child, {
            "identifiers": ids,
            "network members": network,
            "involvements": team_around,
            "voice entries": voices,
        }

    def _network(
        self, place: _Place, family_name: str, language: str, other_language: str, age: int
    ) -> list[dict[str, Any]]:
        """One to four people: parents with parental responsibility, sometimes a trusted adult."""
        from cylch.children import search
        from cylch.children.models import LanguagePreference

        rng = self.rng
        count = rng.choices((1, 2, 3, 4), cum_weights=(25, 65, 87, 100))[0]
        family = family_name.split("-")[0]
        welsh = language == LanguagePreference.WELSH
        people: list[dict[str, Any]] = []

        def person(
            relationship: str, gender: str, *, pr: bool, trusted: bool = False, same_family: float = 0.6
        ) -> None:
            names = self._given(gender, rng.random() < (0.7 if welsh else 0.25))
            surname = family if rng.random() < same_family else self.family.pick(rng)
            full_name = f"{names.pick(rng)} {surname}"
            values: dict[str, Any] = {
                "full_name": full_name,
                "relationship": relationship,
                "parental_responsibility": pr,
                "is_trusted_adult": trusted,
                "phone": f"07700 900{int(rng.random() * 1000):03d}",  # Ofcom's range for drama
                "language": language if rng.random() < 0.85 else LanguagePreference.ENGLISH,
                "other_language": other_language,
            }
            if pr:
                values["address"] = f"{1 + int(rng.random() * 120)} {rng.choice(STREETS)}, {place.area.name_en}"
                if rng.random() < 0.25:
                    values["email"] = f"{search.fold(full_name).replace(' ', '.')}{int(rng.random() * 100)}@example.com"
            people.append(values)

        looked_after = rng.random() < 0.03
        if looked_after:
            person("foster_carer", "female", pr=False, trusted=rng.random() < 0.5, same_family=0.0)
        person("mother", "female", pr=True, same_family=0.7)
        if count >= 2 or looked_after:
            person("father", "male", pr=rng.random() < 0.85, same_family=0.6)
        extras = [
            ("grandparent", 0.45, False),
            ("aunt_uncle", 0.3, False),
            ("step_parent", 0.1, True),
            ("trusted_adult", 1.0, False),
            ("sibling", 0.0, False),
            ("kinship_carer", 0.3, True),
        ]
        while len(people) < count:
            relationship, trusted_chance, may_have_pr = extras[int(rng.random() * len(extras))]
            if relationship == "sibling" and age < 2:
                continue
            person(
                relationship,
                "female" if rng.random() < 0.6 else "male",
                pr=may_have_pr and rng.random() < 0.2,
                trusted=rng.random() < trusted_chance,
                same_family=0.5 if relationship != "trusted_adult" else 0.0,
            )
        return people


LEAD_RANK = {kind: rank for rank, kind in enumerate(LEAD_ORDER)}
GENDERS_CHOICES = [g for g, _w in GENDERS]
GENDERS_CUMULATIVE = list(itertools.accumulate(w for _g, w in GENDERS))
ETHNICITY_CHOICES = [e for e, _w in ETHNICITIES]
ETHNICITY_CUMULATIVE = list(itertools.accumulate(w for _e, w in ETHNICITIES))


def build_children(build: Build) -> None:
    """Fictional children across Wales, each with identifiers, family and network and a team around them."""
    if build.scale.children <= 0 or synthetic_children_exist():
        return
    maker = _ChildMaker(build)
    # Without DEBUG's query log: it would keep every statement of millions of rows, and
    # composing each statement for the log takes longer than running it.
    with override_settings(DEBUG=False):
        maker.run()
    if connection.vendor == "postgresql":
        # Planner statistics now, not when autovacuum gets round to it: benchmarks run next.
        with connection.cursor() as cursor:
            for rows in maker.rows.values():
                cursor.execute(f"ANALYZE {connection.ops.quote_name(rows.model._meta.db_table)}")
    build.counts.update(maker.counts)
    build.counts["benchmark person's caseload"] = maker.bench_caseload


# --- Multi-agency delivery: meetings, statutory due items, plans and the chronology. -------------
#
# A cohort of open children (Scale.children_with_due_items) has a history of strategy discussions,
# conferences and core groups, looked-after reviews and visits, referrals and assessments or
# missing episodes. Each event meets the statutory due items it answers and starts the clock on
# the next, under the current timescale rules, exactly as the services would; what has not
# happened by DELIVERY_AS_OF stays open. The benchmark person leads some of these children and
# owns exactly Scale.bench_open_items open items (due items and agreed plan actions).
# Every synthetic child then gets a chronology (Scale.chronology_entries in all), loaded with
# COPY on PostgreSQL. All text comes from the templates below and starts "Synthetic".

# Nothing in the synthetic records happens after this moment: the same seed always gives the same rows.
DELIVERY_AS_OF = datetime(2026, 3, 31, 17, 0, tzinfo=UTC)
DELIVERY_CHUNK = 5000  # cohort children made and written at a time
CHRONOLOGY_CHUNK = 20_000  # children whose chronology is made and copied at a time
CHRONOLOGY_COPY_ROWS = 20_000  # entries sent to the database at a time
CHRONOLOGY_DAYS = 3 * 366 + 30  # entries fall within this many days before CHILDREN_AS_OF
ID_BLOCK = 20_000
# Loading more rows than this on PostgreSQL drops the table's secondary indexes and foreign keys
# first and makes them again afterwards, which is several times quicker than keeping them up.
REINDEX_ABOVE = 500_000

# Chronology entries only the chronology builder writes (the delivery builder writes meetings,
# plans, registrations, referrals, visits, placements and missing episodes): they mark it done.
CHRONOLOGY_ONLY_TYPES = ("health", "education", "police", "incident", "court", "child_voice")

MEETING_PLACES = [
    "Synthetic Family Centre, Heol Synthetig",
    "Canolfan Deulu Synthetig, Ffordd Ffuglen",
    "Video call (synthetic)",
    "Synthetic Civic Offices, Meeting Room 2",
    "Ysgol Synthetig, staff room",
]
CHAIRS = [
    "Eleri Cadeirydd", "Gareth Cadeirydd", "Menna Cadeirydd", "Rhodri Cadeirydd", "Sian Cadeirydd",
    "Alun Cadeirydd", "Bethan Cadeirydd", "Dylan Cadeirydd",
]  # fmt: skip
LATE_REASONS = [
    "Synthetic: the chair was not available on an earlier date.",
    "Synthetic: the family asked for a later date so that they could attend.",
    "Synthetic: waiting for a report from another agency.",
    "Synthetic: the worker was off sick.",
]
MEETING_SUMMARIES = {
    "strategy_discussion": "Synthetic: information shared by police, children's services and health; section 47 enquiries agreed.",
    "initial_conference": "Synthetic: the conference heard from each agency and from the family, and agreed an outline plan.",
    "core_group": "Synthetic: the core group reviewed each action in the plan and agreed what happens next.",
    "review_conference": "Synthetic: progress against the plan reviewed; the child remains at risk of harm.",
    "lac_review": "Synthetic: the independent reviewing officer reviewed the care and support plan with the child and carers.",
}
CHILD_VIEWS = [
    "Synthetic: I like my school and I want to stay there.",
    "Synthetic: I want Mam to stop being sad.",
    "Synthetic: Dw i eisiau aros gyda Nain ar benwythnosau.",
    "Synthetic: I don't want to talk about it today.",
]
FAMILY_VIEWS = [
    "Synthetic: the parents agree with the plan and want help with routines.",
    "Synthetic: the family feel the concerns are exaggerated but will work with the plan.",
    "Synthetic: mae'r teulu'n cytuno â'r cynllun.",
]
DECISION_REASONS = "Synthetic: the threshold for significant harm is met; a plan is needed to keep the child safe."
PLAN_TEXT = {
    "personal_outcomes": "Synthetic: I want to feel safe at home and keep seeing my friends.",
    "needs": "Synthetic: a calm and predictable home; regular school attendance; help for the parents with routines.",
    "progress_measures": "Synthetic: the child's own score of how safe home feels, asked at every visit; attendance above 95%.",
    "review_arrangements": "Synthetic: core group every six weeks; review at each conference.",
}
PLAN_OPTIONAL_TEXT = {
    "health_plan": "Synthetic: annual health assessment; dental check every six months.",
    "personal_education_plan": "Synthetic: extra reading support twice a week; a named adult at school.",
    "placement_plan": "Synthetic: placement with foster carers in the same school catchment.",
}
# Actions by the kind of agency that owns them.
ACTIONS_BY_KIND = {
    "childrens_services": [
        "Synthetic: visit the child at home every two weeks and see them on their own.",
        "Synthetic: complete the parenting assessment and share it with the core group.",
        "Synthetic: arrange family group conferencing.",
    ],
    "school": [
        "Synthetic: check in with the child every morning and record attendance daily.",
        "Synthetic: provide a quiet space at lunchtime and a named trusted adult.",
    ],
    "education": ["Synthetic: review attendance every fortnight and meet the parents if it falls below 90%."],
    "health": [
        "Synthetic: complete the developmental review and share the outcome.",
        "Synthetic: support the parent with sleep routines at weekly visits.",
    ],
    "police": ["Synthetic: share any call-out to the home with the lead professional by the next working day."],
    "youth_justice": ["Synthetic: weekly sessions on consequential thinking; report to the core group."],
    "housing": ["Synthetic: complete the repairs at the family home and review the tenancy support."],
    "probation": ["Synthetic: share relevant changes in the parent's supervision with the lead professional."],
    "third_sector": ["Synthetic: weekly family support sessions at home on a calm morning routine."],
}
ACTION_EVIDENCE = "Synthetic: done as agreed; see the core group record."
ACTION_NOTES = {
    "in_progress": "Synthetic: started; the first sessions went well.",
    "done": "Synthetic: completed and shared with the core group.",
}
# The chronology: kinds of entry each kind of agency writes (repeated for weight), and what they say.
ENTRY_TYPES_BY_KIND = {
    "childrens_services": ["visit"] * 5
    + ["meeting"] * 2
    + ["child_voice"] * 2
    + ["referral", "other", "court", "incident"],
    "school": ["education"] * 6 + ["child_voice"] * 2 + ["meeting", "incident"],
    "education": ["education"] * 5 + ["meeting", "visit", "child_voice"],
    "health": ["health"] * 7 + ["visit"] * 2 + ["child_voice"],
    "police": ["police"] * 5 + ["incident"] * 3 + ["missing"],
    "youth_justice": ["court"] * 2 + ["visit"] * 3 + ["meeting", "child_voice", "police"],
    "housing": ["visit"] * 3 + ["other"] * 2 + ["meeting"],
    "probation": ["other"] * 3 + ["meeting", "visit"],
    "third_sector": ["visit"] * 4 + ["child_voice"] * 2 + ["meeting", "other"],
}
ENTRY_SUMMARIES = {
    "visit": [
        "Synthetic: home visit to Heol Synthetig; the child was seen on their own.",
        "Synthetic: unannounced visit; the home was warm and there was food in the cupboards.",
        "Synthetic: visit with the parent; talked through the morning routine.",
        "Synthetic: the family were not at home; a card was left.",
    ],
    "meeting": [
        "Synthetic: professionals' meeting about attendance and support at home.",
        "Synthetic: team around the family meeting; actions reviewed.",
        "Synthetic: meeting with the parents to agree the next steps.",
    ],
    "child_voice": [
        "Synthetic: the child said they like their new teacher.",
        "Synthetic: the child said they are worried about shouting at home.",
        "Synthetic: the child drew a picture of the people who help them.",
    ],
    "referral": [
        "Synthetic: referral from the school about bruising on the child's arm.",
        "Synthetic: referral from the health visitor about the home conditions.",
    ],
    "other": [
        "Synthetic: phone call with the parent to arrange a visit.",
        "Synthetic: letter sent to the family about the support on offer.",
        "Synthetic: information shared with another agency under the protocol.",
    ],
    "court": [
        "Synthetic: hearing at Synthetic Family Court adjourned for four weeks.",
        "Synthetic: court report filed.",
    ],
    "incident": [
        "Synthetic: incident at school; the child became upset and left the classroom.",
        "Synthetic: a neighbour reported shouting from the home late at night.",
    ],
    "education": [
        "Synthetic: attendance this half term is 87%.",
        "Synthetic: the child was late four times this week.",
        "Synthetic: parents' evening attended by both parents.",
        "Synthetic: extra reading support started.",
    ],
    "health": [
        "Synthetic: health visitor contact; weight and development on track.",
        "Synthetic: missed appointment at the Synthetic Health Centre.",
        "Synthetic: immunisations brought up to date.",
        "Synthetic: seen in the emergency department after a fall; discharged the same day.",
    ],
    "police": [
        "Synthetic: police called to the address after a report of a disturbance.",
        "Synthetic: welfare check by officers; no concerns found.",
        "Synthetic: domestic abuse risk assessment completed (medium).",
    ],
    "missing": ["Synthetic: reported missing by the carer; found at a friend's house the next morning."],
}
ENTRY_DETAILS = [
    "Synthetic record made for testing.\nNothing here is about a real child or family.",
    "Synthetic: discussed with the manager, who agreed the next steps.\nTo be reviewed at the next visit.",
    "Synthetic: the parent was open and engaged.\nThe child appeared happy and relaxed.",
]
CORRECTION_REASONS = [
    "Synthetic: the wrong date was entered.",
    "Synthetic: the summary named the wrong school.",
]
SENSITIVITY_BY_KIND = {
    "childrens_services": ["general"] * 34 + ["domestic_abuse"] * 3 + ["health_detail"] * 2 + ["adoption"],
    "health": ["general"] * 30 + ["health_detail"] * 8 + ["sexual_health", "domestic_abuse"],
    "police": ["general"] * 30 + ["criminal_investigation"] * 6 + ["domestic_abuse"] * 4,
    "youth_justice": ["general"] * 34 + ["criminal_investigation"] * 6,
}


def _reserve_ids(model: Any, count: int, after: int = 0) -> int:
    """The first of `count` primary keys that nothing else will take."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), nextval(pg_get_serial_sequence(%s, 'id')) + %s)",
                [table, table, count - 1],
            )
            return int(cursor.fetchone()[0]) - count + 1
        # The only writer is this transaction: the next free key is above what is there.
        cursor.execute(f"SELECT MAX(id) FROM {connection.ops.quote_name(table)}")  # noqa: S608 - a table name
        return max(int(cursor.fetchone()[0] or 0) + 1, after)


class _Ids:
    """Primary keys handed out before rows are written, so that rows can point at each other."""

    def __init__(self) -> None:
        self.next: dict[Any, int] = {}
        self.limit: dict[Any, int] = {}

    def take(self, model: Any) -> int:
        if self.next.get(model, 0) >= self.limit.get(model, 0):
            start = _reserve_ids(model, ID_BLOCK, after=self.limit.get(model, 0))
            self.next[model], self.limit[model] = start, start + ID_BLOCK
        value = self.next[model]
        self.next[model] = value + 1
        return value


_GIVE = object()  # a field whose default would differ between runs: it must be given


class _Table:
    """Rows of one model as tuples in field order, written at once: COPY on PostgreSQL, executemany elsewhere."""

    def __init__(self, model: Any) -> None:
        from django.db import models

        self.model = model
        self.fields = list(model._meta.concrete_fields)
        self.index = {f.attname: i for i, f in enumerate(self.fields)}
        self.template: list[Any] = []
        for f in self.fields:
            if f.primary_key or (f.has_default() and callable(f.default) and f.default not in (list, dict)):
                self.template.append(_GIVE)
            else:
                self.template.append(f.get_default())
        self.json = [i for i, f in enumerate(self.fields) if isinstance(f, models.JSONField)]
        self.datetimes = [i for i, f in enumerate(self.fields) if isinstance(f, models.DateTimeField)]
        self.dates = [
            i
            for i, f in enumerate(self.fields)
            if isinstance(f, models.DateField) and not isinstance(f, models.DateTimeField)
        ]
        self.rows: list[list[Any]] = []
        self.written = 0

    def add(self, values: dict[str, Any]) -> None:
        row = self.template.copy()
        index = self.index
        for name, value in values.items():
            row[index[name]] = value
        if any(value is _GIVE for value in row):
            missing = [f.attname for f, value in zip(self.fields, row, strict=True) if value is _GIVE]
            raise CommandError(f"Synthetic {self.model.__name__} rows need {', '.join(missing)}.")
        for i in self.json:
            row[i] = json.dumps(row[i], ensure_ascii=False)
        self.rows.append(row)

    def flush(self) -> None:
        if not self.rows:
            return
        quote = connection.ops.quote_name
        table = quote(self.model._meta.db_table)
        columns = ", ".join(quote(f.column) for f in self.fields)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in self.rows:
                        copy.write_row(row)
            else:
                ops = connection.ops
                for row in self.rows:
                    for i in self.datetimes:
                        row[i] = ops.adapt_datetimefield_value(row[i])
                    for i in self.dates:
                        row[i] = ops.adapt_datefield_value(row[i])
                placeholders = ", ".join(["%s"] * len(self.fields))
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", self.rows)  # noqa: S608
        self.written += len(self.rows)
        self.rows = []


def _analyze(models: list[Any]) -> None:
    """Planner statistics now, not when autovacuum gets round to it: benchmarks run next."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _working_time(day: date, rng: random.Random) -> datetime:
    """A moment in working hours on the day, or on the Monday after a weekend."""
    if day.weekday() >= 5:
        day += timedelta(days=7 - day.weekday())
    return datetime(day.year, day.month, day.day, 9 + int(rng.random() * 7), 15 * int(rng.random() * 4), tzinfo=UTC)


@dataclass
class _Kid:
    """One child of the due-item cohort, and who works with them."""

    pk: int
    created: datetime
    local_authority_id: int | None
    involvements: list[tuple[int, int, int | None, bool]]  # (agency, team, practitioner, is lead)
    lead: tuple[int | None, int] | None = None  # (practitioner, agency) of the lead professional
    # Who convenes meetings and records events: (person, agency, team).
    recorder: tuple[int, int, int] = (0, 0, 0)


@dataclass
class _PlanDraft:
    values: dict[str, Any]
    actions: list[dict[str, Any]]
    agreed_at: datetime | None
    agreed_by: int


def synthetic_delivery_exists() -> bool:
    from cylch.meetings.models import Meeting

    return Meeting.objects.filter(
        convened_by_agency_id__in=Agency.objects.filter(code__startswith=CODE_PREFIX).values("pk")
    ).exists()


def synthetic_chronology_exists() -> bool:
    from cylch.chronology.models import ChronologyEntry

    return ChronologyEntry.objects.filter(
        entry_type__in=CHRONOLOGY_ONLY_TYPES,
        source_agency_id__in=Agency.objects.filter(code__startswith=CODE_PREFIX).values("pk"),
    ).exists()


def bench_caseload(person_id: int) -> list[int]:
    """The synthetic children in the benchmark person's open involvements, by id."""
    from cylch.children.models import Involvement

    return sorted(
        set(
            Involvement.objects.active()
            .filter(practitioner_id=person_id, child__in=synthetic_children())
            .values_list("child_id", flat=True)
        )
    )


def timeline_child_id(person_id: int) -> int | None:
    """The child whose chronology the timeline benchmark reads: the first the benchmark person leads."""
    from cylch.children.models import Involvement

    caseload = bench_caseload(person_id)
    led = (
        Involvement.objects.active()
        .filter(practitioner_id=person_id, is_lead=True, child_id__in=caseload)
        .order_by("child_id")
        .values_list("child_id", flat=True)
        .first()
    )
    return led or (caseload[0] if caseload else None)


class _Delivery:
    """Meetings, due items, registrations, plans and the entries Cylch writes about them, for the cohort."""

    def __init__(self, build: Build) -> None:
        from cylch.chronology.models import ChronologyEntry
        from cylch.core.bench import BenchmarkError, representative_person
        from cylch.core.models import ReferenceCode
        from cylch.meetings.models import Invitee, Meeting, MeetingChild
        from cylch.plans.models import ActionUpdate, Plan, PlanAction, PlanVersion
        from cylch.register.models import Registration, RegistrationCategory, RegistrationReview
        from cylch.timescales.models import DueItem, TimescaleRule

        self.build = build
        self.rng = random.Random(f"cylch-delivery-{build.seed}")
        self.ids = _Ids()
        self.models = {
            "meetings": Meeting,
            "meeting children": MeetingChild,
            "invitees": Invitee,
            "registrations": Registration,
            "registration categories": RegistrationCategory,
            "registration reviews": RegistrationReview,
            "plans": Plan,
            "plan versions": PlanVersion,
            "plan actions": PlanAction,
            "action updates": ActionUpdate,
            "due items": DueItem,
            "chronology entries (meetings, plans and events)": ChronologyEntry,
        }
        self.tables = {name: _Table(model) for name, model in self.models.items()}
        self.rules = {rule.code: rule for rule in TimescaleRule.objects.filter(is_current=True).order_by("code")}
        self.by_trigger: dict[str, list[Any]] = {}
        for rule in self.rules.values():
            self.by_trigger.setdefault(rule.trigger, []).append(rule)
        self.agencies = {
            pk: (kind, name_en, name_cy, area_id)
            for pk, kind, name_en, name_cy, area_id in Agency.objects.filter(code__startswith=CODE_PREFIX).values_list(
                "pk", "kind", "name_en", "name_cy", "area_id"
            )
        }
        police = {area_id: pk for pk, (kind, _en, _cy, area_id) in self.agencies.items() if kind == Agency.Kind.POLICE}
        self.police_for_la = {
            la: police.get(force)
            for la, force in Area.objects.filter(kind=Area.Kind.LOCAL_AUTHORITY).values_list("pk", "police_force_id")
        }
        self.person_names = dict(
            Person.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").values_list("pk", "full_name")
        )
        self.labels = {
            (list_name, code): (en, cy)
            for list_name, code, en, cy in ReferenceCode.objects.filter(
                list_name__in=["meeting_type", "plan_type", "register_category"]
            ).values_list("list_name", "code", "label_en", "label_cy")
        }
        try:
            self.bench_person_id: int | None = representative_person().pk
        except BenchmarkError:
            self.bench_person_id = None
        self.counts: dict[str, int] = {}
        self.cohort_size = 0
        self.bench_open_items = 0
        # State of the child being made.
        self.open: dict[str, dict[str, Any]] = {}
        self.items: list[dict[str, Any]] = []
        self.owner: tuple[int, int] | None = None  # everything this child's items go to (the benchmark person)
        self.plans: list[_PlanDraft] = []
        self.actions_excluded: int | None = None  # a person never given actions by _plan (the benchmark person)

    # -- Texts in both languages, as the services write them. --

    def _both(self, message: str, **params: Any) -> tuple[str, str]:
        from django.utils import translation
        from django.utils.translation import gettext

        texts = []
        for language in ("en", "cy"):
            with translation.override(language):
                values = {
                    key: (value[0] if language == "en" else value[1]) if isinstance(value, tuple) else value
                    for key, value in params.items()
                }
                texts.append((gettext(message) % values)[:300])
        return texts[0], texts[1]

    def _label(self, list_name: str, code: str) -> tuple[str, str]:
        return self.labels.get((list_name, code), (code, code))

    # -- Who is who. --

    def _kids(self, child_ids: list[int]) -> list[_Kid]:
        from cylch.children.models import Child, Involvement

        kids = {
            pk: _Kid(pk=pk, created=created, local_authority_id=la, involvements=[])
            for pk, created, la in Child.objects.filter(pk__in=child_ids).values_list(
                "pk", "created_at", "local_authority_id"
            )
        }
        for child_id, agency_id, team_id, practitioner_id, is_lead in (
            Involvement.objects.active()
            .filter(child_id__in=child_ids)
            .order_by("child_id", "pk")
            .values_list("child_id", "agency_id", "team_id", "practitioner_id", "is_lead")
        ):
            kids[child_id].involvements.append((agency_id, team_id, practitioner_id, is_lead))
        made = []
        for pk in child_ids:
            kid = kids[pk]
            named = [inv for inv in kid.involvements if inv[2] is not None]
            if not named:
                continue
            lead = next((inv for inv in kid.involvements if inv[3]), None)
            kid.lead = (lead[2], lead[0]) if lead else None
            cs = [inv for inv in named if self.agencies.get(inv[0], ("",))[0] == Agency.Kind.CHILDRENS_SERVICES]
            mine = [inv for inv in named if inv[2] == self.bench_person_id]
            chosen = (mine or cs or [inv for inv in named if inv[3]] or named)[0]
            kid.recorder = (int(chosen[2] or 0), chosen[0], chosen[1])
            made.append(kid)
        return made

    def _cohort(self, bench: list[int]) -> list[int]:
        """Open synthetic children with a named children's services worker first, then any with a named worker."""
        from cylch.children.models import Child, Involvement

        wanted = max(0, self.build.scale.children_with_due_items - len(bench))
        excluded = set(bench)
        synthetic = synthetic_children().filter(status=Child.Status.OPEN)
        named = Involvement.objects.active().filter(child__in=synthetic, practitioner__isnull=False)
        first = sorted(
            set(named.filter(agency__kind=Agency.Kind.CHILDRENS_SERVICES).values_list("child_id", flat=True)) - excluded
        )
        rng = self.rng
        if len(first) >= wanted:
            return sorted(rng.sample(first, wanted))
        rest = sorted(set(named.values_list("child_id", flat=True)) - excluded - set(first))
        return sorted(first + rng.sample(rest, min(len(rest), wanted - len(first))))

    # -- Events. --

    def _raise(self, kid: _Kid, trigger: str, at: datetime, trigger_type: str, trigger_id: str) -> None:
        """Start the clock on every current rule for this trigger, as timescales.services.due_items_raise does."""
        from cylch.timescales.calendar import due_moment
        from cylch.timescales.models import DueItem, TimescaleRule

        for rule in self.by_trigger.get(trigger, []):
            person: int | None
            if self.owner is not None:
                person, agency = self.owner
            elif rule.owner == TimescaleRule.Owner.LEAD_PROFESSIONAL and kid.lead is not None:
                person, agency = kid.lead
            else:
                person, agency = kid.recorder[0], kid.recorder[1]
            replaced = self.open.get(rule.code)
            if replaced is not None:
                replaced["state"] = DueItem.State.CANCELLED
                replaced["late_reason"] = "Synthetic: replaced by the clock started by a later event."
            item = {
                "id": self.ids.take(DueItem),
                "child_id": kid.pk,
                "rule_id": rule.pk,
                "trigger_type": trigger_type,
                "trigger_id": trigger_id,
                "triggered_at": at,
                "due_at": due_moment(at, unit=rule.unit, amount=rule.amount),
                "owner_agency_id": agency,
                "owner_person_id": person,
                "state": DueItem.State.OPEN,
                "met_at": None,
                "late_reason": "",
                "reason": "",
            }
            self.open[rule.code] = item
            self.items.append(item)

    def _meet(self, codes: list[str], at: datetime) -> None:
        from cylch.timescales.models import DueItem

        if at > DELIVERY_AS_OF:
            return  # not yet: still open
        for code in codes:
            item = self.open.get(code)
            if item is None or at < item["triggered_at"]:
                continue
            del self.open[code]
            item["met_at"] = at
            if at > item["due_at"]:
                item["state"] = DueItem.State.MET_LATE
                item["late_reason"] = self.rng.choice(LATE_REASONS)
            else:
                item["state"] = DueItem.State.MET

    def _entry(
        self,
        kid: _Kid,
        at: datetime,
        entry_type: str,
        summary: tuple[str, str] | str,
        *,
        significance: str = "routine",
        origin: tuple[str, int] | None = None,
        author: int | None = None,
        agency: int | None = None,
    ) -> int:
        from cylch.chronology.models import ChronologyEntry

        entry_id = self.ids.take(ChronologyEntry)
        english, welsh = summary if isinstance(summary, tuple) else (summary, "")
        self.tables["chronology entries (meetings, plans and events)"].add(
            {
                "id": entry_id,
                "child_id": kid.pk,
                "occurred_at": at,
                "entry_type": entry_type,
                "summary": english,
                "summary_cy": welsh,
                "significance": significance,
                "source_agency_id": agency or kid.recorder[1],
                "author_id": author if author is not None else kid.recorder[0],
                "origin_type": origin[0] if origin else "",
                "origin_id": str(origin[1]) if origin else "",
                "recorded_at": at + timedelta(hours=1),
            }
        )
        return entry_id

    def _event(self, kid: _Kid, at: datetime, entry_type: str, summary: str, trigger: str | None) -> int:
        """Something a practitioner records in the chronology; it may start a clock."""
        entry_id = self._entry(kid, at, entry_type, summary, significance="significant" if trigger else "routine")
        if trigger:
            self._raise(kid, trigger, at, "chronology.chronologyentry", str(entry_id))
        return entry_id

    def _meeting(
        self,
        kid: _Kid,
        meeting_type: str,
        at: datetime,
        *,
        held: bool = True,
        circulated_at: datetime | None = None,
        decision: str = "",
        categories: list[str] | None = None,
    ) -> tuple[int, int]:
        from cylch.meetings.models import Invitee, Meeting, MeetingChild
        from cylch.meetings.services import SIGNIFICANT, STRATEGY_DISCUSSION

        rng = self.rng
        person, agency, _team = kid.recorder
        meeting_id = self.ids.take(Meeting)
        place_id = self.ids.take(MeetingChild)
        created = at - timedelta(days=3 + int(rng.random() * 15))
        chair = rng.choice(CHAIRS)
        self.tables["meetings"].add(
            {
                "id": meeting_id,
                "meeting_type": meeting_type,
                "status": Meeting.Status.HELD if held else Meeting.Status.ARRANGED,
                "scheduled_at": at,
                "location": rng.choice(MEETING_PLACES),
                "chair_name": chair if held else "",
                "convened_by_agency_id": agency,
                "convened_by_id": person,
                "held_at": at if held else None,
                "record_summary": MEETING_SUMMARIES.get(meeting_type, "Synthetic: actions agreed.") if held else "",
                "held_recorded_by_id": person if held else None,
                "circulated_at": circulated_at,
                "circulated_by_id": person if circulated_at else None,
                "version": 1 + int(held) + int(circulated_at is not None),
                "created_at": created,
            }
        )
        self.tables["meeting children"].add(
            {
                "id": place_id,
                "meeting_id": meeting_id,
                "child_id": kid.pk,
                "child_participation": rng.choice(["attended", "views_through_practitioner", "views_through_advocate"])
                if held
                else "",
                "child_views": rng.choice(CHILD_VIEWS) if held and rng.random() < 0.6 else "",
                "family_participation": rng.choice(["attended", "attended_part", "views_in_writing"]) if held else "",
                "family_views": rng.choice(FAMILY_VIEWS) if held and rng.random() < 0.5 else "",
                "views_recorded_by_id": person if held else None,
                "section47_determination": "determination_1" if held and meeting_type == STRATEGY_DISCUSSION else "",
                "register_decision": decision,
                "categories": categories or [],
                "decision_reasons": DECISION_REASONS if decision else "",
                "decided_at": at if decision else None,
                "decided_by_id": person if decision else None,
            }
        )
        # Invited: the convener, the others named in the team around the child, and the police for a strategy discussion.
        invitees: list[tuple[int, int | None, str]] = [(agency, person, "Convener")]
        seen = {person}
        for inv_agency, _inv_team, practitioner, _lead in kid.involvements:
            if practitioner is not None and practitioner not in seen and len(invitees) < 4:
                seen.add(practitioner)
                invitees.append((inv_agency, practitioner, ""))
        kinds = {self.agencies.get(a, ("",))[0] for a, _p, _r in invitees}
        police = self.police_for_la.get(kid.local_authority_id or 0)
        if meeting_type == STRATEGY_DISCUSSION and Agency.Kind.POLICE not in kinds and police is not None:
            invitees.append((police, None, "Detective sergeant"))
        for inv_agency, inv_person, role in invitees:
            attendance = ""
            if held:
                roll = rng.random()
                attendance = (
                    Invitee.Attendance.ATTENDED
                    if inv_person == person or inv_person is None or roll < 0.75
                    else Invitee.Attendance.SENT_REPORT
                    if roll < 0.87
                    else Invitee.Attendance.APOLOGIES
                    if roll < 0.96
                    else Invitee.Attendance.DID_NOT_ATTEND
                )
            self.tables["invitees"].add(
                {
                    "id": self.ids.take(Invitee),
                    "meeting_id": meeting_id,
                    "agency_id": inv_agency,
                    "person_id": inv_person,
                    "name": "Synthetic police officer" if inv_person is None else "",
                    "role": role,
                    "invited_at": created,
                    "invited_by_id": person,
                    "attendance": attendance,
                    "had_authority": (attendance == Invitee.Attendance.ATTENDED)
                    if meeting_type == STRATEGY_DISCUSSION and held
                    else None,
                }
            )
        if held:
            self._entry(
                kid,
                at,
                "strategy_discussion" if meeting_type == STRATEGY_DISCUSSION else "meeting",
                self._both(
                    "%(meeting)s held, chaired by %(chair)s",
                    meeting=self._label("meeting_type", meeting_type),
                    chair=chair,
                ),
                significance="significant" if meeting_type in SIGNIFICANT else "routine",
                origin=("meetings.meetingchild", place_id),
            )
        return meeting_id, place_id

    def _register(self, kid: _Kid, place_id: int, at: datetime, categories: list[str]) -> int:
        from cylch.register.models import Registration, RegistrationCategory

        registration_id = self.ids.take(Registration)
        person = kid.recorder[0]
        self.tables["registrations"].add(
            {
                "id": registration_id,
                "child_id": kid.pk,
                "registered_on": at.date(),
                "decision_id": place_id,
                "registered_by_id": person,
                "recorded_at": at + timedelta(hours=1),
            }
        )
        for code in categories:
            self.tables["registration categories"].add(
                {
                    "id": self.ids.take(RegistrationCategory),
                    "registration_id": registration_id,
                    "code": code,
                    "added_on": at.date(),
                }
            )
        labels = [self._label("register_category", code) for code in categories]
        self._entry(
            kid,
            at,
            "registration",
            self._both(
                "Placed on the child protection register. Categories: %(categories)s",
                categories=(", ".join(en for en, _cy in labels), ", ".join(cy for _en, cy in labels)),
            ),
            significance="critical",
            origin=("register.registration", registration_id),
        )
        self._raise(kid, "child_registered", at, "register.registration", str(registration_id))
        return registration_id

    def _review(self, kid: _Kid, registration_id: int, place_id: int, at: datetime, categories: list[str]) -> None:
        from cylch.register.models import RegistrationReview

        review_id = self.ids.take(RegistrationReview)
        self.tables["registration reviews"].add(
            {
                "id": review_id,
                "registration_id": registration_id,
                "reviewed_on": at.date(),
                "decision_id": place_id,
                "outcome": RegistrationReview.Outcome.REMAIN,
                "categories": categories,
                "recorded_by_id": kid.recorder[0],
                "recorded_at": at + timedelta(hours=1),
            }
        )
        labels = [self._label("register_category", code) for code in categories]
        self._entry(
            kid,
            at,
            "registration",
            self._both(
                "Review conference: remains on the child protection register. Categories: %(categories)s",
                categories=(", ".join(en for en, _cy in labels), ", ".join(cy for _en, cy in labels)),
            ),
            origin=("register.registrationreview", review_id),
        )

    def _plan(self, kid: _Kid, plan_type: str, at: datetime, *, agreed: bool = True) -> _PlanDraft:
        """A plan made (and usually agreed) at `at`, with actions for the people in the team around the child."""
        from cylch.plans.models import OPTIONAL_SECTIONS, Plan, PlanAction

        rng = self.rng
        person, agency, _team = kid.recorder
        agreed_on = at.date() if agreed else None
        values: dict[str, Any] = {
            "id": self.ids.take(Plan),
            "child_id": kid.pk,
            "plan_type": plan_type,
            "status": Plan.Status.AGREED if agreed else Plan.Status.DRAFT,
            "lead_agency_id": agency,
            **PLAN_TEXT,
            "next_review_on": (at + timedelta(days=90 + int(rng.random() * 90))).date(),
            "agreed_version": 1 if agreed else 0,
            "created_at": at - timedelta(days=1),
            "created_by_id": person,
        }
        if plan_type == "looked_after":
            values.update({section: PLAN_OPTIONAL_TEXT[section] for section in OPTIONAL_SECTIONS})
        owners = [inv for inv in kid.involvements if inv[2] is not None and inv[2] != self.actions_excluded]
        if not owners and kid.recorder[0] != self.actions_excluded:
            owners = [(agency, kid.recorder[2], person, True)]
        actions = []
        for n in range(2 + int(rng.random() * 4) if owners else 0):
            owner_agency, owner_team, owner, _lead = owners[n % len(owners)]
            kind = self.agencies.get(owner_agency, ("third_sector",))[0]
            due_on = (at + timedelta(days=14 + int(rng.random() * 150))).date()
            status = PlanAction.Status.NOT_STARTED
            completed_on = None
            if agreed:
                roll = rng.random()
                if due_on < DELIVERY_AS_OF.date() - timedelta(days=10) and roll < 0.75:
                    status = PlanAction.Status.DONE
                    completed_on = min(due_on + timedelta(days=int(rng.random() * 20) - 10), DELIVERY_AS_OF.date())
                    completed_on = max(completed_on, at.date())
                elif roll < 0.85:
                    status = PlanAction.Status.IN_PROGRESS
            actions.append(
                {
                    "id": self.ids.take(PlanAction),
                    "plan_id": values["id"],
                    "what": rng.choice(ACTIONS_BY_KIND.get(kind, ACTIONS_BY_KIND["third_sector"])),
                    "owner_agency_id": owner_agency,
                    "owner_id": owner,
                    "owner_team_id": owner_team,
                    "due_on": due_on,
                    "status": status,
                    "evidence": ACTION_EVIDENCE if status == PlanAction.Status.DONE else "",
                    "agreed_on": agreed_on,
                    "completed_on": completed_on,
                    "created_at": at - timedelta(days=1),
                    "created_by_id": person,
                }
            )
        draft = _PlanDraft(values=values, actions=actions, agreed_at=at if agreed else None, agreed_by=person)
        self.plans.append(draft)
        return draft

    def _write_plans(self, kids: dict[int, _Kid]) -> None:
        """Plans, their agreed versions (the snapshot the services keep), actions and progress."""
        from cylch.plans.models import PLAN_TEXT_FIELDS, ActionUpdate, PlanAction, PlanVersion

        for draft in self.plans:
            plan = draft.values
            self.tables["plans"].add(plan)
            for action in draft.actions:
                self.tables["plan actions"].add(action)
                if action["status"] in (PlanAction.Status.IN_PROGRESS, PlanAction.Status.DONE):
                    on = action.get("completed_on") or min(action["due_on"], DELIVERY_AS_OF.date())
                    self.tables["action updates"].add(
                        {
                            "id": self.ids.take(ActionUpdate),
                            "action_id": action["id"],
                            "status": action["status"],
                            "note": ACTION_NOTES[action["status"]],
                            "recorded_at": max(
                                datetime(on.year, on.month, on.day, 15, 0, tzinfo=UTC), action["created_at"]
                            ),
                            "recorded_by_id": action["owner_id"] or action["created_by_id"],
                        }
                    )
            if draft.agreed_at is None:
                continue
            en, cy = self._label("plan_type", plan["plan_type"])
            snapshot = {
                "plan_type": plan["plan_type"],
                "plan_type_label": {"en": en, "cy": cy},
                "fields": {name: plan.get(name, "") for name in PLAN_TEXT_FIELDS},
                "next_review_on": plan["next_review_on"].isoformat(),
                "actions": [
                    {
                        "id": a["id"],
                        "what": a["what"],
                        "owner_agency": {
                            "id": a["owner_agency_id"],
                            "en": self.agencies[a["owner_agency_id"]][1],
                            "cy": self.agencies[a["owner_agency_id"]][2],
                        },
                        "owner": {"id": a["owner_id"], "name": self.person_names.get(a["owner_id"], "")}
                        if a["owner_id"]
                        else None,
                        "due_on": a["due_on"].isoformat(),
                        "status": a["status"],
                        "agreed_on": a["agreed_on"].isoformat() if a["agreed_on"] else None,
                    }
                    for a in draft.actions
                ],
                "agreed_on": draft.agreed_at.date().isoformat(),
                "agreed_by": self.person_names.get(draft.agreed_by, ""),
            }
            version_id = self.ids.take(PlanVersion)
            self.tables["plan versions"].add(
                {
                    "id": version_id,
                    "plan_id": plan["id"],
                    "number": 1,
                    "agreed_on": draft.agreed_at.date(),
                    "agreed_at": draft.agreed_at,
                    "agreed_by_id": draft.agreed_by,
                    "note": "Synthetic: agreed with the family and the team around the child.",
                    "snapshot": snapshot,
                }
            )
            self._entry(
                kids[plan["child_id"]],
                draft.agreed_at,
                "plan",
                self._both("Plan agreed: %(plan_type)s, version %(number)s", plan_type=(en, cy), number=1),
                significance="significant",
                origin=("plans.planversion", version_id),
                author=draft.agreed_by,
            )
        self.plans = []

    # -- Histories. --

    def _day(self, base: datetime, low: int, high: int) -> datetime:
        return _working_time((base + timedelta(days=low + int(self.rng.random() * (high - low + 1)))).date(), self.rng)

    def _start(self, kid: _Kid, low: int, high: int) -> datetime:
        """A moment `low` to `high` days before DELIVERY_AS_OF, not before the child's record was made."""
        start = max(
            self._day(DELIVERY_AS_OF, -high, -low), _working_time(kid.created.date() + timedelta(days=1), self.rng)
        )
        return min(start, DELIVERY_AS_OF - timedelta(hours=2))

    def _child_protection(self, kid: _Kid) -> None:
        from cylch.meetings.models import MeetingChild
        from cylch.meetings.services import (
            ANSWERS,
            CIRCULATION_ANSWERS,
            CORE_GROUP,
            INITIAL_CONFERENCE,
            REVIEW_CONFERENCE,
            STRATEGY_DISCUSSION,
        )

        rng = self.rng
        strategy = self._start(kid, 3, 420)
        self._meeting(kid, STRATEGY_DISCUSSION, strategy)
        self._raise(kid, "strategy_discussion_held", strategy, "meetings.strategy_discussion", f"child-{kid.pk}")
        conference = self._day(strategy, 8, 26)
        if conference > DELIVERY_AS_OF or rng.random() < 0.25:
            if conference > DELIVERY_AS_OF:
                self._meeting(kid, INITIAL_CONFERENCE, conference, held=False)
            return
        circulated = self._day(conference, 1, 8)
        categories = sorted(rng.sample(["physical", "emotional", "sexual", "neglect"], 1 + int(rng.random() < 0.3)))
        meeting_id, place = self._meeting(
            kid,
            INITIAL_CONFERENCE,
            conference,
            circulated_at=circulated if circulated <= DELIVERY_AS_OF else None,
            decision=MeetingChild.RegisterDecision.REGISTER,
            categories=categories,
        )
        self._meet(ANSWERS[INITIAL_CONFERENCE], conference)
        self._raise(kid, "initial_conference_held", conference, "meetings.meeting", f"{meeting_id}-{kid.pk}")
        registration = self._register(kid, place, conference, categories)
        if circulated <= DELIVERY_AS_OF:
            self._meet(CIRCULATION_ANSWERS[INITIAL_CONFERENCE], circulated)
        self._plan(kid, "child_protection", conference)
        core_group, review = self._day(conference, 7, 16), self._day(conference, 84, 96)
        while min(core_group, review) <= DELIVERY_AS_OF:
            if review <= core_group:
                meeting_id, place = self._meeting(
                    kid, REVIEW_CONFERENCE, review, decision=MeetingChild.RegisterDecision.REMAIN, categories=categories
                )
                self._meet(ANSWERS[REVIEW_CONFERENCE], review)
                self._raise(kid, "review_conference_held", review, "meetings.meeting", f"{meeting_id}-{kid.pk}")
                self._review(kid, registration, place, review, categories)
                core_group = max(core_group, self._day(review, 14, 30))
                review = self._day(review, 175, 190)
            else:
                meeting_id, _place = self._meeting(kid, CORE_GROUP, core_group)
                self._meet(ANSWERS[CORE_GROUP], core_group)
                self._raise(kid, "core_group_held", core_group, "meetings.meeting", f"{meeting_id}-{kid.pk}")
                core_group = self._day(core_group, 35, 46)
        if rng.random() < 0.6:
            kind = REVIEW_CONFERENCE if review <= core_group else CORE_GROUP
            self._meeting(kid, kind, min(review, core_group), held=False)

    def _looked_after(self, kid: _Kid) -> None:
        from cylch.meetings.services import ANSWERS, LAC_REVIEW

        placed = self._start(kid, 3, 500)
        self._event(
            kid, placed, "placement", "Synthetic: placed with foster carers in the local area.", "placement_started"
        )
        agreed = self._day(placed, 3, 16)
        if agreed <= DELIVERY_AS_OF:
            self._plan(kid, "looked_after", agreed)
            self._meet(["part6-plan"], agreed)
        visit = self._day(placed, 2, 9)
        while visit <= DELIVERY_AS_OF:
            entry = self._event(
                kid, visit, "visit", "Synthetic: statutory visit; the child was seen alone at the placement.", None
            )
            self._meet(["lac-first-visit", "lac-next-visit-first-year"], visit)
            if visit < placed + timedelta(days=365):
                self._raise(kid, "lac_visit_made", visit, "chronology.chronologyentry", str(entry))
            visit = self._day(visit, 28, 46)
        review, first = self._day(placed, 14, 30), True
        while review <= DELIVERY_AS_OF:
            meeting_id, _place = self._meeting(kid, LAC_REVIEW, review)
            self._meet(ANSWERS[LAC_REVIEW], review)
            trigger = "lac_first_review_held" if first else "lac_review_held"
            self._raise(kid, trigger, review, "meetings.meeting", f"{meeting_id}-{kid.pk}")
            review, first = self._day(review, 85, 95) if first else self._day(review, 175, 190), False

    def _referral(self, kid: _Kid, received: datetime, *, assess: bool = True) -> None:
        rng = self.rng
        entry = self._event(kid, received, "referral", rng.choice(ENTRY_SUMMARIES["referral"]), "referral_received")
        self._raise(kid, "report_received", received, "chronology.chronologyentry", str(entry))
        self._meet(["report-next-steps-decided"], self._day(received, 0, 2))
        self._meet(["report-acknowledgement-follow-up"], self._day(received, 1, 10))
        done = self._day(received, 20, 75)
        if assess and done <= DELIVERY_AS_OF:
            self._event(
                kid, done, "other", "Synthetic: children's assessment completed and shared with the family.", None
            )
            self._meet(["assessment-completed"], done)
            if rng.random() < 0.35:
                agreed = self._day(done, 3, 20)
                if agreed <= DELIVERY_AS_OF:
                    self._plan(kid, "care_and_support", agreed, agreed=rng.random() < 0.85)

    def _missing(self, kid: _Kid) -> None:
        rng = self.rng
        ended = self._start(kid, 1, 200)
        for _episode in range(1 + int(rng.random() * 4)):
            if ended > DELIVERY_AS_OF:
                break
            self._event(kid, ended, "missing", ENTRY_SUMMARIES["missing"][0], "missing_episode_ended")
            interview = ended + timedelta(hours=6 + int(rng.random() * 100))
            if interview <= DELIVERY_AS_OF:
                self._event(
                    kid, interview, "visit", "Synthetic: return interview offered and held with the child.", None
                )
                self._meet(["return-interview"], interview)
            ended = self._day(ended, 20, 90)
        if rng.random() < 0.3:
            self._plan(kid, "team_around_the_family", self._start(kid, 1, 120))

    def _history(self, kid: _Kid) -> None:
        """One child's history; afterwards at least one item is open."""
        roll = self.rng.random()
        if roll < 0.40:
            self._child_protection(kid)
        elif roll < 0.55:
            self._looked_after(kid)
        elif roll < 0.90:
            self._referral(kid, self._start(kid, 3, 300))
        else:
            self._missing(kid)
        if not self.open:
            # Something recent is still to do: an assessment after a new referral.
            self._referral(kid, self._start(kid, 1, 30), assess=False)

    # -- Making. --

    def run(self) -> None:
        scale = self.build.scale
        bench = bench_caseload(self.bench_person_id) if self.bench_person_id and scale.bench_open_items else []
        cohort = self._cohort(bench)
        self.cohort_size = 0
        if bench:
            self._bench(bench)
        for start in range(0, len(cohort), DELIVERY_CHUNK):
            self._chunk(cohort[start : start + DELIVERY_CHUNK])
        for name, table in self.tables.items():
            self.counts[name] = table.written
        self.counts["children with open due items"] = self.cohort_size
        _analyze(list(self.models.values()))

    def _make(self, kids: list[_Kid]) -> None:
        for kid in kids:
            self.open, self.items = {}, []
            self._history(kid)
            self.cohort_size += 1
            for item in self.items:
                self.tables["due items"].add(item)

    def _write(self, kids: list[_Kid]) -> None:
        self._write_plans({kid.pk: kid for kid in kids})
        for table in self.tables.values():
            table.flush()

    def _chunk(self, child_ids: list[int]) -> None:
        kids = self._kids(child_ids)
        self._make(kids)
        self._write(kids)

    def _bench(self, child_ids: list[int]) -> None:
        """The benchmark person's children: they own every item, and exactly bench_open_items are open."""
        from cylch.plans.models import Plan, PlanAction
        from cylch.timescales.models import DueItem

        assert self.bench_person_id is not None
        kids = self._kids(child_ids)
        wanted = self.build.scale.bench_open_items
        self.actions_excluded = self.bench_person_id
        due: list[dict[str, Any]] = []
        for kid in kids:
            self.owner = (self.bench_person_id, kid.recorder[1])
            self.open, self.items = {}, []
            before = len(self.plans)
            self._history(kid)
            if len(self.plans) == before:
                self._plan(kid, "team_around_the_family", self._start(kid, 30, 200))
            self.cohort_size += 1
            due.extend(self.items)
        self.owner = None
        # At most half of the person's open items are due items; the rest are plan actions.
        open_items = [item for item in due if item["state"] == DueItem.State.OPEN]
        for item in open_items[wanted // 2 :]:
            item["state"], item["met_at"] = (
                DueItem.State.MET,
                max(item["triggered_at"], min(item["due_at"], DELIVERY_AS_OF)),
            )
        for item in due:
            self.tables["due items"].add(item)
        open_due = min(len(open_items), wanted // 2)
        agreed = [
            draft
            for draft in self.plans
            if draft.agreed_at is not None and draft.values["status"] == Plan.Status.AGREED
        ]
        if not agreed:
            raise CommandError("The benchmark person's children have no agreed plan to own actions in.")
        kid_of = {kid.pk: kid for kid in kids}
        rng = self.rng
        for n in range(wanted - open_due):
            draft = agreed[n % len(agreed)]
            kid = kid_of[draft.values["child_id"]]
            assert draft.agreed_at is not None
            draft.actions.append(
                {
                    "id": self.ids.take(PlanAction),
                    "plan_id": draft.values["id"],
                    "what": rng.choice(ACTIONS_BY_KIND["childrens_services"]),
                    "owner_agency_id": kid.recorder[1],
                    "owner_id": self.bench_person_id,
                    "owner_team_id": kid.recorder[2],
                    # Some overdue, some due later.
                    "due_on": max(
                        draft.agreed_at.date() + timedelta(days=7),
                        (DELIVERY_AS_OF + timedelta(days=int(rng.random() * 480) - 80)).date(),
                    ),
                    "status": PlanAction.Status.IN_PROGRESS if rng.random() < 0.5 else PlanAction.Status.NOT_STARTED,
                    "agreed_on": draft.agreed_at.date(),
                    "created_at": draft.agreed_at - timedelta(days=1),
                    "created_by_id": self.bench_person_id,
                }
            )
        self.bench_open_items = wanted
        self.actions_excluded = None
        self._write(kids)


def build_meetings_plans_and_due_items(build: Build) -> None:
    """Meetings, statutory due items, registrations and plans with actions for a cohort of open children."""
    if build.scale.children_with_due_items <= 0 or not synthetic_children_exist() or synthetic_delivery_exists():
        return
    maker = _Delivery(build)
    with override_settings(DEBUG=False):
        maker.run()
    build.counts.update(maker.counts)
    build.counts["benchmark person's open items"] = maker.bench_open_items


# --- The chronology. -----------------------------------------------------------------------------


def _copy_text(value: str) -> str:
    """A value as PostgreSQL's COPY text format writes it."""
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _without_indexes(table: str) -> list[str]:
    """Drop a PostgreSQL table's secondary indexes and foreign keys; return the statements that make them again."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        # Checks deferred until commit would stop the table being altered: make them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname",
            [table],
        )
        foreign_keys = cursor.fetchall()
        cursor.execute(
            "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
            " WHERE i.indrelid = %s::regclass"
            " AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) ORDER BY c.relname",
            [table],
        )
        indexes = cursor.fetchall()
        for name, _definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {quote(name)}")
    return [definition for _name, definition in indexes] + [
        f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}" for name, definition in foreign_keys
    ]


def _restore_indexes(statements: list[str]) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for statement in statements:
            cursor.execute(statement)
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


class _Chronology:
    """Every synthetic child's chronology, chunk by chunk: made from templates and copied in."""

    def __init__(self, build: Build) -> None:
        from cylch.access import rules
        from cylch.core.bench import BenchmarkError, representative_person

        self.build = build
        self.rng = random.Random(f"cylch-chronology-{build.seed}")
        self.postgres = connection.vendor == "postgresql"
        try:
            person = representative_person()
        except BenchmarkError:
            person = None
        self.bench_person_id = person.pk if person else None
        self.bench_categories = rules.visible_categories(person) if person else frozenset({"general"})
        self.timeline_id = timeline_child_id(person.pk) if person else None
        self.kinds = dict(Agency.objects.values_list("pk", "kind"))
        self.written = 0
        # Text ready for COPY: dates and times as strings, templates escaped.
        first = CHILDREN_AS_OF - timedelta(days=CHRONOLOGY_DAYS)
        self.first_day = first
        zone = "+00" if self.postgres else ""
        self.days = [(first + timedelta(days=n)).isoformat() for n in range(CHRONOLOGY_DAYS + 5)]
        # Working hours, ending before DELIVERY_AS_OF on its day.
        self.times = [f" {h:02d}:{m:02d}:00{zone}" for h in range(8, 17) for m in range(0, 60, 5)]
        self.summaries = {kind: [_copy_text(text) for text in texts] for kind, texts in ENTRY_SUMMARIES.items()}
        self.details = [_copy_text(text) for text in ENTRY_DETAILS]
        self.reasons = [_copy_text(text) for text in CORRECTION_REASONS]

    def _counts(self, children: list[int]) -> tuple[dict[int, int], dict[int, int]]:
        """How many entries each child has in the end, and how many they have already."""
        from django.db.models import Count

        from cylch.chronology.models import ChronologyEntry
        from cylch.timescales.models import DueItem

        already: dict[int, int] = {}
        if children:
            already = dict(
                ChronologyEntry.objects.filter(child_id__gte=children[0], child_id__lte=children[-1])
                .values_list("child_id")
                .annotate(n=Count("id"))
                .values_list("child_id", "n")
            )
        busy = set(DueItem.objects.values_list("child_id", flat=True).distinct())
        rng = self.rng
        total = self.build.scale.chronology_entries
        fixed = {}
        if self.timeline_id is not None and self.timeline_id in set(children):
            fixed[self.timeline_id] = max(self.build.scale.timeline_entries, already.get(self.timeline_id, 0))
        others = [pk for pk in children if pk not in fixed]
        # Children with statutory work have about three times as many entries as the others.
        raw = [(3.0 if pk in busy else 1.0) * (0.25 + 1.5 * rng.random()) for pk in others]
        left = max(0, total - sum(fixed.values()))
        scale = left / (sum(raw) or 1.0)
        counts = {pk: max(1, already.get(pk, 0), int(r * scale)) for pk, r in zip(others, raw, strict=True)}
        # Exactly `total`: add or take one at a time, never below what a child already has.
        difference = left - sum(counts.values())
        step = 1 if difference > 0 else -1
        while difference and others:
            changed = False
            for pk in others:
                if difference == 0:
                    break
                if step < 0 and counts[pk] <= max(1, already.get(pk, 0)):
                    continue
                counts[pk] += step
                difference -= step
                changed = True
            if not changed:
                break
        counts.update(fixed)
        return counts, already

    def run(self) -> None:
        from cylch.children.models import Involvement
        from cylch.chronology.models import ChronologyEntry

        children = list(synthetic_children().order_by("pk").values_list("pk", flat=True))
        counts, already = self._counts(children)
        to_write = sum(max(0, counts[pk] - already.get(pk, 0)) for pk in children)
        if not to_write:
            return
        next_id = _reserve_ids(ChronologyEntry, to_write)
        table = ChronologyEntry._meta.db_table
        rebuild = _without_indexes(table) if self.postgres and to_write > REINDEX_ABOVE else []
        started = time.monotonic()
        for start in range(0, len(children), CHRONOLOGY_CHUNK):
            chunk = children[start : start + CHRONOLOGY_CHUNK]
            involvements: dict[int, list[tuple[int, int | None, int, int, str]]] = {}
            for child_id, agency_id, practitioner_id, started_on, ended_on in (
                Involvement.objects.filter(child_id__gte=chunk[0], child_id__lte=chunk[-1])
                .order_by("child_id", "pk")
                .values_list("child_id", "agency_id", "practitioner_id", "started_on", "ended_on")
            ):
                first = min(max(0, (started_on - self.first_day).days), CHRONOLOGY_DAYS - 1)
                last = min(CHRONOLOGY_DAYS, ((ended_on or CHILDREN_AS_OF) - self.first_day).days)
                involvements.setdefault(child_id, []).append(
                    (agency_id, practitioner_id, first, max(first + 1, last), self.kinds.get(agency_id, ""))
                )
            next_id = self._copy(chunk, counts, already, involvements, next_id)
        if rebuild:
            _restore_indexes(rebuild)
        # The whole build is one transaction, so autovacuum has not seen the people and agencies
        # that pages join to either: without statistics the planner takes 22,000 people for 2,500.
        _analyze([ChronologyEntry, Agency, Team, Person, Membership, Area])
        self.seconds = time.monotonic() - started

    def _copy(
        self,
        chunk: list[int],
        counts: dict[int, int],
        already: dict[int, int],
        involvements: dict[int, list[tuple[int, int | None, int, int, str]]],
        next_id: int,
    ) -> int:
        from cylch.chronology.models import ChronologyEntry

        columns = (
            "id, child_id, occurred_at, entry_type, summary, summary_cy, detail, significance, source_agency_id,"
            " author_id, sensitivity, origin_type, origin_id, corrects_id, correction_reason, recorded_at"
        )
        table = connection.ops.quote_name(ChronologyEntry._meta.db_table)
        with connection.cursor() as cursor:
            if self.postgres:
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for lines in self._lines(chunk, counts, already, involvements, next_id):
                        copy.write("".join(lines))
                        next_id += len(lines)
            else:
                placeholders = ", ".join(["%s"] * 16)
                for lines in self._lines(chunk, counts, already, involvements, next_id):
                    rows = [
                        [None if value == "\\N" else value.replace("\\n", "\n") for value in line[:-1].split("\t")]
                        for line in lines
                    ]
                    cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)  # noqa: S608
                    next_id += len(lines)
        return next_id

    def _lines(
        self,
        chunk: list[int],
        counts: dict[int, int],
        already: dict[int, int],
        involvements: dict[int, list[tuple[int, int | None, int, int, str]]],
        next_id: int,
    ) -> Any:
        """Batches of COPY text lines, one per entry, ids counting up from next_id."""
        rng = self.rng
        random_ = rng.random
        days, times, summaries, details = self.days, self.times, self.summaries, self.details
        slots = len(times)
        types_by_kind = ENTRY_TYPES_BY_KIND
        sensitivity_by_kind = SENSITIVITY_BY_KIND
        general = ["general"]
        bench, visible = self.bench_person_id, self.bench_categories
        lines: list[str] = []
        for child_id in chunk:
            wanted = counts.get(child_id, 0) - already.get(child_id, 0)
            if wanted <= 0:
                continue
            team = involvements.get(child_id) or [(next(iter(self.kinds)), None, 0, CHRONOLOGY_DAYS, "")]
            size = len(team)
            timeline = child_id == self.timeline_id
            previous = ""
            for _n in range(wanted):
                agency_id, author, first, last, kind = team[int(random_() * size)]
                day = first + int(random_() * (last - first))
                slot = int(random_() * slots)
                types = types_by_kind.get(kind) or types_by_kind["third_sector"]
                entry_type = types[int(random_() * len(types))]
                texts = summaries.get(entry_type) or summaries["other"]
                summary = texts[int(random_() * len(texts))]
                roll = random_()
                significance = "routine" if roll < 0.80 else "significant" if roll < 0.97 else "critical"
                categories = sensitivity_by_kind.get(kind, general)
                sensitivity = categories[int(random_() * len(categories))]
                if random_() < 0.1:
                    author = None
                if timeline and sensitivity not in visible and author != bench:
                    sensitivity = "general"
                detail = details[int(random_() * len(details))] if random_() < 0.25 else ""
                moment = days[day] + times[slot]
                recorded = days[day + int(random_() * 3)] + times[slot]
                author_text = "\\N" if author is None else str(author)
                if previous and author is not None and random_() < 0.004:
                    # A correction of the entry just before: same type, agency and sensitivity.
                    corrected_id, entry_type, agency_text, sensitivity, summary, moment = previous.split("\t")
                    reason = self.reasons[int(random_() * len(self.reasons))]
                    lines.append(
                        f"{next_id}\t{child_id}\t{moment}\t{entry_type}\t{summary}\t\t\t{significance}\t{agency_text}"
                        f"\t{author_text}\t{sensitivity}\t\t\t{corrected_id}\t{reason}\t{recorded}\n"
                    )
                    previous = ""
                else:
                    lines.append(
                        f"{next_id}\t{child_id}\t{moment}\t{entry_type}\t{summary}\t\t{detail}\t{significance}\t{agency_id}"
                        f"\t{author_text}\t{sensitivity}\t\t\t\\N\t\t{recorded}\n"
                    )
                    previous = f"{next_id}\t{entry_type}\t{agency_id}\t{sensitivity}\t{summary}\t{moment}"
                next_id += 1
                self.written += 1
                if len(lines) >= CHRONOLOGY_COPY_ROWS:
                    yield lines
                    lines = []
        if lines:
            yield lines


def build_chronology(build: Build) -> None:
    """Every synthetic child's multi-agency chronology (Scale.chronology_entries in all)."""
    if build.scale.chronology_entries <= 0 or not synthetic_children_exist() or synthetic_chronology_exists():
        return
    maker = _Chronology(build)
    with override_settings(DEBUG=False):
        maker.run()
    build.counts["chronology entries (from templates)"] = maker.written


BUILDERS: list[Builder] = [
    plan_local_authority_services,
    plan_schools,
    plan_health,
    plan_police,
    plan_probation,
    plan_third_sector,
    save_agencies_and_teams,
    build_people_and_memberships,
    build_children,
    build_meetings_plans_and_due_items,
    build_chronology,
]


def synthetic_data_exists() -> bool:
    return (
        Agency.objects.filter(code__startswith=CODE_PREFIX).exists()
        or Person.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").exists()
    )


# Seconds each builder took in the last build in this process (make_synthetic prints them).
BUILDER_SECONDS: dict[str, float] = {}


def _run(builders: list[Builder], build: Build) -> None:
    BUILDER_SECONDS.clear()
    for builder in builders:
        started = time.monotonic()
        builder(build)
        BUILDER_SECONDS[builder.__name__] = time.monotonic() - started


def synthetic_build(*, scale: Scale, seed: int, password: str | None = None) -> dict[str, int]:
    """Run every builder in one transaction. The caller checks synthetic_data_exists first."""
    with transaction.atomic():
        reference_data_load(actor=None)
        areas = {area.code: area for area in Area.objects.all()}
        local_authorities = sorted(
            (area for area in areas.values() if area.kind == Area.Kind.LOCAL_AUTHORITY), key=lambda a: a.code
        )
        if scale.local_authorities is not None:
            local_authorities = [area for area in local_authorities if area.code in scale.local_authorities]
        build = Build(
            rng=random.Random(seed),
            scale=scale,
            # One hash for everyone: hashing 20,000 passwords would take minutes.
            password_hash=make_password(password),
            areas=areas,
            local_authorities=local_authorities,
            areas_by_pk={area.pk: area for area in areas.values()},
            seed=seed,
        )
        _run(BUILDERS, build)
    return build.counts


def synthetic_children_build(*, scale: Scale, seed: int) -> dict[str, int]:
    """Add children to synthetic agencies, teams and people made before children were part of the data.

    The build is read back from the database in the order it was written, so the children are
    the same as a full build with the same seed would make.
    """
    with transaction.atomic():
        areas = {area.code: area for area in Area.objects.all()}
        agencies = list(Agency.objects.filter(code__startswith=CODE_PREFIX).select_related("area").order_by("pk"))
        served = {agency.area.code for agency in agencies if agency.kind == Agency.Kind.CHILDRENS_SERVICES}
        build = Build(
            rng=random.Random(seed),
            scale=scale,
            password_hash="",
            areas=areas,
            local_authorities=sorted((areas[code] for code in served), key=lambda a: a.code),
            areas_by_pk={area.pk: area for area in areas.values()},
            seed=seed,
        )
        build.agencies = [AgencySpec(a.code, a.kind, a.area.code, a.name_en, a.name_cy, []) for a in agencies]
        build.agency_ids = {agency.code: agency.pk for agency in agencies}
        by_pk = {agency.pk: agency for agency in agencies}
        for team in Team.objects.filter(code__startswith=CODE_PREFIX).order_by("pk"):
            build.team_ids[team.code] = team.pk
            build.team_agency[team.code] = by_pk[team.agency_id].code
            build.team_kinds[team.code] = by_pk[team.agency_id].kind
        # The children, then every builder that works on them (meetings, plans, the chronology...).
        _run(BUILDERS[BUILDERS.index(build_children) :], build)
    return build.counts


def synthetic_delivery_build(*, scale: Scale, seed: int) -> dict[str, int]:
    """Add what builders after the children make (meetings, due items, plans, the chronology) to
    synthetic children made before those builders existed. Each builder skips what is already there."""
    with transaction.atomic():
        areas = {area.code: area for area in Area.objects.all()}
        build = Build(
            rng=random.Random(seed),
            scale=scale,
            password_hash="",
            areas=areas,
            local_authorities=[],
            areas_by_pk={area.pk: area for area in areas.values()},
            seed=seed,
        )
        _run(BUILDERS[BUILDERS.index(build_children) + 1 :], build)
    return build.counts


def synthetic_delivery_missing(scale: Scale) -> bool:
    """Whether this scale has meetings, plans, due items or a chronology that are not built yet."""
    return bool(
        (scale.children_with_due_items and not synthetic_delivery_exists())
        or (scale.chronology_entries and not synthetic_chronology_exists())
    )


class Command(BaseCommand):
    help = "Build deterministic synthetic agencies, teams and people (codes start with 'syn-')."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--password",
            default=None,
            help="Password shared by every synthetic person. Without it they cannot sign in.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if getattr(settings, "PRODUCTION", False):
            raise CommandError("Synthetic data is never made in production.")
        scale = SCALES[options["scale"]]
        started = time.monotonic()
        if synthetic_data_exists():
            people = Person.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").exists()
            if not scale.children or not people:
                self.stdout.write("Synthetic data is already loaded; nothing to do.")
                return
            if not synthetic_children_exist():
                self.stdout.write("Synthetic agencies and people are already loaded; adding children.")
                counts = synthetic_children_build(scale=scale, seed=options["seed"])
            elif synthetic_delivery_missing(scale):
                self.stdout.write(
                    "Synthetic children are already loaded; adding their meetings, due items, plans and chronology."
                )
                counts = synthetic_delivery_build(scale=scale, seed=options["seed"])
            else:
                counts = {}
        else:
            counts = synthetic_build(scale=scale, seed=options["seed"], password=options["password"])
        # Later domains' synthetic rows (missing episodes, referrals, ...), each once.
        counts.update(extensions_build(scale=scale, seed=options["seed"]))
        if not counts:
            self.stdout.write("Synthetic data is already loaded; nothing to do.")
            return
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count}")
        slow = [f"{name} {seconds:.1f}s" for name, seconds in BUILDER_SECONDS.items() if seconds >= 0.05]
        if slow:
            self.stdout.write(f"Time taken: {', '.join(slow)}.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Synthetic data ({options['scale']}, seed {options['seed']}) made in {time.monotonic() - started:.1f}s."
            )
        )
