"""Writes of partnership governance: board and sub-group meetings, the risk and escalation register
and the board's annual report. The caller (a view or a job) has checked the actor may manage the
partnership (rules.access_partnership(..., manage=True)); every write is one
transaction with its audit entry; two people editing the same thing never overwrite each other."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cylch.accountability.models import LedgerAction
from cylch.accountability.services import ledger_action_create
from cylch.audit.services import audit_record
from cylch.children.services import StaleEdit
from cylch.core.notices import notice_send
from cylch.core.reference_data import code_choices
from cylch.governance.models import AgendaItem, AnnualReport, Attendance, BoardMeeting, Decision, Risk
from cylch.organisations.models import Agency
from cylch.people.models import Person

__all__ = ["StaleEdit"]

MEETING_FIELDS = ["held_on", "location", "status", "minutes_en", "minutes_cy"]
RISK_FIELDS = ["title", "description", "owner_agency_id", "owner_id", "likelihood", "impact", "controls", "review_on", "status"]


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.date) else value


def _strip(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()}


def _versioned_update(model: Any, obj: Any, expected_version: int, fields: list[str], changes: dict[str, Any]) -> dict[str, Any]:
    """Save `changes` only over the version the person loaded; returns what really changed.
    The conditional update refuses a lost update even without row locks (SQLite)."""
    current = model.objects.select_for_update().get(pk=obj.pk)
    old = {f: getattr(current, f) for f in fields}
    if current.version != expected_version:
        raise StaleEdit(
            current=old, changed={f: {"yours": changes.get(f), "theirs": old[f]} for f in changes if old[f] != changes.get(f)}
        )
    updated = model.objects.filter(pk=obj.pk, version=expected_version).update(version=F("version") + 1, **changes)
    if updated != 1:
        raise StaleEdit(current=old, changed={})
    return {k: {"old": _jsonable(old[k]), "new": _jsonable(v)} for k, v in changes.items() if old[k] != v}


# --- Board and sub-group meetings ---------------------------------------------------------------


def meeting_create(
    *, actor: Person, partnership: Any, body: Any, held_on: datetime.date | None, location: str = "", agenda: list[tuple[str, str]] | None = None
) -> BoardMeeting:
    """Arrange a meeting of the board or a sub-group, with its agenda."""
    errors: dict[str, str] = {}
    if body is None or body.partnership_id != partnership.pk:
        errors["body"] = _("Choose the board or a sub-group of this partnership")
    if held_on is None:
        errors["held_on"] = _("Enter the date of the meeting")
    if errors:
        raise ValidationError(errors)
    assert held_on is not None  # noqa: S101 (checked above)
    with transaction.atomic():
        meeting = BoardMeeting.objects.create(
            partnership=partnership,
            body=body,
            held_on=held_on,
            location=location.strip(),
            status=BoardMeeting.Status.HELD if held_on <= timezone.localdate() else BoardMeeting.Status.PLANNED,
            created_by=actor,
        )
        for position, (title_en, title_cy) in enumerate(agenda or []):
            if title_en.strip():
                AgendaItem.objects.create(meeting=meeting, position=position, title_en=title_en.strip()[:300], title_cy=title_cy.strip()[:300])
        audit_record(
            actor=actor,
            action="cylch.governance.meeting.created",
            subject=meeting,
            changes={"partnership": partnership.pk, "body": body.pk, "held_on": _jsonable(held_on)},
        )
    return meeting


def meeting_update(*, actor: Person, meeting: BoardMeeting, expected_version: int, changes: dict[str, Any]) -> BoardMeeting:
    """Change the date, place or status, or write the minutes (in English, Welsh or both)."""
    changes = _strip({k: v for k, v in changes.items() if k in MEETING_FIELDS})
    if "held_on" in changes and changes["held_on"] is None:
        raise ValidationError({"held_on": _("Enter the date of the meeting")})
    if "status" in changes and changes["status"] not in BoardMeeting.Status.values:
        raise ValidationError({"status": _("Choose whether the meeting is planned or held")})
    held_on = changes.get("held_on", meeting.held_on)
    if changes.get("status") == BoardMeeting.Status.HELD and held_on > timezone.localdate():
        raise ValidationError({"status": _("A meeting cannot be recorded as held before its date")})
    if (changes.get("minutes_en") or changes.get("minutes_cy")) and changes.get("status", meeting.status) != BoardMeeting.Status.HELD:
        raise ValidationError({"minutes_en": _("Minutes can be written once the meeting is recorded as held")})
    with transaction.atomic():
        real = _versioned_update(BoardMeeting, meeting, expected_version, MEETING_FIELDS, changes)
        audit_record(actor=actor, action="cylch.governance.meeting.updated", subject=meeting, changes=real)
    meeting.refresh_from_db()
    return meeting


def agenda_item_add(*, actor: Person, meeting: BoardMeeting, title_en: str, title_cy: str = "") -> AgendaItem:
    if not title_en.strip():
        raise ValidationError({"title_en": _("Enter the agenda item in English")})
    with transaction.atomic():
        position = meeting.agenda.count()
        item = AgendaItem.objects.create(meeting=meeting, position=position, title_en=title_en.strip()[:300], title_cy=title_cy.strip()[:300])
        audit_record(actor=actor, action="cylch.governance.agenda.added", subject=meeting, changes={"item": item.title_en})
    return item


def attendance_record(*, actor: Person, meeting: BoardMeeting, name: str, agency: Agency | None, status: str) -> Attendance:
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = _("Enter the name of the person")
    if status not in Attendance.Status.values:
        errors["status"] = _("Choose whether they were present, sent apologies or were absent")
    if agency is not None and not meeting.partnership.agencies.filter(pk=agency.pk).exists():
        errors["agency"] = _("Choose one of the partnership's member agencies")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        row = Attendance.objects.create(meeting=meeting, name=name.strip()[:200], agency=agency, status=status)
        audit_record(
            actor=actor, action="cylch.governance.attendance.recorded", subject=meeting, changes={"name": row.name, "status": status}
        )
    return row


def decision_record(*, actor: Person, meeting: BoardMeeting, text_en: str, text_cy: str = "") -> Decision:
    if not text_en.strip():
        raise ValidationError({"text_en": _("Enter the decision in English")})
    if meeting.status != BoardMeeting.Status.HELD:
        raise ValidationError(_("Decisions are recorded once the meeting is recorded as held."))
    with transaction.atomic():
        decision = Decision.objects.create(meeting=meeting, text_en=text_en.strip(), text_cy=text_cy.strip(), recorded_by=actor)
        audit_record(actor=actor, action="cylch.governance.decision.recorded", subject=meeting, changes={"decision": decision.text_en[:200]})
    return decision


def meeting_action_agree(
    *,
    actor: Person,
    meeting: BoardMeeting,
    what: str,
    owner_agency: Agency | None,
    owner: Person | None,
    due_on: datetime.date | None,
    standard: Any = None,
) -> LedgerAction:
    """An action agreed at the meeting goes into the partnership's accountability ledger."""
    if owner_agency is not None and not meeting.partnership.agencies.filter(pk=owner_agency.pk).exists():
        raise ValidationError({"owner_agency": _("Choose one of the partnership's member agencies")})
    with transaction.atomic():
        return ledger_action_create(
            actor=actor,
            partnership=meeting.partnership,
            source_kind=LedgerAction.Source.BOARD_MEETING,
            source_id=meeting.pk,
            what=what,
            owner_agency=owner_agency,
            owner=owner,
            due_on=due_on,
            standard=standard,
        )


