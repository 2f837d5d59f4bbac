"""Build synthetic, obviously fictional agencies, teams and people for Wales.

    python manage.py make_synthetic --scale wales --seed 1
    python manage.py make_synthetic --scale small --seed 1   # for tests

The same seed always gives the same data. Every code starts with "syn-" and
every email ends with "@synthetic.cylch.invalid", so the command can tell that
synthetic data is already present: it then says so and does nothing. Nothing
here writes to the audit trail (the reference data load writes its one entry).

The work is a list of builders (BUILDERS) run in order over one shared
`Build`. Planning builders add `AgencySpec`s; `save_agencies_and_teams` writes
them; later builders (people, and in future children and their records) use
the ids it leaves in `Build`. Add a builder by appending it to BUILDERS.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

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


BUILDERS: list[Builder] = [
    plan_local_authority_services,
    plan_schools,
    plan_health,
    plan_police,
    plan_probation,
    plan_third_sector,
    save_agencies_and_teams,
    build_people_and_memberships,
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
        if synthetic_data_exists():
            self.stdout.write("Synthetic data is already loaded; nothing to do.")
            return
        started = time.monotonic()
        counts = synthetic_build(scale=SCALES[options["scale"]], seed=options["seed"], password=options["password"])
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Synthetic data ({options['scale']}, seed {options['seed']}) made in {time.monotonic() - started:.1f}s."
            )
        )
