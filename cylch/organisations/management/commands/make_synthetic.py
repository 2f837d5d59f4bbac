"""Build synthetic, obviously fictional agencies, teams, people and children for Wales.

    python manage.py make_synthetic --scale wales --seed 1   # 500,000 children: about 4 minutes on PostgreSQL
    python manage.py make_synthetic --scale small --seed 1   # for tests

The same seed always gives the same data. Every code starts with "syn-", every
email ends with "@synthetic.cylch.invalid" and every child has a local
authority case number starting "SYN-", so the command can tell that synthetic
data is already present: it then says so and does nothing (agencies and people
made before children existed get their children added). Nothing here writes to
the audit trail (the reference data load writes its one entry).

The work is a list of builders (BUILDERS) run in order over one shared
`Build`. Planning builders add `AgencySpec`s; `save_agencies_and_teams` writes
them; later builders (people, then children and their records) use the ids it
leaves in `Build`. Add a builder by appending it to BUILDERS.
"""

from __future__ import annotations

import bisect
import functools
import itertools
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

    ids = list(synthetic_children().values_list("pk", flat=True))
    with transaction.atomic():
        Child.objects.filter(merged_into_id__in=ids).update(merged_into=None)
        pending = [
            rel.related_model._base_manager.filter(**{f"{rel.field.name}__in": ids})  # type: ignore[union-attr]
            for rel in Child._meta.related_objects
            if (rel.one_to_many or rel.one_to_one) and rel.related_model is not Child
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
]


def synthetic_data_exists() -> bool:
    return (
        Agency.objects.filter(code__startswith=CODE_PREFIX).exists()
        or Person.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").exists()
    )


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
        for builder in BUILDERS:
            builder(build)
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
        build_children(build)
    return build.counts


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
            if not scale.children or not people or synthetic_children_exist():
                self.stdout.write("Synthetic data is already loaded; nothing to do.")
                return
            self.stdout.write("Synthetic agencies and people are already loaded; adding children.")
            counts = synthetic_children_build(scale=scale, seed=options["seed"])
        else:
            counts = synthetic_build(scale=scale, seed=options["seed"], password=options["password"])
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Synthetic data ({options['scale']}, seed {options['seed']}) made in {time.monotonic() - started:.1f}s."
            )
        )
