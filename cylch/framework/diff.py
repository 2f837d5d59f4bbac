"""What changed between two versions: a word-by-word comparison that keeps line breaks.

Removed words are struck through and added words underlined (<del>, <ins>), each with a
visually hidden "removed"/"added" marker, because screen readers do not announce the
elements themselves.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

_TOKENS = re.compile(r"\n|[^\S\n]+|\w+|[^\w\s]")


def tokens(text: str) -> list[str]:
    return _TOKENS.findall(text or "")


def word_changes(old: str, new: str) -> list[tuple[str, str]]:
    """(operation, text) pieces: "equal", "delete" or "insert", in reading order.

    A single space between two changes is taken into the change, so "72 hours" replaced by
    "3 days" reads as one change rather than two.
    """
    a, b = tokens(old), tokens(new)
    chunks: list[list[str]] = []  # [operation, old text, new text]
    for opcode, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        chunks.append(["equal" if opcode == "equal" else "change", "".join(a[i1:i2]), "".join(b[j1:j2])])
    merged: list[list[str]] = []
    for index, chunk in enumerate(chunks):
        between_changes = (
            chunk[0] == "equal"
            and chunk[1].strip(" ") == ""
            and 0 < index < len(chunks) - 1
            and chunks[index + 1][0] == "change"
            and merged
            and merged[-1][0] == "change"
        )
        if (chunk[0] == "change" or between_changes) and merged and merged[-1][0] == "change":
            merged[-1][1] += chunk[1]
            merged[-1][2] += chunk[2]
        else:
            merged.append(list(chunk))
    pieces: list[tuple[str, str]] = []
    for op, before, after in merged:
        if op == "equal":
            pieces.append(("equal", before))
            continue
        if before:
            pieces.append(("delete", before))
        if after:
            pieces.append(("insert", after))
    return pieces


def _text(value: str) -> str:
    return str(escape(value)).replace("\n", "<br>")


def changes_html(old: str, new: str) -> SafeString:
    parts: list[str] = []
    for op, text in word_changes(old, new):
        if op == "equal":
            parts.append(_text(text))
        elif op == "delete":
            parts.append(
                format_html(
                    '<del class="cylch-diff__removed"><span class="govuk-visually-hidden">[{}] </span>{}<span class="govuk-visually-hidden"> [{}]</span></del>',
                    _("removed"),
                    mark_safe(_text(text)),  # noqa: S308 - escaped by _text
                    _("end of removed text"),
                )
            )
        else:
            parts.append(
                format_html(
                    '<ins class="cylch-diff__added"><span class="govuk-visually-hidden">[{}] </span>{}<span class="govuk-visually-hidden"> [{}]</span></ins>',
                    _("added"),
                    mark_safe(_text(text)),  # noqa: S308 - escaped by _text
                    _("end of added text"),
                )
            )
    return mark_safe("".join(parts))  # noqa: S308 - every piece escaped above


@dataclass(frozen=True)
class FieldChange:
    field: str  # "title_en"
    label: str
    language: str  # "en" or "cy"
    html: SafeString


def line_changes(old: str, new: str) -> list[str]:
    """A plain unified line diff (for the command line and the audit trail)."""
    return list(difflib.unified_diff((old or "").splitlines(), (new or "").splitlines(), lineterm="", n=1))
