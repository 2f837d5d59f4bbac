"""Pages of the learning domain. Thin: access, form, service, render."""

from __future__ import annotations

import datetime
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cylch.access import rules
from cylch.core.forms import apply_validation_error, draft_initial, form_set_value
from cylch.core.forms import posted as _post
from cylch.core.reference_data import code_choices, code_label
from cylch.core.services import draft_discard
from cylch.framework.models import Standard
from cylch.learning import access, forms, selectors, services
from cylch.learning.models import AuditQuestion, AuditRound, AuditTool, ReviewMember, Theme
from cylch.partnerships.models import Partnership
from cylch.people.models import Person


def _me(request: HttpRequest) -> Person:
    """The signed-in person (the middleware lets no one else reach these pages)."""
    return cast(Person, request.user)


def _int(value: Any) -> int | None:
    return int(value) if isinstance(value, str) and value.isdigit() else None


def _form_page(
    request: HttpRequest,
    form: Any,
    *,
    title: str,
    caption: str = "",
    back: str = "",
    intro: str = "",
    button: str = "",
    draft: bool = False,
) -> HttpResponse:
    return render(
        request,
        "learning/form.html",
        {
            "form": form,
            "title": title,
            "caption": caption,
            "back": back if not back or back.startswith("/") else reverse(back),
            "intro": intro,
            "button": button or _("Save"),
            "draft": draft,
        },
    )


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "learning/home.html", selectors.learning_home(actor=_me(request)))


# --- Themes ---------------------------------------------------------------------------------


