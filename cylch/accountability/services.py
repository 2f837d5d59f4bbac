"""Writes to the accountability ledger: agreeing partnership actions, recording progress with
evidence, and climbing the escalation ladder when an action is overdue (the same discipline
as a child's plan actions, see cylch.plans.services)."""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cylch.accountability.models import LedgerAction, LedgerActionUpdate, LedgerEscalation
from cylch.audit.services import audit_record
from cylch.children.services import StaleEdit
from cylch.core.notices import notice_send
from cylch.core.reference_data import policy
from cylch.organisations.models import Agency
from cylch.people.models import Membership, Person, Role

logger = logging.getLogger(__name__)

__all__ = ["StaleEdit", "ledger_action_change", "ledger_action_create", "ledger_action_progress_record", "ledger_actions_escalate"]


def ledger_action_create(
    *,
    actor: Person,
    partnership: Any,
    source_kind: str,
    source_id: str | int,
    what: str,
    owner_agency: Agency | None,
    owner: Person | None,
    due_on: datetime.date | None,
    standard: Any = None,
) -> LedgerAction:
    """Agree an action: every action has an owner agency, a named person in it and a due date."""
    errors: dict[str, str] = {}
    if not (what or "").strip():
        errors["what"] = _("Say what will be done")
    if owner_agency is None:
        errors["owner_agency"] = _("Choose the agency that owns the action")
    if owner is None:
        errors["owner"] = _("Name the person who owns the action")
    elif owner_agency is not None and not owner.memberships.current().filter(team__agency=owner_agency).exists():
        errors["owner"] = _("The named owner must work for the owning agency")
    if due_on is None:
        errors["due_on"] = _("Enter the date the action is due")
    elif due_on < timezone.localdate():
        errors["due_on"] = _("The due date must be today or in the future")
    if errors:
        raise ValidationError(errors)
    assert owner_agency is not None and owner is not None and due_on is not None  # noqa: S101 (checked above)
    with transaction.atomic():
        action = LedgerAction.objects.create(
            partnership=partnership,
            source_kind=source_kind,
            source_id=str(source_id),
            standard=standard,
            what=what.strip(),
            owner_agency=owner_agency,
            owner=owner,
            due_on=due_on,
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action="cylch.accountability.action.created",
            subject=action,
            changes={
                "what": action.what,
                "owner_agency": owner_agency.pk,
                "owner": owner.pk,
                "due_on": due_on.isoformat(),
            },  # type: ignore[union-attr]
            agency_id=owner_agency.pk,  # type: ignore[union-attr]
        )
        if owner.pk != actor.pk:
            notice_send(
                recipient=owner,
                kind="cylch.accountability.action.assigned",
                params={
                    "partnership": partnership.name_en,
                    "partnership_cy": partnership.name_cy,
                    "action": action.what[:200],
                    "due": due_on.strftime("%d/%m/%Y"),
                },
                link=reverse("accountability:action", args=[action.pk]),
                dedupe_key=f"ledger-action-{action.pk}-assigned-{owner.pk}",
            )
    return action


def ledger_action_progress_record(
    *, actor: Person, action: LedgerAction, expected_version: int, status: str, note: str = "", evidence: str = ""
) -> LedgerAction:
    """Record progress over the version the person loaded. Completing needs evidence,
    cancelling a reason. The caller has checked the actor may write (rules.access_ledger_action)."""
    if not action.is_open:
        raise ValidationError(_("This action is closed: it is done or cancelled."))
    if status not in LedgerAction.Status.values:
        raise ValidationError({"status": _("Choose the status of the action.")})
    note, evidence = (note or "").strip(), (evidence or "").strip()
    if status == LedgerAction.Status.DONE and not evidence:
        raise ValidationError({"evidence": _("Describe the evidence that the action is done.")})
    if status == LedgerAction.Status.CANCELLED and not note:
        raise ValidationError({"note": _("Enter why the action is cancelled.")})
    if status == action.status and not note and not evidence:
        raise ValidationError({"note": _("Describe the progress made, or choose a new status.")})
    today = timezone.localdate()
    with transaction.atomic():
        fields: dict[str, Any] = {"status": status}
        if status == LedgerAction.Status.DONE:
            fields |= {"evidence": evidence, "completed_on": today}
        # The conditional update is what refuses a stale edit even without row locks (SQLite).
        updated = LedgerAction.objects.filter(pk=action.pk, version=expected_version).update(version=F("version") + 1, **fields)
        if updated != 1:
            current = LedgerAction.objects.get(pk=action.pk)
            raise StaleEdit(current={"status": current.status}, changed={"status": {"yours": status, "theirs": current.status}})
        LedgerActionUpdate.objects.create(action=action, status=status, note=note, evidence=evidence, recorded_by=actor)
        audit_record(
            actor=actor,
            action="cylch.accountability.action.completed" if status == LedgerAction.Status.DONE else "cylch.accountability.action.progress_recorded",
            subject=action,
            agency_id=action.owner_agency_id,
            changes={"status": {"old": action.status, "new": status}},
        )
    action.refresh_from_db()
    return action


