"""The Framework: its standards, principles, practice notes and guidance in the reader's
language, their versions, and the drafts partnership managers write. Thin: selector or
service, then render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cylch.access import rules
from cylch.access.rules import Capability
from cylch.core.forms import apply_validation_error, draft_initial, form_set_value
from cylch.core.forms import posted as _post
from cylch.core.services import draft_discard as typed_draft_discard
from cylch.framework import selectors, services
from cylch.framework.forms import CompareForm, DraftForm, NewDocumentForm, ReturnForm, StepForm
from cylch.framework.models import Document, DocumentVersion


def home(request: HttpRequest) -> HttpResponse:
    page = selectors.framework_home(actor=request.user)
    can_edit = rules.has_capability(request.user, Capability.EDIT_FRAMEWORK)
    return render(request, "framework/home.html", {"page": page, "can_edit": can_edit})


def standards(request: HttpRequest) -> HttpResponse:
    page = selectors.framework_home(actor=request.user)
    return render(request, "framework/standards.html", {"standards": page.standards})


def _document_page(request: HttpRequest, document: Document) -> HttpResponse:
    can_edit = rules.has_capability(request.user, Capability.EDIT_FRAMEWORK)
    versions = selectors.versions_published(actor=request.user, document=document)
    draft = selectors.draft_for(actor=request.user, document=document) if can_edit else None
    indicators = []
    if document.kind == Document.Kind.STANDARD:
        indicators = list(document.children.select_related("published").order_by("position", "code"))
    return render(
        request,
        "framework/document.html",
        {"document": document, "version": document.published, "versions": versions, "draft": draft, "can_edit": can_edit, "indicators": indicators},
    )


def document(request: HttpRequest, code: str) -> HttpResponse:
    return _document_page(request, selectors.document_get(actor=request.user, code=code))


def practice_note(request: HttpRequest, slug: str) -> HttpResponse:
    return _document_page(request, selectors.practice_note_document(actor=request.user, slug=slug))


def version(request: HttpRequest, code: str, number: int) -> HttpResponse:
    doc = selectors.document_get(actor=request.user, code=code)
    shown = selectors.version_get(actor=request.user, document=doc, number=number)
    return render(request, "framework/version.html", {"document": doc, "version": shown, "in_force": doc.published_id == shown.pk})


def compare(request: HttpRequest, code: str) -> HttpResponse:
    doc = selectors.document_get(actor=request.user, code=code)
    versions = {v.number: v for v in selectors.versions_published(actor=request.user, document=doc)}
    numbers = sorted(n for n in versions if n is not None)
    initial = {"old": numbers[-2] if len(numbers) > 1 else None, "new": numbers[-1] if numbers else None}
    form = CompareForm(request.GET or None, numbers=numbers, initial=initial)
    old = new = None
    if request.GET:
        if form.is_valid():
            old, new = versions[form.cleaned_data["old"]], versions[form.cleaned_data["new"]]
    elif len(numbers) > 1:
        old, new = versions[numbers[-2]], versions[numbers[-1]]
    changes = selectors.versions_compare(doc.kind, old, new) if old is not None and new is not None else None
    return render(
        request,
        "framework/compare.html",
        {"document": doc, "form": form, "old": old, "new": new, "changes": changes, "numbers": numbers},
    )


# --- Drafts: partnership managers ------------------------------------------------------


def _draft_or_redirect(request: HttpRequest, code: str) -> tuple[Document, DocumentVersion | None]:
    rules.require(request.user, Capability.EDIT_FRAMEWORK)
    doc = selectors.document_get(actor=request.user, code=code)
    return doc, selectors.draft_for(actor=request.user, document=doc)


@require_POST
def draft_start(request: HttpRequest, code: str) -> HttpResponse:
    rules.require(request.user, Capability.EDIT_FRAMEWORK)
    doc = selectors.document_get(actor=request.user, code=code)
    services.draft_start(actor=request.user, document=doc)
    return redirect("framework:draft", doc.code)


def draft(request: HttpRequest, code: str) -> HttpResponse:
    doc, current = _draft_or_redirect(request, code)
    if current is None:
        messages.info(request, _("There is no draft of this part of the Framework. Start one to change the wording."))
        return redirect("framework:document", doc.code)
    editable = current.status == DocumentVersion.Status.DRAFT
    initial = {f: getattr(current, f) for f in services.DRAFT_FIELDS} | {"version": current.edit_version}
    form = DraftForm(_post(request) if editable else None, kind=doc.kind, initial=draft_initial(request, initial))
    changed = None
    if request.method == "POST":
        if not editable:
            raise Http404
        step = request.POST.get("step", "save")
        if form.is_valid():
            expected = form.cleaned_data.get("version") or 0
            saved = None
            try:
                saved = services.draft_save(actor=request.user, draft=current, expected_version=expected, values=form.values())
                if step == "submit":
                    services.draft_submit(actor=request.user, draft=saved, expected_version=saved.edit_version)
            except services.StaleEdit as stale:
                changed = [(selectors.field_label(doc.kind, k), v["theirs"]) for k, v in stale.changed.items() if k not in {"is_placeholder", "evidence_required"}]
                form.add_error(
                    None,
                    _("Someone else saved changes to this draft while you were editing. Your changes have not been saved. Check what they changed, then save again."),
                )
                form_set_value(form, "version", str(DocumentVersion.objects.get(pk=current.pk).edit_version))
            except ValidationError as error:
                apply_validation_error(form, error)
                if saved is not None:
                    # Saved, but not yet ready for review: the form goes on from the saved version.
                    form_set_value(form, "version", str(saved.edit_version))
                    current = saved
            else:
                typed_draft_discard(actor=request.user, form_key=request.path)  # type: ignore[arg-type]
                if step == "submit":
                    messages.success(request, _("Draft sent for review. A second partnership manager can now publish it."))
                    return redirect("framework:review", doc.code)
                messages.success(request, _("Draft saved."))
                return redirect("framework:draft", doc.code)
    changes = selectors.versions_compare(doc.kind, doc.published, current)
    return render(
        request,
        "framework/draft.html",
        {"document": doc, "draft": current, "form": form, "editable": editable, "changed": changed, "changes": changes},
    )


def review(request: HttpRequest, code: str) -> HttpResponse:
    doc, current = _draft_or_redirect(request, code)
    if current is None:
        messages.info(request, _("There is no draft of this part of the Framework waiting for review."))
        return redirect("framework:document", doc.code)
    in_review = current.status == DocumentVersion.Status.IN_REVIEW
    step = request.POST.get("step") if request.method == "POST" else None
    initial = {"version": current.edit_version}
    publish_form = StepForm(request.POST if step == "publish" else None, prefix="publish", initial=initial)
    return_form = ReturnForm(request.POST if step == "return" else None, prefix="return", initial=initial)
    if request.method == "POST":
        if not in_review or step not in {"publish", "return"}:
            raise Http404
        form = publish_form if step == "publish" else return_form
        if form.is_valid():
            expected = form.cleaned_data.get("version") or 0
            try:
                if step == "publish":
                    published = services.draft_publish(actor=request.user, draft=current, expected_version=expected)
                    messages.success(request, _("Version %(number)s is published and in force.") % {"number": published.number})
                    return redirect("framework:document", doc.code)
                services.draft_return(actor=request.user, draft=current, expected_version=expected, comment=form.cleaned_data.get("comment") or "")
                messages.success(request, _("The draft has gone back to its author with your comment."))
                return redirect("framework:document", doc.code)
            except services.StaleEdit:
                form.add_error(None, _("Someone else changed this draft while you were reading it. Read it again, then decide."))
                form_set_value(form, f"{form.prefix}-version", str(DocumentVersion.objects.get(pk=current.pk).edit_version))
            except ValidationError as error:
                apply_validation_error(form, error)
    changes = selectors.versions_compare(doc.kind, doc.published, current)
    return render(
        request,
        "framework/review.html",
        {
            "document": doc,
            "draft": current,
            "in_review": in_review,
            "may_publish": in_review and services.may_publish(request.user, current),
            "publish_form": publish_form,
            "return_form": return_form,
            "changes": changes,
        },
    )


@require_POST
def draft_discard(request: HttpRequest, code: str) -> HttpResponse:
    doc, current = _draft_or_redirect(request, code)
    form = StepForm(request.POST)
    if current is None or not form.is_valid():
        return redirect("framework:document", doc.code)
    try:
        services.draft_discard(actor=request.user, draft=current, expected_version=form.cleaned_data.get("version") or 0)
    except services.StaleEdit:
        messages.error(request, _("Someone else changed this draft while you were reading it. Check it, then try again."))
        return redirect("framework:draft", doc.code)
    messages.success(request, _("The draft was thrown away. The version in force is unchanged."))
    return redirect("framework:document", doc.code)


def drafts(request: HttpRequest) -> HttpResponse:
    return render(request, "framework/drafts.html", {"drafts": selectors.drafts_list(actor=request.user)})


def document_new(request: HttpRequest) -> HttpResponse:
    rules.require(request.user, Capability.EDIT_FRAMEWORK)
    form = NewDocumentForm(_post(request))
    if request.method == "POST" and form.is_valid():
        try:
            created = services.document_create(actor=request.user, kind=form.cleaned_data["kind"], code=form.cleaned_data["code"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Now write it in English and in Welsh, then send it for review."))
            return redirect("framework:draft", created.document.code)
    return render(request, "framework/new.html", {"form": form})
