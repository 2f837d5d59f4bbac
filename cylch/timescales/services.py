"""Raising, recalculating and meeting due items under the statutory timescale rules."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cylch.audit.services import audit_record
from cylch.timescales.calendar import due_moment
from cylch.timescales.models import DueItem, TimescaleRule

RULES_PATH = Path(__file__).resolve().parent / "reference" / "rules.json"


def load_rules_into(rule_model: Any, path: Path = RULES_PATH) -> int:
    """Insert the shipped default rules that are not there yet (used by a data migration).

    Other domains ship their own rules in `cylch/<app>/reference/rules.json` (same shape)."""
    if not path.exists():
        return 0
    data = json.loads(path.read_text(encoding="utf-8"))
    created = 0
    for entry in data["rules"]:
        if not rule_model.objects.filter(code=entry["code"]).exists():
            rule_model.objects.create(
                code=entry["code"],
                version=1,
                is_current=True,
                name_en=entry["name_en"],
                name_cy=entry["name_cy"],
                trigger=entry["trigger"],
                unit=entry["unit"],
                amount=entry["amount"],
                owner=entry.get("owner", "lead_professional"),
                source=data["_source"],
            )
            created += 1
    return created


def _owner(child: Any, rule: TimescaleRule, actor: Any, agency_id: int | None) -> tuple[Any, int | None]:
    from cylch.children.models import Involvement

    if rule.owner == TimescaleRule.Owner.LEAD_PROFESSIONAL:
        lead = Involvement.objects.active().filter(child=child, is_lead=True).only("practitioner_id", "agency_id").first()
        if lead is not None:
            return lead.practitioner_id, lead.agency_id
    return getattr(actor, "pk", None), agency_id


def due_items_raise(
    *,
    actor: Any,
    child: Any,
    trigger: str,
    trigger_type: str,
    trigger_id: Any,
    triggered_at: datetime.datetime,
    agency_id: int | None = None,
    reason: str = "",
) -> list[DueItem]:
    """Create (or recalculate, when the event changed) the items this event starts the clock on."""
    if triggered_at > timezone.now() + datetime.timedelta(minutes=5):
        raise ValidationError(_("An event cannot be dated in the future."))
    items = []
    with transaction.atomic():
        for rule in TimescaleRule.objects.filter(trigger=trigger, is_current=True):
            due_at = due_moment(triggered_at, unit=rule.unit, amount=rule.amount)
            owner_id, owner_agency_id = _owner(child, rule, actor, agency_id)
            item = DueItem.objects.filter(
                rule__code=rule.code, trigger_type=trigger_type, trigger_id=str(trigger_id), state=DueItem.State.OPEN
            ).first()
            if item is None:
                item = DueItem.objects.create(
                    child=child,
                    rule=rule,
                    trigger_type=trigger_type,
                    trigger_id=str(trigger_id),
                    triggered_at=triggered_at,
                    due_at=due_at,
                    owner_person_id=owner_id,
                    owner_agency_id=owner_agency_id,
                    reason=reason,
                )
                action = "cylch.timescales.due_item.raised"
            else:
                item.rule, item.triggered_at, item.due_at = rule, triggered_at, due_at
                item.save(update_fields=["rule", "triggered_at", "due_at"])
                action = "cylch.timescales.due_item.recalculated"
            audit_record(
                actor=actor,
                action=action,
                subject=item,
                child_id=child.pk,
                changes={"rule": rule.code, "version": rule.version, "due_at": due_at.isoformat()},
            )
            items.append(item)
    return items


def due_items_close_for(*, actor: Any, child: Any, rule_codes: list[str], met_at: datetime.datetime, late_reason: str = "") -> list[DueItem]:
    """An event meets the open items it answers (a conference held meets the item to hold it)."""
    items = list(DueItem.objects.filter(child=child, rule__code__in=rule_codes, state=DueItem.State.OPEN))
    for item in items:
        due_item_meet(actor=actor, item=item, met_at=met_at, late_reason=late_reason or _("Recorded by the event that met it."))
    return items


def due_items_cancel_for(*, actor: Any, child: Any, rule_codes: list[str], reason: str) -> list[DueItem]:
    """Items no longer needed (for example the next core group once a child leaves the register)."""
    if not reason.strip():
        raise ValidationError({"reason": _("Record why these items are no longer needed.")})
    items = list(DueItem.objects.filter(child=child, rule__code__in=rule_codes, state=DueItem.State.OPEN))
    with transaction.atomic():
        for item in items:
            item.state = DueItem.State.CANCELLED
            item.late_reason = reason.strip()
            item.save(update_fields=["state", "late_reason"])
            audit_record(
                actor=actor,
                action="cylch.timescales.due_item.cancelled",
                subject=item,
                child_id=item.child_id,
                reason=reason.strip(),
            )
    return items


def due_item_meet(*, actor: Any, item: DueItem, met_at: datetime.datetime, late_reason: str = "") -> DueItem:
    if item.state != DueItem.State.OPEN:
        raise ValidationError(_("This item has already been closed."))
    if met_at > timezone.now() + datetime.timedelta(minutes=5):
        raise ValidationError({"met_at": _("It cannot be met in the future.")})
    if met_at < item.triggered_at:
        raise ValidationError({"met_at": _("It cannot be met before the event that started the clock.")})
    late = met_at > item.due_at
    if late and not late_reason.strip():
        raise ValidationError({"late_reason": _("It was met late: record why.")})
    with transaction.atomic():
        item.state = DueItem.State.MET_LATE if late else DueItem.State.MET
        item.met_at = met_at
        item.late_reason = late_reason.strip() if late else ""
        item.save(update_fields=["state", "met_at", "late_reason"])
        audit_record(
            actor=actor,
            action="cylch.timescales.due_item.met",
            subject=item,
            child_id=item.child_id,
            reason=item.late_reason,
            changes={"state": item.state, "met_at": met_at.isoformat()},
        )
    return item


def rule_change(*, actor: Any, code: str, unit: str, amount: int, note: str) -> TimescaleRule:
    """Change a timescale: a new version becomes current; open items are recalculated under it."""
    from cylch.access import rules as access

    if not access.has_capability(actor, access.Capability.MANAGE_TIMESCALES):
        raise PermissionDenied
    if unit not in TimescaleRule.Unit.values:
        raise ValidationError({"unit": _("Choose a unit.")})
    if amount < 1 or amount > 1000:
        raise ValidationError({"amount": _("Enter a number from 1 to 1000.")})
    if not note.strip():
        raise ValidationError({"note": _("Record why the timescale is changing and on what authority.")})
    with transaction.atomic():
        current = TimescaleRule.objects.select_for_update().get(code=code, is_current=True)
        TimescaleRule.objects.filter(pk=current.pk).update(is_current=False)
        new = TimescaleRule.objects.create(
            code=current.code,
            version=current.version + 1,
            is_current=True,
            name_en=current.name_en,
            name_cy=current.name_cy,
            trigger=current.trigger,
            unit=unit,
            amount=amount,
            owner=current.owner,
            source=current.source,
            change_note=note.strip(),
            changed_by=actor,
        )
        audit_record(
            actor=actor,
            action="cylch.timescales.rule.changed",
            subject=new,
            reason=note.strip(),
            changes={"code": code, "old": {"unit": current.unit, "amount": current.amount}, "new": {"unit": unit, "amount": amount}},
        )
        recalculated = due_items_recalculate(rule_codes=[code])
    new.recalculated = recalculated  # type: ignore[attr-defined]
    return new


def due_items_recalculate(*, rule_codes: list[str] | None = None, child_ids: list[int] | None = None, batch_size: int = 5000) -> int:
    """Recompute the due moment of every open item under the current rule versions.

    Used after a rule changes and by the nightly job; processes in batches so it
    stays within memory for Wales-scale data.
    """
    current = {r.code: r for r in TimescaleRule.objects.filter(is_current=True)}
    items = DueItem.objects.filter(state=DueItem.State.OPEN).order_by("pk")
    if rule_codes is not None:
        items = items.filter(rule__code__in=rule_codes)
    if child_ids is not None:
        items = items.filter(child_id__in=child_ids)
    rows = items.values_list("pk", "triggered_at", "due_at", "rule_id", "rule__code")
    changed = 0
    last_pk = 0
    while True:
        batch = list(rows.filter(pk__gt=last_pk)[:batch_size])
        if not batch:
            break
        last_pk = batch[-1][0]
        updates: list[tuple[int, datetime.datetime, int]] = []
        for pk, triggered_at, old_due_at, old_rule_id, code in batch:
            rule = current.get(code)
            if rule is None:
                continue
            due_at = due_moment(triggered_at, unit=rule.unit, amount=rule.amount)
            if due_at != old_due_at or old_rule_id != rule.pk:
                updates.append((pk, due_at, rule.pk))
        if updates:
            _due_items_write(updates)
            changed += len(updates)
    return changed


def _due_items_write(updates: list[tuple[int, datetime.datetime, int]]) -> None:
    """Write new due moments: one UPDATE ... FROM unnest(...) on PostgreSQL, bulk_update elsewhere."""
    from django.db import connection

    if connection.vendor == "postgresql":
        ids, moments, rule_ids = (list(column) for column in zip(*updates, strict=True))
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {DueItem._meta.db_table} AS d SET due_at = v.due_at, rule_id = v.rule_id"  # noqa: S608 (table name from the model)
                " FROM unnest(%s::bigint[], %s::timestamptz[], %s::bigint[]) AS v(id, due_at, rule_id)"
                " WHERE d.id = v.id",
                [ids, moments, rule_ids],
            )
        return
    DueItem.objects.bulk_update(
        [DueItem(pk=pk, due_at=due_at, rule_id=rule_id) for pk, due_at, rule_id in updates], ["due_at", "rule"]
    )


def due_items_remind(*, now: datetime.datetime | None = None) -> int:
    """Tell owners what is due today and what is overdue, then climb the escalation ladder.

    Each step is sent once: the notice's dedupe key is unique, so running the job
    again (or after a crash part-way) sends nothing twice and misses nothing.
    One failing item is logged and the rest carry on.
    """
    import logging

    from django.urls import reverse

    from cylch.core.notices import notice_send
    from cylch.core.reference_data import policy
    from cylch.people.models import Membership, Person, Role

    logger = logging.getLogger(__name__)
    now = now or timezone.now()
    ladder = policy("due_item_escalation_ladder")
    sent = 0
    open_items = (
        DueItem.objects.filter(state=DueItem.State.OPEN, due_at__lte=now + datetime.timedelta(days=1))
        .select_related("rule", "child", "owner_person")
        .order_by("due_at")
    )
    for item in open_items.iterator(chunk_size=500):
        try:
            status = item.status(now)
            if status not in {"due_today", "overdue"} or item.owner_person is None:
                continue
            link = reverse("children:summary", args=[item.child_id])
            params = {"item": item.rule.name_en, "item_cy": item.rule.name_cy, "child": item.child.display_name, "due": timezone.localtime(item.due_at).strftime("%d/%m/%Y %H:%M")}
            if status == "due_today":
                if notice_send(recipient=item.owner_person, kind="cylch.timescales.due_today", params=params, link=link, dedupe_key=f"due-{item.pk}-today"):
                    sent += 1
                continue
            days_overdue = (now - item.due_at).days
            for step in ladder:
                if days_overdue < int(step["days_overdue"]):
                    continue
                recipients: list[Person] = []
                if step["step"] == "owner_reminder":
                    recipients = [item.owner_person]
                else:
                    role = Role.TEAM_MANAGER if step["step"] == "team_manager" else Role.SAFEGUARDING_LEAD
                    owner_teams = Membership.objects.current().filter(person=item.owner_person).values("team_id")
                    members = Membership.objects.current().filter(role=role)
                    if role == Role.TEAM_MANAGER:
                        members = members.filter(team_id__in=owner_teams)
                    elif item.owner_agency_id is not None:
                        members = members.filter(team__agency_id=item.owner_agency_id)
                    else:
                        members = members.none()
                    recipients = list(Person.objects.filter(pk__in=members.values("person_id"), is_active=True))
                for person in recipients:
                    if notice_send(
                        recipient=person,
                        kind=f"cylch.timescales.overdue.{step['step']}",
                        params=params | {"owner": item.owner_person.full_name, "days": days_overdue},
                        link=link,
                        dedupe_key=f"due-{item.pk}-{step['step']}-{person.pk}",
                    ):
                        sent += 1
        except Exception:
            logger.exception("Could not send reminders for due item %s", item.pk)
    return sent
