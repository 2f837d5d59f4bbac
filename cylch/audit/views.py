from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cylch.audit import selectors


def trail(request: HttpRequest) -> HttpResponse:
    lines = selectors.audit_trail(actor=request.user)
    return render(request, "audit/trail.html", {"lines": lines, "mine": False})


def mine(request: HttpRequest) -> HttpResponse:
    lines = selectors.audit_trail_of_person(actor=request.user)
    return render(request, "audit/trail.html", {"lines": lines, "mine": True})
