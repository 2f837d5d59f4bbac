"""Writes about the child protection register.

A child is placed on the register only by an initial or transfer-in conference's
decision, and removed only by a review conference's decision or one of the events
the procedures list (18th birthday, death, permanent move out of the UK), with the
reasons recorded. A register check answers only yes or no, since when, the
categories and whom to ring, and is always audited.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cylch.access import rules
from cylch.access.rules import Capability
from cylch.audit.services import access_record, audit_record
from cylch.children import identifiers, search
from cylch.children.models import Child, Identifier, Involvement
from cylch.chronology.services import chronology_record_event
from cylch.core.notices import notice_send
from cylch.core.reference_data import code_choices, code_label, policy
from cylch.core.text import LazyFormat
from cylch.meetings.models import Meeting, MeetingChild
from cylch.organisations.models import Agency
from cylch.people.models import Person
from cylch.register.models import DutyLine, Registration, RegistrationCategory, RegistrationReview, TransferIn
from cylch.timescales.services import due_items_raise

REVIEW_CONFERENCE_REASON = "review_conference"
TURNED_18 = "turned_18"
DEFAULT_END_AGE = 18
FUTURE_GRACE = datetime.timedelta(minutes=5)


class _Labels:
    """Reference labels joined for a chronology entry, in whichever language is active."""

    def __init__(self, list_name: str, codes: list[str]) -> None:
        self.list_name, self.codes = list_name, codes

    def __str__(self) -> str:
        labels = dict(code_choices(self.list_name))
        return ", ".join(labels.get(code, code) for code in self.codes)


def _end_age() -> int:
    """The age at which registration ends (policy data, seeded by this app's migration)."""
    try:
        return int(policy("register_end_age"))
    except KeyError:
        return DEFAULT_END_AGE


def _lead(child: Child) -> Involvement | None:
    return Involvement.objects.active().filter(child=child, is_lead=True).select_related("practitioner", "agency").first()


def _tell_lead(
    *, actor: Any, child: Child, kind: str, params: dict[str, Any], dedupe_key: str, labels: dict[str, tuple[str, str]] | None = None
) -> None:
    """Tell the lead professional (unless they did it). `labels` names reference-list labels to
    give in the lead's own language: {param: (list name, code)}."""
    lead = _lead(child)
    if lead is None or lead.practitioner is None or lead.practitioner.pk == getattr(actor, "pk", None):
        return
    if not lead.practitioner.is_active:
        return
    with translation.override(lead.practitioner.language):
        params = {**params, **{name: code_label(list_name, code) for name, (list_name, code) in (labels or {}).items()}}
    notice_send(
        recipient=lead.practitioner,
        kind=kind,
        params={"child": child.display_name, **params},
        link=reverse("register:child", args=[child.pk]),
        dedupe_key=dedupe_key,
    )


def open_registration(child: Child) -> Registration | None:
    return Registration.objects.filter(child=child, ended_on__isnull=True).first()


# --- Placing on the register, reviewing, removing --------------------------------------------


def registration_make(*, actor: Person, decision: MeetingChild) -> Registration:
    """Place the child on the register as an initial or transfer-in conference decided.

    Called by cylch.meetings.services.decision_record inside its transaction. Starts the
    clock on the first core group.
    """
    from cylch.meetings.services import REGISTERING

    meeting = decision.meeting
    child = decision.child
    if not rules.child_access(actor, child).can_write:
        raise Http404
    if meeting.meeting_type not in REGISTERING or meeting.status != Meeting.Status.HELD or meeting.held_at is None:
        raise ValidationError(_("Only an initial or transfer-in conference that has been held can place a child on the register."))
    if decision.register_decision != MeetingChild.RegisterDecision.REGISTER or not decision.categories:
        raise ValidationError(_("The conference did not decide to place this child on the register."))
    if open_registration(child) is not None:
        raise ValidationError({"register_decision": _("This child is already on the child protection register.")})
    registered_on = timezone.localtime(meeting.held_at).date()
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                child=child, registered_on=registered_on, decision=decision, registered_by=actor
            )
            RegistrationCategory.objects.bulk_create(
                [RegistrationCategory(registration=registration, code=code, added_on=registered_on) for code in decision.categories]
            )
            items = due_items_raise(
                actor=actor,
                child=child,
                trigger="child_registered",
                trigger_type="register.registration",
                trigger_id=registration.pk,
                triggered_at=meeting.held_at,
                agency_id=meeting.convened_by_agency_id,
            )
            chronology_record_event(
                child=child,
                occurred_at=meeting.held_at,
                entry_type="registration",
                summary=LazyFormat(
                    gettext_lazy("Placed on the child protection register. Categories: %(categories)s"),
                    categories=_Labels("register_category", list(decision.categories)),
                ),
                source_agency_id=meeting.convened_by_agency_id,
                origin=registration,
                significance="critical",
                author=actor,
            )
            audit_record(
                actor=actor,
                action="cylch.register.registration.made",
                subject=registration,
                child_id=child.pk,
                agency_id=meeting.convened_by_agency_id,
                changes={"registered_on": registered_on.isoformat(), "categories": list(decision.categories), "decision": decision.pk},
            )
            first_core_group = next((item for item in items if item.rule.code == "first-core-group"), None)
            _tell_lead(
                actor=actor,
                child=child,
                kind="cylch.register.registered",
                params={"due": timezone.localtime(first_core_group.due_at).strftime("%d/%m/%Y") if first_core_group else ""},
                dedupe_key=f"registered-{registration.pk}",
            )
    except IntegrityError:
        # Two people recorded the same decision at once: the register allows one open registration.
        raise ValidationError({"register_decision": _("This child is already on the child protection register.")}) from None
    return registration


