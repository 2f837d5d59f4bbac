"""Assembling the board's annual report: the figures (from the self-assessment cycle, the live
measures, the accountability ledger, the meetings and the risk register) and the prefilled words of
each section in English and Welsh. Figures hold both languages so a published report, whose
figures are kept as they stood, renders in either."""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.db.models import Count, F, Q
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cylch.accountability.models import LedgerAction
from cylch.accountability.selectors import OPEN_STATUSES, case_action_counts
from cylch.core.reference_data import policy
from cylch.governance.models import BoardMeeting, Decision, Risk

logger = logging.getLogger(__name__)

SECTION_TITLES = {
    "introduction": gettext_lazy("Introduction"),
    "self_assessment": gettext_lazy("Self-assessment against the standards"),
    "measures": gettext_lazy("What the practice data shows"),
    "actions": gettext_lazy("Improvement actions and accountability"),
    "governance": gettext_lazy("How the board worked"),
    "risks": gettext_lazy("Risks and escalation"),
    "next_steps": gettext_lazy("Priorities for next year"),
}


def section_title(key: str) -> str:
    return str(SECTION_TITLES.get(key, key))


def section_keys() -> list[str]:
    return [key for key in policy("annual_report_sections") if key in SECTION_TITLES]


def _both(value: Any) -> dict[str, str]:
    """A lazy string or a bilingual object's text in each language."""
    result = {}
    for language in ("en", "cy"):
        with translation.override(language):
            result[language] = str(value)
    return result


def _cycle(*, actor: Any, partnership: Any, start: datetime.date, end: datetime.date) -> dict[str, Any] | None:
    """The latest signed-off self-assessment cycle whose period began by the end of the year
    reported on, summarised by the partnerships domain (cycle_summary), as JSON in both languages."""
    from cylch.partnerships.models import AssessmentCycle
    from cylch.partnerships.selectors import cycle_summary, scale

    cycle = (
        AssessmentCycle.objects.filter(partnership=partnership, status=AssessmentCycle.Status.SIGNED_OFF, period_start__lte=end)
        .select_related("partnership", "signed_off_by")
        .order_by("-period_end", "-signed_off_at", "-pk")
        .first()
    )
    if cycle is None:
        return None
    summary = cycle_summary(actor=actor, cycle=cycle)
    labels: dict[str, dict[str, str]] = {}
    for language in ("en", "cy"):
        with translation.override(language):
            for code, label, _descriptor in scale():
                labels.setdefault(code, {})[language] = label
    return {
        "id": cycle.pk,
        "period": {"start": cycle.period_start.isoformat(), "end": cycle.period_end.isoformat()},
        "signed_off_on": cycle.signed_off_at.date().isoformat() if cycle.signed_off_at else None,
        "signed_off_by": cycle.signed_off_by.full_name if cycle.signed_off_by else "",
        "scale": [{"code": code, "label": label} for code, label in labels.items()],
        "standards": [
            {
                "code": row["standard"].code,
                "title": {"en": row["standard"].title_en, "cy": row["standard"].title_cy},
                "indicators": row["indicators"],
                "ratings": row["ratings"],
                "expected": row["expected"],
                "average": row["average"],
                "open_challenges": row["open_challenges"],
                "distribution": [row["distribution"].get(code, 0) for code in labels],
                "actions": len(row["actions"]),
            }
            for row in summary["standards"]
        ],
        "ratings": sum(row["ratings"] for row in summary["standards"]),
        "actions": len(summary["actions"]),
    }


def _measures(*, partnership: Any, start: datetime.date, end: datetime.date) -> list[dict[str, Any]]:
    """Every live measure registered by the domains, over the partnership's areas and the year."""
    from cylch.framework.models import Standard
    from cylch.partnerships.measures import all_measures

    area_ids = list(partnership.areas.values_list("pk", flat=True))
    standards = {s.code: s for s in Standard.objects.all()}
    rows = []
    for measure in all_measures():
        try:
            result = measure.compute(area_ids=area_ids, start=start, end=end)
        except Exception:
            # One broken measure does not stop the report; it is shown as not available.
            logger.exception("Measure %s failed for partnership %s", measure.code, partnership.pk)
            result = None
        standard = standards.get(measure.standard)
        rows.append(
            {
                "code": measure.code,
                "standard": measure.standard,
                "standard_title": {"en": standard.title_en, "cy": standard.title_cy} if standard else {"en": measure.standard, "cy": measure.standard},
                "title": _both(measure.title),
                "definition": _both(measure.definition),
                "numerator": result.numerator if result else None,
                "denominator": result.denominator if result else None,
                "percent": result.percent if result else None,
                "higher_is_better": measure.higher_is_better,
            }
        )
    return rows