# --- Risk and escalation register ------------------------------------------------------------


def _check_risk(values: dict[str, Any], partnership: Any) -> None:
    errors: dict[str, str] = {}
    if "title" in values and not values["title"]:
        errors["title"] = _("Describe the risk")
    if "likelihood" in values and values["likelihood"] not in dict(code_choices("risk_likelihood")):
        errors["likelihood"] = _("Choose how likely the risk is")
    if "impact" in values and values["impact"] not in dict(code_choices("risk_impact")):
        errors["impact"] = _("Choose how serious the impact would be")
    if "owner_agency_id" in values:
        if values["owner_agency_id"] is None or not partnership.agencies.filter(pk=values["owner_agency_id"]).exists():
            errors["owner_agency"] = _("Choose one of the partnership's member agencies")
        elif values.get("owner_id") is None:
            errors["owner"] = _("Name the person who owns the risk")
        elif not Person.objects.filter(
            pk=values["owner_id"], is_active=True, memberships__in=_current_memberships(values["owner_agency_id"])
        ).exists():
            errors["owner"] = _("The named owner must work for the owning agency")
    if "review_on" in values and values["review_on"] is None:
        errors["review_on"] = _("Enter the date of the next review")
    if "status" in values and values["status"] not in Risk.Status.values:
        errors["status"] = _("Choose whether the risk is open or closed")
    if errors:
        raise ValidationError(errors)


