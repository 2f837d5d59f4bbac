"""Partnership and self-assessment pages. Thin: access, form, service or selector, render."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from cylch.access import rules
from cylch.access.rules import Capability
from cylch.audit.services import access_record
from cylch.core.forms import apply_validation_error, form_set_value
from cylch.core.forms import draft_initial as _draft_initial
from cylch.core.forms import posted as _post
from cylch.core.services import draft_discard
from cylch.framework.models import Indicator, Standard
from cylch.organisations.models import Agency
from cylch.partnerships import charts, selectors, services
from cylch.partnerships.forms import (
    BodyForm,
    ChallengeForm,
    CycleForm,
    ImprovementActionForm,
    MatrixEntryForm,
    MembersForm,
    PartnershipForm,
    PriorityForm,
    RatingForm,
    ResolveForm,
    RoleForm,
    SignOffForm,
)
from cylch.partnerships.measures import all_measures, measure_get
from cylch.partnerships.models import (
    AssessmentCycle,
    Challenge,
    GovernanceBody,
    PartnershipPriority,
    PartnershipRole,
    Rating,
)
from cylch.people.models import Membership, Role

# People who can be named as leads and owners: those who speak for their agency.
NAMED_ROLES = [Role.SAFEGUARDING_LEAD, Role.PARTNERSHIP_MANAGER, Role.TEAM_MANAGER, Role.AGENCY_ADMIN]


def _require_view(request: HttpRequest) -> None:
    if not rules.may_see_partnerships(request.user):
        raise PermissionDenied


def _people_choices(partnership: Any) -> list[tuple[int, str]]:
    members = list(partnership.agencies.values_list("pk", flat=True))
    memberships = (
        Membership.objects.current()
        .filter(team__agency_id__in=members, person__is_active=True)
        .filter(Q(role__in=NAMED_ROLES) | Q(person__partnership_roles__partnership=partnership))
        .select_related("person", "team__agency")
        .order_by("person__full_name", "team__agency__name_en")
    )
    people: dict[int, str] = {}
    for m in memberships:
        people.setdefault(m.person_id, f"{m.person.full_name} ({m.team.agency.name})")
    return list(people.items())


def _agency_choices(partnership: Any, ids: Any = None) -> list[tuple[int, str]]:
    agencies = partnership.agencies.all()
    if ids is not None:
        agencies = agencies.filter(pk__in=ids)
    return [(a.pk, a.name) for a in sorted(agencies, key=lambda a: a.name)]


def _standards() -> list[tuple[int, str]]:
    return [(s.pk, s.title) for s in Standard.objects.all()]


def _id(value: Any) -> int | None:
    return int(value) if value not in (None, "") else None


def _pick(queryset: Any, value: Any) -> Any:
    """The row with the chosen id, or None when nothing was chosen."""
    pk = _id(value)
    return queryset.filter(pk=pk).first() if pk is not None else None


# --- Partnerships ---------------------------------------------------------------------------------


def partnership_list(request: HttpRequest) -> HttpResponse:
    _require_view(request)
    return render(
        request,
        "partnerships/list.html",
        {
            "partnerships": selectors.partnerships_list(actor=request.user),
            "can_create": rules.has_capability(request.user, Capability.MANAGE_PARTNERSHIPS),
        },
    )


def partnership_new(request: HttpRequest) -> HttpResponse:
    rules.require(request.user, Capability.MANAGE_PARTNERSHIPS)
    from cylch.organisations.models import Area

    areas = [(a.pk, a.name) for a in Area.objects.filter(kind=Area.Kind.LOCAL_AUTHORITY).order_by("name_en")]
    form = PartnershipForm(_post(request), areas=areas)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            partnership = services.partnership_create(
                actor=request.user,
                name_en=d["name_en"],
                name_cy=d["name_cy"],
                area_ids=[int(x) for x in d["areas"]],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Local partnership set up. Check its member agencies."))
            return redirect("partnerships:members", partnership.pk)
    return render(request, "partnerships/new.html", {"form": form})


def members(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership, access = rules.access_partnership(request.user, partnership_id, manage=True)
    choices = [(a.pk, a.name) for a in services.member_choices(partnership)]
    form = MembersForm(
        _post(request), initial={"agencies": [str(pk) for pk in partnership.agencies.values_list("pk", flat=True)]}, agencies=choices
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.partnership_members_set(
                actor=request.user, partnership=partnership, agency_ids=[int(x) for x in form.cleaned_data["agencies"]]
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Member agencies saved."))
            return redirect("partnerships:detail", partnership.pk)
    return render(
        request, "partnerships/form.html", {"partnership": partnership, "form": form, "title": _("Member agencies")}
    )


def partnership_detail(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership, access = rules.access_partnership(request.user, partnership_id)
    page = selectors.partnership_page(actor=request.user, partnership=partnership)
    return render(request, "partnerships/detail.html", {"partnership": partnership, "access": access, "page": page})


def body_new(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership, access = rules.access_partnership(request.user, partnership_id, manage=True)
    bodies = [(b.pk, b.name) for b in partnership.bodies.filter(is_active=True)]
    form = BodyForm(_post(request), bodies=bodies, standards=_standards())
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.governance_body_create(
                actor=request.user,
                partnership=partnership,
                kind=d["kind"],
                name_en=d["name_en"],
                name_cy=d["name_cy"],
                reports_to=_pick(partnership.bodies, d.get("reports_to")),
                standard=_pick(Standard.objects.all(), d.get("standard")),
                remit_en=d.get("remit_en") or "",
                remit_cy=d.get("remit_cy") or "",
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Board or sub-group added."))
            return redirect("partnerships:detail", partnership.pk)
    return render(
        request, "partnerships/form.html", {"partnership": partnership, "form": form, "title": _("Add a board or sub-group")}
    )


def role_new(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership, access = rules.access_partnership(request.user, partnership_id, manage=True)
    form = RoleForm(
        _post(request), people=_people_choices(partnership), agencies=_agency_choices(partnership), standards=_standards()
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        people = dict(_people_choices(partnership))
        person_id = _id(d.get("person"))
        from cylch.people.models import Person

        person = Person.objects.filter(pk=person_id).first() if person_id in people else None
        try:
            services.partnership_role_assign(
                actor=request.user,
                partnership=partnership,
                person=person,
                role=d["role"],
                agency=_pick(Agency.objects.all(), d.get("agency")),
                standard=_pick(Standard.objects.all(), d.get("standard")),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Role added."))
            return redirect("partnerships:detail", partnership.pk)
    return render(request, "partnerships/form.html", {"partnership": partnership, "form": form, "title": _("Name a person in a role")})


def role_end(request: HttpRequest, partnership_id: int, role_id: int) -> HttpResponse:
    partnership, access = rules.access_partnership(request.user, partnership_id, manage=True)
    assigned = get_object_or_404(PartnershipRole, pk=role_id, partnership=partnership, ended_on__isnull=True)
    if request.method == "POST":
        services.partnership_role_end(actor=request.user, assigned=assigned)
        messages.success(request, _("Role ended."))
    return redirect("partnerships:detail", partnership.pk)


# --- Priorities and the matrix ---------------------------------------------------------------------


def priority_new(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership, access = rules.access_partnership(request.user, partnership_id, manage=True)
    measures = [(m.code, m.title) for m in all_measures()]
    form = PriorityForm(_post(request), standards=_standards(), measures=measures)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.priority_create(
                actor=request.user,
                partnership=partnership,
                title_en=d["title_en"],
                title_cy=d["title_cy"],
                description_en=d.get("description_en") or "",
                description_cy=d.get("description_cy") or "",
                standard=_pick(Standard.objects.all(), d.get("standard")),
                measure_codes=list(d.get("measure_codes") or []),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Priority added."))
            return redirect("partnerships:detail", partnership.pk)
    return render(request, "partnerships/form.html", {"partnership": partnership, "form": form, "title": _("Add a priority")})


def priority_detail(request: HttpRequest, partnership_id: int, priority_id: int) -> HttpResponse:
    partnership, access = rules.access_partnership(request.user, partnership_id)
    priority = get_object_or_404(PartnershipPriority, pk=priority_id, partnership=partnership)
    start, end = services.snapshot_period()
    figures = [
        f
        for f in selectors.measures_compute(actor=request.user, partnership=partnership, start=start, end=end)
        if f.code in priority.measure_codes
    ]
    return render(
        request,
        "partnerships/priority.html",
        {"partnership": partnership, "priority": priority, "figures": figures, "start": start, "end": end},
    )


def matrix(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership, access = rules.access_partnership(request.user, partnership_id)
    rows = selectors.matrix_rows(actor=request.user, partnership=partnership)
    return render(request, "partnerships/matrix.html", {"partnership": partnership, "access": access, "rows": rows})


def _matrix_edit(request: HttpRequest, partnership: Any, *, standard: Any = None, priority: Any = None) -> HttpResponse:
    lookup = {"standard": standard} if standard is not None else {"priority": priority}
    entry = partnership.matrix_entries.filter(**lookup).prefetch_related("parts").first()
    initial: dict[str, Any] = {}
    if entry is not None:
        initial = {"version": entry.version, "accountable_body": entry.accountable_body_id, "lead": entry.lead_id}
        initial |= {f"agency_{p.agency_id}": p.part for p in entry.parts.all()}
    bodies = [(b.pk, b.name) for b in partnership.bodies.filter(is_active=True)]
    people = _people_choices(partnership)
    form = MatrixEntryForm(
        _post(request), initial=initial, bodies=bodies, people=people, agencies=_agency_choices(partnership)
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        from cylch.people.models import Person

        lead_id = _id(d.get("lead"))
        try:
            services.matrix_entry_save(
                actor=request.user,
                partnership=partnership,
                accountable_body=_pick(GovernanceBody.objects.filter(partnership=partnership), d.get("accountable_body")),
                lead=Person.objects.filter(pk=lead_id).first() if lead_id in dict(people) else None,
                parts=form.parts(),
                expected_version=d.get("version"),
                **lookup,
            )
        except services.StaleEdit:
            form.add_error(None, _("Someone else changed this row while you were editing it. Your changes have not been saved. Check the row, then save again."))
            form_set_value(form, "version", str(partnership.matrix_entries.get(**lookup).version))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Accountability saved."))
            return redirect("partnerships:matrix", partnership.pk)
    label = standard.title if standard is not None else priority.title
    return render(
        request,
        "partnerships/matrix_form.html",
        {"partnership": partnership, "form": form, "label": label},
    )


def matrix_standard(request: HttpRequest, partnership_id: int, code: str) -> HttpResponse:
    partnership, access = rules.access_partnership(request.user, partnership_id, manage=True)
    return _matrix_edit(request, partnership, standard=get_object_or_404(Standard, code=code))


def matrix_priority(request: HttpRequest, partnership_id: int, priority_id: int) -> HttpResponse:
    partnership, access = rules.access_partnership(request.user, partnership_id, manage=True)
    priority = get_object_or_404(PartnershipPriority, pk=priority_id, partnership=partnership)
    return _matrix_edit(request, partnership, priority=priority)


# --- Progress and the national view ---------------------------------------------------------------


def progress(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership, access = rules.access_partnership(request.user, partnership_id)
    data = selectors.progress(actor=request.user, partnership=partnership)
    if request.GET.get("format") == "csv":
        return _progress_csv(partnership, data)
    return render(
        request,
        "partnerships/progress.html",
        {
            "partnership": partnership,
            "data": data,
            "standard_chart": charts.progress_chart(data, by="standard"),
            "agency_chart": charts.progress_chart(data, by="agency"),
        },
    )


def _csv_response(filename: str) -> tuple[HttpResponse, Any]:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # so spreadsheet programs read Welsh letters correctly
    return response, csv.writer(response)


def _safe(value: Any) -> str:
    """A cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in {"=", "+", "-", "@"} else text


