"""Writes about therapeutic support: the directory, a child's need, referrals and ratings.

Every service takes the actor, checks access through cylch.access.rules, runs in one
transaction and writes its audit entry inside it. A referral moves only along
`models.TRANSITIONS`; each move is kept, enters the child's chronology and tells the
team around the child.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from cylch.access import rules
from cylch.access.rules import Capability, ReferralAccess
from cylch.audit.services import audit_record
from cylch.children.models import Child, Involvement
from cylch.children.services import StaleEdit
from cylch.chronology.services import chronology_record_event
from cylch.core.notices import notice_send
from cylch.core.reference_data import code_choices, code_label
from cylch.organisations.models import Agency, Area
from cylch.people.models import Membership, Person, Role
from cylch.therapy.models import TRANSITIONS, ChildRating, Referral, ReferralStateChange, Service, TherapeuticNeed
from cylch.timescales.models import DueItem
from cylch.timescales.services import due_item_meet, due_items_raise

__all__ = ["StaleEdit"]

SERVICE_FIELDS = [
    "name_en",
    "name_cy",
    "description_en",
    "description_cy",
    "kind",
    "minimum_age",
    "maximum_age",
    "care_statuses",
    "diagnosis_needed",
    "welsh_language",
    "how_to_refer",
    "contact_name",
    "contact_email",
    "contact_phone",
    "url",
    "address",
    "town",
    "postcode",
    "capacity_per_month",
    "waiting_weeks",
    "status",
]
NEED_FIELDS = [
    "care_status",
    "diagnosis",
    "help_for",
    "need",
    "child_help_wanted",
    "child_where",
    "child_language",
    "child_who_with",
    "consent",
    "consent_note",
    "carers_views",
]
MAX_AGE = 25
CHILD_WORKER_ROLES = [Role.PRACTITIONER, Role.TEAM_MANAGER, Role.SAFEGUARDING_LEAD]
NEED_TRIGGER = "therapy.need"
REFERRAL_TRIGGER = "therapy.referral"


class _Sentence:
    """A translated sentence with names filled in, rendered in whichever language is active."""

    def __init__(self, text: Any, **params: Any) -> None:
        self.text, self.params = text, params

    def __str__(self) -> str:
        return str(self.text) % {k: str(v) for k, v in self.params.items()}


class _Label:
    """A reference list label or a bilingual name, in whichever language is active."""

    def __init__(self, list_name: str = "", code: str = "", *, en: str = "", cy: str = "") -> None:
        self.list_name, self.code, self.en, self.cy = list_name, code, en, cy

    def __str__(self) -> str:
        from django.utils.translation import get_language

        if self.list_name:
            return code_label(self.list_name, self.code)
        return self.cy if (get_language() or "en").startswith("cy") and self.cy else self.en


def _codes(list_name: str) -> set[str]:
    return {code for code, _label in code_choices(list_name)}


def _in_both(text: Any) -> tuple[str, str]:
    with override("en"):
        en = str(text)
    with override("cy"):
        cy = str(text)
    return en, cy


# --- The directory -------------------------------------------------------------------


def _clean_service(values: dict[str, Any]) -> dict[str, Any]:
    values = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items() if k in SERVICE_FIELDS}
    errors: dict[str, str] = {}
    if not values.get("name_en"):
        errors["name_en"] = _("Enter the name of the service in English.")
    if not values.get("name_cy"):
        errors["name_cy"] = _("Enter the name of the service in Welsh.")
    if values.get("kind") not in _codes("therapy_service_kind"):
        errors["kind"] = _("Choose the kind of support.")
    low, high = values.get("minimum_age"), values.get("maximum_age")
    if low is None or high is None or not (0 <= int(low) <= MAX_AGE) or not (0 <= int(high) <= MAX_AGE):
        errors["minimum_age"] = _("Enter ages from 0 to %(max)s.") % {"max": MAX_AGE}
    elif int(low) > int(high):
        errors["maximum_age"] = _("The oldest age cannot be below the youngest age.")
    statuses = values.get("care_statuses") or []
    if any(s not in _codes("care_status") for s in statuses):
        errors["care_statuses"] = _("Choose care statuses from the list.")
    if values.get("status", Service.Status.ACTIVE) not in Service.Status.values:
        errors["status"] = _("Choose whether the service is taking referrals.")
    if int(values.get("waiting_weeks") or 0) > 520:
        errors["waiting_weeks"] = _("Enter a waiting time of 520 weeks or fewer.")
    if int(values.get("capacity_per_month") or 0) > 100000:
        errors["capacity_per_month"] = _("Enter a capacity of 100,000 or fewer.")
    if errors:
        raise ValidationError(errors)
    values["care_statuses"] = sorted(set(statuses))
    return values


def _check_areas(area_ids: list[int]) -> list[int]:
    found = list(Area.objects.filter(pk__in=area_ids, kind=Area.Kind.LOCAL_AUTHORITY).values_list("pk", flat=True))
    if not found:
        raise ValidationError({"areas": _("Choose at least one local authority area the service covers.")})
    return found


def service_create(*, actor: Person, provider: Agency, values: dict[str, Any], area_ids: list[int]) -> Service:
    """A provider's own people add a service to the directory."""
    if not rules.may_edit_therapy_service(actor, provider.pk):
        raise PermissionDenied
    clean = _clean_service(values)
    areas = _check_areas(area_ids)
    with transaction.atomic():
        service = Service.objects.create(provider=provider, updated_by=actor, last_modified=timezone.now(), **clean)
        service.areas.set(areas)
        audit_record(actor=actor, action="cylch.therapy.service.created", subject=service, agency_id=provider.pk, changes={"name": clean["name_en"]})
    return service


