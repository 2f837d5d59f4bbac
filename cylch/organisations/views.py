from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cylch.access import rules
from cylch.access.rules import Capability
from cylch.organisations import selectors
from cylch.organisations.models import Agency


def directory(request: HttpRequest) -> HttpResponse:
    rules.require(request.user, Capability.VIEW_DIRECTORY)
    kind = request.GET.get("kind") or None
    if kind not in Agency.Kind.values:
        kind = None
    area_code = (request.GET.get("area") or "")[:60] or None
    agencies = selectors.agency_directory(actor=request.user, kind=kind, area_code=area_code)
    page = Paginator(agencies, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "organisations/directory.html",
        {
            "page": page,
            "kinds": Agency.Kind.choices,
            "kind": kind or "",
            "areas": selectors.area_list(actor=request.user),
            "area_code": area_code or "",
            "boards": selectors.board_list(actor=request.user),
        },
    )