def _progress_csv(partnership: Any, data: Any) -> HttpResponse:
    response, writer = _csv_response(f"progress-{partnership.code}.csv")
    writer.writerow([_("Cycle"), _("Status"), _("Standard or agency"), _("Average rating")])
    for cycle in data.cycles:
        for standard in data.standards:
            avg = data.by_standard.get((cycle.pk, standard.pk))
            writer.writerow([_safe(cycle), cycle.get_status_display(), _safe(standard.title), "" if avg is None else avg])
        for agency in data.agencies:
            avg = data.by_agency.get((cycle.pk, agency.pk))
            if avg is not None:
                writer.writerow([_safe(cycle), cycle.get_status_display(), _safe(agency.name), avg])
    return response


def national(request: HttpRequest) -> HttpResponse:
    rules.require(request.user, Capability.VIEW_PARTNERSHIPS)
    data = selectors.national_comparison(actor=request.user)
    if request.GET.get("format") == "csv":
        response, writer = _csv_response("national-comparison.csv")
        writer.writerow(
            [_("Partnership"), _("Latest signed-off cycle")]
            + [s.title for s in data.standards]
            + [str(m.title) for m in data.measures]
        )
        for row in data.rows:
            writer.writerow(
                [_safe(row.partnership.name), _safe(row.cycle or "")]
                + [row.averages.get(s.pk, "") for s in data.standards]
                + [
                    "" if row.measures.get(m.code) is None or row.measures[m.code].percent is None else row.measures[m.code].percent
                    for m in data.measures
                ]
            )
        return response
    return render(request, "partnerships/national.html", {"data": data, "chart": charts.national_chart(data)})