def _current_memberships(agency_id: int) -> Any:
    from cylch.people.models import Membership

    return Membership.objects.current().filter(team__agency_id=agency_id)


def risk_create(*, actor: Person, partnership: Any, values: dict[str, Any]) -> Risk:
    values = _strip({k: v for k, v in values.items() if k in RISK_FIELDS and k != "status"})
    for required in ["title", "owner_agency_id", "owner_id", "likelihood", "impact", "review_on"]:
        values.setdefault(required, None)
    _check_risk(values, partnership)
    if values["review_on"] < timezone.localdate():
        raise ValidationError({"review_on": _("The next review date must be today or in the future")})
    with transaction.atomic():
        risk = Risk.objects.create(partnership=partnership, created_by=actor, **values)
        audit_record(
            actor=actor,
            action="cylch.governance.risk.created",
            subject=risk,
            changes={k: _jsonable(v) for k, v in values.items() if k not in {"description", "controls"}},
        )
    return risk


def risk_update(*, actor: Person, risk: Risk, expected_version: int, changes: dict[str, Any]) -> Risk:
    """Review the risk: change its scores, controls, owner, review date or status."""
    changes = _strip({k: v for k, v in changes.items() if k in RISK_FIELDS})
    if "owner_agency_id" in changes or "owner_id" in changes:
        changes.setdefault("owner_agency_id", risk.owner_agency_id)
        changes.setdefault("owner_id", risk.owner_id)
    _check_risk(changes, risk.partnership)
    with transaction.atomic():
        real = _versioned_update(Risk, risk, expected_version, RISK_FIELDS, changes)
        audit_record(actor=actor, action="cylch.governance.risk.updated", subject=risk, changes=real)
    risk.refresh_from_db()
    return risk