def _actions(*, partnership: Any, start: datetime.date, end: datetime.date, today: datetime.date) -> dict[str, Any]:
    in_year = LedgerAction.objects.filter(partnership=partnership).filter(
        Q(created_at__date__gte=start, created_at__date__lte=end) | Q(status__in=OPEN_STATUSES)
    )
    is_open = Q(status__in=OPEN_STATUSES)
    totals = in_year.aggregate(
        agreed=Count("pk", filter=Q(created_at__date__gte=start, created_at__date__lte=end)),
        done=Count("pk", filter=Q(status=LedgerAction.Status.DONE)),
        done_on_time=Count("pk", filter=Q(status=LedgerAction.Status.DONE, completed_on__lte=F("due_on"))),
        open=Count("pk", filter=is_open),
        overdue=Count("pk", filter=is_open & Q(due_on__lt=today)),
    )
    listed = in_year.select_related("owner", "owner_agency").order_by("due_on", "pk")[:200]
    return {
        **totals,
        "list": [
            {
                "what": a.what,
                "source": _both(LedgerAction.Source(a.source_kind).label) if a.source_kind in LedgerAction.Source.values else {"en": a.source_kind, "cy": a.source_kind},
                "agency": {"en": a.owner_agency.name_en, "cy": a.owner_agency.name_cy},
                "owner": a.owner.full_name,
                "due_on": a.due_on.isoformat(),
                "status": a.status,
                "status_label": _both(LedgerAction.Status(a.status).label),
                "overdue": a.status in OPEN_STATUSES and a.due_on < today,
            }
            for a in listed
        ],
    }


