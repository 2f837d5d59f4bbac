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


def team_list(request: HttpRequest) -> HttpResponse:
    """An agency administrator's teams, with a form to add one."""
    from django.contrib import messages
    from django.core.exceptions import ValidationError
    from django.shortcuts import redirect
    from django.utils.translation import gettext as _

    from cylch.core.forms import apply_validation_error
    from cylch.organisations import services
    from cylch.organisations.forms import TeamForm
    from cylch.organisations.models import Team

    rules.require(request.user, Capability.MANAGE_PEOPLE)
    agency_ids = rules.agencies_where(request.user, Capability.MANAGE_PEOPLE)
    agencies = list(Agency.objects.filter(pk__in=agency_ids).order_by("name_en"))
    teams = Team.objects.filter(agency_id__in=agency_ids).select_related("agency").order_by("agency__name_en", "name_en")
    form = TeamForm(request.POST if request.method == "POST" else None, initial={"is_active": True})
    if request.method == "POST" and form.is_valid():
        agency = next((a for a in agencies if str(a.pk) == request.POST.get("agency")), agencies[0] if agencies else None)
        try:
            if agency is None:
                raise ValidationError(_("Choose an agency."))
            services.team_create(actor=request.user, agency=agency, name_en=form.cleaned_data["name_en"], name_cy=form.cleaned_data["name_cy"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Team added."))
            return redirect("organisations:teams")
    return render(request, "organisations/teams.html", {"teams": teams, "form": form, "agencies": agencies})


def team_edit(request: HttpRequest, team_id: int) -> HttpResponse:
    from django.contrib import messages
    from django.core.exceptions import ValidationError
    from django.http import Http404
    from django.shortcuts import redirect
    from django.utils.translation import gettext as _

    from cylch.core.forms import apply_validation_error
    from cylch.organisations import services
    from cylch.organisations.forms import TeamForm
    from cylch.organisations.models import Team

    rules.require(request.user, Capability.MANAGE_PEOPLE)
    team = Team.objects.filter(pk=team_id, agency_id__in=rules.agencies_where(request.user, Capability.MANAGE_PEOPLE)).first()
    if team is None:
        raise Http404
    form = TeamForm(
        request.POST if request.method == "POST" else None,
        initial={"name_en": team.name_en, "name_cy": team.name_cy, "is_active": team.is_active},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.team_update(actor=request.user, team=team, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Team saved."))
            return redirect("organisations:teams")
    return render(request, "organisations/team_edit.html", {"team": team, "form": form})
