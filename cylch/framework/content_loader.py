"""The Framework's content files: their format, validation, and loading into the database.

The same file format serves the content shipped in `content/framework.json` and the
official text imported later (`manage.py framework_import`); docs/framework-content.md
describes it. These functions take the model classes as arguments so the data
migrations can call them with historical models; services add the audit entries.
"""

from __future__ import annotations

import json
import pathlib
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

CONTENT = pathlib.Path(__file__).resolve().parent / "content" / "framework.json"
FORMAT = "cylch-framework/1"
LANGUAGES = ("en", "cy")

# Wording each kind of document must have, in both languages. Fields not listed are optional
# (but still given in both languages or in neither).
REQUIRED: dict[str, tuple[str, ...]] = {
    "standard": ("title", "summary", "body"),
    "indicator": ("title", "body"),
    "principle": ("title", "summary"),
    "practice_note": ("title", "summary", "body"),
    "guidance": ("title", "summary", "body"),
}
WORDING = ("title", "summary", "body")
# Where each kind's wording sits in the file: the version's `body` is a standard's
# descriptor and an indicator's text.
FILE_NAMES: dict[str, dict[str, str]] = {
    "standard": {"title": "title", "summary": "summary", "body": "descriptor"},
    "indicator": {"title": "title", "summary": "summary", "body": "text"},
    "principle": {"title": "title", "summary": "summary", "body": "body"},
    "practice_note": {"title": "title", "summary": "summary", "body": "body"},
    "guidance": {"title": "title", "summary": "summary", "body": "body"},
}
SECTIONS = {"standards": "standard", "principles": "principle", "practice_notes": "practice_note", "guidance": "guidance"}
MAX_LENGTH = {"title": 200, "summary": 5000, "body": 100000, "change_note": 5000}


