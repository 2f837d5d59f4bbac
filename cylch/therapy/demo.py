"""Therapeutic support in the demo region: services from health, the third sector and a small
Welsh-speaking therapy charity (with its own fictional therapist), and a care-experienced demo
child, Gwenno Breuddwyd ("breuddwyd" is Welsh for "dream"), whose earlier referral to the
health board's service has waited past the threshold for first contact. Every name is invented.

Seren Enghraifft is left alone: the school and the health visitor must stay outside her team."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from cylch.children import search
from cylch.children.models import ActiveOffer, Child, Identifier, Involvement, NetworkMember
from cylch.organisations.models import Agency, Team
from cylch.people.models import Language, Membership, Person, Role
from cylch.therapy.models import Referral, ReferralStateChange, Service, TherapeuticNeed
from cylch.timescales.calendar import add_working_days
from cylch.timescales.models import DueItem, TimescaleRule

GWENNO_CASE_NUMBER = "DV-CS-0101"
THERAPIST_EMAIL = "therapist"

SERVICES: list[dict[str, Any]] = [
    {
        "provider": "demo-therapy-charity",
        "name_en": "Chwarae Teg Play Therapy (in Welsh)",
        "name_cy": "Therapi Chwarae Chwarae Teg (yn Gymraeg)",
        "description_en": "Play and creative therapy in Welsh for care-experienced children aged 4 to 12, at home, at school or at our playroom.",
        "description_cy": "Therapi chwarae a chreadigol yn Gymraeg i blant â phrofiad o ofal rhwng 4 a 12 oed, gartref, yn yr ysgol neu yn ein hystafell chwarae.",
        "kind": "play_creative_therapy",
        "minimum_age": 4,
        "maximum_age": 12,
        "welsh_language": True,
        "waiting_weeks": 5,
        "capacity_per_month": 4,
    },
    {
        "provider": "demo-health",
        "name_en": "Demo Valley Children Looked After Specialist Support Service",
        "name_cy": "Gwasanaeth Cymorth Arbenigol Plant sy'n Derbyn Gofal Cwm Demo",
        "description_en": "Regional multi-agency service: assessment, therapy for children and carers, trauma-informed training for carers.",
        "description_cy": "Gwasanaeth amlasiantaethol rhanbarthol: asesu, therapi i blant a gofalwyr, hyfforddiant wedi'i lywio gan drawma i ofalwyr.",
        "kind": "regional_lac_specialist",
        "minimum_age": 0,
        "maximum_age": 18,
        "care_statuses": ["looked_after", "adopted", "special_guardianship"],
        "waiting_weeks": 14,
        "capacity_per_month": 10,
    },
    {
        "provider": "demo-health",
        "name_en": "Demo Valley Specialist CAMHS",
        "name_cy": "CAMHS Arbenigol Cwm Demo",
        "description_en": "Specialist child and adolescent mental health service, for children with a diagnosis.",
        "description_cy": "Gwasanaeth iechyd meddwl arbenigol i blant a'r glasoed, i blant sydd â diagnosis.",
        "kind": "specialist_camhs",
        "minimum_age": 0,
        "maximum_age": 18,
        "diagnosis_needed": True,
        "waiting_weeks": 26,
        "capacity_per_month": 20,
    },
    {
        "provider": "demo-third-sector",
        "name_en": "Circle of Friends Therapeutic Parenting for Carers",
        "name_cy": "Rhianta Therapiwtig Cylch Ffrindiau i Ofalwyr",
        "description_en": "Consultation and support for foster carers, kinship carers and adopters, in English.",
        "description_cy": "Ymgynghori a chymorth i ofalwyr maeth, gofalwyr sy'n berthnasau a mabwysiadwyr, yn Saesneg.",
        "kind": "therapeutic_parenting",
        "minimum_age": 0,
        "maximum_age": 18,
        "waiting_weeks": 3,
        "capacity_per_month": 8,
    },
]


def _provider_agency(region: Any) -> Team:
    agency, _created = Agency.objects.update_or_create(
        code="demo-therapy-charity",
        defaults={
            "kind": Agency.Kind.THIRD_SECTOR,
            "area": region.areas["demo-valley"],
            "name_en": "Chwarae Teg Demo Therapy Charity",
            "name_cy": "Elusen Therapi Demo Chwarae Teg",
            "board": region.agencies["demo-childrens-services"].board,
        },
    )
    region.agencies["demo-therapy-charity"] = agency
    team, _created = Team.objects.update_or_create(code="demo-therapy-team", defaults={"agency": agency, "name_en": "Play Therapy Team", "name_cy": "Tîm Therapi Chwarae"})
    region.teams["demo-therapy-team"] = team
    return team


def _therapist(region: Any, team: Team) -> Person:
    from cylch.core.demo import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD, DEMO_TOTP_KEY_HEX

    email = f"{THERAPIST_EMAIL}@{DEMO_EMAIL_DOMAIN}"
    person = Person.objects.filter(email=email).first()
    if person is None:
        person = Person.objects.create_user(email=email, password=DEMO_PASSWORD, full_name="Demo Play Therapist Siwan Prawf", language=Language.ENGLISH)
    if not Membership.objects.filter(person=person, team=team, role=Role.PRACTITIONER).exists():
        Membership.objects.create(person=person, team=team, role=Role.PRACTITIONER)
    TOTPDevice.objects.get_or_create(user=person, name="Demo authenticator", defaults={"key": DEMO_TOTP_KEY_HEX, "confirmed": True})
    region.people["therapist"] = person
    return person


def _services(region: Any) -> dict[str, Service]:
    area = region.areas["demo-valley"]
    made = {}
    for spec in SERVICES:
        values = {k: v for k, v in spec.items() if k != "provider"}
        service = Service.objects.filter(name_en=spec["name_en"]).first()
        if service is None:
            service = Service.objects.create(
                provider=region.agencies[spec["provider"]],
                how_to_refer="Through Cylch: record the child's need, then choose the service.",
                contact_name="Referrals desk",
                contact_email="referrals@demo.cylch.invalid",
                town="Cwm Demo",
                postcode="DV1 2TT",
                **values,
            )
            service.areas.set([area])
        made[spec["provider"] + ":" + spec["kind"]] = service
    return made


def _gwenno(region: Any) -> Child | None:
    identifier = Identifier.objects.filter(kind=Identifier.Kind.LA_CASE_NUMBER, value=GWENNO_CASE_NUMBER).select_related("child").first()
    if identifier is not None:
        return None  # already built
    today = timezone.localdate()
    la = region.areas["demo-valley"]
    alys = region.people["practitioner"]
    child = Child(
        given_names="Gwenno",
        family_name="Breuddwyd",
        date_of_birth=today.replace(year=today.year - 9) - datetime.timedelta(days=75),
        gender="female",
        language="cy",
        local_authority=la,
        created_by=alys,
    )
    child.search_family = search.fold(child.family_name)
    child.search_given = search.fold(child.given_names)
    child.phonetic_family = search.phonetic(child.family_name)
    child.phonetic_given = search.phonetic(child.given_names)
    child.save()
    Identifier.objects.create(child=child, kind=Identifier.Kind.LA_CASE_NUMBER, value=GWENNO_CASE_NUMBER)
    isp = region.agreements.get("isp")
    Involvement.objects.create(
        child=child,
        agency=region.teams["demo-cs-safeguarding"].agency,
        team=region.teams["demo-cs-safeguarding"],
        practitioner=alys,
        role_for_child="lead_professional",
        is_lead=True,
        reason="Demo: social worker for a looked-after child.",
        started_on=today - datetime.timedelta(days=200),
        basis=Involvement.Basis.STATUTORY,
        statutory_basis="safeguarding",
        agreement=isp,
        no_agreement_justification="" if isp else "Demo: agreement being drafted.",
    )
    NetworkMember.objects.create(child=child, full_name="Foster carer Eirlys Dychymyg", relationship="foster_carer", is_trusted_adult=True, language="cy", phone="01234 000000")
    ActiveOffer.objects.create(child=child, offered_at=timezone.now() - datetime.timedelta(days=190), offered_by=alys, answer=ActiveOffer.Answer.WELSH)
    return child


def build_therapy(region: Any) -> None:
    """Build once: the services, the therapist, Gwenno, and her earlier referral waiting past its threshold."""
    team = _provider_agency(region)
    _therapist(region, team)
    services = _services(region)
    child = _gwenno(region)
    if child is None:
        return
    region.children["gwenno"] = child
    alys = region.people["practitioner"]
    cs_agency = region.teams["demo-cs-safeguarding"].agency
    now = timezone.now()
    recorded = now - datetime.timedelta(days=45)
    sent = now - datetime.timedelta(days=40)
    need = TherapeuticNeed.objects.create(
        child=child,
        care_status="looked_after",
        diagnosis="waiting",
        help_for="both",
        need="Gwenno has had three moves this year. She wakes at night and will not let her carer comfort her.",
        child_help_wanted="Dw i eisiau cysgu'n iawn. Dw i eisiau i Eirlys wybod beth i'w wneud.",
        child_where="Adref",
        child_language="cy",
        child_who_with="Eirlys",
        consent="assent",
        carers_views="Eirlys asks for advice on night-times.",
        recorded_at=recorded,
        recorded_by=alys,
        recorded_by_agency=cs_agency,
    )
    regional = services["demo-health:regional_lac_specialist"]
    referral = Referral.objects.create(
        need=need,
        child=child,
        service=regional,
        provider=regional.provider,
        local_authority=child.local_authority,
        help_for="both",
        state=Referral.State.SENT,
        shared_parts=["need", "child_views", "carers_views", "care_status"],
        need_recorded_at=recorded,
        sent_at=sent,
        created_at=sent,
        created_by=alys,
        created_by_agency=cs_agency,
    )
    ReferralStateChange.objects.create(referral=referral, from_state="draft", to_state="sent", at=sent, by=alys, by_agency=cs_agency)
    rule = TimescaleRule.objects.filter(code="therapy-first-contact", is_current=True).first()
    if rule is not None:
        due = add_working_days(timezone.localdate(sent), rule.amount)
        DueItem.objects.create(
            child=child,
            rule=rule,
            trigger_type="therapy.referral",
            trigger_id=str(referral.pk),
            triggered_at=sent,
            due_at=timezone.make_aware(datetime.datetime.combine(due, datetime.time(23, 59))),
            owner_person=alys,
            owner_agency=cs_agency,
        )