def registration_review(*, actor: Person, decision: MeetingChild) -> RegistrationReview:
    """A review conference decided the child stays on the register, perhaps under changed categories."""
    meeting = decision.meeting
    child = decision.child
    if not rules.child_access(actor, child).can_write:
        raise Http404
    registration = open_registration(child)
    if registration is None:
        raise ValidationError({"register_decision": _("This child is not on the register: a review conference can only review a registration.")})
    if meeting.held_at is None or timezone.localtime(meeting.held_at).date() < registration.registered_on:
        raise ValidationError(_("A review conference cannot be dated before the registration it reviews."))
    reviewed_on = timezone.localtime(meeting.held_at).date()
    new = set(decision.categories)
    if not new:
        raise ValidationError({"categories": _("Choose at least one category of registration.")})
    with transaction.atomic():
        current = list(registration.categories.filter(removed_on__isnull=True))
        kept = {c.code for c in current}
        removed = [c for c in current if c.code not in new]
        for category in removed:
            category.removed_on = reviewed_on
            category.save(update_fields=["removed_on"])
        added = sorted(new - kept)
        RegistrationCategory.objects.bulk_create(
            [RegistrationCategory(registration=registration, code=code, added_on=reviewed_on) for code in added]
        )
        review = RegistrationReview.objects.create(
            registration=registration,
            reviewed_on=reviewed_on,
            decision=decision,
            outcome=RegistrationReview.Outcome.REMAIN,
            categories=sorted(new),
            recorded_by=actor,
        )
        chronology_record_event(
            child=child,
            occurred_at=meeting.held_at,
            entry_type="registration",
            summary=LazyFormat(
                gettext_lazy("Review conference: remains on the child protection register. Categories: %(categories)s"),
                categories=_Labels("register_category", sorted(new)),
            ),
            source_agency_id=meeting.convened_by_agency_id,
            origin=review,
            author=actor,
        )
        audit_record(
            actor=actor,
            action="cylch.register.registration.reviewed",
            subject=registration,
            child_id=child.pk,
            changes={"added": added, "removed": sorted(c.code for c in removed), "decision": decision.pk},
        )
    return review


def registration_end_by_review(*, actor: Person, decision: MeetingChild) -> Registration:
    """A review conference decided to remove the child from the register."""
    registration = open_registration(decision.child)
    if registration is None:
        raise ValidationError({"register_decision": _("This child is not on the register.")})
    meeting = decision.meeting
    if meeting.held_at is None:
        raise ValidationError(_("Record the meeting as held before recording its decisions."))
    return registration_end(
        actor=actor,
        registration=registration,
        reason=REVIEW_CONFERENCE_REASON,
        detail=decision.decision_reasons,
        ended_on=timezone.localtime(meeting.held_at).date(),
        decision=decision,
    )


