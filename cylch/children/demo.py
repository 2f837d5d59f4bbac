"""Fictional children for the demo region. Every name is invented ("Enghraifft" is
Welsh for "example", "Ffuglen" for "fiction", "Dychymyg" for "imagination")."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from cylch.children import identifiers, search
from cylch.children.models import ActiveOffer, Address, Child, Identifier, Involvement, NetworkMember, VoiceEntry
from cylch.organisations.models import Agency
from cylch.people.models import Person
from cylch.sharing.models import SharingAgreement


def _years_ago(years: int, days: int = 0) -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - datetime.timedelta(days=days)


CHILDREN: list[dict[str, Any]] = [
    {
        "key": "seren",
        "given_names": "Seren Haf",
        "family_name": "Enghraifft",
        "preferred_name": "Seren",
        "date_of_birth": ("years", 9, 40),
        "gender": "female",
        "language": "cy",
        "nhs9": "999000101",
        "upn12": "801200001001",
        "la_case": "DV-CS-0001",
        "involved": [("demo-cs-safeguarding", "practitioner", "lead_professional", True), ("demo-police-ppu", "police", "police_ppo", False)],
        "network": [
            ("Mair Enghraifft", "mother", True, False, "cy"),
            ("Dewi Enghraifft", "father", True, False, "en"),
            ("Nain Gwenllian Enghraifft", "grandparent", False, True, "cy"),
        ],
        "voice": [
            ("Dw i'n hoffi mynd i dŷ Nain ar ôl ysgol. Mae hi'n gwneud crempogau. Dw i ddim yn hoffi pan mae pawb yn gweiddi gartref.", "cy", "conversation"),
        ],
    },
    {
        "key": "osian",
        "given_names": "Osian",
        "family_name": "Ffuglen",
        "preferred_name": "",
        "date_of_birth": ("years", 14, 100),
        "gender": "male",
        "language": "en",
        "nhs9": "999000202",
        "upn12": "801200001002",
        "la_case": "DV-CS-0002",
        "involved": [
            ("demo-cs-safeguarding", "practitioner", "lead_professional", True),
            ("demo-yjs", None, "youth_justice_worker", False),
            ("demo-police-ppu", "police", "police_ppo", False),
        ],
        "network": [("Rhian Ffuglen", "mother", True, False, "en"), ("Coach Huw Dychymyg", "trusted_adult", False, True, "en")],
        "voice": [("I want to stay at my school and keep playing football. Huw is the one I talk to.", "en", "conversation")],
    },
    {
        "key": "unborn",
        "given_names": "Baby",
        "family_name": "Dychymyg",
        "preferred_name": "",
        "expected_date_of_birth": ("days_ahead", 60),
        "gender": "not_known",
        "language": "en",
        "la_case": "DV-CS-0003",
        "involved": [("demo-cs-safeguarding", "practitioner", "lead_professional", True), ("demo-health-visiting", "healthvisitor", "health_visitor", False)],
        "network": [("Ffion Dychymyg", "mother", True, False, "en")],
        "voice": [],
    },
    {
        "key": "cai",
        "given_names": "Cai",
        "family_name": "Prawf",
        "preferred_name": "",
        "date_of_birth": ("years", 6, 12),
        "gender": "male",
        "language": "cy",
        "nhs9": "999000303",
        "upn12": "801200001003",
        "involved": [("demo-school-safeguarding", "dsl", "school_dsp", True), ("demo-health-visiting", "healthvisitor", "school_nurse", False)],
        "network": [("Gareth Prawf", "father", True, False, "cy"), ("Siân Prawf", "step_parent", False, True, "cy")],
        "voice": [("Drawing: Cai drew his family with the dog in the middle and said the dog is the best listener.", "en", "drawing")],
    },
    {
        "key": "lili",
        "given_names": "Lili Mai",
        "family_name": "Enghraifft-Jones",
        "preferred_name": "Lili",
        "date_of_birth": ("years", 11, 200),
        "gender": "female",
        "language": "en",
        "nhs9": "999000404",
        "la_case": "DV-CS-0004",
        "involved": [("demo-cs-looked-after", None, "social_worker", True), ("demo-third-sector-family", None, "family_support_worker", False)],
        "network": [("Foster carer Bethan Ffuglen", "foster_carer", False, True, "cy")],
        "voice": [("I like it here. I want to see my brother more.", "en", "advocate")],
    },
]


def _date(spec: Any) -> datetime.date | None:
    if spec is None:
        return None
    kind, *values = spec
    if kind == "years":
        return _years_ago(values[0], values[1])
    return timezone.localdate() + datetime.timedelta(days=values[0])


def build_agreements(region: Any) -> None:
    owner = region.agencies["demo-childrens-services"]
    creator = region.people["agencyadmin"]
    today = timezone.localdate()
    isp, created = SharingAgreement.objects.get_or_create(
        title="Demo Valley Safeguarding Children Information Sharing Protocol",
        defaults={
            "kind": SharingAgreement.Kind.ISP,
            "purpose": "Sharing information to safeguard children and promote their well-being across the Demo Valley partnership.",
            "people_covered": "Children in Demo Valley and their families who are receiving care and support or are at risk.",
            "data_categories": "Identity, contact details, family and network, involvement of agencies, safeguarding concerns, the child's views.",
            "lawful_basis": "UK GDPR Article 6(1)(e) public task and Article 9(2)(g) substantial public interest; Social Services and Well-being (Wales) Act 2014 Parts 7 and 9.",
            "starts_on": today - datetime.timedelta(days=300),
            "review_date": today + datetime.timedelta(days=400),
            "owner_agency": owner,
            "created_by": creator,
        },
    )
    if created:
        isp.parties.set(
            [region.agencies[c] for c in ["demo-childrens-services", "demo-police-agency", "demo-health", "demo-education", "demo-school", "demo-youth-justice", "demo-third-sector"]]
        )
    dda, created = SharingAgreement.objects.get_or_create(
        title="Demo Valley Housing Disclosure Agreement",
        defaults={
            "kind": SharingAgreement.Kind.DDA,
            "purpose": "One-way disclosure from housing to children's services about families at risk of homelessness.",
            "people_covered": "Families with children who present as homeless.",
            "data_categories": "Household composition and tenancy status.",
            "lawful_basis": "Housing (Wales) Act 2014 section 95.",
            "starts_on": today - datetime.timedelta(days=800),
            "review_date": today - datetime.timedelta(days=20),
            "owner_agency": region.agencies["demo-housing"],
            "created_by": creator,
        },
    )
    if created:
        dda.parties.set([region.agencies["demo-housing"], owner])
    region.agreements = {"isp": isp, "dda": dda}


def build_children(region: Any) -> None:
    if Identifier.objects.filter(kind=Identifier.Kind.LA_CASE_NUMBER, value="DV-CS-0001").exists():
        region.children = {}
        return  # already built
    la = region.areas["demo-valley"]
    isp = region.agreements["isp"]
    today = timezone.localdate()
    region.children = {}
    for spec in CHILDREN:
        child = Child(
            given_names=spec["given_names"],
            family_name=spec["family_name"],
            preferred_name=spec["preferred_name"],
            date_of_birth=_date(spec.get("date_of_birth")),
            expected_date_of_birth=_date(spec.get("expected_date_of_birth")),
            gender=spec["gender"],
            language=spec["language"],
            local_authority=la,
            created_by=region.people["practitioner"],
        )
        child.search_family = search.fold(child.family_name)
        child.search_given = search.fold(child.given_names)
        child.phonetic_family = search.phonetic(child.family_name)
        child.phonetic_given = search.phonetic(child.preferred_name or child.given_names)
        child.save()
        region.children[spec["key"]] = child
        Address.objects.create(
            child=child, line_1=f"{len(region.children)} Heol Enghraifft", town="Cwm Demo", postcode="DV1 1AA", local_authority=la, moved_in_on=today - datetime.timedelta(days=700)
        )
        if spec.get("nhs9"):
            nhs = identifiers.nhs_number_with_check_digit(spec["nhs9"])
            if nhs:
                Identifier.objects.create(child=child, kind=Identifier.Kind.NHS_NUMBER, value=nhs)
        if spec.get("upn12"):
            Identifier.objects.create(child=child, kind=Identifier.Kind.UPN, value=identifiers.upn_with_check_letter(spec["upn12"]))
        if spec.get("la_case"):
            Identifier.objects.create(child=child, kind=Identifier.Kind.LA_CASE_NUMBER, value=spec["la_case"])
        for team_code, person_key, role, is_lead in spec["involved"]:
            team = region.teams[team_code]
            person: Person | None = region.people.get(person_key) if person_key else None
            in_isp = team.agency in isp.parties.all()
            Involvement.objects.create(
                child=child,
                agency=team.agency,
                team=team,
                practitioner=person,
                role_for_child=role,
                is_lead=is_lead,
                reason="Demo: part of the team around the child.",
                started_on=today - datetime.timedelta(days=120),
                basis=Involvement.Basis.STATUTORY,
                statutory_basis="safeguarding" if team.agency.kind != Agency.Kind.THIRD_SECTOR else "duty_to_cooperate",
                agreement=isp if in_isp else None,
                no_agreement_justification="" if in_isp else "Demo: agreement being drafted; sharing needed to keep the child safe.",
                flagged_to_data_protection_lead=not in_isp,
            )
        for name, relationship, pr, trusted, language in spec["network"]:
            NetworkMember.objects.create(
                child=child,
                full_name=name,
                relationship=relationship,
                parental_responsibility=pr,
                is_trusted_adult=trusted,
                language=language,
                phone="01234 000000",
            )
        captured_by = region.people["practitioner"]
        for words, language, method in spec["voice"]:
            VoiceEntry.objects.create(
                child=child,
                words=words,
                language=language,
                captured_on=today - datetime.timedelta(days=14),
                captured_by=captured_by,
                captured_for_agency=region.agencies["demo-childrens-services"],
                method=method,
            )
        _demo_chronology(child, spec, region, today)
        if spec["language"] == "cy":
            ActiveOffer.objects.create(
                child=child, offered_at=timezone.now() - datetime.timedelta(days=100), offered_by=captured_by, answer=ActiveOffer.Answer.WELSH
            )


DEMO_EVENTS = [
    (110, "referral", "significant", "Referral from school: the child said there is shouting at home most nights.", "demo-childrens-services"),
    (100, "visit", "routine", "Home visit. The child showed their bedroom and talked about their grandmother.", "demo-childrens-services"),
    (60, "police", "significant", "Police called to the home after a neighbour heard a disturbance. No arrests.", "demo-police-agency"),
    (30, "education", "routine", "Attendance at 86% this term; teacher reports the child is tired in the mornings.", "demo-school"),
    (7, "visit", "routine", "Visit with the family. Parents agreed to a family support referral.", "demo-childrens-services"),
]


def _demo_chronology(child: Any, spec: dict[str, Any], region: Any, today: datetime.date) -> None:
    from cylch.chronology.models import ChronologyEntry

    if spec["key"] not in {"seren", "osian", "cai"}:
        return
    author = region.people["practitioner"]
    for days_ago, entry_type, significance, summary, agency_code in DEMO_EVENTS:
        ChronologyEntry.objects.create(
            child=child,
            occurred_at=timezone.now() - datetime.timedelta(days=days_ago, hours=3),
            entry_type=entry_type,
            summary=summary,
            significance=significance,
            source_agency=region.agencies[agency_code],
            author=author if agency_code == "demo-childrens-services" else None,
        )