def framework_content() -> dict[str, Any]:
    return json.loads(CONTENT.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@dataclass
class Entry:
    """One document as a content file gives it."""

    kind: str
    code: str
    position: int
    wording: dict[str, str]  # title_en, title_cy, summary_en, ... body_cy
    parent: str | None = None
    evidence_required: bool | None = None
    where: str = ""  # for messages: "standards[2].indicators[0]"


@dataclass
class Parsed:
    entries: list[Entry] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    change_note: dict[str, str] = field(default_factory=dict)
    placeholder: bool = False


def _text(item: dict[str, Any], key: str) -> Any:
    value = item.get(key, "")
    return value if value is not None else ""


def wording_problems(kind: str, wording: dict[str, str]) -> dict[str, str]:
    """Problems with one document's wording, by field name (`title_cy`): a required field
    empty, or a field given in one language only. Messages are plain English keys; the
    services translate them."""
    problems: dict[str, str] = {}
    for name in WORDING:
        en = (wording.get(f"{name}_en", "") or "").strip()
        cy = (wording.get(f"{name}_cy", "") or "").strip()
        if name in REQUIRED.get(kind, ()):
            if not en:
                problems[f"{name}_en"] = "required"
            if not cy:
                problems[f"{name}_cy"] = "required"
        elif bool(en) != bool(cy):
            problems[f"{name}_{'cy' if en else 'en'}"] = "other_language"
        for lang, value in (("en", en), ("cy", cy)):
            if len(value) > MAX_LENGTH[name]:
                problems[f"{name}_{lang}"] = "too_long"
    return problems


_FILE_MESSAGES = {
    "required": "{where}: {field} is empty; every required field is needed in English and in Welsh",
    "other_language": "{where}: {field} is empty but the other language is given; give both or neither",
    "too_long": "{where}: {field} is too long",
}


def content_parse(data: Any, *, for_import: bool = False) -> Parsed:
    """Check a content file and turn it into entries. Every problem is listed, none is fixed."""
    parsed = Parsed()
    errors = parsed.errors
    if not isinstance(data, dict):
        return Parsed(errors=["The file must hold one JSON object."])
    if data.get("format") != FORMAT:
        errors.append(f'"format" must be "{FORMAT}".')
    parsed.placeholder = bool(data.get("placeholder", False))
    if for_import:
        for lang in LANGUAGES:
            note = data.get(f"change_note_{lang}")
            if not isinstance(note, str) or not note.strip():
                errors.append(f'"change_note_{lang}" is required: say what this import changes, in English and in Welsh.')
            else:
                parsed.change_note[lang] = note.strip()
    unknown = set(data) - {"format", "placeholder", "source", "change_note_en", "change_note_cy", *SECTIONS}
    if unknown:
        errors.append(f"Unknown keys: {', '.join(sorted(unknown))}.")
    if not any(data.get(section) for section in SECTIONS):
        errors.append("The file holds no standards, principles, practice notes or guidance.")
    seen: set[str] = set()

    def take(kind: str, item: Any, where: str, position: int, parent: str | None = None) -> None:
        if not isinstance(item, dict):
            errors.append(f"{where}: must be an object.")
            return
        code = item.get("slug" if kind == "practice_note" else "code")
        if not isinstance(code, str) or not code or not all(c.isalnum() or c == "-" for c in code) or code != code.lower():
            errors.append(f"{where}: needs a \"{'slug' if kind == 'practice_note' else 'code'}\" of lower-case letters, digits and hyphens.")
            return
        if code in seen:
            errors.append(f"{where}: the code {code} is used twice.")
            return
        seen.add(code)
        wording: dict[str, str] = {}
        for name, file_name in FILE_NAMES[kind].items():
            for lang in LANGUAGES:
                value = _text(item, f"{file_name}_{lang}")
                if not isinstance(value, str):
                    errors.append(f"{where}: {file_name}_{lang} must be text.")
                    value = ""
                wording[f"{name}_{lang}"] = value.strip()
        for key, problem in wording_problems(kind, wording).items():
            name, lang = key.rsplit("_", 1)
            errors.append(_FILE_MESSAGES[problem].format(where=f"{where} ({code})", field=f"{FILE_NAMES[kind][name]}_{lang}"))
        evidence = item.get("evidence_required")
        if evidence is not None and not isinstance(evidence, bool):
            errors.append(f"{where}: evidence_required must be true or false.")
            evidence = None
        parsed.entries.append(Entry(kind, code, position, wording, parent, evidence, where))
        if kind == "standard":
            indicators = item.get("indicators", [])
            if not isinstance(indicators, list):
                errors.append(f"{where}: indicators must be a list.")
                return
            for index, indicator in enumerate(indicators):
                take("indicator", indicator, f"{where}.indicators[{index}]", index + 1, code)

    for section, kind in SECTIONS.items():
        items = data.get(section, [])
        if not isinstance(items, list):
            errors.append(f'"{section}" must be a list.')
            continue
        for index, item in enumerate(items):
            take(kind, item, f"{section}[{index}]", index + 1)
    return parsed


@dataclass
class ContentModels:
    """The model classes to write with (live ones, or historical ones in a migration)."""

    standard: Any
    indicator: Any
    note: Any
    document: Any
    version: Any

    @classmethod
    def live(cls) -> ContentModels:
        from cylch.framework import models

        return cls(models.Standard, models.Indicator, models.PracticeNote, models.Document, models.DocumentVersion)


def stable_row_write(m: ContentModels, document: Any, version: Any) -> None:
    """Write a published version's wording into the stable row other domains read."""
    kind = document.kind
    evidence_required = version.evidence_required
    if kind == "standard":
        m.standard.objects.update_or_create(
            code=document.code,
            defaults={
                "position": document.position,
                "title_en": version.title_en,
                "title_cy": version.title_cy,
                "summary_en": version.summary_en,
                "summary_cy": version.summary_cy,
                "is_placeholder": version.is_placeholder,
            },
        )
    elif kind == "indicator":
        standard = m.standard.objects.get(code=document.parent.code)
        defaults: dict[str, Any] = {
            "standard": standard,
            "position": document.position,
            "text_en": version.body_en,
            "text_cy": version.body_cy,
            "is_placeholder": version.is_placeholder,
        }
        if evidence_required is not None:
            defaults["evidence_required"] = evidence_required
        m.indicator.objects.update_or_create(code=document.code, defaults=defaults)
    elif kind == "practice_note":
        m.note.objects.update_or_create(
            slug=document.code,
            defaults={
                "title_en": version.title_en,
                "title_cy": version.title_cy,
                "summary_en": version.summary_en,
                "summary_cy": version.summary_cy,
                "body_en": version.body_en,
                "body_cy": version.body_cy,
                "is_placeholder": version.is_placeholder,
            },
        )


def version_publish(
    m: ContentModels,
    document: Any,
    wording: dict[str, str],
    *,
    source: str,
    change_note: dict[str, str],
    is_placeholder: bool,
    by: Any = None,
    evidence_required: bool | None = None,
) -> Any:
    """A new published version of the document with this wording, written into its stable row."""
    previous = document.published.number if document.published_id else 0
    if document.kind == "indicator" and evidence_required is None:
        # Not said in the file: keep what is in force.
        in_force = document.published.evidence_required if document.published_id else None
        row = m.indicator.objects.filter(code=document.code).values_list("evidence_required", flat=True).first()
        evidence_required = in_force if in_force is not None else bool(row)
    elif document.kind != "indicator":
        evidence_required = None
    number = (m.version.objects.filter(document=document, number__isnull=False).order_by("-number").values_list("number", flat=True).first() or 0) + 1
    now = timezone.now()
    version = m.version.objects.create(
        document=document,
        number=number,
        status="published",
        source=source,
        based_on=previous,
        is_placeholder=is_placeholder,
        change_note_en=change_note.get("en", ""),
        change_note_cy=change_note.get("cy", ""),
        created_by=by,
        updated_by=by,
        submitted_by=by,
        submitted_at=now,
        published_by=by,
        published_at=now,
        evidence_required=evidence_required,
        **wording,
    )
    document.published = version
    document.save(update_fields=["published"])
    stable_row_write(m, document, version)
    return version


@dataclass
class LoadResult:
    created: list[str] = field(default_factory=list)  # new documents
    updated: list[str] = field(default_factory=list)  # a new version from the file
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # newer wording made in Cylch or imported: left alone
    versions: list[Any] = field(default_factory=list)


SHIPPED_NOTE = {
    "en": "Wording shipped with Cylch (placeholder until the official text is imported).",
    "cy": "Geiriad a ddaeth gyda Cylch (dros dro nes i'r testun swyddogol gael ei fewnforio).",
}
SHIPPED_UPDATE_NOTE = {
    "en": "Updated from the content files shipped with Cylch.",
    "cy": "Diweddarwyd o'r ffeiliau cynnwys a ddaeth gyda Cylch.",
}


def entries_apply(
    m: ContentModels,
    entries: list[Entry],
    *,
    source: str,
    is_placeholder: bool,
    change_note: dict[str, str] | None = None,
    force: bool = False,
    by: Any = None,
) -> LoadResult:
    """Bring the documents in line with the entries.

    A document whose published wording already matches is left alone (so loading twice
    changes nothing). Shipped content never replaces a version written in Cylch or
    imported, unless `force`; an import always publishes where the wording differs.
    """
    result = LoadResult()
    documents = {d.code: d for d in m.document.objects.select_related("published", "parent")}
    for entry in entries:
        document = documents.get(entry.code)
        parent = documents.get(entry.parent) if entry.parent else None
        if document is None:
            document = m.document.objects.create(kind=entry.kind, code=entry.code, parent=parent, position=entry.position)
            documents[entry.code] = document
            version = version_publish(
                m, document, entry.wording, source=source, change_note=change_note or SHIPPED_NOTE,
                is_placeholder=is_placeholder, by=by, evidence_required=entry.evidence_required,
            )
            result.created.append(entry.code)
            result.versions.append(version)
            continue
        if document.kind != entry.kind:
            raise ValueError(f"{entry.code} is a {document.kind}, not a {entry.kind}")
        current = document.published
        same = (
            current is not None
            and all(getattr(current, k) == v for k, v in entry.wording.items())
            and (entry.evidence_required is None or current.evidence_required == entry.evidence_required)
        )
        if same and (current.is_placeholder == is_placeholder or source == "shipped"):
            result.unchanged.append(entry.code)
            continue
        if source == "shipped" and current is not None and current.source != "shipped" and not force:
            result.kept.append(entry.code)
            continue
        version = version_publish(
            m, document, entry.wording, source=source, change_note=change_note or SHIPPED_UPDATE_NOTE,
            is_placeholder=is_placeholder, by=by, evidence_required=entry.evidence_required,
        )
        result.updated.append(entry.code)
        result.versions.append(version)
    return result


def content_load(
    standard_model: Any, indicator_model: Any, note_model: Any, data: dict[str, Any] | None = None
) -> None:
    """Create or update the stable standards, indicators and practice notes (migration 0002)."""
    data = data or framework_content()
    for position, item in enumerate(data["standards"], start=1):
        standard, _ = standard_model.objects.update_or_create(
            code=item["code"],
            defaults={
                "position": position,
                **{k: item[k] for k in ("title_en", "title_cy", "summary_en", "summary_cy")},
            },
        )
        for index, indicator in enumerate(item.get("indicators", []), start=1):
            indicator_model.objects.update_or_create(
                code=indicator["code"],
                defaults={
                    "standard": standard,
                    "position": index,
                    "text_en": indicator["text_en"],
                    "text_cy": indicator["text_cy"],
                    "evidence_required": indicator.get("evidence_required", False),
                },
            )
    for note in data.get("practice_notes", []):
        note_model.objects.update_or_create(
            slug=note["slug"],
            defaults={k: note[k] for k in ("title_en", "title_cy", "body_en", "body_cy")},
        )