# --- Self-assessment cycles ---------------------------------------------------------------------


def _cycle(request: HttpRequest, partnership_id: int, cycle_id: int, *, manage: bool = False) -> tuple[Any, Any, AssessmentCycle]:
    partnership, access = rules.access_partnership(request.user, partnership_id, manage=manage)
    cycle = selectors.cycle_get(actor=request.user, partnership=partnership, cycle_id=cycle_id)
    return partnership, access, cycle


def cycle_new(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership, access = rules.access_partnership(request.user, partnership_id, manage=True)
    form = CycleForm(_post(request))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            cycle = services.cycle_open(
                actor=request.user,
                partnership=partnership,
                period_start=d["period_start"],
                period_end=d["period_end"],
                deadline=d["deadline"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Self-assessment cycle opened. Member agencies can now rate themselves."))
            return redirect("partnerships:cycle", partnership.pk, cycle.pk)
    return render(
        request, "partnerships/form.html", {"partnership": partnership, "form": form, "title": _("Open a self-assessment cycle")}
    )


def cycle_detail(request: HttpRequest, partnership_id: int, cycle_id: int) -> HttpResponse:
    partnership, access, cycle = _cycle(request, partnership_id, cycle_id)
    if request.GET.get("format") == "csv":
        return _cycle_csv(cycle)
    missing, unresolved = services.open_ratings(cycle)
    return render(
        request,
        "partnerships/cycle.html",
        {
            "partnership": partnership,
            "access": access,
            "cycle": cycle,
            "standards": selectors.cycle_standards(actor=request.user, cycle=cycle),
            "actions": selectors.improvement_actions(actor=request.user, cycle=cycle),
            "missing": missing,
            "unresolved": unresolved,
        },
    )


def _cycle_csv(cycle: AssessmentCycle) -> HttpResponse:
    response, writer = _csv_response(f"self-assessment-{cycle.partnership.code}-{cycle.pk}.csv")
    writer.writerow([_("Standard"), _("Indicator"), _("Agency"), _("Rating"), _("Open challenges")])
    ratings = (
        Rating.objects.filter(cycle=cycle)
        .select_related("indicator__standard", "agency")
        .prefetch_related("challenges")
    )
    for r in ratings:
        writer.writerow(
            [
                _safe(r.indicator.standard.title),
                _safe(r.indicator.code),
                _safe(r.agency.name),
                r.score,
                sum(1 for c in r.challenges.all() if c.resolved_at is None),
            ]
        )
    return response


def cycle_standard(request: HttpRequest, partnership_id: int, cycle_id: int, code: str) -> HttpResponse:
    partnership, access, cycle = _cycle(request, partnership_id, cycle_id)
    standard = get_object_or_404(Standard, code=code)
    return render(
        request,
        "partnerships/cycle_standard.html",
        {
            "partnership": partnership,
            "access": access,
            "cycle": cycle,
            "standard": standard,
            "indicators": selectors.standard_ratings(actor=request.user, cycle=cycle, standard=standard),
            "figures": selectors.measures_compute(
                actor=request.user, partnership=partnership, start=cycle.period_start, end=cycle.period_end, standard_code=code
            ),
            # Links to the children behind a figure only for people who see any child at all.
            "sees_children": rules.children_visible_to(request.user).exists(),
            "scale": selectors.scale(),
            "challenge_form": ChallengeForm(),
        },
    )


def rate(request: HttpRequest, partnership_id: int, cycle_id: int, indicator_id: int) -> HttpResponse:
    partnership, access, cycle = _cycle(request, partnership_id, cycle_id)
    indicator = get_object_or_404(Indicator.objects.select_related("standard"), pk=indicator_id)
    if not access.rate_agency_ids:
        raise PermissionDenied
    if not cycle.is_open:
        raise Http404
    agencies = _agency_choices(partnership, access.rate_agency_ids)
    chosen = _id(request.POST.get("agency") if request.method == "POST" else request.GET.get("agency"))
    if chosen is None and len(agencies) == 1:
        chosen = agencies[0][0]
    existing = (
        Rating.objects.filter(cycle=cycle, indicator=indicator, agency_id=chosen).prefetch_related("documents").first()
        if chosen is not None
        else None
    )
    initial: dict[str, Any] = {"agency": chosen}
    if existing is not None:
        initial |= {
            "version": existing.version,
            "score": existing.score,
            "narrative": existing.narrative,
            "evidence_link": existing.evidence_link,
        }
    form = RatingForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        initial=_draft_initial(request, initial),
        agencies=agencies,
        scale=selectors.scale(),
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        agency = Agency.objects.get(pk=int(d["agency"]))
        try:
            services.rating_save(
                actor=request.user,
                cycle=cycle,
                agency=agency,
                indicator=indicator,
                score=d["score"],
                narrative=d.get("narrative") or "",
                evidence_link=d.get("evidence_link") or "",
                documents=[d["document"]] if d.get("document") else [],
                expected_version=d.get("version") if existing is not None else None,
                may_rate_late=access.can_manage,
            )
        except services.StaleEdit:
            form.add_error(None, _("Someone else saved a rating for this agency while you were editing. Your rating has not been saved. Check their rating, then save again."))
            fresh = Rating.objects.filter(cycle=cycle, indicator=indicator, agency=agency).first()
            form_set_value(form, "version", str(fresh.version if fresh else ""))
        except ValidationError as error:
            apply_validation_error(form, error, default_field=None)
        else:
            draft_discard(actor=request.user, form_key=request.path)  # type: ignore[arg-type]
            messages.success(request, _("Rating saved."))
            return redirect("partnerships:cycle_standard", partnership.pk, cycle.pk, indicator.standard.code)
    return render(
        request,
        "partnerships/rate.html",
        {"partnership": partnership, "cycle": cycle, "indicator": indicator, "form": form, "existing": existing},
    )


def challenge(request: HttpRequest, partnership_id: int, cycle_id: int, rating_id: int) -> HttpResponse:
    partnership, access, cycle = _cycle(request, partnership_id, cycle_id)
    rating = selectors.rating_get(actor=request.user, cycle=cycle, rating_id=rating_id)
    if not access.can_challenge:
        raise PermissionDenied
    form = ChallengeForm(_post(request))
    if request.method == "POST" and form.is_valid():
        own = [a for a in access.rate_agency_ids if a != rating.agency_id]
        membership_agencies = {m.team.agency_id for m in rules.current_memberships(request.user)}
        agency_id = next((a for a in own if a in membership_agencies), None)
        try:
            services.challenge_raise(
                actor=request.user,
                rating=rating,
                comment=form.cleaned_data["comment"],
                agency=Agency.objects.filter(pk=agency_id).first() if agency_id else None,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Challenge recorded. The rating stays open until the challenge is resolved."))
            return redirect("partnerships:cycle_standard", partnership.pk, cycle.pk, rating.indicator.standard.code)
    return render(
        request, "partnerships/challenge.html", {"partnership": partnership, "cycle": cycle, "rating": rating, "form": form}
    )


def challenge_resolve(request: HttpRequest, partnership_id: int, cycle_id: int, challenge_id: int) -> HttpResponse:
    partnership, access, cycle = _cycle(request, partnership_id, cycle_id)
    item = get_object_or_404(Challenge.objects.select_related("rating__indicator__standard", "rating__agency"), pk=challenge_id, rating__cycle=cycle)
    # The board's managers, or the agency whose rating was challenged, resolve it.
    if not (access.can_manage or item.rating.agency_id in access.rate_agency_ids):
        raise PermissionDenied
    form = ResolveForm(_post(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.challenge_resolve(actor=request.user, challenge=item, response=form.cleaned_data["response"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Challenge resolved."))
            return redirect("partnerships:cycle_standard", partnership.pk, cycle.pk, item.rating.indicator.standard.code)
    return render(
        request,
        "partnerships/challenge.html",
        {"partnership": partnership, "cycle": cycle, "rating": item.rating, "challenge": item, "form": form},
    )


def document(request: HttpRequest, partnership_id: int, cycle_id: int, document_id: int) -> FileResponse:
    partnership, access, cycle = _cycle(request, partnership_id, cycle_id)
    doc = selectors.document_get(actor=request.user, cycle=cycle, document_id=document_id)
    try:
        handle = doc.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    access_record(actor=request.user, action="cylch.partnerships.evidence.viewed", subject=doc)
    response = FileResponse(handle, as_attachment=True, filename=doc.original_name, content_type=doc.content_type)
    response["Cache-Control"] = "private, no-store"
    return response


def measure_children(request: HttpRequest, partnership_id: int, cycle_id: int, code: str) -> HttpResponse:
    partnership, access, cycle = _cycle(request, partnership_id, cycle_id)
    measure = measure_get(code)
    if measure is None:
        raise Http404
    figure = selectors.measures_compute(
        actor=request.user, partnership=partnership, start=cycle.period_start, end=cycle.period_end, standard_code=measure.standard
    )
    result = next(f.result for f in figure if f.code == code)
    children = list(selectors.measure_children(actor=request.user, cycle=cycle, measure=measure)[:500])
    if children:
        access_record(
            actor=request.user,
            action="cylch.partnerships.measure_children.viewed",
            subject=cycle,
            reason=f"{measure.code}: {len(children)}",
        )
    return render(
        request,
        "partnerships/measure.html",
        {"partnership": partnership, "cycle": cycle, "measure": measure, "result": result, "children": children},
    )


def action_new(request: HttpRequest, partnership_id: int, cycle_id: int) -> HttpResponse:
    partnership, access, cycle = _cycle(request, partnership_id, cycle_id, manage=True)
    people = _people_choices(partnership)
    initial = {}
    code = request.GET.get("standard")
    if code:
        initial["standard"] = Standard.objects.filter(code=code).values_list("pk", flat=True).first()
    form = ImprovementActionForm(
        _post(request), initial=_draft_initial(request, initial), standards=_standards(), agencies=_agency_choices(partnership), people=people
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        from cylch.people.models import Person

        owner_id = _id(d.get("owner"))
        try:
            services.improvement_action_agree(
                actor=request.user,
                cycle=cycle,
                standard=_pick(Standard.objects.all(), d.get("standard")),
                what=d.get("what") or "",
                owner_agency=_pick(Agency.objects.all(), d.get("owner_agency")),
                owner=Person.objects.filter(pk=owner_id).first() if owner_id in dict(people) else None,
                due_on=d.get("due_on"),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            draft_discard(actor=request.user, form_key=request.path)  # type: ignore[arg-type]
            messages.success(request, _("Improvement action agreed. It is in the accountability ledger with its owner and due date."))
            return redirect("partnerships:cycle", partnership.pk, cycle.pk)
    return render(
        request,
        "partnerships/form.html",
        {"partnership": partnership, "cycle": cycle, "form": form, "title": _("Agree an improvement action"), "drafts": True},
    )


def sign_off(request: HttpRequest, partnership_id: int, cycle_id: int) -> HttpResponse:
    partnership, access, cycle = _cycle(request, partnership_id, cycle_id)
    if not access.can_sign_off:
        raise PermissionDenied
    form = SignOffForm(_post(request), initial={"version": cycle.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.cycle_sign_off(
                actor=request.user, cycle=cycle, note=form.cleaned_data.get("note") or "", expected_version=form.cleaned_data.get("version")
            )
        except services.StaleEdit:
            form.add_error(None, _("Someone else changed the cycle while you were reading it. Check it again, then sign it off."))
            form_set_value(form, "version", str(AssessmentCycle.objects.get(pk=cycle.pk).version))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Cycle signed off."))
            return redirect("partnerships:cycle", partnership.pk, cycle.pk)
    missing, unresolved = services.open_ratings(cycle)
    return render(
        request,
        "partnerships/sign_off.html",
        {"partnership": partnership, "cycle": cycle, "form": form, "missing": missing, "unresolved": unresolved},
    )