def registration_end(
    *,
    actor: Person,
    registration: Registration,
    reason: str,
    detail: str,
    ended_on: datetime.date,
    decision: MeetingChild | None = None,
) -> Registration:
    """Remove a child from the register: only by a review conference's decision, or at 18,
    on death, or on a permanent move out of the UK, always with the reasons."""
    from cylch.meetings.services import REVIEWING

    child = registration.child
    if not rules.child_access(actor, child).can_write:
        raise Http404
    if registration.ended_on is not None:
        raise ValidationError(_("This registration has already ended."))
    if reason not in dict(code_choices("deregistration_reason")):
        raise ValidationError({"reason": _("Choose why the child is leaving the register.")})
    if reason == REVIEW_CONFERENCE_REASON:
        if (
            decision is None
            or decision.child_id != child.pk
            or decision.meeting.meeting_type not in REVIEWING
            or decision.register_decision != MeetingChild.RegisterDecision.DEREGISTER
        ):
            raise ValidationError({"reason": _("Only a review conference's decision removes a child from the register for that reason: record it at the conference.")})
    elif decision is not None:
        raise ValidationError({"reason": _("Choose the review conference as the reason.")})
    if not detail.strip():
        raise ValidationError({"detail": _("Record the reasons the child is leaving the register.")})
    if ended_on > timezone.localdate():
        raise ValidationError({"ended_on": _("The date cannot be in the future.")})
    if ended_on < registration.registered_on:
        raise ValidationError({"ended_on": _("The date cannot be before the child was placed on the register.")})
    if reason == TURNED_18:
        age = _end_age()
        if child.date_of_birth is None or ended_on < child.date_of_birth + relativedelta(years=age):
            raise ValidationError({"reason": _("The child is not %(age)s on that date. Check the date of birth and the date.") % {"age": age}})
    with transaction.atomic():
        locked = Registration.objects.select_for_update().get(pk=registration.pk)
        if locked.ended_on is not None:
            raise ValidationError(_("This registration has already ended."))
        locked.ended_on = ended_on
        locked.end_reason = reason
        locked.end_reason_detail = detail.strip()
        locked.end_decision = decision
        locked.ended_by = actor
        locked.save(update_fields=["ended_on", "end_reason", "end_reason_detail", "end_decision", "ended_by"])
        RegistrationCategory.objects.filter(registration=locked, removed_on__isnull=True).update(removed_on=ended_on)
        if decision is not None:
            RegistrationReview.objects.create(
                registration=locked,
                reviewed_on=ended_on,
                decision=decision,
                outcome=RegistrationReview.Outcome.DEREGISTER,
                categories=[],
                recorded_by=actor,
            )
        from cylch.timescales.services import due_items_cancel_for

        due_items_cancel_for(
            actor=actor,
            child=child,
            rule_codes=["first-core-group", "next-core-group", "first-review-conference", "next-review-conference"],
            reason=str(_("The child is no longer on the child protection register.")),
        )
        entry = audit_record(
            actor=actor,
            action="cylch.register.registration.ended",
            subject=locked,
            child_id=child.pk,
            reason=detail.strip(),
            changes={"ended_on": ended_on.isoformat(), "reason": reason, "decision": decision.pk if decision else None},
        )
        occurred_at = decision.meeting.held_at if decision is not None and decision.meeting.held_at else _noon(ended_on)
        chronology_record_event(
            child=child,
            occurred_at=occurred_at,
            entry_type="registration",
            summary=LazyFormat(
                gettext_lazy("Removed from the child protection register: %(reason)s"),
                reason=_Labels("deregistration_reason", [reason]),
            ),
            source_agency_id=_source_agency_id(actor, child, decision),
            # The registration is already the origin of the entry that placed the child on the
            # register; the audited removal is the origin of this one.
            origin=entry,
            significance="significant",
            author=actor,
        )
        _tell_lead(
            actor=actor,
            child=child,
            kind="cylch.register.deregistered",
            params={},
            labels={"reason": ("deregistration_reason", reason)},
            dedupe_key=f"deregistered-{locked.pk}",
        )
    return locked


def _noon(day: datetime.date) -> datetime.datetime:
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12, 0)))
    return min(moment, timezone.now())