LEDGER_FIELDS = ["what", "owner_agency_id", "owner_id", "due_on"]


def ledger_action_change(
    *, actor: Person, action: LedgerAction, expected_version: int, changes: dict[str, Any], reason: str
) -> LedgerAction:
    """Change what an open action is, who owns it or when it is due, over the version the person
    loaded, with the reason recorded (for example a new date agreed by the board). A new due date
    starts the escalation ladder again for that date. The caller has checked the actor manages the
    partnership."""
    if not action.is_open:
        raise ValidationError(_("This action is closed: it is done or cancelled."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Enter why the action is changed, for example where the new date was agreed.")})
    changes = {k: v for k, v in changes.items() if k in LEDGER_FIELDS}
    errors: dict[str, str] = {}
    if "what" in changes:
        changes["what"] = str(changes["what"] or "").strip()
        if not changes["what"]:
            errors["what"] = _("Say what will be done")
    new = {f: changes.get(f, getattr(action, f)) for f in LEDGER_FIELDS}
    if new["owner_agency_id"] is None or not action.partnership.agencies.filter(pk=new["owner_agency_id"]).exists():
        errors["owner_agency"] = _("Choose the agency that owns the action")
    elif new["owner_id"] is None or not Membership.objects.current().filter(
        person_id=new["owner_id"], person__is_active=True, team__agency_id=new["owner_agency_id"]
    ).exists():
        errors["owner"] = _("The named owner must work for the owning agency")
    if new["due_on"] is None:
        errors["due_on"] = _("Enter the date the action is due")
    elif new["due_on"] != action.due_on and new["due_on"] < timezone.localdate():
        errors["due_on"] = _("The due date must be today or in the future")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        old = {f: getattr(action, f) for f in LEDGER_FIELDS}
        real = {k: v for k, v in new.items() if old[k] != v}
        updated = LedgerAction.objects.filter(pk=action.pk, version=expected_version).update(version=F("version") + 1, **real)
        if updated != 1:
            current = LedgerAction.objects.get(pk=action.pk)
            raise StaleEdit(
                current={f: getattr(current, f) for f in LEDGER_FIELDS},
                changed={
                    f.removesuffix("_id"): {"yours": _shown(f, new[f]), "theirs": _shown(f, getattr(current, f))}
                    for f in LEDGER_FIELDS
                    if getattr(current, f) != new[f]
                },
            )
        audit_record(
            actor=actor,
            action="cylch.accountability.action.changed",
            subject=action,
            agency_id=new["owner_agency_id"],
            reason=reason.strip(),
            changes={k: {"old": _iso(old[k]), "new": _iso(v)} for k, v in real.items()},
        )
        if "owner_id" in real and new["owner_id"] != actor.pk:
            owner = Person.objects.get(pk=new["owner_id"])
            notice_send(
                recipient=owner,
                kind="cylch.accountability.action.assigned",
                params={
                    "partnership": action.partnership.name_en,
                    "partnership_cy": action.partnership.name_cy,
                    "action": new["what"][:200],
                    "due": new["due_on"].strftime("%d/%m/%Y"),
                },
                link=reverse("accountability:action", args=[action.pk]),
                dedupe_key=f"ledger-action-{action.pk}-assigned-{owner.pk}-v{expected_version + 1}",
            )
    action.refresh_from_db()
    return action


def _shown(field: str, value: Any) -> Any:
    """A value as the person saw it on the form: names for the agency and the person, dates as dates."""
    if field == "owner_agency_id" and value is not None:
        agency = Agency.objects.filter(pk=value).first()
        return agency.name if agency else value
    if field == "owner_id" and value is not None:
        person = Person.objects.filter(pk=value).first()
        return person.full_name if person else value
    return value


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.date) else value


# --- Escalation of overdue partnership actions ------------------------------------------------

ESCALATION_STEPS = ("owner_reminder", "owner_manager", "agency_lead", "chair")


def _days_overdue(due_on: datetime.date, today: datetime.date) -> int:
    """Day 0 is the first day after the due date (as for plan actions)."""
    return (today - due_on).days - 1


def _ladder() -> list[dict[str, Any]]:
    steps = [s for s in policy("ledger_escalation_ladder") if s.get("step") in ESCALATION_STEPS]
    return sorted(steps, key=lambda s: int(s["days_overdue"]))


def _active(people: Any) -> list[Person]:
    return list(Person.objects.filter(pk__in=people, is_active=True).order_by("pk"))


def _partnership_people(action: LedgerAction, role: str) -> list[Person]:
    from cylch.partnerships.models import PartnershipRole

    today = timezone.localdate()
    roles = PartnershipRole.objects.filter(partnership_id=action.partnership_id, role=role, started_on__lte=today).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today)
    )
    return _active(roles.values("person_id"))