def service_update(*, actor: Person, service: Service, expected_version: int, values: dict[str, Any], area_ids: list[int]) -> Service:
    """Save the provider's changes only over the version they loaded."""
    if not rules.may_edit_therapy_service(actor, service.provider_id):
        raise PermissionDenied
    clean = _clean_service(values)
    areas = _check_areas(area_ids)
    with transaction.atomic():
        current = Service.objects.select_for_update().get(pk=service.pk)
        old = {f: getattr(current, f) for f in SERVICE_FIELDS}
        if current.version != expected_version:
            raise StaleEdit(current=old, changed={f: {"yours": clean.get(f), "theirs": old[f]} for f in clean if old[f] != clean.get(f)})
        updated = Service.objects.filter(pk=service.pk, version=expected_version).update(
            version=F("version") + 1, updated_by=actor, last_modified=timezone.now(), **clean
        )
        if updated != 1:
            raise StaleEdit(current=old, changed={})
        current.areas.set(areas)
        audit_record(
            actor=actor,
            action="cylch.therapy.service.updated",
            subject=current,
            agency_id=current.provider_id,
            changes={k: {"old": old[k], "new": v} for k, v in clean.items() if old[k] != v},
        )
    current.refresh_from_db()
    return current


# --- The child's need ----------------------------------------------------------------


def _acting_agency_id(actor: Any, child: Child, team_ids: frozenset[int]) -> int:
    agency_id = Involvement.objects.active().filter(child=child, team_id__in=team_ids).values_list("agency_id", flat=True).first()
    if agency_id is None:
        agencies = rules.agencies_where(actor, Capability.WORK_WITH_CHILDREN)
        if not agencies:
            raise Http404
        agency_id = min(agencies)
    return int(agency_id)


def _clean_need(values: dict[str, Any]) -> dict[str, Any]:
    values = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items() if k in NEED_FIELDS}
    errors: dict[str, str] = {}
    if values.get("care_status") not in _codes("care_status"):
        errors["care_status"] = _("Choose the child's care status.")
    if values.get("diagnosis") not in _codes("diagnosis_status"):
        errors["diagnosis"] = _("Choose whether the child has a mental-health diagnosis.")
    if values.get("help_for") not in _codes("therapy_help_for"):
        errors["help_for"] = _("Choose who the help is for: the child, the carers or both.")
    if not values.get("need"):
        errors["need"] = _("Describe the need for therapeutic support.")
    if not values.get("child_help_wanted"):
        errors["child_help_wanted"] = _("Write what help the child wants, in their own words.")
    if values.get("child_language") not in _codes("therapy_language"):
        errors["child_language"] = _("Choose the language the child wants help in.")
    if values.get("consent") not in _codes("therapy_consent"):
        errors["consent"] = _("Record the child's consent or assent.")
    elif values.get("consent") in {"not_asked", "not_given"} and not values.get("consent_note"):
        errors["consent_note"] = _("Say why the child has not been asked, or what they said.")
    if errors:
        raise ValidationError(errors)
    return values


