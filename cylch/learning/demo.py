"""The demo region's learning: a safeguarding review in progress and a finished audit round.

Demo Valley Safeguarding Board's business manager (Demo Business Manager Eirlys Prawf) runs
both. The review concerns the demo child Cai Prawf; the audit sampled three demo children.
Every name and event is invented.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from cylch.framework.models import PracticeNote, Standard
from cylch.learning import services
from cylch.learning.models import AuditRound, Review, Theme
from cylch.organisations.models import Agency, Board
from cylch.partnerships.models import Partnership, PartnershipRole
from cylch.people.models import Language, Membership, Person, Role

REFERENCE = Path(__file__).resolve().parent / "reference" / "codes.json"


def themes_ensure() -> None:
    """The starting themes (normally loaded by the migration; a flushed database needs them again)."""
    for code, name_en, name_cy in json.loads(REFERENCE.read_text(encoding="utf-8"))["review_theme"]:
        Theme.objects.get_or_create(code=code, defaults={"name_en": name_en, "name_cy": name_cy})


def demo_partnership(region: Any) -> Partnership:
    board = Board.objects.get(code="demo-rsb")
    partnership = Partnership.objects.filter(board=board).first() or Partnership.objects.filter(code="demo-rsb").first()
    if partnership is None:
        partnership = Partnership.objects.create(
            code="demo-rsb",
            kind=Partnership.Kind.REGIONAL_SAFEGUARDING_BOARD,
            board=board,
            name_en=board.name_en,
            name_cy=board.name_cy,
        )
    partnership.areas.add(region.areas["demo-valley"])
    partnership.agencies.add(*region.agencies.values())
    return partnership


# (key, name, team code, team names, agency code): people and teams of their own, so that
# the review's and the audit's grants change nothing for the other demo journeys.
DEMO_LEARNING_PEOPLE = [
    ("businessmanager", "Demo Business Manager Eirlys Prawf", "demo-partnership-unit", None, "demo-partnership"),
    (
        "reviewer_cs",
        "Demo Children's Services Reviewer Non Prawf",
        "demo-cs-learning",
        ("Learning and Review", "Dysgu ac Adolygu"),
        "demo-childrens-services",
    ),
    (
        "reviewer_police",
        "Demo Police Reviewer Tomos Prawf",
        "demo-police-learning",
        ("Review Team", "Tîm Adolygu"),
        "demo-police-agency",
    ),
    (
        "auditor_health",
        "Demo Health Auditor Wyn Prawf",
        "demo-health-learning",
        ("Safeguarding Audit", "Archwilio Diogelu"),
        "demo-health",
    ),
]


def _people(region: Any) -> None:
    from cylch.core.demo import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD, DEMO_TOTP_KEY_HEX
    from cylch.organisations.models import Team

    for key, name, team_code, team_names, agency_code in DEMO_LEARNING_PEOPLE:
        if team_names is None:
            team = region.teams[team_code]
        else:
            team, _created = Team.objects.get_or_create(
                code=team_code,
                defaults={"agency": region.agencies[agency_code], "name_en": team_names[0], "name_cy": team_names[1]},
            )
        email = f"{key.replace('_', '')}@{DEMO_EMAIL_DOMAIN}"
        person = Person.objects.filter(email=email).first()
        if person is None:
            person = Person.objects.create_user(
                email=email, password=DEMO_PASSWORD, full_name=name, language=Language.ENGLISH
            )
        role = Role.PARTNERSHIP_MANAGER if key == "businessmanager" else Role.PRACTITIONER
        if not Membership.objects.filter(person=person, team=team).exists():
            Membership.objects.create(person=person, team=team, role=role)
        TOTPDevice.objects.get_or_create(
            user=person, name="Demo authenticator", defaults={"key": DEMO_TOTP_KEY_HEX, "confirmed": True}
        )
        region.people[key] = person


def _role(partnership: Partnership, person: Person, role: str, agency: Agency) -> None:
    PartnershipRole.objects.get_or_create(
        partnership=partnership, person=person, role=role, defaults={"agency": agency}
    )


def build_learning(region: Any) -> None:
    """Build once: the review and the audit round are made through the services, as the pages make them."""
    if Standard.objects.filter(code__in=["delivery", "infrastructure"]).count() < 2:
        return  # the Framework's standards are not loaded (a flushed test database): nothing to link to
    themes_ensure()
    partnership = demo_partnership(region)
    _people(region)
    manager = region.people["businessmanager"]
    people, agencies = region.people, region.agencies
    _role(partnership, manager, PartnershipRole.Role.BUSINESS_MANAGER, agencies["demo-partnership"])
    _role(partnership, people["partnership"], PartnershipRole.Role.CHAIR, agencies["demo-partnership"])
    if Review.objects.filter(partnership=partnership).exists() or "cai" not in region.children:
        return
    _review(region, partnership, manager)
    _audit(region, partnership, manager)


def _review(region: Any, partnership: Partnership, manager: Person) -> None:
    people, agencies = region.people, region.agencies
    today = timezone.localdate()
    review = services.review_refer(
        actor=manager,
        partnership=partnership,
        title="Review concerning Child A (demo)",
        referral_summary="Demo: a serious injury to a child known to several agencies; the referring agency asks whether agencies could have worked together better.",
        referred_by_agency=agencies["demo-childrens-services"],
        referred_on=today - datetime.timedelta(days=30),
        event_on=today - datetime.timedelta(days=40),
        children=[region.children["cai"]],
    )
    review = services.review_decide(
        actor=manager,
        review=review,
        decision=Review.Decision.PROCEED,
        reasons="Demo: the criteria for a Single Unified Safeguarding Review are met; several agencies were involved.",
        decided_by_name=people["partnership"].full_name,
        decided_on=today - datetime.timedelta(days=21),
        expected_version=review.version,
    )
    until = today + datetime.timedelta(days=60)
    services.review_member_add(
        actor=manager,
        review=review,
        person=manager,
        agency=agencies["demo-partnership"],
        role="business_unit",
        access_until=until,
    )
    services.review_member_add(
        actor=manager,
        review=review,
        person=people["reviewer_cs"],
        agency=agencies["demo-childrens-services"],
        role="reviewer",
        access_until=until,
    )
    services.review_member_add(
        actor=manager,
        review=review,
        person=people["reviewer_police"],
        agency=agencies["demo-police-agency"],
        role="reviewer",
        access_until=until,
    )
    review.refresh_from_db()
    services.review_stage_advance(
        actor=manager,
        review=review,
        stage="panel",
        note="Demo: the panel met and agreed the terms of reference.",
        expected_version=review.version,
    )
    services.review_themes_set(
        actor=manager, review=review, themes=list(Theme.objects.filter(code__in=["neglect", "information-sharing"]))
    )
    services.review_chronology_build(actor=manager, review=review)
    services.agency_report_add(
        actor=people["reviewer_police"],
        review=review,
        agency=agencies["demo-police-agency"],
        text="Demo: what the police knew, and when.",
    )
    services.recommendation_add(
        actor=manager,
        review=review,
        text="Share every police call-out involving a child with the lead professional by the next working day.",
        standard=Standard.objects.get(code="infrastructure"),
        owner_agency=agencies["demo-police-agency"],
        owner=people["reviewer_police"],
        due_on=today + datetime.timedelta(days=60),
    )
    briefing = services.briefing_create(
        actor=manager,
        partnership=partnership,
        review=review,
        title_en="Seven-minute briefing: sharing what we know",
        title_cy="Briff saith munud: rhannu'r hyn a wyddom",
        body_en="Demo. What happened: agencies each held part of the picture.\nWhat we learnt: small concerns add up.\nWhat to do: share early, and ask what others know.",
        body_cy="Demo. Beth ddigwyddodd: roedd gan bob asiantaeth ran o'r darlun.\nBeth a ddysgon ni: mae pryderon bach yn adio.\nBeth i'w wneud: rhannwch yn gynnar, a gofynnwch beth mae eraill yn ei wybod.",
        themes=list(review.themes.all()),
        standards=list(Standard.objects.filter(code__in=["infrastructure", "delivery"])),
        practice_notes=list(PracticeNote.objects.filter(slug="missing-children")),
    )
    services.briefing_publish(actor=manager, briefing=briefing)
    services.briefing_read_record(actor=people["practitioner"], briefing=briefing)


def _audit(region: Any, partnership: Partnership, manager: Person) -> None:
    from cylch.learning.models import AuditTool

    people, agencies = region.people, region.agencies
    today = timezone.localdate()
    tool = services.audit_tool_create(
        actor=manager, partnership=partnership, name_en="Demo core case audit", name_cy="Archwiliad achos craidd demo"
    )
    for code, en, cy in [
        (
            "delivery",
            "Is there one shared plan the family understands?",
            "A oes un cynllun ar y cyd y mae'r teulu'n ei ddeall?",
        ),
        (
            "delivery",
            "Is the child's voice recorded and acted on?",
            "A yw llais y plentyn wedi'i gofnodi a'i weithredu?",
        ),
        (
            "infrastructure",
            "Was information shared promptly between agencies?",
            "A rannwyd gwybodaeth yn brydlon rhwng asiantaethau?",
        ),
    ]:
        services.audit_question_add(
            actor=manager,
            tool=tool,
            standard=Standard.objects.get(code=code),
            text_en=en,
            text_cy=cy,
            descriptors={
                "outstanding": (
                    "Consistently and clearly, with impact for the child.",
                    "Yn gyson ac yn glir, gydag effaith i'r plentyn.",
                ),
                "good": ("Clearly, in most of the record.", "Yn glir, yn y rhan fwyaf o'r cofnod."),
                "requires_improvement": ("Sometimes, with gaps.", "Weithiau, gyda bylchau."),
                "inadequate": ("Rarely or not at all.", "Anaml neu ddim o gwbl."),
            },
        )
    services.audit_tool_publish(actor=manager, tool=tool)
    tool = AuditTool.objects.get(pk=tool.pk)
    try:
        audit_round = services.audit_round_create(
            actor=manager,
            partnership=partnership,
            tool=tool,
            title="Demo audit: shared plans and the child's voice",
            criterion="random",
            criterion_option="",
            period_start=today - datetime.timedelta(days=365),
            period_end=today,
            sample_size=3,
            access_until=today + datetime.timedelta(days=14),
            seed=2026,
        )
    except ValidationError:  # the demo has no children known in the period: no audit round
        return
    auditors = [
        (people["reviewer_cs"], agencies["demo-childrens-services"]),
        (people["reviewer_police"], agencies["demo-police-agency"]),
        (people["auditor_health"], agencies["demo-health"]),
    ]
    for person, agency in auditors:
        services.audit_auditor_add(actor=manager, audit_round=audit_round, person=person, agency=agency)
    grades = ["good", "requires_improvement", "good"]
    for n, case in enumerate(audit_round.cases.all()):
        for person, _agency in auditors:
            for question in tool.questions.all():
                services.audit_answer_record(
                    actor=person,
                    case=case,
                    question=question,
                    grade=grades[n % 3],
                    rationale="Demo: seen in the record.",
                )
        services.audit_case_moderate(
            actor=manager,
            case=case,
            overall_grade=grades[n % 3],
            findings="Demo: plans were shared; the child's own words were recorded in some places only.",
            rationale="Demo: the three agencies' grades agreed after discussion.",
            expected_version=case.version,
            action_what="Record the child's own words at every visit and quote them in the plan." if n == 1 else "",
            action_standard=Standard.objects.get(code="delivery"),
            owner_agency=agencies["demo-childrens-services"],
            owner=people["reviewer_cs"],
            due_on=today + datetime.timedelta(days=90),
        )
    services.audit_round_finish(actor=manager, audit_round=AuditRound.objects.get(pk=audit_round.pk))
