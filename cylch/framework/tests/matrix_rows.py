"""Framework pages in the permission matrix: content, no child data, for everyone signed in."""

from __future__ import annotations

from cylch.access.tests.matrix_support import Row, signed_in_only

ROWS: list[Row] = [
    Row("framework:standards", expected=signed_in_only()),
    Row("framework:practice_note", kwargs=lambda ctx: {"slug": "missing-children"}, expected=signed_in_only()),
]