def _source_agency_id(actor: Person, child: Child, decision: MeetingChild | None) -> int:
    if decision is not None:
        return decision.meeting.convened_by_agency_id
    access = rules.child_access(actor, child)
    agency_id = (
        Involvement.objects.active().filter(child=child, team_id__in=access.team_ids).values_list("agency_id", flat=True).first()
    )
    if agency_id is None:
        agencies = rules.agencies_where(actor, Capability.WORK_WITH_CHILDREN)
        if not agencies:
            raise Http404
        agency_id = min(agencies)
    return int(agency_id)


def transfer_in_record(
    *,
    actor: Person,
    child: Child,
    notified_at: datetime.datetime,
    from_area: str,
    registered_elsewhere_on: datetime.date | None = None,
    categories: list[str] | None = None,
    notes: str = "",
) -> TransferIn:
    """Another area tells us a child on its register has moved here: the transfer-in conference falls due."""
    if not rules.child_access(actor, child).can_write:
        raise Http404
    if not from_area.strip():
        raise ValidationError({"from_area": _("Enter the area the child has moved from.")})
    if notified_at > timezone.now() + FUTURE_GRACE:
        raise ValidationError({"notified_on": _("The notification cannot be dated in the future.")})
    if registered_elsewhere_on is not None and registered_elsewhere_on > timezone.localtime(notified_at).date():
        raise ValidationError({"registered_elsewhere_on": _("The child must have been registered there before the notification.")})
    categories = sorted(set(categories or []))
    known = dict(code_choices("register_category"))
    if any(c not in known for c in categories):
        raise ValidationError({"categories": _("Choose categories from the list.")})
    source_agency_id = _source_agency_id(actor, child, None)
    with transaction.atomic():
        transfer = TransferIn.objects.create(
            child=child,
            notified_at=notified_at,
            from_area=from_area.strip(),
            registered_elsewhere_on=registered_elsewhere_on,
            categories=categories,
            notes=notes.strip(),
            recorded_by=actor,
        )
        due_items_raise(
            actor=actor,
            child=child,
            trigger="transfer_in_notified",
            trigger_type="register.transfer_in",
            trigger_id=transfer.pk,
            triggered_at=notified_at,
            agency_id=source_agency_id,
        )
        chronology_record_event(
            child=child,
            occurred_at=notified_at,
            entry_type="registration",
            summary=LazyFormat(
                gettext_lazy("Notified that the child, on the child protection register of %(area)s, has moved into the area"),
                area=transfer.from_area,
            ),
            source_agency_id=source_agency_id,
            origin=transfer,
            author=actor,
        )
        audit_record(
            actor=actor,
            action="cylch.register.transfer_in.recorded",
            subject=transfer,
            child_id=child.pk,
            changes={"notified_at": notified_at.isoformat(), "from_area": transfer.from_area, "categories": categories},
        )
    return transfer


def duty_line_set(*, actor: Person, agency: Agency, phone: str, notes_en: str = "", notes_cy: str = "") -> DutyLine:
    """The number a register check gives for this agency. Kept by the agency's administrators."""
    if not rules.can_manage_agency(actor, agency.pk):
        raise PermissionDenied
    phone = phone.strip()
    if not phone or not any(ch.isdigit() for ch in phone):
        raise ValidationError({"phone": _("Enter the duty line's phone number.")})
    with transaction.atomic():
        line, _created = DutyLine.objects.update_or_create(
            agency=agency,
            defaults={"phone": phone, "notes_en": notes_en.strip(), "notes_cy": notes_cy.strip(), "updated_by": actor, "updated_at": timezone.now()},
        )
        audit_record(
            actor=actor,
            action="cylch.register.duty_line.set",
            subject=agency,
            agency_id=agency.pk,
            changes={"phone": phone, "notes_en": line.notes_en, "notes_cy": line.notes_cy},
        )
    return line


# --- The register check -----------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterAnswer:
    """What a register check may say about one registered child, and nothing more."""

    since: datetime.date
    categories: list[str]
    contact_agency: str
    contact_phone: str
    contact_notes: str


@dataclass(frozen=True)
class RegisterCheckResult:
    on_register: bool
    answers: list[RegisterAnswer] = field(default_factory=list)