def _meetings(*, partnership: Any, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    meetings = list(
        BoardMeeting.objects.filter(partnership=partnership, status=BoardMeeting.Status.HELD, held_on__gte=start, held_on__lte=end)
        .select_related("body")
        .order_by("held_on", "pk")
    )
    decisions: dict[int, list[dict[str, str]]] = {}
    for d in Decision.objects.filter(meeting__in=meetings).order_by("recorded_at", "pk"):
        decisions.setdefault(d.meeting_id, []).append({"en": d.text_en, "cy": d.text_cy or d.text_en})
    return {
        "held": len(meetings),
        "decisions": sum(len(v) for v in decisions.values()),
        "list": [
            {
                "body": {"en": m.body.name_en, "cy": m.body.name_cy},
                "held_on": m.held_on.isoformat(),
                "decisions": decisions.get(m.pk, []),
            }
            for m in meetings
        ],
    }


def _risks(*, partnership: Any, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    from cylch.core.models import ReferenceCode

    labels = {(c.list_name, c.code): {"en": c.label_en, "cy": c.label_cy} for c in ReferenceCode.objects.filter(list_name__in=["risk_likelihood", "risk_impact"])}
    risks = list(Risk.objects.filter(partnership=partnership, status=Risk.Status.OPEN).select_related("owner_agency").order_by("pk"))
    return {
        "open": len(risks),
        "escalated": sum(1 for r in risks if r.escalated_on is not None),
        "list": [
            {
                "title": r.title,
                "agency": {"en": r.owner_agency.name_en, "cy": r.owner_agency.name_cy},
                "likelihood": labels.get(("risk_likelihood", r.likelihood), {"en": r.likelihood, "cy": r.likelihood}),
                "impact": labels.get(("risk_impact", r.impact), {"en": r.impact, "cy": r.impact}),
                "score": r.score,
                "escalated_on": r.escalated_on.isoformat() if r.escalated_on else None,
            }
            for r in risks
        ],
    }


def report_figures(*, actor: Any, partnership: Any, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    """Every figure of the report, as JSON (kept as they stood when the report is published)."""
    from django.utils import timezone

    today = timezone.localdate()
    case_rows = case_action_counts(partnership=partnership, today=today)
    return {
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "cycle": _cycle(actor=actor, partnership=partnership, start=start, end=end),
        "measures": _measures(partnership=partnership, start=start, end=end),
        "actions": _actions(partnership=partnership, start=start, end=end, today=today),
        "case_actions": {
            "open": sum(r["open"] for r in case_rows),
            "overdue": sum(r["overdue"] for r in case_rows),
            "by_agency": [
                {"agency": {"en": r["agency"].name_en, "cy": r["agency"].name_cy}, "open": r["open"], "overdue": r["overdue"]}
                for r in case_rows
            ],
        },
        "meetings": _meetings(partnership=partnership, start=start, end=end),
        "risks": _risks(partnership=partnership, start=start, end=end),
        "assembled_on": today.isoformat(),
    }


def _prefill(key: str, *, partnership: Any, figures: dict[str, Any], start: datetime.date, end: datetime.date) -> str:
    """The starting words of one section in the active language (the board edits them)."""
    name = partnership.name
    if key == "introduction":
        return _(
            "This is the annual report of %(partnership)s for %(start)s to %(end)s. It sets out how the partners stand "
            "against the five standards of the Multi-Agency Practice Framework, what the board decided, and what the "
            "partners agreed to improve and have done."
        ) % {"partnership": name, "start": start.strftime("%d/%m/%Y"), "end": end.strftime("%d/%m/%Y")}
    if key == "self_assessment":
        cycle = figures.get("cycle")
        if cycle is None:
            return _("No signed-off self-assessment cycle is available for this report yet.")
        return _(
            "The partners rated themselves against each indicator of the standards for %(start)s to %(end)s, and the board "
            "signed the cycle off on %(signed)s. %(ratings)s ratings were given; %(actions)s improvement actions were agreed "
            "and are followed in the accountability ledger."
        ) % {
            "start": datetime.date.fromisoformat(cycle["period"]["start"]).strftime("%d/%m/%Y"),
            "end": datetime.date.fromisoformat(cycle["period"]["end"]).strftime("%d/%m/%Y"),
            "signed": datetime.date.fromisoformat(cycle["signed_off_on"]).strftime("%d/%m/%Y") if cycle["signed_off_on"] else "",
            "ratings": cycle["ratings"],
            "actions": cycle["actions"],
        }
    if key == "measures":
        return _(
            "The figures below are computed from the practice data already in Cylch, for the partnership's areas and the "
            "year reported on. They are counts and shares only: no child can be identified from them."
        )
    if key == "actions":
        a, c = figures["actions"], figures["case_actions"]
        return _(
            "The partners agreed %(agreed)s improvement actions in the year. %(done)s are done (%(on_time)s by their due "
            "date); %(open)s are open, of which %(overdue)s are overdue. In the children's plans of the partnership's areas, "
            "%(case_open)s actions are open and %(case_overdue)s overdue."
        ) % {
            "agreed": a["agreed"],
            "done": a["done"],
            "on_time": a["done_on_time"],
            "open": a["open"],
            "overdue": a["overdue"],
            "case_open": c["open"],
            "case_overdue": c["overdue"],
        }
    if key == "governance":
        m = figures["meetings"]
        return _("The board and its sub-groups met %(held)s times and recorded %(decisions)s decisions.") % {
            "held": m["held"],
            "decisions": m["decisions"],
        }
    if key == "risks":
        r = figures["risks"]
        return _("%(open)s risks are open on the risk and escalation register; %(escalated)s of them have been escalated to the board.") % {
            "open": r["open"],
            "escalated": r["escalated"],
        }
    return ""


def prefilled_sections(*, partnership: Any, figures: dict[str, Any], start: datetime.date, end: datetime.date) -> dict[str, dict[str, str]]:
    sections: dict[str, dict[str, str]] = {}
    for key in section_keys():
        sections[key] = {}
        for language in ("en", "cy"):
            with translation.override(language):
                sections[key][language] = _prefill(key, partnership=partnership, figures=figures, start=start, end=end)
    return sections