def need_record(*, actor: Person, child: Child, values: dict[str, Any]) -> TherapeuticNeed:
    """Anyone in the team around the child records a need; the clock to send a referral starts."""
    access = rules.child_access(actor, child)
    if not access.can_write:
        raise Http404
    clean = _clean_need(values)
    agency_id = _acting_agency_id(actor, child, access.team_ids)
    now = timezone.now()
    with transaction.atomic():
        need = TherapeuticNeed.objects.create(child=child, recorded_by=actor, recorded_by_agency_id=agency_id, recorded_at=now, **clean)
        chronology_record_event(
            child=child,
            occurred_at=now,
            entry_type="referral",
            summary=gettext_lazy("Need for therapeutic support recorded"),
            source_agency_id=agency_id,
            origin=need,
            author=actor,
        )
        due_items_raise(actor=actor, child=child, trigger="therapy_need_recorded", trigger_type=NEED_TRIGGER, trigger_id=need.pk, triggered_at=now, agency_id=agency_id)
        audit_record(
            actor=actor,
            action="cylch.therapy.need.recorded",
            subject=need,
            child_id=child.pk,
            agency_id=agency_id,
            changes={"care_status": clean["care_status"], "help_for": clean["help_for"], "consent": clean["consent"]},
        )
    return need


