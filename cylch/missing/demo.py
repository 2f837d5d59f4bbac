"""Demo records for children who go missing: the looked-after demo child Lili Mai
Enghraifft-Jones has a Child Information Form (with an obviously drawn placeholder picture)
and two past episodes in the last 90 days, so a third one raises a strategy discussion.

Two fictional people join the Looked After Children Team: Lili's social worker (the lead
professional) and her foster carer's supervising social worker. The demo police officer
joins the team around Lili. Every name is invented."""

from __future__ import annotations

import datetime
import io
import json
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from cylch.children.models import Child, Identifier, Involvement, SensitivityRule
from cylch.people.models import Membership, Person, Role

LILI_CASE_NUMBER = "DV-CS-0004"
# (email local part, name, language)
PEOPLE = [
    ("lacworker", "Demo Social Worker Sioned Prawf", "cy"),
    ("supervising", "Demo Supervising Social Worker Tomos Prawf", "en"),
]


def _lili() -> Child | None:
    identifier = Identifier.objects.filter(kind=Identifier.Kind.LA_CASE_NUMBER, value=LILI_CASE_NUMBER).select_related("child").first()
    return identifier.child if identifier else None


def placeholder_picture() -> bytes:
    """A drawn, obviously not real, head-and-shoulders shape (PNG)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (240, 300), (222, 235, 246))
    draw = ImageDraw.Draw(image)
    draw.ellipse((70, 40, 170, 150), fill=(120, 140, 160))
    draw.rounded_rectangle((40, 170, 200, 300), radius=40, fill=(120, 140, 160))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _people(region: Any) -> dict[str, Person]:
    from cylch.core.demo import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD, DEMO_TOTP_KEY_HEX

    team = region.teams["demo-cs-looked-after"]
    people = {}
    for local, name, language in PEOPLE:
        email = f"{local}@{DEMO_EMAIL_DOMAIN}"
        person = Person.objects.filter(email=email).first()
        if person is None:
            person = Person.objects.create_user(email=email, password=DEMO_PASSWORD, full_name=name, language=language)
        if not Membership.objects.filter(person=person, team=team, role=Role.PRACTITIONER).exists():
            Membership.objects.create(person=person, team=team, role=Role.PRACTITIONER)
        TOTPDevice.objects.get_or_create(user=person, name="Demo authenticator", defaults={"key": DEMO_TOTP_KEY_HEX, "confirmed": True})
        region.people[local] = person
        people[local] = person
    return people


def _moment(days_ago: int, hour: int) -> datetime.datetime:
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def build_missing(region: Any) -> None:
    """Build once (the form is the marker)."""
    from cylch.audit.context import acting
    from cylch.missing import services
    from cylch.missing.models import ChildInformationForm

    rules_file = Path(__file__).resolve().parent / "reference" / "sensitivity.json"
    for category, agency_kind, role in json.loads(rules_file.read_text(encoding="utf-8"))["rules"]:
        SensitivityRule.objects.get_or_create(category=category, agency_kind=agency_kind, role=role)
    child = _lili()
    if child is None or ChildInformationForm.objects.filter(child=child).exists():
        return
    people = _people(region)
    lead = Involvement.objects.active().filter(child=child, is_lead=True).first()
    if lead is not None and lead.practitioner_id is None:
        lead.practitioner = people["lacworker"]
        lead.save(update_fields=["practitioner"])
    police_team = region.teams["demo-police-ppu"]
    if not Involvement.objects.active().filter(child=child, team=police_team).exists():
        Involvement.objects.create(
            child=child,
            agency=police_team.agency,
            team=police_team,
            practitioner=region.people["police"],
            role_for_child="police_ppo",
            reason="Demo: Lili has gone missing from her foster placement.",
            started_on=timezone.localdate() - datetime.timedelta(days=80),
            basis=Involvement.Basis.STATUTORY,
            statutory_basis="safeguarding",
            agreement=region.agreements.get("isp"),
            no_agreement_justification="Demo: sharing needed to find a missing child.",
        )
    police, worker = region.people["police"], people["lacworker"]
    lead = Involvement.objects.active().filter(child=child, is_lead=True).first()
    if lead is None or lead.practitioner_id != worker.pk:
        return
    with acting(channel="command"):
        # Lili has no Part 6 plan in the demo, so her lead professional chose to start the form.
        services.information_form_save(
            actor=worker,
            child=child,
            values={
                "physical_description": "About 1.45 m, slim, shoulder-length brown hair usually tied back, brown eyes, small scar above left eyebrow.",
                "clothing": "Grey hooded top, black leggings, white trainers; a red school rucksack.",
                "associates": "Her brother Jac (17) in Demo Valley; friends Ffion and Cerys from school.",
                "places": "Demo Valley bus station; the retail park; her brother's flat on Stryd Ffuglen.",
                "phone_and_social_media": "Mobile 07700 900123 (fictional). Uses a photo-sharing app as lili_demo.",
                "health_and_medication": "Asthma: blue inhaler, carries it in the rucksack.",
                "risks": "Has been seen with older young people at the bus station late at night.",
                "what_helped_return": "A text from her foster carer Bethan saying she is not in trouble; calling her brother.",
                "what_child_told": "Lili knows the police are given this form if she goes missing, so they can find her quickly.",
            },
            photo=SimpleUploadedFile("placeholder.png", placeholder_picture(), content_type="image/png"),
        )
        for days_ago, grade, found_where, found_with in [(70, "low", "Demo Valley bus station", "Ffion, Cerys"), (30, "medium", "Her brother's flat, Stryd Ffuglen", "Jac")]:
            episode = services.episode_record(
                actor=police,
                child=child,
                missing_from=_moment(days_ago, 18),
                reported_at=_moment(days_ago, 21),
                reported_by="Foster carer Bethan Ffuglen",
                risk_grade=grade,
                last_seen_where="Foster home",
                police_reference=f"DV-{days_ago:04d}-M",
                circumstances="Did not come home after school.",
            )
            ended = services.episode_end(
                actor=police,
                episode=episode,
                expected_version=episode.version,
                found_at=_moment(days_ago - 1, 9),
                found_where=found_where,
                found_by="Demo Valley Police",
                found_with=found_with,
                safe_and_well_at=_moment(days_ago - 1, 11),
                safe_and_well_by="PC Demo",
                safe_and_well_notes="Well, tired, no injuries.",
            )
            services.return_interview_record(
                actor=worker,
                episode=ended,
                offered_at=_moment(days_ago - 2, 10),
                offered_by="Demo Social Worker Sioned Prawf",
                response="accepted",
                held_at=_moment(days_ago - 2, 16),
                conducted_by="Independent advocate (fictional)",
                child_chose_conductor=True,
                child_words="Roeddwn i eisiau gweld Jac. Doeddwn i ddim eisiau poeni neb.",
                child_words_language="cy",
                pull_factors=["family"],
            )