def themes(request: HttpRequest) -> HttpResponse:
    access.require_member(request.user)
    can_edit = bool(access.managed_by(request.user))
    form = forms.ThemeForm(_post(request) if can_edit else None)
    if request.method == "POST" and can_edit and form.is_valid():
        try:
            services.theme_create(
                actor=_me(request),
                name_en=form.cleaned_data["name_en"] or "",
                name_cy=form.cleaned_data["name_cy"] or "",
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Theme added."))
            return redirect("learning:themes")
    return render(request, "learning/themes.html", {"themes": Theme.objects.all(), "form": form, "can_edit": can_edit})


def theme_edit(request: HttpRequest, code: str) -> HttpResponse:
    access.require_manager(request.user)
    theme = get_object_or_404(Theme, code=code)
    form = forms.ThemeEditForm(
        _post(request), initial={"name_en": theme.name_en, "name_cy": theme.name_cy, "is_active": theme.is_active}
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.theme_update(
                actor=_me(request),
                theme=theme,
                name_en=d["name_en"] or "",
                name_cy=d["name_cy"] or "",
                is_active=d["is_active"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Theme changed."))
            return redirect("learning:themes")
    return _form_page(request, form, title=_("Change a theme"), back="learning:themes")


# --- Reviews --------------------------------------------------------------------------------


def review_new(request: HttpRequest) -> HttpResponse:
    access.require_manager(request.user)
    partnerships = access.managed_partnerships(request.user)
    form = forms.ReviewReferForm(
        _post(request), partnerships=partnerships, initial=draft_initial(request, {"referred_on": timezone.localdate()})
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        children, missing = services.children_find(d["children"] or "")
        if missing:
            form.add_error("children", _("No child found for: %(references)s") % {"references": ", ".join(missing)})
        else:
            try:
                review = services.review_refer(
                    actor=_me(request),
                    partnership=d["partnership"],
                    title=d["title"] or "",
                    referral_summary=d["referral_summary"] or "",
                    referred_by_agency=d["referred_by_agency"],
                    referred_on=d["referred_on"],
                    event_on=d["event_on"],
                    children=children,
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                draft_discard(actor=_me(request), form_key=request.path)
                messages.success(request, _("Referral recorded as %(reference)s.") % {"reference": review.reference})
                return redirect("learning:review", review.pk)
    return _form_page(
        request,
        form,
        title=_("Take a referral for a review"),
        draft=True,
        caption=_("Single Unified Safeguarding Review"),
        back="learning:home",
    )


def review_detail(request: HttpRequest, review_id: int) -> HttpResponse:
    review, role = access.access_review(request.user, review_id)
    page = selectors.review_page(actor=_me(request), review=review, role=role)
    return render(
        request,
        "learning/review.html",
        {
            "p": page,
            "review": review,
            "stage_label": code_label("review_stage", review.stage),
            "stage_labels": dict(code_choices("review_stage")),
        },
    )


def review_decision(request: HttpRequest, review_id: int) -> HttpResponse:
    review, _role = access.access_review(request.user, review_id, manage=True)
    form = forms.ReviewDecisionForm(
        _post(request), initial={"version": review.version, "decided_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.review_decide(
                actor=_me(request),
                review=review,
                decision=d["decision"] or "",
                reasons=d["reasons"] or "",
                decided_by_name=d["decided_by_name"] or "",
                decided_on=d["decided_on"],
                expected_version=d["version"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            form_set_value(form, "version", str(review.version))
        else:
            messages.success(request, _("The chair's decision is recorded."))
            return redirect("learning:review", review.pk)
    return _form_page(
        request,
        form,
        title=_("Record the chair's decision"),
        caption=review.reference,
        back=f"/learning/reviews/{review.pk}/",
    )


def review_stage(request: HttpRequest, review_id: int) -> HttpResponse:
    review, _role = access.access_review(request.user, review_id, manage=True)
    form = forms.ReviewStageForm(_post(request), review=review, initial={"version": review.version})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.review_stage_advance(
                actor=_me(request),
                review=review,
                stage=d["stage"] or "",
                note=d["note"] or "",
                expected_version=d["version"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            form_set_value(form, "version", str(review.version))
        else:
            messages.success(request, _("The review's stage is recorded."))
            return redirect("learning:review", review.pk)
    return _form_page(
        request,
        form,
        title=_("Record the stage the review has reached"),
        caption=review.reference,
        back=f"/learning/reviews/{review.pk}/",
    )


def review_themes(request: HttpRequest, review_id: int) -> HttpResponse:
    review, _role = access.access_review(request.user, review_id, manage=True)
    form = forms.ReviewThemesForm(_post(request), initial={"themes": list(review.themes.all())})
    if request.method == "POST" and form.is_valid():
        services.review_themes_set(actor=_me(request), review=review, themes=list(form.cleaned_data["themes"]))
        messages.success(request, _("Themes saved."))
        return redirect("learning:review", review.pk)
    return _form_page(
        request, form, title=_("Themes of the review"), caption=review.reference, back=f"/learning/reviews/{review.pk}/"
    )


def review_member_add(request: HttpRequest, review_id: int) -> HttpResponse:
    review, _role = access.access_review(request.user, review_id, manage=True)
    form = forms.ReviewMemberForm(
        _post(request), initial={"access_until": timezone.localdate() + datetime.timedelta(days=60)}
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.review_member_add(
                actor=_me(request),
                review=review,
                person=forms.person_by_email(d["email"]),
                agency=d["agency"],
                role=d["role"] or "",
                access_until=d["access_until"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request, _("Named on the review, with read-only access to the children's records until the date set.")
            )
            return redirect("learning:review", review.pk)
    return _form_page(
        request,
        form,
        title=_("Name a reviewer and give access"),
        caption=review.reference,
        back=f"/learning/reviews/{review.pk}/",
        intro=_(
            "Reviewers read the children's records for the review only, cannot change them, and lose access at the end of the date set. Every record they open is in the audit trail."
        ),
    )


@require_POST
def review_member_end(request: HttpRequest, review_id: int, member_id: int) -> HttpResponse:
    review, _role = access.access_review(request.user, review_id, manage=True)
    member = ReviewMember.objects.filter(pk=member_id if member_id < 2**63 else 0, review=review).first()
    if member is None:
        raise Http404
    services.review_member_end(actor=_me(request), member=member)
    messages.success(request, _("Their access to the children's records has ended."))
    return redirect("learning:review", review.pk)


@require_POST
def review_chronology_build(request: HttpRequest, review_id: int) -> HttpResponse:
    review, _role = access.access_review(request.user, review_id, work=True)
    try:
        count = services.review_chronology_build(actor=_me(request), review=review)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("learning:review", review.pk)
    messages.success(request, _("The review's chronology is built: %(count)s entries.") % {"count": count})
    return redirect("learning:review_chronology", review.pk)


def review_chronology(request: HttpRequest, review_id: int) -> HttpResponse:
    """The review's own copy of the chronology: kept by the reviewers after their access ends."""
    review, role = access.access_review(request.user, review_id, work=True)
    if not access.is_named_on(request.user, review):
        # Child-level content: only the people named on the review, never a partnership role by itself.
        raise PermissionDenied
    agency = request.GET.get("agency")
    agency_id = int(agency) if agency and agency.isdigit() and len(agency) < 19 else None
    entries = selectors.review_chronology(actor=_me(request), review=review, agency_id=agency_id)
    page = Paginator(entries, 100).get_page(request.GET.get("page"))
    contributions = selectors.review_page(actor=_me(request), review=review, role=role).contributions
    return render(
        request,
        "learning/review_chronology.html",
        {"review": review, "page": page, "contributions": contributions, "agency_id": agency_id},
    )


def review_report_add(request: HttpRequest, review_id: int) -> HttpResponse:
    review, _role = access.access_review(request.user, review_id, work=True)
    form = forms.AgencyReportForm(_post(request), initial=draft_initial(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.agency_report_add(
                actor=_me(request),
                review=review,
                agency=form.cleaned_data["agency"],
                text=form.cleaned_data["text"] or "",
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            draft_discard(actor=_me(request), form_key=request.path)
            messages.success(request, _("Agency report added."))
            return redirect("learning:review", review.pk)
    return _form_page(
        request,
        form,
        title=_("Add an agency report"),
        draft=True,
        caption=review.reference,
        back=f"/learning/reviews/{review.pk}/",
    )


def review_recommendation_add(request: HttpRequest, review_id: int) -> HttpResponse:
    review, _role = access.access_review(request.user, review_id, manage=True)
    form = forms.RecommendationForm(_post(request), initial=draft_initial(request))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.recommendation_add(
                actor=_me(request),
                review=review,
                text=d["text"] or "",
                standard=d["standard"],
                owner_agency=d["owner_agency"],
                owner=forms.person_by_email(d["owner_email"]),
                due_on=d["due_on"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            draft_discard(actor=_me(request), form_key=request.path)
            messages.success(request, _("Recommendation added; its action is in the accountability ledger."))
            return redirect("learning:review", review.pk)
    return _form_page(
        request,
        form,
        title=_("Add a recommendation"),
        draft=True,
        caption=review.reference,
        back=f"/learning/reviews/{review.pk}/",
    )


# --- Briefings ------------------------------------------------------------------------------


def briefing_new(request: HttpRequest) -> HttpResponse:
    access.require_manager(request.user)
    review = None
    if request.GET.get("review"):
        review, _role = access.access_review(request.user, request.GET["review"], manage=True)
    partnerships = access.managed_partnerships(request.user)
    initial: dict[str, Any] = {"partnership": review.partnership} if review else {}
    if review:
        initial["themes"] = list(review.themes.all())
    form = forms.BriefingForm(_post(request), partnerships=partnerships, initial=draft_initial(request, initial))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            briefing = services.briefing_create(
                actor=_me(request),
                partnership=d["partnership"],
                review=review,
                title_en=d["title_en"] or "",
                title_cy=d["title_cy"] or "",
                body_en=d["body_en"] or "",
                body_cy=d["body_cy"] or "",
                themes=list(d["themes"]),
                standards=list(d["standards"]),
                practice_notes=list(d["practice_notes"]),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            draft_discard(actor=_me(request), form_key=request.path)
            messages.success(request, _("Briefing saved as a draft. Check both languages, then publish it."))
            return redirect("learning:briefing", briefing.pk)
    return _form_page(
        request,
        form,
        title=_("Write a learning briefing"),
        draft=True,
        caption=review.reference if review else "",
        back="learning:home",
        intro=_(
            "A short briefing practitioners can read in seven minutes: what happened, what we learnt, what to do differently. Write it in English and in Welsh."
        ),
    )


def briefing_detail(request: HttpRequest, briefing_id: int) -> HttpResponse:
    briefing = access.access_briefing(request.user, briefing_id)
    in_partnership = briefing.partnership_id in access.member_of(request.user)
    return render(
        request,
        "learning/briefing.html",
        {
            "briefing": briefing,
            "can_manage": access.can_manage(request.user, briefing.partnership_id),
            "reads": selectors.briefing_reads_by_team(actor=_me(request), briefing=briefing)
            if in_partnership
            else None,
            "has_read": briefing.reads.filter(person=request.user).exists(),  # type: ignore[misc]
        },
    )


@require_POST
def briefing_publish(request: HttpRequest, briefing_id: int) -> HttpResponse:
    briefing = access.access_briefing(request.user, briefing_id, manage=True)
    try:
        services.briefing_publish(actor=_me(request), briefing=briefing)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Briefing published in English and Welsh."))
    return redirect("learning:briefing", briefing.pk)


@require_POST
def briefing_read(request: HttpRequest, briefing_id: int) -> HttpResponse:
    briefing = access.access_briefing(request.user, briefing_id)
    try:
        services.briefing_read_record(actor=_me(request), briefing=briefing)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Thank you: recorded as read by your team."))
    return redirect("learning:briefing", briefing.pk)


# --- The learning page ------------------------------------------------------------------------


def _partnership_for(request: HttpRequest) -> Partnership:
    members = access.member_of(request.user)
    wanted = request.GET.get("partnership")
    if wanted and wanted.isdigit() and int(wanted) in members:
        return Partnership.objects.get(pk=int(wanted))
    first = Partnership.objects.filter(pk__in=members).order_by("pk").first()
    if first is None:
        raise Http404
    return first


def learning_theme(request: HttpRequest, code: str) -> HttpResponse:
    access.require_member(request.user)
    theme = get_object_or_404(Theme, code=code)
    partnership = _partnership_for(request)
    page = selectors.learning_page(actor=_me(request), partnership=partnership, theme=theme)
    return render(request, "learning/learning_page.html", {"p": page, "partnership": partnership, "kind": "theme"})


def learning_standard(request: HttpRequest, code: str) -> HttpResponse:
    access.require_member(request.user)
    standard = get_object_or_404(Standard, code=code)
    partnership = _partnership_for(request)
    page = selectors.learning_page(actor=_me(request), partnership=partnership, standard=standard)
    return render(request, "learning/learning_page.html", {"p": page, "partnership": partnership, "kind": "standard"})


# --- Audit tools ------------------------------------------------------------------------------


def tools(request: HttpRequest) -> HttpResponse:
    access.require_member(request.user)
    return render(
        request,
        "learning/tools.html",
        {"tools": selectors.tools_for(actor=_me(request)), "can_manage": bool(access.managed_by(request.user))},
    )


def tool_new(request: HttpRequest) -> HttpResponse:
    access.require_manager(request.user)
    form = forms.AuditToolForm(_post(request), partnerships=access.managed_partnerships(request.user))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            tool = services.audit_tool_create(
                actor=_me(request), partnership=d["partnership"], name_en=d["name_en"] or "", name_cy=d["name_cy"] or ""
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return redirect("learning:tool", tool.pk)
    return _form_page(request, form, title=_("Build an audit tool"), back="learning:tools")


def tool_detail(request: HttpRequest, tool_id: int) -> HttpResponse:
    tool = access.access_tool(request.user, tool_id)
    questions = list(tool.questions.select_related("standard"))
    return render(
        request,
        "learning/tool.html",
        {
            "tool": tool,
            "questions": questions,
            "grades": code_choices("audit_grade"),
            "can_manage": access.can_manage(request.user, tool.partnership_id),
        },
    )


def tool_question_add(request: HttpRequest, tool_id: int) -> HttpResponse:
    tool = access.access_tool(request.user, tool_id, manage=True)
    form = forms.AuditQuestionForm(_post(request))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.audit_question_add(
                actor=_me(request),
                tool=tool,
                standard=d["standard"],
                text_en=d["text_en"] or "",
                text_cy=d["text_cy"] or "",
                descriptors=form.descriptors(),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Question added."))
            return redirect("learning:tool", tool.pk)
    return _form_page(
        request,
        form,
        title=_("Add a question"),
        caption=f"{tool.name} (v{tool.version})",
        back=f"/learning/audit-tools/{tool.pk}/",
    )


@require_POST
def tool_publish(request: HttpRequest, tool_id: int) -> HttpResponse:
    tool = access.access_tool(request.user, tool_id, manage=True)
    try:
        services.audit_tool_publish(actor=_me(request), tool=tool)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Tool published: rounds can use it now."))
    return redirect("learning:tool", tool.pk)


@require_POST
def tool_new_version(request: HttpRequest, tool_id: int) -> HttpResponse:
    tool = access.access_tool(request.user, tool_id, manage=True)
    try:
        new = services.audit_tool_new_version(actor=_me(request), tool=tool)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("learning:tool", tool.pk)
    messages.success(request, _("A new draft version is ready to change."))
    return redirect("learning:tool", new.pk)


# --- Audit rounds ------------------------------------------------------------------------------


def round_new(request: HttpRequest) -> HttpResponse:
    access.require_manager(request.user)
    published = AuditTool.objects.filter(
        partnership_id__in=access.managed_by(request.user), status=AuditTool.Status.PUBLISHED
    )
    today = timezone.localdate()
    form = forms.AuditRoundForm(
        _post(request),
        tools=published,
        initial={
            "period_start": today - datetime.timedelta(days=365),
            "period_end": today,
            "sample_size": 10,
            "access_until": today + datetime.timedelta(days=21),
            "criterion": "random",
        },
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        tool = d["tool"]
        try:
            if tool is None:
                raise ValidationError({"tool": _("Choose a published audit tool of this partnership")})
            audit_round = services.audit_round_create(
                actor=_me(request),
                partnership=tool.partnership,
                tool=tool,
                title=d["title"] or "",
                criterion=d["criterion"] or "",
                criterion_option=d["criterion_option"] or "",
                period_start=d["period_start"],
                period_end=d["period_end"],
                sample_size=d["sample_size"],
                access_until=d["access_until"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Round planned and its sample drawn. Now name the auditors."))
            return redirect("learning:round", audit_round.pk)
    return _form_page(
        request, form, title=_("Plan an audit round"), caption=_("Multi-agency case audit"), back="learning:home"
    )


def round_detail(request: HttpRequest, round_id: int) -> HttpResponse:
    audit_round, role = access.access_round(request.user, round_id)
    page = selectors.round_page(actor=_me(request), audit_round=audit_round, role=role)
    return render(
        request, "learning/round.html", {"p": page, "r": audit_round, "grades": dict(code_choices("audit_grade"))}
    )


def round_auditor_add(request: HttpRequest, round_id: int) -> HttpResponse:
    audit_round, _role = access.access_round(request.user, round_id, manage=True)
    form = forms.AuditorForm(_post(request))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.audit_auditor_add(
                actor=_me(request),
                audit_round=audit_round,
                person=forms.person_by_email(d["email"]),
                agency=d["agency"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request, _("Auditor named, with read-only access to exactly the sampled records until the date set.")
            )
            return redirect("learning:round", audit_round.pk)
    return _form_page(
        request,
        form,
        title=_("Name an auditor"),
        caption=audit_round.title,
        back=f"/learning/audit-rounds/{audit_round.pk}/",
    )


@require_POST
def round_finish(request: HttpRequest, round_id: int) -> HttpResponse:
    audit_round, _role = access.access_round(request.user, round_id, manage=True)
    try:
        services.audit_round_finish(actor=_me(request), audit_round=audit_round)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Round finished. The auditors' access to the records has ended."))
    return redirect("learning:round", audit_round.pk)


def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    """One case: each auditor answers for their agency; the moderation meeting agrees the overall grade."""
    case, role = access.access_case(request.user, case_id)
    child = None
    if role == "auditor" and case.round.status == AuditRound.Status.AUDITING:
        # The auditor's grant decides; opening the case is a use of the child's record, so audited.
        if rules.child_access(request.user, case.child).can_read:
            child, _access = rules.access_child(request.user, case.child_id, action="cylch.learning.case.viewed")
    answer_form = forms.AnswerForm(_post(request) if request.POST.get("form") == "answer" else None)
    if (
        request.method == "POST"
        and request.POST.get("form") == "answer"
        and role == "auditor"
        and answer_form.is_valid()
    ):
        d = answer_form.cleaned_data
        question = AuditQuestion.objects.filter(pk=d["question"], tool_id=case.round.tool_id).first()
        try:
            services.audit_answer_record(
                actor=_me(request), case=case, question=question, grade=d["grade"] or "", rationale=d["rationale"] or ""
            )
        except ValidationError as error:
            apply_validation_error(answer_form, error, default_field="grade")
        else:
            messages.success(request, _("Answer saved."))
            return redirect("learning:case", case.pk)
    return render(
        request,
        "learning/case.html",
        {
            "case": case,
            "role": role,
            "child": child,
            "questions": selectors.case_answers(actor=_me(request), case=case),
            "grades": code_choices("audit_grade"),
            "answer_form": answer_form,
            "error_question": _int(answer_form.data.get("question"))
            if answer_form.is_bound and answer_form.errors
            else None,
        },
    )


def case_moderate(request: HttpRequest, case_id: int) -> HttpResponse:
    case, role = access.access_case(request.user, case_id)
    if role != "manager":
        raise Http404
    form = forms.ModerationForm(
        _post(request),
        initial={
            "version": case.version,
            "overall_grade": case.overall_grade,
            "findings": case.findings,
            "rationale": case.rationale,
        },
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.audit_case_moderate(
                actor=_me(request),
                case=case,
                overall_grade=d["overall_grade"] or "",
                findings=d["findings"] or "",
                rationale=d["rationale"] or "",
                expected_version=d["version"],
                action_what=d["action_what"] or "",
                action_standard=d["action_standard"],
                owner_agency=d["owner_agency"],
                owner=forms.person_by_email(d["owner_email"]),
                due_on=d["due_on"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            form_set_value(form, "version", str(case.version))
        else:
            messages.success(request, _("Moderation recorded."))
            return redirect("learning:round", case.round_id)
    return _form_page(
        request,
        form,
        title=_("Moderation: agree the overall grade"),
        caption=f"{case.round.title}: {case.name}",
        back=f"/learning/audit-cases/{case.pk}/",
    )