def need_close(*, actor: Person, need: TherapeuticNeed, reason: str) -> TherapeuticNeed:
    """Close a need no referral will follow (for example the child no longer wants help); its
    clock stops. Referrals already made carry on."""
    access = rules.child_access(actor, need.child)
    if not access.can_write:
        raise Http404
    if need.status != TherapeuticNeed.Status.OPEN:
        raise ValidationError(_("This need is already closed."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the need is closed.")})
    with transaction.atomic():
        updated = TherapeuticNeed.objects.filter(pk=need.pk, status=TherapeuticNeed.Status.OPEN).update(
            status=TherapeuticNeed.Status.CLOSED, version=F("version") + 1
        )
        if updated != 1:
            raise ValidationError(_("This need is already closed."))
        items = list(DueItem.objects.filter(trigger_type=NEED_TRIGGER, trigger_id=str(need.pk), state=DueItem.State.OPEN))
        _cancel(actor, items, reason.strip())
        audit_record(actor=actor, action="cylch.therapy.need.closed", subject=need, child_id=need.child_id, reason=reason.strip())
    need.refresh_from_db()
    return need


# --- Eligibility ---------------------------------------------------------------------


def child_age(child: Child, on: datetime.date | None = None) -> int | None:
    if child.date_of_birth is None:
        return None
    on = on or timezone.localdate()
    born = child.date_of_birth
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def eligibility_warnings(service: Service, child: Child, need: TherapeuticNeed, area_ids: set[int] | None = None) -> list[str]:
    """Why the service may not be right for this child (empty when it fits). A referral with
    warnings needs a reason; a service not taking referrals is refused outright elsewhere."""
    warnings: list[str] = []
    if area_ids is None:
        area_ids = set(service.areas.values_list("pk", flat=True))
    if child.local_authority_id is None or child.local_authority_id not in area_ids:
        warnings.append(_("The service does not cover the child's local authority area."))
    age = child_age(child)
    if age is None or not (service.minimum_age <= age <= service.maximum_age):
        warnings.append(
            _("The service is for ages %(low)s to %(high)s; the child's age is outside that.") % {"low": service.minimum_age, "high": service.maximum_age}
        )
    if service.care_statuses and need.care_status not in service.care_statuses:
        warnings.append(_("The service is not for children with the child's care status."))
    if service.diagnosis_needed and need.diagnosis != "diagnosed":
        warnings.append(_("The service needs a mental-health diagnosis, and the child has none."))
    return warnings


# --- Referrals -----------------------------------------------------------------------


def _check_parts(parts: list[str]) -> list[str]:
    known = _codes("referral_shared_part")
    if any(p not in known for p in parts):
        raise ValidationError({"shared_parts": _("Choose what to share from the list.")})
    return sorted(set(parts))


def referral_create(
    *,
    actor: Person,
    need: TherapeuticNeed,
    service: Service,
    help_for: str,
    shared_parts: list[str],
    message: str = "",
    eligibility_reason: str = "",
    send: bool = False,
) -> Referral:
    """The practitioner chooses a service. A service that does not fit the child's area, age,
    care status or diagnosis warns and needs a reason; one not taking referrals is refused."""
    child = need.child
    access = rules.child_access(actor, child)
    if not access.can_write:
        raise Http404
    if need.status != TherapeuticNeed.Status.OPEN:
        raise ValidationError(_("This need is closed: record a new one."))
    if not service.takes_referrals:
        raise ValidationError(_("This service is not taking referrals at the moment. Choose another service."))
    if help_for not in _codes("therapy_help_for"):
        raise ValidationError({"help_for": _("Choose who the help is for: the child, the carers or both.")})
    parts = _check_parts(shared_parts)
    warnings = eligibility_warnings(service, child, need)
    if warnings and not eligibility_reason.strip():
        raise ValidationError({"eligibility_reason": [*warnings, _("Say why this service is still the right one for the child.")]})
    agency_id = _acting_agency_id(actor, child, access.team_ids)
    with transaction.atomic():
        referral = Referral.objects.create(
            need=need,
            child=child,
            service=service,
            provider_id=service.provider_id,
            local_authority_id=child.local_authority_id,
            help_for=help_for,
            shared_parts=parts,
            message=message.strip(),
            eligibility_reason=eligibility_reason.strip() if warnings else "",
            need_recorded_at=need.recorded_at,
            created_by=actor,
            created_by_agency_id=agency_id,
        )
        audit_record(
            actor=actor,
            action="cylch.therapy.referral.created",
            subject=referral,
            child_id=child.pk,
            agency_id=agency_id,
            reason=referral.eligibility_reason,
            changes={"service": service.pk, "help_for": help_for, "shared_parts": parts, "warnings": len(warnings)},
        )
        if send:
            referral = referral_move(actor=actor, referral=referral, to_state=Referral.State.SENT, expected_version=referral.version)
    return referral


def _team_to_tell(child: Child, *, actor: Any) -> list[Person]:
    """The named people of the team around the child (current, active), without the actor."""
    ids = set(
        Involvement.objects.active().filter(child=child, practitioner__isnull=False, practitioner__is_active=True).values_list("practitioner_id", flat=True)
    )
    ids.discard(getattr(actor, "pk", None))
    return list(Person.objects.filter(pk__in=ids).order_by("pk"))


def _provider_people(agency_id: int, *, actor: Any) -> list[Person]:
    ids = set(
        Membership.objects.current()
        .filter(team__agency_id=agency_id, role__in=CHILD_WORKER_ROLES, person__is_active=True)
        .values_list("person_id", flat=True)
    )
    ids.discard(getattr(actor, "pk", None))
    return list(Person.objects.filter(pk__in=ids).order_by("pk"))


def _open_referral_items(referral: Referral, codes: list[str]) -> list[DueItem]:
    return list(
        DueItem.objects.filter(trigger_type=REFERRAL_TRIGGER, trigger_id=str(referral.pk), rule__code__in=codes, state=DueItem.State.OPEN)
    )


def _meet(actor: Any, items: list[DueItem], at: datetime.datetime, reason: str) -> None:
    for item in items:
        due_item_meet(
            actor=actor,
            item=item,
            met_at=max(at, item.triggered_at),
            late_reason=reason or _("Later than the local threshold; the wait is counted in the therapeutic waits measure."),
        )


def _cancel(actor: Any, items: list[DueItem], reason: str) -> None:
    for item in items:
        item.state = DueItem.State.CANCELLED
        item.late_reason = reason
        item.save(update_fields=["state", "late_reason"])
        audit_record(actor=actor, action="cylch.timescales.due_item.cancelled", subject=item, child_id=item.child_id, reason=reason)


def _check_moment(day: datetime.date | None, referral: Referral, field: str) -> datetime.datetime:
    now = timezone.now()
    if day is None:
        return now
    if day > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})
    start = referral.sent_at or referral.created_at
    if day < timezone.localdate(start):
        raise ValidationError({field: _("The date cannot be before the referral was sent.")})
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12, 0)))
    return min(max(moment, start), now)


