"""The shipped content files (framework_load) and importing the official text (framework_import)."""

from __future__ import annotations

import copy
import json
import pathlib
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from cylch.audit.models import AuditEntry
from cylch.framework import services
from cylch.framework.content_loader import CONTENT, content_parse, framework_content
from cylch.framework.models import DocumentVersion, Indicator, PracticeNote, Standard
from cylch.framework.tests.factories import in_force, manager, published_change

pytestmark = pytest.mark.django_db

EXAMPLE = CONTENT.parent / "import-example.json"


def _example() -> dict:  # type: ignore[type-arg]
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def test_the_shipped_file_and_the_example_are_valid() -> None:
    assert content_parse(framework_content()).errors == []
    assert content_parse(_example(), for_import=True).errors == []


def test_loading_twice_changes_nothing() -> None:
    before = DocumentVersion.objects.count()
    out = StringIO()
    call_command("framework_load", stdout=out)
    call_command("framework_load", stdout=out)
    assert DocumentVersion.objects.count() == before
    assert "0 new, 0 new versions" in out.getvalue()


def test_a_changed_shipped_file_publishes_a_new_version_but_keeps_wording_made_in_cylch() -> None:
    published_change("conferences", author=manager(), reviewer=manager(), body_en="Written in Cylch.")
    data = copy.deepcopy(framework_content())
    for note in data["practice_notes"]:
        note["body_en"] += " Changed."
    result = services.framework_load(data=data)
    assert "conferences" in result.kept
    assert set(result.updated) == {"missing-children", "therapeutic-support"}
    assert PracticeNote.objects.get(slug="conferences").body_en == "Written in Cylch."
    assert PracticeNote.objects.get(slug="missing-children").body_en.endswith("Changed.")
    assert in_force("missing-children").number == 2
    # Told to, it replaces the wording made in Cylch with a new version.
    result = services.framework_load(data=data, force=True)
    assert result.updated == ["conferences"]
    assert PracticeNote.objects.get(slug="conferences").body_en.endswith("Changed.")
    assert in_force("conferences").number == 3
    assert AuditEntry.objects.filter(action="cylch.framework.content.loaded").count() == 2


def test_import_publishes_new_versions_with_the_change_note(tmp_path: pathlib.Path) -> None:
    person = manager(email="importer@test.cylch.invalid")
    out = StringIO()
    call_command("framework_import", str(EXAMPLE), "--as", person.email, stdout=out)
    version = in_force("delivery")
    assert version.number == 2 and version.source == "import" and not version.is_placeholder
    assert version.change_note_cy.startswith("Mewnforio")
    assert version.published_by == person
    standard = Standard.objects.get(code="delivery")
    assert standard.summary_cy.startswith("ENGHRAIFFT") and not standard.is_placeholder
    indicator = Indicator.objects.get(code="delivery-timeliness")
    assert indicator.text_en.startswith("EXAMPLE") and indicator.evidence_required and not indicator.is_placeholder
    assert not PracticeNote.objects.get(slug="missing-children").is_placeholder
    # The same file again publishes nothing new.
    call_command("framework_import", str(EXAMPLE), stdout=out)
    assert in_force("delivery").number == 2
    assert AuditEntry.objects.filter(action="cylch.framework.content.imported").count() == 2


def _refused(data: object, match: str) -> None:
    before = list(DocumentVersion.objects.order_by("pk").values_list("pk", "status"))
    with pytest.raises(ValidationError) as caught:
        services.framework_import(data=data)
    assert any(match in message for message in caught.value.messages), caught.value.messages
    assert list(DocumentVersion.objects.order_by("pk").values_list("pk", "status")) == before


def test_an_import_with_an_empty_welsh_field_changes_nothing() -> None:
    data = _example()
    data["practice_notes"][0]["body_cy"] = ""
    _refused(data, "practice_notes[0] (missing-children): body_cy is empty")


def test_an_import_with_an_empty_english_field_changes_nothing() -> None:
    data = _example()
    data["standards"][0]["indicators"][0]["text_en"] = "   "
    _refused(data, "text_en is empty")


@pytest.mark.parametrize(
    ("change", "match"),
    [
        (lambda d: d.pop("change_note_cy"), '"change_note_cy" is required'),
        (lambda d: d.update(format="something-else"), '"format" must be'),
        (lambda d: d["standards"][0].update(code="sixth-standard"), "there is no standard sixth-standard"),
        (lambda d: d["practice_notes"].append(dict(d["practice_notes"][0])), "is used twice"),
        (lambda d: d["practice_notes"][0].update(slug="Not A Slug"), "lower-case letters"),
        (lambda d: d["practice_notes"][0].update(body_en=7), "body_en must be text"),
        (lambda d: d.update(surprise=1), "Unknown keys: surprise"),
        (lambda d: [d.pop("standards"), d.pop("practice_notes")], "holds no standards"),
        (lambda d: d["standards"][0]["indicators"][0].update(code="delivery"), "is used twice"),
    ],
)
def test_a_bad_import_file_is_refused_with_every_problem_named(change, match) -> None:  # type: ignore[no-untyped-def]
    data = _example()
    change(data)
    _refused(data, match)


def test_an_import_of_junk_is_refused() -> None:
    _refused([1, 2, 3], "one JSON object")
    _refused({"format": "cylch-framework/1", "change_note_en": "x", "change_note_cy": "y", "standards": "no"}, '"standards" must be a list')


def test_the_import_command_reports_a_missing_or_broken_file(tmp_path: pathlib.Path) -> None:
    with pytest.raises(CommandError, match="No such file"):
        call_command("framework_import", str(tmp_path / "nope.json"))
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="not valid UTF-8 JSON"):
        call_command("framework_import", str(broken))
    data = _example()
    data["practice_notes"][0]["title_cy"] = ""
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("framework_import", str(bad))


def test_a_dry_run_changes_nothing() -> None:
    before = DocumentVersion.objects.count()
    out = StringIO()
    call_command("framework_import", str(EXAMPLE), "--dry-run", stdout=out)
    assert "Would publish 3 new versions" in out.getvalue()
    assert DocumentVersion.objects.count() == before


def test_the_shipped_wording_is_translated_and_labelled_as_placeholder() -> None:
    parsed = content_parse(framework_content())
    assert parsed.placeholder
    for entry in parsed.entries:
        for name in ("title", "summary", "body"):
            en, cy = entry.wording[f"{name}_en"], entry.wording[f"{name}_cy"]
            assert en != cy or not en, f"{entry.code} {name} is not translated"
        if entry.kind != "standard":
            # Standards' titles are the Framework's; everything else is our own words and says so.
            assert entry.wording["body_en"].startswith("Placeholder"), entry.code
            assert entry.wording["body_cy"].startswith("Dros dro"), entry.code


def test_a_file_that_changes_only_whether_evidence_is_required_publishes_a_new_version() -> None:
    data = copy.deepcopy(framework_content())
    indicator = data["standards"][4]["indicators"][1]
    assert indicator["code"] == "delivery-voice" and indicator["evidence_required"] is False
    indicator["evidence_required"] = True
    result = services.framework_load(data=data)
    assert result.updated == ["delivery-voice"]
    assert Indicator.objects.get(code="delivery-voice").evidence_required
    assert in_force("delivery-voice").evidence_required is True
