from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from cylch.access import rules
from cylch.access.rules import Capability
from cylch.work import selectors


def my_work(request: HttpRequest) -> HttpResponse:
    rules.require(request.user, Capability.WORK_WITH_CHILDREN)
    items = selectors.work_for(actor=request.user, scope=selectors.my_scope(actor=request.user))
    return render(request, "work/work.html", {"items": items, "title": _("My work"), "by_owner": None})


def team_work(request: HttpRequest) -> HttpResponse:
    rules.require(request.user, Capability.REVIEW_BREAK_GLASS)
    items = selectors.work_for(actor=request.user, scope=selectors.team_scope(actor=request.user))
    return render(
        request, "work/work.html", {"items": items, "title": _("My team"), "by_owner": selectors.overdue_counts_by_owner(items)}
    )


def agency_work(request: HttpRequest) -> HttpResponse:
    rules.require(request.user, Capability.OVERSEE_AGENCY_CHILDREN)
    items = selectors.work_for(actor=request.user, scope=selectors.agency_scope(actor=request.user))
    return render(
        request, "work/work.html", {"items": items, "title": _("My agency"), "by_owner": selectors.overdue_counts_by_owner(items)}
    )