def _check_onward(
    route: str, *, service: Service | None, note: str, owner: str, due_on: datetime.date | None, referral: Referral
) -> None:
    errors: dict[str, str] = {}
    if route not in _codes("onward_route"):
        errors["onward_route"] = _("Choose the onward route: another service, consultation for the carers, or a named next step.")
    elif route == "another_service":
        if service is None:
            errors["onward_service"] = _("Choose the service the child is referred on to.")
        elif service.pk == referral.service_id:
            errors["onward_service"] = _("Choose a different service from the one declining.")
    elif route == "next_step":
        if not owner.strip():
            errors["onward_owner"] = _("Name who owns the next step.")
        if due_on is None:
            errors["onward_due_on"] = _("Enter the date the next step is due.")
        elif due_on < timezone.localdate():
            errors["onward_due_on"] = _("The next step cannot be due in the past.")
    if route in {"carer_consultation", "next_step"} and not note.strip():
        errors["onward_note"] = _("Describe the onward route so the team around the child knows what happens next.")
    if errors:
        raise ValidationError(errors)


def referral_move(
    *,
    actor: Person,
    referral: Referral,
    to_state: str,
    expected_version: int,
    reason: str = "",
    contact_on: datetime.date | None = None,
    goals: str = "",
    end_reason: str = "",
    onward_route: str = "",
    onward_service: Service | None = None,
    onward_note: str = "",
    onward_owner: str = "",
    onward_due_on: datetime.date | None = None,
) -> Referral:
    """Move a referral along one allowed transition. Impossible moves are refused with a clear
    message; a decline needs an onward route (no wrong door)."""
    access: ReferralAccess = rules.referral_access(actor, referral)
    if not access.as_team and not access.as_provider:
        raise Http404
    from_state = referral.state
    allowed = TRANSITIONS.get((from_state, to_state))
    labels = dict(Referral.State.choices)
    if allowed is None:
        raise ValidationError(
            _("A referral cannot go from “%(from)s” to “%(to)s”.") % {"from": labels.get(from_state, from_state), "to": labels.get(to_state, to_state)}
        )
    if not (allowed & access.sides()):
        raise ValidationError(
            _("Only the service's provider can move a referral to “%(to)s”.") % {"to": labels[to_state]}
            if allowed == {"provider"}
            else _("Only the team around the child can move a referral to “%(to)s”.") % {"to": labels[to_state]}
        )
    reason, goals = reason.strip(), goals.strip()
    now = timezone.now()
    fields: dict[str, Any] = {"state": to_state}
    if to_state == Referral.State.SENT:
        if not referral.service.takes_referrals:
            raise ValidationError(_("This service is not taking referrals at the moment. Choose another service."))
        fields["sent_at"] = now
    contact_at = None
    if to_state in {Referral.State.TRIAGED, Referral.State.ACCEPTED, Referral.State.WAITING, Referral.State.STARTED} and (
        contact_on is not None or to_state == Referral.State.STARTED
    ):
        if referral.first_contact_at is None:
            contact_at = _check_moment(contact_on, referral, "contact_on")
            fields["first_contact_at"] = contact_at
    if to_state == Referral.State.STARTED and referral.started_at is None:
        if not goals and not referral.goals:
            raise ValidationError({"goals": _("Write the goals agreed with the child and carers before help starts.")})
        fields["started_at"] = now
    if goals:
        fields["goals"] = goals
    if to_state == Referral.State.DECLINED:
        if not reason:
            raise ValidationError({"reason": _("Say why the referral is declined.")})
        _check_onward(onward_route, service=onward_service, note=onward_note, owner=onward_owner, due_on=onward_due_on, referral=referral)
        fields |= {
            "declined_at": now,
            "decline_reason": reason,
            "onward_route": onward_route,
            "onward_service": onward_service if onward_route == "another_service" else None,
            "onward_note": onward_note.strip(),
            "onward_owner": onward_owner.strip() if onward_route == "next_step" else "",
            "onward_due_on": onward_due_on if onward_route == "next_step" else None,
        }
    if to_state == Referral.State.ENDED:
        if from_state == Referral.State.DECLINED:
            # No wrong door: a declined referral closes only once its onward route is recorded.
            if not referral.onward_route:
                raise ValidationError(_("Record the onward route before closing a declined referral: another service, consultation for the carers, or a named next step."))
            end_reason = end_reason or "declined_onward"
        elif from_state == Referral.State.DRAFT:
            end_reason = end_reason or "other"
        if end_reason not in _codes("referral_end_reason"):
            raise ValidationError({"end_reason": _("Choose why the help ended.")})
        if end_reason == "other" and not reason:
            raise ValidationError({"reason": _("Say why the help ended.")})
        fields |= {"ended_at": now, "end_reason": end_reason}
    if from_state == Referral.State.STARTED and to_state == Referral.State.IN_REVIEW and not reason:
        raise ValidationError({"reason": _("Say what the review is looking at.")})
    side = "team" if "team" in allowed and access.can_write_team else "provider"
    by_agency = referral.provider_id if side == "provider" else _acting_agency_id(actor, referral.child, access.child_access.team_ids)
    if fields.get("first_contact_at") is not None:
        fields["first_contact_at"] = max(fields["first_contact_at"], referral.sent_at or now)
    with transaction.atomic():
        updated = Referral.objects.filter(pk=referral.pk, version=expected_version, state=from_state).update(version=F("version") + 1, **fields)
        if updated != 1:
            current = Referral.objects.get(pk=referral.pk)
            raise StaleEdit(current={"state": current.state}, changed={"state": {"yours": to_state, "theirs": current.state}})
        referral.refresh_from_db()
        change = ReferralStateChange.objects.create(referral=referral, from_state=from_state, to_state=to_state, at=now, by=actor, by_agency_id=by_agency, reason=reason)
        _days_record(referral)
        service = referral.service
        service_label = _Label(en=service.name_en, cy=service.name_cy)
        chronology_record_event(
            child=referral.child,
            occurred_at=now,
            entry_type="referral",
            summary=_Sentence(
                gettext_lazy("Therapeutic support referral to %(service)s: %(state)s"),
                service=service_label,
                state=_StateLabel(to_state),
            ),
            source_agency_id=by_agency,
            origin=change,
            author=actor,
        )
        _clocks(actor, referral, from_state, to_state, now, contact_at, reason)
        audit_record(
            actor=actor,
            action="cylch.therapy.referral.moved",
            subject=referral,
            child_id=referral.child_id,
            agency_id=by_agency,
            reason=reason,
            changes={"from": from_state, "to": to_state, "onward_route": referral.onward_route or None, "end_reason": referral.end_reason or None},
        )
        _tell(actor, referral, to_state)
    return referral


