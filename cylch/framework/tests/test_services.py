"""Drafts, review, publication, versions and the stable rows other domains read."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cylch.audit.models import AuditEntry
from cylch.core.models import PolicySetting
from cylch.core.testing import make_person
from cylch.framework import services
from cylch.framework.models import Document, DocumentVersion, Indicator, PracticeNote, Standard
from cylch.framework.tests.factories import in_force, manager, published_change
from cylch.people.models import Role

pytestmark = pytest.mark.django_db


def _values(draft: DocumentVersion, **changes: object) -> dict[str, object]:
    values = {f: getattr(draft, f) for f in services.DRAFT_FIELDS}
    values.update(changes)
    return values


def test_shipped_content_is_version_one_of_every_part_and_placeholder() -> None:
    kinds = set(Document.objects.values_list("kind", flat=True))
    assert kinds == {"standard", "indicator", "principle", "practice_note", "guidance"}
    assert sorted(Document.objects.filter(kind="standard").values_list("code", flat=True)) == [
        "delivery", "governance", "infrastructure", "learning", "strategy",
    ]
    for document in Document.objects.select_related("published"):
        version = document.published
        assert version is not None and version.number == 1 and version.source == "shipped" and version.is_placeholder
        for name in ("title_en", "title_cy"):
            assert getattr(version, name).strip(), f"{document.code} has no {name}"
    assert PracticeNote.objects.get(slug="missing-children").summary_cy.startswith("Dros dro")


def test_publish_gives_the_next_number_and_writes_the_stable_row() -> None:
    author, reviewer = manager(), manager()
    version = published_change(
        "missing-children", author=author, reviewer=reviewer,
        body_en="Report to the police at once.", body_cy="Rhowch wybod i'r heddlu ar unwaith.", is_placeholder=False,
    )
    assert version.number == 2 and version.status == "published" and version.published_by == reviewer
    note = PracticeNote.objects.get(slug="missing-children")
    assert (note.body_en, note.body_cy, note.is_placeholder) == (
        "Report to the police at once.", "Rhowch wybod i'r heddlu ar unwaith.", False,
    )
    document = Document.objects.get(code="missing-children")
    assert document.published_id == version.pk
    # The earlier version is unchanged and still readable.
    first = document.versions.get(number=1)
    assert first.body_en.startswith("Placeholder") and first.status == "published"
    actions = list(AuditEntry.objects.filter(action__startswith="cylch.framework.").values_list("action", flat=True))
    assert actions == [
        "cylch.framework.draft.started",
        "cylch.framework.draft.saved",
        "cylch.framework.draft.submitted",
        "cylch.framework.version.published",
    ]


def test_standard_and_indicator_publish_into_their_rows() -> None:
    author, reviewer = manager(), manager()
    published_change("delivery", author=author, reviewer=reviewer, title_en="Delivery", title_cy="Cyflawni")
    assert Standard.objects.get(code="delivery").title_cy == "Cyflawni"
    published_change("delivery-voice", author=author, reviewer=reviewer, body_en="The child is heard.", body_cy="Clywir y plentyn.")
    indicator = Indicator.objects.get(code="delivery-voice")
    assert (indicator.text_en, indicator.text_cy, indicator.standard.code) == ("The child is heard.", "Clywir y plentyn.", "delivery")


@pytest.mark.parametrize("field", ["title_en", "title_cy", "body_en", "body_cy", "summary_cy"])
def test_an_empty_english_or_welsh_field_is_refused_and_nothing_changes(field: str) -> None:
    author = manager()
    draft = services.draft_start(actor=author, document=Document.objects.get(code="missing-children"))
    before = draft.edit_version
    with pytest.raises(ValidationError) as caught:
        services.draft_save(actor=author, draft=draft, expected_version=before, values=_values(draft, **{field: "  "}))
    assert field in caught.value.message_dict
    draft.refresh_from_db()
    assert draft.edit_version == before and getattr(draft, field).strip()


def test_an_optional_field_in_one_language_only_is_refused() -> None:
    author = manager()
    draft = services.draft_start(actor=author, document=Document.objects.get(code="principle-welsh"))
    with pytest.raises(ValidationError) as caught:
        services.draft_save(actor=author, draft=draft, expected_version=draft.edit_version, values=_values(draft, body_cy=""))
    assert "body_cy" in caught.value.message_dict


def test_a_stale_edit_is_refused_and_says_what_the_other_person_saved() -> None:
    first, second = manager(), manager()
    document = Document.objects.get(code="conferences")
    draft = services.draft_start(actor=first, document=document)
    loaded = draft.edit_version
    services.draft_save(actor=first, draft=draft, expected_version=loaded, values=_values(draft, body_en="First person's words."))
    with pytest.raises(services.StaleEdit) as caught:
        services.draft_save(actor=second, draft=draft, expected_version=loaded, values=_values(draft, body_en="Second person's words."))
    assert caught.value.changed["body_en"]["theirs"] == "First person's words."
    draft.refresh_from_db()
    assert draft.body_en == "First person's words."


def test_sending_for_review_needs_a_change_note_in_both_languages_and_a_change() -> None:
    author = manager()
    draft = services.draft_start(actor=author, document=Document.objects.get(code="conferences"))
    draft = services.draft_save(actor=author, draft=draft, expected_version=draft.edit_version, values=_values(draft, body_en="New words."))
    with pytest.raises(ValidationError) as caught:
        services.draft_submit(actor=author, draft=draft, expected_version=draft.edit_version)
    assert set(caught.value.message_dict) == {"change_note_en", "change_note_cy"}
    unchanged = services.draft_start(actor=author, document=Document.objects.get(code="learning"))
    unchanged = services.draft_save(
        actor=author, draft=unchanged, expected_version=unchanged.edit_version, values=_values(unchanged, change_note_en="x", change_note_cy="y")
    )
    with pytest.raises(ValidationError, match="same as the version in force"):
        services.draft_submit(actor=author, draft=unchanged, expected_version=unchanged.edit_version)


def test_the_author_cannot_publish_their_own_draft_unless_policy_allows() -> None:
    author = manager()
    draft = services.draft_start(actor=author, document=Document.objects.get(code="conferences"))
    draft = services.draft_save(
        actor=author, draft=draft, expected_version=draft.edit_version,
        values=_values(draft, body_en="New words.", change_note_en="Why", change_note_cy="Pam"),
    )
    draft = services.draft_submit(actor=author, draft=draft, expected_version=draft.edit_version)
    with pytest.raises(ValidationError, match="second partnership manager"):
        services.draft_publish(actor=author, draft=draft, expected_version=draft.edit_version)
    assert in_force("conferences").number == 1
    PolicySetting.objects.filter(key="framework.publish_needs_second_person").update(value=False)
    assert services.draft_publish(actor=author, draft=draft, expected_version=draft.edit_version).number == 2


def test_people_without_the_capability_cannot_draft_or_publish() -> None:
    for role in [Role.PRACTITIONER, Role.SAFEGUARDING_LEAD, Role.SYSTEM_ADMIN, Role.AUDITOR]:
        with pytest.raises(PermissionDenied):
            services.draft_start(actor=make_person(role), document=Document.objects.get(code="conferences"))
    assert not DocumentVersion.objects.filter(status="draft").exists()


def test_publishing_is_refused_when_a_newer_version_was_published_since_the_draft_began() -> None:
    author, reviewer = manager(), manager()
    document = Document.objects.get(code="conferences")
    draft = services.draft_start(actor=author, document=document)
    draft = services.draft_save(
        actor=author, draft=draft, expected_version=draft.edit_version,
        values=_values(draft, body_en="Mine.", change_note_en="Why", change_note_cy="Pam"),
    )
    draft = services.draft_submit(actor=author, draft=draft, expected_version=draft.edit_version)
    # The official text is imported meanwhile.
    data = {
        "format": "cylch-framework/1", "change_note_en": "Official", "change_note_cy": "Swyddogol",
        "practice_notes": [{"slug": "conferences", "title_en": "Conferences", "title_cy": "Cynadleddau",
                            "summary_en": "S", "summary_cy": "C", "body_en": "Official.", "body_cy": "Swyddogol."}],
    }
    services.framework_import(actor=reviewer, data=data)
    with pytest.raises(ValidationError, match="Version 2 was published after this draft was started"):
        services.draft_publish(actor=reviewer, draft=draft, expected_version=draft.edit_version)
    assert PracticeNote.objects.get(slug="conferences").body_en == "Official."


def test_a_draft_sent_back_returns_to_its_author_with_the_comment() -> None:
    author, reviewer = manager(), manager()
    draft = services.draft_start(actor=author, document=Document.objects.get(code="conferences"))
    draft = services.draft_save(
        actor=author, draft=draft, expected_version=draft.edit_version,
        values=_values(draft, body_en="New.", change_note_en="Why", change_note_cy="Pam"),
    )
    draft = services.draft_submit(actor=author, draft=draft, expected_version=draft.edit_version)
    with pytest.raises(ValidationError):
        services.draft_return(actor=reviewer, draft=draft, expected_version=draft.edit_version, comment=" ")
    draft = services.draft_return(actor=reviewer, draft=draft, expected_version=draft.edit_version, comment="Check the Welsh.")
    assert draft.status == "draft" and draft.review_comment == "Check the Welsh."
    # Only one open draft at a time: starting again continues this one.
    assert services.draft_start(actor=reviewer, document=draft.document).pk == draft.pk


def test_discarding_keeps_the_version_in_force() -> None:
    author = manager()
    draft = services.draft_start(actor=author, document=Document.objects.get(code="conferences"))
    services.draft_discard(actor=author, draft=draft, expected_version=draft.edit_version)
    draft.refresh_from_db()
    assert draft.status == "discarded" and in_force("conferences").number == 1


def test_a_new_practice_note_is_published_into_a_new_stable_row() -> None:
    author, reviewer = manager(), manager()
    draft = services.document_create(actor=author, kind="practice_note", code="domestic-abuse")
    with pytest.raises(ValidationError):
        services.document_create(actor=author, kind="practice_note", code="domestic-abuse")
    with pytest.raises(ValidationError):
        services.document_create(actor=author, kind="standard", code="sixth")
    wording = {
        "title_en": "Domestic abuse", "title_cy": "Cam-drin domestig", "summary_en": "S", "summary_cy": "C",
        "body_en": "Text.", "body_cy": "Testun.", "change_note_en": "New note", "change_note_cy": "Nodyn newydd",
        "is_placeholder": False,
    }
    draft = services.draft_save(actor=author, draft=draft, expected_version=draft.edit_version, values=wording)
    draft = services.draft_submit(actor=author, draft=draft, expected_version=draft.edit_version)
    version = services.draft_publish(actor=reviewer, draft=draft, expected_version=draft.edit_version)
    assert version.number == 1
    assert PracticeNote.objects.get(slug="domestic-abuse").title_cy == "Cam-drin domestig"


def test_reviewers_are_told_of_a_draft_and_the_author_of_the_outcome_in_their_language() -> None:
    from django.utils import translation

    from cylch.core.models import Notification
    from cylch.core.notices import notice_text

    author = manager()
    team = author.memberships.get().team
    reviewer = make_person(Role.PARTNERSHIP_MANAGER, team, language="cy")
    elsewhere = manager()  # another agency's partnership manager: not told while someone in the author's agency is
    practitioner = make_person(Role.PRACTITIONER, team)
    draft = services.draft_start(actor=author, document=Document.objects.get(code="conferences"))
    draft = services.draft_save(
        actor=author, draft=draft, expected_version=draft.edit_version,
        values=_values(draft, body_en="New.", change_note_en="Why", change_note_cy="Pam"),
    )
    draft = services.draft_submit(actor=author, draft=draft, expected_version=draft.edit_version)
    told = Notification.objects.filter(kind="cylch.framework.draft.submitted")
    assert [n.recipient for n in told] == [reviewer]
    assert not Notification.objects.filter(recipient__in=[elsewhere, practitioner]).exists()
    with translation.override("cy"):
        assert "Cynadleddau amddiffyn plant" in notice_text(told[0].kind, told[0].params)
    draft = services.draft_return(actor=reviewer, draft=draft, expected_version=draft.edit_version, comment="Shorter.")
    assert Notification.objects.get(recipient=author, kind="cylch.framework.draft.returned").params["comment"] == "Shorter."
    draft = services.draft_submit(actor=author, draft=draft, expected_version=draft.edit_version)
    services.draft_publish(actor=reviewer, draft=draft, expected_version=draft.edit_version)
    published = Notification.objects.get(recipient=author, kind="cylch.framework.version.published")
    assert published.params["number"] == 2 and published.link.endswith("/versions/2/")


def test_whether_an_indicator_needs_evidence_is_versioned_and_written_into_the_indicator() -> None:
    from cylch.framework.selectors import versions_compare

    for document in Document.objects.filter(kind="indicator").select_related("published"):
        assert document.published is not None
        assert document.published.evidence_required == Indicator.objects.get(code=document.code).evidence_required
    assert Document.objects.get(code="delivery").published.evidence_required is None  # type: ignore[union-attr]
    author, reviewer = manager(), manager()
    assert not Indicator.objects.get(code="delivery-voice").evidence_required
    version = published_change("delivery-voice", author=author, reviewer=reviewer, evidence_required=True)
    assert version.evidence_required is True and Indicator.objects.get(code="delivery-voice").evidence_required
    first = Document.objects.get(code="delivery-voice").versions.get(number=1)
    changes = versions_compare("indicator", first, version)
    assert [c.field for c in changes] == ["evidence_required"]
    assert str(changes[0].html).startswith("Evidence <del") and "[removed] </span>not " in str(changes[0].html)
    # A standard has no such flag, whatever is posted.
    draft = services.draft_start(actor=author, document=Document.objects.get(code="delivery"))
    draft = services.draft_save(actor=author, draft=draft, expected_version=draft.edit_version, values=_values(draft, evidence_required=True))
    assert draft.evidence_required is None
