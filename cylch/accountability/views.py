"""Pages of the accountability ledger. Thin: access, form, service, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cylch.access import rules
from cylch.accountability import selectors, services
from cylch.accountability.choices import agency_choices, people_choices, standard_choices
from cylch.accountability.forms import ChangeForm, LedgerFilterForm, ProgressForm
from cylch.accountability.models import ESCALATION_STEP_LABELS, LedgerAction
from cylch.core.forms import apply_validation_error, form_set_value
from cylch.core.forms import posted as _post


def ledger(request: HttpRequest, partnership_id: int) -> HttpResponse:
    """The partnership's actions (open, overdue, done; by source, agency and standard) beside the
    counts of open and overdue case plan actions in its areas, per agency."""
    partnership, access = rules.access_partnership(request.user, partnership_id)
    form = LedgerFilterForm(request.GET or None, agencies=agency_choices(partnership), standards=standard_choices())
    filters = selectors.LedgerFilters()
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        filters = selectors.LedgerFilters(
            view=d.get("view") or "open", source_kind=d.get("source") or "", agency_id=d.get("agency"), standard_id=d.get("standard")
        )
    page = selectors.ledger_page(actor=request.user, partnership=partnership, filters=filters)
    return render(
        request,
        "accountability/ledger.html",
        {
            "partnership": partnership,
            "form": form,
            "filters": filters,
            "page": page,
            "sources": dict(LedgerAction.Source.choices),
            "may_manage": access.can_manage,
        },
    )


def action_detail(request: HttpRequest, action_id: int) -> HttpResponse:
    """One partnership action, its progress and escalation; the owner records progress here."""
    action, may_write = rules.access_ledger_action(request.user, action_id)
    can_record = may_write and action.is_open
    partnership_access = rules.partnership_access(request.user, action.partnership)
    form = ProgressForm(_post(request), initial={"version": action.version, "status": action.status}) if can_record else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.ledger_action_progress_record(
                    actor=request.user,  # type: ignore[arg-type]
                    action=action,
                    expected_version=d.get("version") or 0,
                    status=d["status"],
                    note=d.get("note") or "",
                    evidence=d.get("evidence") or "",
                )
            except services.StaleEdit:
                form.add_error(
                    None,
                    _("Someone else recorded progress on this action while you were writing. Check the history below, then record yours again."),
                )
                form_set_value(form, "version", str(LedgerAction.objects.get(pk=action.pk).version))
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("Progress recorded."))
                return redirect("accountability:action", action.pk)
    return render(
        request,
        "accountability/action.html",
        {
            "action": action,
            "overdue": action.is_overdue(),
            "form": form,
            "history": selectors.action_history(actor=request.user, action=action),
            "step_labels": ESCALATION_STEP_LABELS,
            "governs": partnership_access.can_view,
            "may_change": partnership_access.can_manage and action.is_open,
        },
    )


def action_change(request: HttpRequest, action_id: int) -> HttpResponse:
    """The partnership's managers change an open action (a new owner or date), with the reason."""
    action, _may_write = rules.access_ledger_action(request.user, action_id)
    partnership, access = rules.access_partnership(request.user, action.partnership_id, manage=True)
    if not action.is_open:
        raise Http404
    initial = {"version": action.version, "what": action.what, "owner_agency": action.owner_agency_id, "owner": action.owner_id, "due_on": action.due_on}
    form = ChangeForm(_post(request), agencies=agency_choices(partnership), people=people_choices(partnership), initial=initial)
    changed = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.ledger_action_change(
                actor=request.user,  # type: ignore[arg-type]
                action=action,
                expected_version=d.get("version") or 0,
                changes={"what": d["what"], "owner_agency_id": d.get("owner_agency"), "owner_id": d.get("owner"), "due_on": d["due_on"]},
                reason=d["reason"],
            )
        except services.StaleEdit as stale:
            changed = stale.changed
            form.add_error(
                None,
                _("Someone else changed this action while you were editing. Your changes have not been saved. Check what they changed, then save again."),
            )
            form_set_value(form, "version", str(LedgerAction.objects.get(pk=action.pk).version))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Action changed."))
            return redirect("accountability:action", action.pk)
    return render(request, "accountability/change.html", {"action": action, "form": form, "changed": changed})
