"""Factories for the therapeutic support tests, and the records the permission matrix visits."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from cylch.children.models import Child
from cylch.core import testing
from cylch.organisations.models import Agency, Area, Team
from cylch.people.models import Person, Role
from cylch.therapy import services
from cylch.therapy.models import Referral, Service, TherapeuticNeed

NEED = {
    "care_status": "looked_after",
    "diagnosis": "none",
    "help_for": "child",
    "need": "Nightmares and panic since moving placement; finds it hard to trust adults.",
    "child_help_wanted": "Dw i eisiau siarad efo rhywun sy'n deall, ond dim yn yr ysgol.",
    "child_where": "At home or at the family centre",
    "child_language": "cy",
    "child_who_with": "My foster carer Bethan",
    "consent": "assent",
    "consent_note": "",
    "carers_views": "Bethan would welcome advice on bedtimes.",
}


def service_values(**extra: Any) -> dict[str, Any]:
    values = {
        "name_en": "Test Trauma Therapy",
        "name_cy": "Therapi Trawma Prawf",
        "description_en": "Trauma-informed therapy for children in care.",
        "description_cy": "Therapi wedi'i llywio gan drawma.",
        "kind": "trauma_informed_therapy",
        "minimum_age": 5,
        "maximum_age": 18,
        "care_statuses": [],
        "diagnosis_needed": False,
        "welsh_language": False,
        "how_to_refer": "Through Cylch",
        "contact_name": "Intake desk",
        "contact_email": "intake@test.cylch.invalid",
        "contact_phone": "",
        "url": "",
        "address": "1 Heol Prawf",
        "town": "Cwm Prawf",
        "postcode": "TP1 1AA",
        "capacity_per_month": 6,
        "waiting_weeks": 4,
        "status": Service.Status.ACTIVE,
    }
    values.update(extra)
    return values


def make_service(provider: Agency, areas: list[Area], **extra: Any) -> Service:
    service = Service.objects.create(provider=provider, **service_values(**extra))
    service.areas.set(areas)
    return service


@dataclass
class World:
    la: Area
    other_la: Area
    cs_team: Team
    provider_agency: Agency
    provider_team: Team
    lead: Person
    colleague: Person
    provider: Person
    provider_manager: Person
    outsider: Person
    child: Child
    welsh_service: Service
    english_service: Service
    far_service: Service


def make_world() -> World:
    la = testing.make_area(name_en="Therapy Test Area", name_cy="Ardal Prawf Therapi")
    other_la = testing.make_area(name_en="Far Away Area", name_cy="Ardal Bell")
    cs_agency = testing.make_agency(Agency.Kind.CHILDRENS_SERVICES, la)
    cs_team = testing.make_team(cs_agency)
    provider_agency = testing.make_agency(Agency.Kind.THIRD_SECTOR, la, name_en="Test Therapy Charity", name_cy="Elusen Therapi Prawf")
    provider_team = testing.make_team(provider_agency)
    lead = testing.make_person(Role.PRACTITIONER, cs_team, full_name="Lowri Lead", language="cy")
    child = testing.make_child(
        involved_team=cs_team,
        practitioner=lead,
        is_lead=True,
        given_names="Gwion",
        family_name="Prawf",
        date_of_birth=timezone.localdate() - datetime.timedelta(days=365 * 11 + 30),
        local_authority=la,
        language="cy",
    )
    return World(
        la=la,
        other_la=other_la,
        cs_team=cs_team,
        provider_agency=provider_agency,
        provider_team=provider_team,
        lead=lead,
        colleague=testing.make_person(Role.PRACTITIONER, cs_team, full_name="Carys Colleague"),
        provider=testing.make_person(Role.PRACTITIONER, provider_team, full_name="Tomos Therapist"),
        provider_manager=testing.make_person(Role.TEAM_MANAGER, provider_team, full_name="Mali Manager"),
        outsider=testing.make_person(Role.PRACTITIONER, testing.make_team(), full_name="Osian Outsider"),
        child=child,
        welsh_service=make_service(provider_agency, [la], name_en="Welsh Play Therapy", name_cy="Therapi Chwarae Cymraeg", welsh_language=True, waiting_weeks=8, kind="play_creative_therapy"),
        english_service=make_service(provider_agency, [la], name_en="Quick Therapy", name_cy="Therapi Cyflym", waiting_weeks=2),
        far_service=make_service(provider_agency, [other_la], name_en="Far Therapy", name_cy="Therapi Pell"),
    )


def record_need(world: World, **extra: Any) -> TherapeuticNeed:
    return services.need_record(actor=world.lead, child=world.child, values={**NEED, **extra})


def sent_referral(world: World, need: TherapeuticNeed | None = None, service: Service | None = None) -> Referral:
    need = need or record_need(world)
    return services.referral_create(
        actor=world.lead,
        need=need,
        service=service or world.welsh_service,
        help_for="child",
        shared_parts=["need", "child_views"],
        send=True,
    )


def move(referral: Referral, actor: Person, to_state: str, **kwargs: Any) -> Referral:
    referral.refresh_from_db()
    return services.referral_move(actor=actor, referral=referral, to_state=to_state, expected_version=referral.version, **kwargs)


def matrix_records(ctx: dict[str, Any]) -> dict[str, Any]:
    """A service, a need and a sent referral for the permission matrix's child (made once per run)."""
    if "therapy" not in ctx:
        child, colleague = ctx["child"], ctx["colleague"]
        la = testing.make_area()
        Child.objects.filter(pk=child.pk).update(local_authority=la)
        child.refresh_from_db()
        # The service is the persona's own agency's, so its people may update it and receive the referral.
        provider = colleague.memberships.first().team.agency
        service = make_service(provider, [la])
        need = services.need_record(actor=colleague, child=child, values=NEED)
        referral = services.referral_create(actor=colleague, need=need, service=service, help_for="child", shared_parts=["need"], send=True)
        ctx["therapy"] = {"service": service, "need": need, "referral": referral}
    return ctx["therapy"]  # type: ignore[no-any-return]
