"""The statutory timescales: what is in force, its history, and changing it."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cylch.access import rules
from cylch.access.rules import Capability
from cylch.core.forms import apply_validation_error, form_set_value
from cylch.timescales import selectors, services
from cylch.timescales.forms import RuleChangeForm
from cylch.timescales.models import TimescaleRule


def period_text(unit: str, amount: int) -> str:
    """The time allowed (for example 15 working days) as one translated phrase, with the right plural."""
    values = {"count": amount}
    if unit == TimescaleRule.Unit.HOURS:
        return ngettext("%(count)s hour (clock time)", "%(count)s hours (clock time)", amount) % values
    if unit == TimescaleRule.Unit.WORKING_DAYS:
        return ngettext("%(count)s working day", "%(count)s working days", amount) % values
    if unit == TimescaleRule.Unit.CALENDAR_DAYS:
        return ngettext("%(count)s day", "%(count)s days", amount) % values
    if unit == TimescaleRule.Unit.WEEKS:
        return ngettext("%(count)s week", "%(count)s weeks", amount) % values
    if unit == TimescaleRule.Unit.MONTHS:
        return ngettext("%(count)s month", "%(count)s months", amount) % values
    return f"{amount} {unit}"


@dataclass(frozen=True)
class RuleRow:
    rule: TimescaleRule
    period: str


def _rows(versions: list[TimescaleRule]) -> list[RuleRow]:
    return [RuleRow(rule, period_text(rule.unit, rule.amount)) for rule in versions]


def rule_list(request: HttpRequest) -> HttpResponse:
    current = selectors.rule_list(actor=request.user)
    return render(
        request,
        "timescales/list.html",
        {"rows": _rows(current), "can_manage": rules.has_capability(request.user, Capability.MANAGE_TIMESCALES)},
    )


def rule_detail(request: HttpRequest, code: str) -> HttpResponse:
    if request.method == "POST":
        rules.require(request.user, Capability.MANAGE_TIMESCALES)
    current, versions = selectors.rule_history(actor=request.user, code=code)
    form = None
    if rules.has_capability(request.user, Capability.MANAGE_TIMESCALES):
        form = RuleChangeForm(
            request.POST if request.method == "POST" else None,
            current=current,
            initial={"version": current.version, "unit": current.unit, "amount": current.amount},
        )
        if request.method == "POST" and form.is_valid():
            seen = form.cleaned_data["version"].strip()
            if seen and seen != str(current.version):
                form.add_error(
                    None,
                    _("Someone else changed this timescale while you were looking at it. Check the version now in force, then save again."),
                )
                form_set_value(form, "version", str(current.version))
            else:
                try:
                    new = services.rule_change(
                        actor=request.user,
                        code=current.code,
                        unit=form.cleaned_data["unit"],
                        amount=form.cleaned_data["amount"],
                        note=form.cleaned_data["note"],
                    )
                except ValidationError as error:
                    apply_validation_error(form, error)
                else:
                    count = getattr(new, "recalculated", 0)
                    messages.success(
                        request,
                        ngettext(
                            "Version %(version)s is now in force. %(count)s open item was recalculated.",
                            "Version %(version)s is now in force. %(count)s open items were recalculated.",
                            count,
                        )
                        % {"version": new.version, "count": count},
                    )
                    return redirect("timescales:detail", new.code)
    return render(
        request,
        "timescales/detail.html",
        {
            "rule": current,
            "period": period_text(current.unit, current.amount),
            "history": _rows(versions),
            "form": form,
        },
    )