class _StateLabel:
    def __init__(self, state: str) -> None:
        self.state = state

    def __str__(self) -> str:
        return str(dict(Referral.State.choices).get(self.state, self.state))


def _days_between(start: datetime.datetime | None, end: datetime.datetime | None) -> int | None:
    if start is None or end is None:
        return None
    return max(0, (timezone.localdate(end) - timezone.localdate(start)).days)


def referral_wait_days(referral: Referral, now: datetime.datetime | None = None) -> dict[str, int | None]:
    """Days from need to referral, referral to first contact, first contact to start (so far, while waiting)."""
    now = now or timezone.now()
    return {
        "need_to_referral": _days_between(referral.need_recorded_at, referral.sent_at or (now if referral.state == Referral.State.DRAFT else None)),
        "referral_to_contact": _days_between(referral.sent_at, referral.first_contact_at or (now if referral.sent_at and referral.is_open and referral.state != Referral.State.DECLINED else None)),
        "contact_to_start": _days_between(referral.first_contact_at, referral.started_at or (now if referral.first_contact_at and referral.is_open else None)),
    }


def _days_record(referral: Referral) -> None:
    """Keep the finished waits as numbers so demand pages average them without date arithmetic."""
    referral.days_to_first_contact = _days_between(referral.sent_at, referral.first_contact_at)
    referral.days_to_start = _days_between(referral.sent_at, referral.started_at)
    Referral.objects.filter(pk=referral.pk).update(days_to_first_contact=referral.days_to_first_contact, days_to_start=referral.days_to_start)


