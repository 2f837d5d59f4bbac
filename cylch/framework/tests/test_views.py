"""The Framework pages in both languages, the editor's journey through the forms, refusals,
query counts, and the practice note shown on the conference pages."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cylch.core import testing
from cylch.framework.models import Document, DocumentVersion, PracticeNote
from cylch.framework.tests.factories import in_force, manager, published_change
from cylch.people.models import Role

pytestmark = pytest.mark.django_db


def _client(person: Any, language: str = "en") -> Client:
    client = testing.sign_in_verified(Client(), person)
    client.cookies["cylch_language"] = language
    return client


def _html(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return html.unescape(response.content.decode())


def _form(values: dict[str, Any], version: int, step: str = "save") -> dict[str, Any]:
    return {**values, "version": version, "step": step}


def _current(code: str) -> DocumentVersion:
    return Document.objects.get(code=code).versions.get(status__in=["draft", "in_review"])


WORDING = {
    "title_en": "Children and young people who go missing",
    "title_cy": "Plant a phobl ifanc sy'n mynd ar goll",
    "summary_en": "Report at once; offer a return interview within 72 hours.",
    "summary_cy": "Rhowch wybod ar unwaith; cynigiwch gyfweliad dychwelyd o fewn 72 awr.",
    "body_en": "Report to the police at once and offer a return interview within 72 hours.",
    "body_cy": "Rhowch wybod i'r heddlu ar unwaith a chynigiwch gyfweliad dychwelyd o fewn 72 awr.",
    "change_note_en": "Return interviews named.",
    "change_note_cy": "Enwi cyfweliadau dychwelyd.",
}


@pytest.mark.parametrize(("language", "heading", "placeholder"), [("en", "Practice notes", "Placeholder wording"), ("cy", "Nodiadau ymarfer", "Geiriad dros dro")])
def test_the_home_page_lists_every_part_with_version_and_placeholder_labels(language: str, heading: str, placeholder: str) -> None:
    page = _html(_client(testing.make_person(Role.PRACTITIONER), language).get(reverse("framework:home")))
    assert heading in page and placeholder in page
    assert f'lang="{language}"' in page
    for code in ["delivery", "principle-welsh", "missing-children", "guidance-information-sharing"]:
        assert reverse("framework:document", args=[code]) in page
    title = in_force("delivery").title_cy if language == "cy" else "Multi-Agency Delivery"
    assert title in page
    # A practitioner sees no editing links.
    assert 'data-testid="editor-links"' not in page


def test_everyone_signed_in_has_the_framework_in_the_navigation() -> None:
    for role in [Role.PRACTITIONER, Role.REGISTER_CHECKER, Role.SYSTEM_ADMIN]:
        page = _html(_client(testing.make_person(role)).get(reverse("core:home")))
        assert f'href="{reverse("framework:home")}"' in page


@pytest.mark.parametrize("language", ["en", "cy"])
def test_every_reading_page_renders(language: str) -> None:
    published_change("missing-children", author=manager(), reviewer=manager(), **{k: v for k, v in WORDING.items() if not k.startswith("change")})
    client = _client(testing.make_person(Role.PRACTITIONER), language)
    for url in [
        reverse("framework:home"),
        reverse("framework:standards"),
        reverse("framework:practice_note", args=["missing-children"]),
        reverse("framework:document", args=["delivery"]),
        reverse("framework:document", args=["delivery-voice"]),
        reverse("framework:version", args=["missing-children", 1]),
        reverse("framework:compare", args=["missing-children"]),
        reverse("framework:compare", args=["missing-children"]) + "?old=2&new=1",
    ]:
        _html(client.get(url))
    page = _html(client.get(reverse("framework:compare", args=["missing-children"])))
    expected = "i'r heddlu" if language == "cy" else "to the police"
    assert expected in page and 'data-testid="change-body_cy"' in page and 'data-testid="change-body_en"' in page
    old = _html(client.get(reverse("framework:version", args=["missing-children", 1])))
    assert 'data-testid="not-in-force"' in old and 'data-testid="changes-from-previous"' not in old
    second = _html(client.get(reverse("framework:version", args=["missing-children", 2])))
    assert 'data-testid="not-in-force"' not in second
    assert reverse("framework:compare", args=["missing-children"]) + "?old=1&new=2" in second


def test_unknown_parts_and_versions_are_404_and_bad_comparisons_are_explained() -> None:
    client = _client(testing.make_person(Role.PRACTITIONER))
    assert client.get(reverse("framework:document", args=["no-such-part"])).status_code == 404
    assert client.get(reverse("framework:version", args=["delivery", 99])).status_code == 404
    assert client.get(reverse("framework:practice_note", args=["delivery"])).status_code == 404
    published_change("conferences", author=manager(), reviewer=manager(), body_en="New.")
    page = _html(client.get(reverse("framework:compare", args=["conferences"]) + "?old=7&new=x"))
    assert "govuk-error-summary" in page


def test_a_partnership_manager_drafts_and_a_second_one_publishes_through_the_pages() -> None:
    author, reviewer = manager(), manager()
    a, r = _client(author), _client(reviewer, "cy")
    document_url = reverse("framework:document", args=["missing-children"])
    assert "Start a new version" in _html(a.get(document_url))
    response = a.post(reverse("framework:draft_start", args=["missing-children"]))
    assert response.status_code == 302 and response["Location"] == reverse("framework:draft", args=["missing-children"])
    draft_url = response["Location"]
    version = _current("missing-children").edit_version
    # An empty Welsh title is refused with a message; nothing is saved.
    page = _html(a.post(draft_url, _form({**WORDING, "title_cy": ""}, version, "submit")))
    assert "govuk-error-summary" in page and "Enter the Welsh wording" in page
    assert _current("missing-children").status == "draft" and _current("missing-children").body_en.startswith("Placeholder")
    response = a.post(draft_url, _form(WORDING, version, "submit"))
    assert response.status_code == 302 and response["Location"] == reverse("framework:review", args=["missing-children"])
    review_url = response["Location"]
    own = _html(a.get(review_url))
    assert 'data-testid="second-person"' in own and "Publish this version" not in own
    page = _html(r.get(review_url))
    assert "Cyhoeddi'r fersiwn hon" in page
    draft = _current("missing-children")
    response = r.post(review_url, {"step": "publish", "publish-version": draft.edit_version})
    assert response.status_code == 302
    assert PracticeNote.objects.get(slug="missing-children").body_cy == WORDING["body_cy"]
    compare = _html(r.get(reverse("framework:compare", args=["missing-children"])))
    assert "Enwi cyfweliadau dychwelyd." in compare


def test_a_stale_draft_form_is_refused_and_shows_what_the_other_person_saved() -> None:
    first, second = manager(), manager()
    a, b = _client(first), _client(second)
    a.post(reverse("framework:draft_start", args=["conferences"]))
    url = reverse("framework:draft", args=["conferences"])
    loaded = _current("conferences").edit_version
    assert a.post(url, _form({**WORDING, "body_en": "First."}, loaded)).status_code == 302
    page = _html(b.post(url, _form({**WORDING, "body_en": "Second."}, loaded)))
    assert "Someone else saved changes to this draft" in page and 'data-testid="stale-changes"' in page and "First." in page
    assert _current("conferences").body_en == "First."


def test_a_reviewer_sends_a_draft_back_and_junk_posts_change_nothing() -> None:
    author, reviewer = manager(), manager()
    a, r = _client(author), _client(reviewer)
    a.post(reverse("framework:draft_start", args=["conferences"]))
    a.post(reverse("framework:draft", args=["conferences"]), _form(WORDING | {"title_en": "Conferences", "title_cy": "Cynadleddau"}, _current("conferences").edit_version, "submit"))
    url = reverse("framework:review", args=["conferences"])
    assert r.post(url, {"step": "nonsense"}).status_code == 404
    page = _html(r.post(url, {"step": "return", "return-version": _current("conferences").edit_version, "return-comment": ""}))
    assert "Say what needs to change" in page
    stale = _html(r.post(url, {"step": "publish", "publish-version": 0}))
    assert "Someone else changed this draft" in stale
    assert r.post(url, {"step": "return", "return-version": _current("conferences").edit_version, "return-comment": "Shorter, please."}).status_code == 302
    page = _html(a.get(reverse("framework:draft", args=["conferences"])))
    assert "Shorter, please." in page
    assert a.post(reverse("framework:draft_discard", args=["conferences"]), {"version": _current("conferences").edit_version}).status_code == 302
    assert not Document.objects.get(code="conferences").versions.filter(status__in=["draft", "in_review"]).exists()


def test_adding_a_practice_note_through_the_pages() -> None:
    client = _client(manager())
    url = reverse("framework:document_new")
    page = _html(client.post(url, {"kind": "practice_note", "code": "Bad Name!"}))
    assert "govuk-error-summary" in page
    response = client.post(url, {"kind": "practice_note", "code": "domestic-abuse"})
    assert response.status_code == 302 and response["Location"] == reverse("framework:draft", args=["domestic-abuse"])
    assert "domestic-abuse" in _html(client.get(reverse("framework:drafts")))


def test_people_who_may_not_edit_are_refused_every_editing_page() -> None:
    client = _client(testing.make_person(Role.SAFEGUARDING_LEAD))
    for name, method in [("draft", "get"), ("draft", "post"), ("review", "get"), ("draft_start", "post"), ("draft_discard", "post")]:
        assert getattr(client, method)(reverse(f"framework:{name}", args=["conferences"])).status_code == 403, name
    assert client.get(reverse("framework:drafts")).status_code == 403
    assert not DocumentVersion.objects.filter(status="draft").exists()


def test_reading_pages_use_a_constant_number_of_queries(django_assert_max_num_queries: Any) -> None:
    from cylch.framework import services

    pages = [("framework:home", []), ("framework:standards", []), ("framework:document", ["delivery"]), ("framework:compare", ["delivery"])]
    for person in [testing.make_person(Role.PRACTITIONER), manager()]:
        client = _client(person)
        client.get(reverse("framework:home"))
        for name, args in pages:
            # Nine: the page's own queries and one for the learning briefings of the standards
            # shown (the learning domain's tag reads them for every standard at once).
            with django_assert_max_num_queries(9):
                assert client.get(reverse(name, args=args)).status_code == 200
    # Twenty more pieces of guidance with two versions each: the same number of queries.
    author, reviewer = manager(), manager()
    for n in range(20):
        draft = services.document_create(actor=author, kind="guidance", code=f"guidance-extra-{n}")
        wording = {f"{k}_{lang}": f"{k} {lang} {n}" for k in ("title", "summary", "body") for lang in ("en", "cy")}
        draft = services.draft_save(actor=author, draft=draft, expected_version=draft.edit_version, values=wording | {"change_note_en": "n", "change_note_cy": "n"})
        draft = services.draft_submit(actor=author, draft=draft, expected_version=draft.edit_version)
        services.draft_publish(actor=reviewer, draft=draft, expected_version=draft.edit_version)
    client = _client(testing.make_person(Role.PRACTITIONER))
    client.get(reverse("framework:home"))
    with django_assert_max_num_queries(5):
        assert "title en 19" in _html(client.get(reverse("framework:home")))


def test_the_practice_note_tag_shows_the_link_and_the_summary() -> None:
    from django.template import Context, Template
    from django.utils import translation

    template = Template('{% load framework %}{% practice_note_link "missing-children" %}|{% practice_note_link "missing-children" summary=False %}|{% practice_note_link "nope" %}')
    with translation.override("cy"):
        rendered = template.render(Context())
    full, link_only, unknown = rendered.split("|")
    note = PracticeNote.objects.get(slug="missing-children")
    assert note.title_cy in html.unescape(full) and note.summary_cy in html.unescape(full)
    assert note.summary_cy not in html.unescape(link_only) and reverse("framework:practice_note", args=["missing-children"]) in link_only
    assert unknown == ""


def test_conference_pages_show_the_conferences_practice_note() -> None:
    from django.utils import timezone

    from cylch.meetings import services as meetings

    team = testing.make_team()
    worker = testing.make_person(Role.PRACTITIONER, team)
    child = testing.make_child(involved_team=team, practitioner=worker, is_lead=True)
    client = _client(worker)
    link = reverse("framework:practice_note", args=["conferences"])
    assert link in _html(client.get(reverse("meetings:arrange", args=[child.pk])))
    conference = meetings.meeting_arrange(actor=worker, child=child, meeting_type="initial_conference", scheduled_at=timezone.now(), location="", chair_name="", siblings=[])
    assert link in _html(client.get(reverse("meetings:detail", args=[child.pk, conference.pk])))
    other = meetings.meeting_arrange(actor=worker, child=child, meeting_type="core_group", scheduled_at=timezone.now(), location="", chair_name="", siblings=[])
    assert link not in _html(client.get(reverse("meetings:detail", args=[child.pk, other.pk])))
    assert re.search("Placeholder", PracticeNote.objects.get(slug="conferences").summary_en)


def test_a_refused_save_keeps_the_version_loaded_so_a_later_save_cannot_overwrite_someone_else() -> None:
    first, second = manager(), manager()
    a, b = _client(first), _client(second)
    a.post(reverse("framework:draft_start", args=["conferences"]))
    url = reverse("framework:draft", args=["conferences"])
    loaded = _current("conferences").edit_version
    assert b.post(url, _form({**WORDING, "body_en": "Second person's."}, loaded)).status_code == 302
    refused = _html(a.post(url, _form({**WORDING, "body_cy": ""}, loaded)))
    assert f'name="version" value="{loaded}"' in refused
    page = _html(a.post(url, _form({**WORDING, "body_en": "First person's."}, loaded)))
    assert "Someone else saved changes to this draft" in page
    assert _current("conferences").body_en == "Second person's."


def test_saved_but_not_ready_for_review_goes_on_from_the_saved_version() -> None:
    client = _client(manager())
    client.post(reverse("framework:draft_start", args=["conferences"]))
    url = reverse("framework:draft", args=["conferences"])
    loaded = _current("conferences").edit_version
    page = _html(client.post(url, _form({**WORDING, "change_note_en": "", "change_note_cy": ""}, loaded, "submit")))
    assert "Say what changed and why, in English." in page
    draft = _current("conferences")
    assert draft.status == "draft" and draft.body_en == WORDING["body_en"]
    assert f'name="version" value="{draft.edit_version}"' in page
    assert client.post(url, _form(WORDING, draft.edit_version, "submit")).status_code == 302
    assert _current("conferences").status == "in_review"


def test_an_indicator_draft_asks_whether_ratings_need_evidence() -> None:
    client = _client(manager())
    client.post(reverse("framework:draft_start", args=["delivery-voice"]))
    page = _html(client.get(reverse("framework:draft", args=["delivery-voice"])))
    assert 'name="evidence_required"' in page and 'name="summary_en"' not in page
    standard = _html(client.get(reverse("framework:document", args=["delivery-voice"])))
    assert 'data-testid="evidence-required"' in standard
    client.post(reverse("framework:draft_start", args=["delivery"]))
    assert 'name="evidence_required"' not in _html(client.get(reverse("framework:draft", args=["delivery"])))
