"""Framework pages in the permission matrix: the content (no child data) is for everyone signed
in; drafts, review and publication only for partnership managers (403 for other roles)."""

from __future__ import annotations

from cylch.access.tests.matrix_support import Row, only, signed_in_only
from cylch.people.models import Role

EDITORS = {Role.PARTNERSHIP_MANAGER.value}


def _kwargs(name: str):  # type: ignore[no-untyped-def]
    from cylch.framework.tests import factories

    return getattr(factories, name)


ROWS: list[Row] = [
    Row("framework:home", expected=signed_in_only()),
    Row("framework:standards", expected=signed_in_only()),
    Row("framework:practice_note", kwargs=lambda ctx: {"slug": "missing-children"}, expected=signed_in_only()),
    Row("framework:document", kwargs=lambda ctx: {"code": "delivery"}, expected=signed_in_only()),
    Row("framework:version", kwargs=lambda ctx: {"code": "delivery", "number": 1}, expected=signed_in_only()),
    Row("framework:compare", kwargs=lambda ctx: {"code": "delivery"}, expected=signed_in_only()),
    Row("framework:drafts", expected=only(EDITORS)),
    Row("framework:document_new", expected=only(EDITORS)),
    # An empty form answers 200 with its error summary and changes nothing.
    Row("framework:document_new", method="POST", expected=only(EDITORS)),
    Row("framework:draft", kwargs=lambda ctx: _kwargs("draft_kwargs")(ctx), expected=only(EDITORS)),
    Row("framework:draft", method="POST", kwargs=lambda ctx: _kwargs("draft_kwargs")(ctx), expected=only(EDITORS)),
    Row("framework:review", kwargs=lambda ctx: _kwargs("review_kwargs")(ctx), expected=only(EDITORS)),
    # An empty post (no step chosen) is refused as a page that does not exist.
    Row("framework:review", method="POST", kwargs=lambda ctx: _kwargs("review_kwargs")(ctx), expected=only(EDITORS, ok=404)),
    # Starting a draft goes to it; an empty discard (no version) goes back to the document.
    Row("framework:draft_start", method="POST", kwargs=lambda ctx: {"code": "learning"}, expected=only(EDITORS, ok=302)),
    Row("framework:draft_discard", method="POST", kwargs=lambda ctx: _kwargs("draft_kwargs")(ctx), expected=only(EDITORS, ok=302)),
]