def _clocks(actor: Any, referral: Referral, from_state: str, to_state: str, now: datetime.datetime, contact_at: datetime.datetime | None, reason: str) -> None:
    """Timeliness: need to referral, referral to first contact, first contact to start."""
    child = referral.child
    if to_state == Referral.State.SENT:
        need_items = list(
            DueItem.objects.filter(trigger_type=NEED_TRIGGER, trigger_id=str(referral.need_id), rule__code="therapy-referral-sent", state=DueItem.State.OPEN)
        )
        _meet(actor, need_items, now, "")
        due_items_raise(actor=actor, child=child, trigger="therapy_referral_sent", trigger_type=REFERRAL_TRIGGER, trigger_id=referral.pk, triggered_at=now, agency_id=referral.created_by_agency_id)
    if contact_at is not None:
        _meet(actor, _open_referral_items(referral, ["therapy-first-contact"]), contact_at, "")
        due_items_raise(actor=actor, child=child, trigger="therapy_first_contact", trigger_type=REFERRAL_TRIGGER, trigger_id=referral.pk, triggered_at=contact_at, agency_id=referral.created_by_agency_id)
    if to_state == Referral.State.STARTED:
        _meet(actor, _open_referral_items(referral, ["therapy-help-started"]), now, "")
    if to_state in {Referral.State.DECLINED, Referral.State.ENDED}:
        _cancel(actor, _open_referral_items(referral, ["therapy-first-contact", "therapy-help-started"]), reason or _("The referral was declined or ended."))


def _tell(actor: Any, referral: Referral, to_state: str) -> None:
    child = referral.child
    service = referral.service
    link = reverse("therapy:referral", args=[referral.pk])
    state_en, state_cy = _in_both(_StateLabel(to_state))
    params = {"child": child.display_name, "service": service.name_en, "service_cy": service.name_cy, "state": state_en, "state_cy": state_cy}
    kind = "cylch.therapy.referral.moved"
    if to_state == Referral.State.DECLINED:
        kind = "cylch.therapy.referral.declined"
        route_en, route_cy = _in_both(_Label("onward_route", referral.onward_route))
        params |= {"route": route_en, "route_cy": route_cy}
    for person in _team_to_tell(child, actor=actor):
        notice_send(recipient=person, kind=kind, params=params, link=link, dedupe_key=f"therapy-referral-{referral.pk}-{to_state}-{referral.version}-{person.pk}")
    if to_state == Referral.State.SENT:
        for person in _provider_people(referral.provider_id, actor=actor):
            notice_send(
                recipient=person,
                kind="cylch.therapy.referral.received",
                params={"service": service.name_en, "service_cy": service.name_cy},
                link=link,
                dedupe_key=f"therapy-referral-{referral.pk}-received-{person.pk}",
            )


# --- Outcomes: the child's own rating --------------------------------------------------


def rating_record(*, actor: Person, referral: Referral, stage: str, score: int, words: str = "") -> ChildRating:
    """The child's own rating at the start, at a review and at the end."""
    access = rules.referral_access(actor, referral)
    if not access.sides():
        raise Http404
    if referral.state not in {Referral.State.STARTED, Referral.State.IN_REVIEW, Referral.State.ENDED} or referral.started_at is None:
        raise ValidationError(_("The child's rating is recorded once help has started."))
    if stage not in _codes("rating_stage"):
        raise ValidationError({"stage": _("Choose when the rating was given.")})
    if str(score) not in _codes("child_rating"):
        raise ValidationError({"score": _("Choose the child's rating.")})
    if stage == "start" and referral.ratings.filter(stage="start").exists():
        raise ValidationError({"stage": _("The rating at the start is already recorded.")})
    with transaction.atomic():
        rating = ChildRating.objects.create(referral=referral, stage=stage, score=int(score), words=words.strip(), recorded_by=actor)
        audit_record(actor=actor, action="cylch.therapy.rating.recorded", subject=rating, child_id=referral.child_id, changes={"stage": stage, "score": int(score)})
    return rating
