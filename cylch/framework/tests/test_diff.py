"""What changed between two versions, word by word, in both languages."""

from __future__ import annotations

import pytest
from django.utils import translation

from cylch.framework.diff import changes_html, line_changes, word_changes
from cylch.framework.models import DocumentVersion
from cylch.framework.selectors import versions_compare


def test_word_changes_mark_only_the_words_that_changed() -> None:
    assert word_changes("offer a return interview within 72 hours", "offer a return interview within 3 days") == [
        ("equal", "offer a return interview within "),
        ("delete", "72 hours"),
        ("insert", "3 days"),
    ]
    assert word_changes("same", "same") == [("equal", "same")]
    assert word_changes("", "new") == [("insert", "new")]


def test_the_html_escapes_text_keeps_line_breaks_and_names_the_changes_for_screen_readers() -> None:
    html = str(changes_html("Keep <b>this</b>\nline", "Keep <b>that</b>\nline"))
    assert "<b>" not in html and "&lt;b&gt;" in html
    assert "<br>" in html
    assert '<del class="cylch-diff__removed"><span class="govuk-visually-hidden">[removed] </span>this' in html
    assert '<ins class="cylch-diff__added"><span class="govuk-visually-hidden">[added] </span>that' in html
    with translation.override("cy"):
        welsh = str(changes_html("un", "dau"))
    assert "[removed]" not in welsh and "[added]" not in welsh


def test_line_changes_for_the_command_line() -> None:
    assert "-old line" in line_changes("old line\nsame", "new line\nsame")
    assert "+new line" in line_changes("old line\nsame", "new line\nsame")


@pytest.mark.parametrize("language", ["en", "cy"])
def test_comparing_versions_lists_each_changed_field_in_each_language(language: str) -> None:
    old = DocumentVersion(title_en="Missing", title_cy="Ar goll", body_en="Report at once.", body_cy="Rhowch wybod ar unwaith.")
    new = DocumentVersion(title_en="Missing", title_cy="Ar goll", body_en="Report at once to the police.", body_cy="Rhowch wybod i'r heddlu ar unwaith.")
    with translation.override(language):
        changes = versions_compare("practice_note", old, new)
    assert [c.field for c in changes] == ["body_en", "body_cy"]
    assert [c.language for c in changes] == ["en", "cy"]
    assert "to the police" in str(changes[0].html) and "i&#x27;r heddlu" in str(changes[1].html)
    assert versions_compare("practice_note", old, old) == []