def risk_escalate(*, actor: Person, risk: Risk, expected_version: int, reason: str) -> Risk:
    """Escalate the risk to the board: the chair and the business manager are told, in their language."""
    from cylch.partnerships.models import PartnershipRole

    if not reason.strip():
        raise ValidationError({"reason": _("Enter why the risk needs the board's attention")})
    if risk.status != Risk.Status.OPEN:
        raise ValidationError(_("A closed risk cannot be escalated."))
    today = timezone.localdate()
    with transaction.atomic():
        _versioned_update(Risk, risk, expected_version, ["escalated_on", "escalation_reason"], {"escalated_on": today, "escalation_reason": reason.strip()})
        audit_record(actor=actor, action="cylch.governance.risk.escalated", subject=risk, reason=reason.strip())
        roles = PartnershipRole.objects.filter(
            partnership_id=risk.partnership_id,
            role__in=[PartnershipRole.Role.CHAIR, PartnershipRole.Role.BUSINESS_MANAGER],
            started_on__lte=today,
        ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        for person in Person.objects.filter(pk__in=roles.values("person_id"), is_active=True).exclude(pk=actor.pk).order_by("pk"):
            notice_send(
                recipient=person,
                kind="cylch.governance.risk.escalated",
                params={
                    "partnership": risk.partnership.name_en,
                    "partnership_cy": risk.partnership.name_cy,
                    "risk": risk.title,
                    "reason": reason.strip()[:300],
                },
                link=reverse("governance:risk", args=[risk.partnership_id, risk.pk]),
                dedupe_key=f"risk-{risk.pk}-escalated-{today.isoformat()}-{person.pk}",
            )
    risk.refresh_from_db()
    return risk


def risk_reviews_remind(*, now: datetime.datetime | None = None) -> int:
    """Tell each open risk's owner, once for each review date, that its review is due (on the day
    and after, until it is reviewed with a new date). Returns the number of reminders sent."""
    import logging

    today = timezone.localdate(now or timezone.now())
    sent = 0
    due = (
        Risk.objects.filter(status=Risk.Status.OPEN, review_on__lte=today, owner__is_active=True)
        .select_related("partnership", "owner")
        .order_by("review_on", "pk")
    )
    for risk in due.iterator(chunk_size=200):
        try:
            with transaction.atomic():
                notice = notice_send(
                    recipient=risk.owner,
                    kind="cylch.governance.risk.review_due",
                    params={
                        "partnership": risk.partnership.name_en,
                        "partnership_cy": risk.partnership.name_cy,
                        "risk": risk.title,
                        "date": risk.review_on.strftime("%d/%m/%Y"),
                    },
                    link=reverse("governance:risk", args=[risk.partnership_id, risk.pk]),
                    dedupe_key=f"risk-{risk.pk}-review-{risk.review_on.isoformat()}-{risk.owner_id}",
                )
        except Exception:
            logging.getLogger(__name__).exception("Could not remind the owner of risk %s", risk.pk)
            continue
        sent += int(notice is not None)
    return sent


def risk_action_agree(
    *, actor: Person, risk: Risk, what: str, owner_agency: Agency | None, owner: Person | None, due_on: datetime.date | None, standard: Any = None
) -> LedgerAction:
    """An action to reduce the risk goes into the partnership's accountability ledger."""
    if owner_agency is not None and not risk.partnership.agencies.filter(pk=owner_agency.pk).exists():
        raise ValidationError({"owner_agency": _("Choose one of the partnership's member agencies")})
    with transaction.atomic():
        return ledger_action_create(
            actor=actor,
            partnership=risk.partnership,
            source_kind=LedgerAction.Source.RISK,
            source_id=risk.pk,
            what=what,
            owner_agency=owner_agency,
            owner=owner,
            due_on=due_on,
            standard=standard,
        )


# --- The board's annual report ------------------------------------------------------------------


def report_create(*, actor: Person, partnership: Any, period_start: datetime.date | None, period_end: datetime.date | None) -> AnnualReport:
    """Start a draft report for a year, its sections prefilled in English and Welsh."""
    from cylch.governance.report import prefilled_sections, report_figures

    errors: dict[str, str] = {}
    if period_start is None:
        errors["period_start"] = _("Enter the first day of the year reported on")
    if period_end is None:
        errors["period_end"] = _("Enter the last day of the year reported on")
    elif period_start is not None and period_end <= period_start:
        errors["period_end"] = _("The end of the year must be after its start")
    elif period_start is not None and (period_end - period_start).days > 400:
        errors["period_end"] = _("An annual report covers one year at most")
    if errors:
        raise ValidationError(errors)
    assert period_start is not None and period_end is not None  # noqa: S101 (checked above)
    figures = report_figures(actor=actor, partnership=partnership, start=period_start, end=period_end)
    with transaction.atomic():
        report = AnnualReport.objects.create(
            partnership=partnership,
            period_start=period_start,
            period_end=period_end,
            sections=prefilled_sections(partnership=partnership, figures=figures, start=period_start, end=period_end),
            figures=figures,
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action="cylch.governance.report.created",
            subject=report,
            changes={"period_start": period_start.isoformat(), "period_end": period_end.isoformat()},
        )
    return report


def report_update(*, actor: Person, report: AnnualReport, expected_version: int, sections: dict[str, dict[str, str]]) -> AnnualReport:
    """Save the words of the sections over the version the person loaded. A published report is final."""
    if report.status != AnnualReport.Status.DRAFT:
        raise ValidationError(_("This report has been published and can no longer be changed."))
    merged = {key: dict(value) for key, value in report.sections.items()}
    for key, texts in sections.items():
        if key not in merged:
            continue
        for language in ("en", "cy"):
            if language in texts:
                merged[key][language] = (texts[language] or "").strip()
    with transaction.atomic():
        current = AnnualReport.objects.select_for_update().get(pk=report.pk)
        if current.version != expected_version:
            changed = {
                f"{key}.{lang}": {"yours": texts.get(lang), "theirs": current.sections.get(key, {}).get(lang)}
                for key, texts in sections.items()
                for lang in ("en", "cy")
                if lang in texts and (texts.get(lang) or "").strip() != current.sections.get(key, {}).get(lang)
            }
            raise StaleEdit(current=current.sections, changed=changed)
        updated = AnnualReport.objects.filter(pk=report.pk, version=expected_version, status=AnnualReport.Status.DRAFT).update(
            sections=merged, version=F("version") + 1
        )
        if updated != 1:
            raise StaleEdit(current=current.sections, changed={})
        audit_record(
            actor=actor,
            action="cylch.governance.report.updated",
            subject=report,
            changes={
                "sections": sorted(
                    f"{k}.{lang}" for k in merged for lang in ("en", "cy") if merged[k].get(lang) != report.sections.get(k, {}).get(lang)
                )
            },
        )
    report.refresh_from_db()
    return report


def report_figures_refresh(*, actor: Person, report: AnnualReport) -> AnnualReport:
    """Assemble the draft's figures again from today's data (the words are left as they are).
    Figures are kept with the report rather than computed on every view: the live measures take
    seconds over a whole region."""
    from cylch.governance.report import report_figures

    if report.status != AnnualReport.Status.DRAFT:
        raise ValidationError(_("This report has been published and can no longer be changed."))
    figures = report_figures(actor=actor, partnership=report.partnership, start=report.period_start, end=report.period_end)
    with transaction.atomic():
        AnnualReport.objects.filter(pk=report.pk, status=AnnualReport.Status.DRAFT).update(figures=figures)
        audit_record(actor=actor, action="cylch.governance.report.refreshed", subject=report)
    report.refresh_from_db()
    return report


def report_publish(*, actor: Person, report: AnnualReport, expected_version: int) -> AnnualReport:
    """Publish the report: its figures are kept as they stand today, and it can no longer be edited.
    Every section needs words in both languages."""
    from cylch.governance.report import report_figures

    if report.status != AnnualReport.Status.DRAFT:
        raise ValidationError(_("This report has already been published."))
    missing = [key for key, texts in report.sections.items() if not (texts.get("en") and texts.get("cy"))]
    if missing:
        from cylch.governance.report import section_title

        raise ValidationError(
            _("Write every section in English and in Welsh before publishing. Missing: %(sections)s.")
            % {"sections": "; ".join(str(section_title(key)) for key in missing)}
        )
    figures = report_figures(actor=actor, partnership=report.partnership, start=report.period_start, end=report.period_end)
    with transaction.atomic():
        updated = AnnualReport.objects.filter(pk=report.pk, version=expected_version, status=AnnualReport.Status.DRAFT).update(
            status=AnnualReport.Status.PUBLISHED,
            figures=figures,
            published_at=timezone.now(),
            published_by=actor,
            version=F("version") + 1,
        )
        if updated != 1:
            raise StaleEdit(current={}, changed={})
        audit_record(actor=actor, action="cylch.governance.report.published", subject=report)
    report.refresh_from_db()
    return report
