"""The Framework: its standards and practice notes, in the reader's language."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cylch.framework import selectors


def standards(request: HttpRequest) -> HttpResponse:
    return render(request, "framework/standards.html", {"standards": selectors.standards_list(actor=request.user)})


def practice_note(request: HttpRequest, slug: str) -> HttpResponse:
    return render(
        request, "framework/practice_note.html", {"note": selectors.practice_note_get(actor=request.user, slug=slug)}
    )