def _safeguarding_leads(action: LedgerAction) -> list[Person]:
    return _active(
        Membership.objects.current().filter(role=Role.SAFEGUARDING_LEAD, team__agency_id=action.owner_agency_id).values("person_id")
    )


def escalation_recipients(action: LedgerAction, step: str) -> list[Person]:
    """Who hears at each step: the owner; the owner's manager (the team manager of the owner's team
    in the owning agency, or its safeguarding lead when the team has none); the agency's safeguarding
    lead and the partnership business manager; the chair."""
    from cylch.partnerships.models import PartnershipRole

    if step == "owner_reminder":
        return [action.owner] if action.owner.is_active else []
    if step == "owner_manager":
        teams = Membership.objects.current().filter(person_id=action.owner_id, team__agency_id=action.owner_agency_id).values("team_id")
        managers = _active(
            Membership.objects.current().filter(team_id__in=teams, role=Role.TEAM_MANAGER).exclude(person_id=action.owner_id).values("person_id")
        )
        return managers or _safeguarding_leads(action)
    if step == "agency_lead":
        people = {p.pk: p for p in [*_safeguarding_leads(action), *_partnership_people(action, PartnershipRole.Role.BUSINESS_MANAGER)]}
        return list(people.values())
    return _partnership_people(action, PartnershipRole.Role.CHAIR)


def _name(obj: Any, language: str) -> str:
    return str(obj.name_cy if language == "cy" and obj.name_cy else obj.name_en)


def _escalate_one(action: LedgerAction, step: str, days: int, now: datetime.datetime) -> bool:
    """Take one step for one action, once: the escalation row, its audit entry and its notices
    commit together."""
    recipients = escalation_recipients(action, step)
    try:
        with transaction.atomic():
            escalation = LedgerEscalation.objects.create(
                action=action,
                step=step,
                due_on=action.due_on,
                days_overdue=days,
                at=now,
                recipients=[{"id": p.pk, "name": p.full_name} for p in recipients],
            )
            audit_record(
                actor=None,
                action="cylch.accountability.action.escalated",
                subject=action,
                agency_id=action.owner_agency_id,
                changes={"step": step, "days_overdue": days, "recipients": [p.pk for p in recipients]},
            )
            link = reverse("accountability:action", args=[action.pk])
            for person in recipients:
                notice_send(
                    recipient=person,
                    kind=f"cylch.accountability.action.overdue.{step}",
                    params={
                        "partnership": action.partnership.name_en,
                        "partnership_cy": action.partnership.name_cy,
                        "agency": action.owner_agency.name_en,
                        "agency_cy": action.owner_agency.name_cy,
                        "owner": action.owner.full_name,
                        "action": action.what[:200],
                        "due": action.due_on.strftime("%d/%m/%Y"),
                    },
                    link=link,
                    dedupe_key=f"ledger-action-{action.pk}-{action.due_on.isoformat()}-{step}-{person.pk}",
                )
    except IntegrityError:
        return False  # this step was taken by an earlier run
    if not escalation.recipients:
        logger.warning("Overdue partnership action %s: nobody to tell at step %s", action.pk, step)
    return True


def ledger_actions_escalate(*, now: datetime.datetime | None = None) -> int:
    """Climb the ladder for every overdue open partnership action, each step once per due date.
    A step that fails is logged and the action's later steps wait for the next run."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    ladder = _ladder()
    if not ladder:
        return 0
    taken = 0
    overdue = (
        LedgerAction.objects.filter(
            status__in=[LedgerAction.Status.NOT_STARTED, LedgerAction.Status.IN_PROGRESS], due_on__lt=today
        )
        .select_related("partnership", "owner", "owner_agency")
        .prefetch_related("escalations")
        .order_by("due_on", "pk")
    )
    for action in overdue.iterator(chunk_size=200):
        days = _days_overdue(action.due_on, today)
        done = {(e.step, e.due_on) for e in action.escalations.all()}
        for step in ladder:
            if days < int(step["days_overdue"]) or (step["step"], action.due_on) in done:
                continue
            try:
                taken += int(_escalate_one(action, step["step"], days, now))
            except Exception:
                logger.exception("Could not take escalation step %s for partnership action %s", step["step"], action.pk)
                break
    return taken
