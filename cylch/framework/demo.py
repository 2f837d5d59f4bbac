"""Demo Framework records: the shipped content, and a new version of the missing-children
practice note written by a second fictional partnership manager and waiting for review, so
the demo partnership manager (Dafydd, who uses Cylch in Welsh) can review and publish it.
Every name is invented."""

from __future__ import annotations

from django_otp.plugins.otp_totp.models import TOTPDevice

from cylch.core.demo import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD, DEMO_TOTP_KEY_HEX, DemoRegion
from cylch.framework import services
from cylch.framework.models import Document
from cylch.people.models import Language, Membership, Person, Role

AUTHOR_EMAIL = f"partnership2@{DEMO_EMAIL_DOMAIN}"


def _author(region: DemoRegion) -> Person:
    person = Person.objects.filter(email=AUTHOR_EMAIL).first()
    if person is None:
        person = Person.objects.create_user(
            email=AUTHOR_EMAIL, password=DEMO_PASSWORD, full_name="Demo Partnership Manager Siân Prawf", language=Language.ENGLISH
        )
    team = region.teams["demo-partnership-unit"]
    if not Membership.objects.filter(person=person, team=team, role=Role.PARTNERSHIP_MANAGER).exists():
        Membership.objects.create(person=person, team=team, role=Role.PARTNERSHIP_MANAGER)
    TOTPDevice.objects.get_or_create(user=person, name="Demo authenticator", defaults={"key": DEMO_TOTP_KEY_HEX, "confirmed": True})
    region.people["partnership2"] = person
    return person


def build_framework(region: DemoRegion) -> None:
    services.framework_load()
    author = _author(region)
    document = Document.objects.select_related("published").get(code="missing-children")
    if document.versions.exclude(source="shipped").exists():
        return  # built before (or changed by someone since): leave it
    draft = services.draft_start(actor=author, document=document)
    values = {f: getattr(draft, f) for f in services.DRAFT_FIELDS} | {
        "body_en": (
            "Placeholder: the Framework's practice note on children who go missing will be imported here. Until then: "
            "keep the Child Information Form up to date, report to the police at once, and offer an independent return "
            "interview within 72 hours of the child's return. Share what the child says with the team around the child, "
            "and hold a strategy discussion when patterns or risks of exploitation appear."
        ),
        "body_cy": (
            "Dros dro: bydd nodyn ymarfer y Fframwaith ar blant sy'n mynd ar goll yn cael ei fewnforio yma. Tan hynny: "
            "cadwch y Ffurflen Wybodaeth am y Plentyn yn gyfredol, rhowch wybod i'r heddlu ar unwaith, a chynigiwch "
            "gyfweliad dychwelyd annibynnol o fewn 72 awr i'r plentyn ddychwelyd. Rhannwch yr hyn y mae'r plentyn yn ei "
            "ddweud gyda'r tîm o amgylch y plentyn, a chynhaliwch drafodaeth strategaeth pan fydd patrymau neu risgiau "
            "camfanteisio'n ymddangos."
        ),
        "change_note_en": "Demo: return interviews are independent, and what the child says is shared with the team around the child.",
        "change_note_cy": "Demo: mae cyfweliadau dychwelyd yn annibynnol, a rhennir yr hyn y mae'r plentyn yn ei ddweud gyda'r tîm o amgylch y plentyn.",
    }
    draft = services.draft_save(actor=author, draft=draft, expected_version=draft.edit_version, values=values)
    services.draft_submit(actor=author, draft=draft, expected_version=draft.edit_version)