def _matches(*, given_names: str, family_name: str, date_of_birth: datetime.date | None, nhs_number: str) -> list[Child]:
    """Children the check is about: by NHS number, or by both names and the exact date of birth.
    Names must match closely, so a check cannot be used to browse the register."""
    children = Child.objects.current()
    if nhs_number:
        child_ids = Identifier.objects.filter(kind=Identifier.Kind.NHS_NUMBER, value=nhs_number, valid_to__isnull=True).values("child_id")
        return list(children.filter(pk__in=child_ids)[:10])
    if date_of_birth is None:
        return []
    family = search.fold(family_name)
    candidates = children.filter(date_of_birth=date_of_birth).filter(
        search_family__startswith=family[:3]
    ) | children.filter(date_of_birth=date_of_birth, phonetic_family=search.phonetic(family_name))
    return [
        child
        for child in candidates.distinct()[:200]
        if search.close_enough(family_name, child.family_name)
        and (search.close_enough(given_names, child.given_names) or search.close_enough(given_names, child.preferred_name or ""))
    ]


def register_check(
    *,
    actor: Person,
    given_names: str = "",
    family_name: str = "",
    date_of_birth: datetime.date | None = None,
    nhs_number: str = "",
) -> RegisterCheckResult:
    """Is this child on the child protection register? Answers yes or no, since when, the
    categories and whom to ring (the lead professional's agency duty line). Every check is
    recorded as an access entry, whether or not a child matched, and the lead professional
    is told when a child on the register was checked."""
    if not rules.has_capability(actor, Capability.REGISTER_CHECK):
        raise PermissionDenied
    nhs_number = identifiers.normalise("nhs_number", nhs_number or "")
    if nhs_number:
        try:
            identifiers.check_nhs_number(nhs_number)
        except ValidationError as error:
            raise ValidationError({"nhs_number": error.messages}) from None
    elif not (given_names.strip() and family_name.strip() and date_of_birth is not None):
        raise ValidationError(_("Enter the child's NHS number, or their given name, family name and date of birth."))
    # The audit entry says what was asked, so a check that matched nobody is accountable too.
    how = (
        f"NHS number {nhs_number}"
        if nhs_number
        else f"name and date of birth ({given_names.strip()} {family_name.strip()}, {date_of_birth.isoformat() if date_of_birth else ''})"
    )
    matched = _matches(given_names=given_names, family_name=family_name, date_of_birth=date_of_birth, nhs_number=nhs_number)
    registrations = list(
        Registration.objects.filter(child__in=matched, ended_on__isnull=True)
        .select_related("child", "decision__meeting__convened_by_agency")
        .prefetch_related("categories")
        .order_by("registered_on", "pk")
    )
    reason = f"Register check by {how}: {len(matched)} record(s) matched, {len(registrations)} on the register"
    labels = dict(code_choices("register_category"))
    answers = []
    with transaction.atomic():
        if not registrations:
            access_record(actor=actor, action="cylch.register.check.no_match", reason=reason)
        checker_agency = Agency.objects.filter(pk__in=rules.agencies_where(actor, Capability.REGISTER_CHECK)).order_by("pk").first()
        for registration in registrations:
            child = registration.child
            lead = _lead(child)
            agency = lead.agency if lead is not None else registration.decision.meeting.convened_by_agency
            line = DutyLine.objects.filter(agency=agency).first()
            answers.append(
                RegisterAnswer(
                    since=registration.registered_on,
                    categories=[labels.get(c.code, c.code) for c in registration.categories.all() if c.removed_on is None],
                    contact_agency=agency.name,
                    contact_phone=line.phone if line else "",
                    contact_notes=line.notes if line else "",
                )
            )
            access_record(actor=actor, action="cylch.register.check.made", subject=child, child_id=child.pk, reason=reason)
            if lead is not None and lead.practitioner is not None and checker_agency is not None:
                _tell_lead(
                    actor=actor,
                    child=child,
                    kind="cylch.register.checked",
                    params={"agency": checker_agency.name_cy if lead.practitioner.language == "cy" else checker_agency.name_en},
                    dedupe_key=f"register-checked-{registration.pk}-{actor.pk}-{timezone.localdate().isoformat()}",
                )
    return RegisterCheckResult(on_register=bool(answers), answers=answers)

