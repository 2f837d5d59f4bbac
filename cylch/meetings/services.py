"""Writes about meetings and conferences.

Every service takes the actor, checks access through cylch.access.rules, runs in
one transaction and writes its audit entry inside it. Holding a meeting meets the
statutory due items it answers and starts the clock on the next ones; a
conference's decision for a child places them on the register, keeps them on it or
removes them, through cylch.register.services.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cylch.access import rules
from cylch.audit.services import audit_record
from cylch.children.models import Child, Involvement
from cylch.chronology.services import chronology_record_event
from cylch.core.notices import notice_send
from cylch.core.reference_data import code_choices, code_label
from cylch.core.text import LazyFormat
from cylch.meetings import hooks
from cylch.meetings.models import Invitee, Meeting, MeetingAction, MeetingChild
from cylch.organisations.models import Agency
from cylch.people.models import Membership, Person
from cylch.timescales.models import DueItem
from cylch.timescales.services import due_items_close_for, due_items_raise

FUTURE_GRACE = datetime.timedelta(minutes=5)

# Meeting types (codes of the `meeting_type` reference list) that carry behaviour.
STRATEGY_DISCUSSION = "strategy_discussion"
INITIAL_CONFERENCE = "initial_conference"
CORE_GROUP = "core_group"
REVIEW_CONFERENCE = "review_conference"
TRANSFER_IN_CONFERENCE = "transfer_in_conference"
LAC_REVIEW = "lac_review"

# The statutory due items that holding each type of meeting answers (timescale rule codes).
ANSWERS: dict[str, list[str]] = {
    INITIAL_CONFERENCE: ["initial-conference"],
    CORE_GROUP: ["first-core-group", "next-core-group"],
    REVIEW_CONFERENCE: ["first-review-conference", "next-review-conference"],
    TRANSFER_IN_CONFERENCE: ["transfer-in-conference"],
    LAC_REVIEW: ["lac-first-review", "lac-second-review", "lac-next-review"],
}
# The timescale trigger each type of meeting fires when held (looked-after reviews: see _trigger_for).
STARTS: dict[str, str] = {
    STRATEGY_DISCUSSION: "strategy_discussion_held",
    INITIAL_CONFERENCE: "initial_conference_held",
    CORE_GROUP: "core_group_held",
    REVIEW_CONFERENCE: "review_conference_held",
}
# Circulating the record of these meetings answers a due item.
CIRCULATION_ANSWERS: dict[str, list[str]] = {INITIAL_CONFERENCE: ["outline-plan-circulated"]}
# Conferences that decide whether a child goes on the register, and the ones that review it.
REGISTERING = {INITIAL_CONFERENCE, TRANSFER_IN_CONFERENCE}
REVIEWING = {REVIEW_CONFERENCE}
SIGNIFICANT = {STRATEGY_DISCUSSION, INITIAL_CONFERENCE, REVIEW_CONFERENCE, TRANSFER_IN_CONFERENCE}

BEFORE_TRIGGER = {
    INITIAL_CONFERENCE: gettext_lazy(
        "An initial child protection conference cannot be dated before the strategy discussion of %(date)s that it follows."
    ),
    CORE_GROUP: gettext_lazy("A core group meeting cannot be dated before the registration or core group of %(date)s that it follows."),
    REVIEW_CONFERENCE: gettext_lazy("A review conference cannot be dated before the conference of %(date)s that it follows."),
    TRANSFER_IN_CONFERENCE: gettext_lazy(
        "A transfer-in conference cannot be dated before %(date)s, when the move into the area was notified."
    ),
    LAC_REVIEW: gettext_lazy("A looked-after child review cannot be dated before the event of %(date)s that it follows."),
}


class _CodeLabel:
    """A reference list label, rendered in whichever language is active (for bilingual chronology entries)."""

    def __init__(self, list_name: str, code: str) -> None:
        self.list_name, self.code = list_name, code

    def __str__(self) -> str:
        return code_label(self.list_name, self.code)


def _day(moment: datetime.datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "j F Y")


def _require_child_write(actor: Person, child: Child) -> rules.ChildAccess:
    access = rules.child_access(actor, child)
    if not access.can_write:
        raise Http404
    return access


def _require_meeting_write(actor: Person, meeting: Meeting) -> None:
    """Anyone who may change the record of one of the children the meeting is about."""
    for child in meeting.children.all():
        if rules.child_access(actor, child).can_write:
            return
    raise Http404


def _acting_agency_id(actor: Person, child: Child, access: rules.ChildAccess) -> int:
    agency_id = (
        Involvement.objects.active().filter(child=child, team_id__in=access.team_ids).values_list("agency_id", flat=True).first()
    )
    if agency_id is None:
        agencies = rules.agencies_where(actor, rules.Capability.WORK_WITH_CHILDREN)
        if not agencies:
            raise Http404
        agency_id = min(agencies)
    return int(agency_id)


def _not_in_future(moment: datetime.datetime, field: str, message: Any) -> None:
    if moment > timezone.now() + FUTURE_GRACE:
        raise ValidationError({field: message})


def _check_type(meeting_type: str) -> None:
    if meeting_type not in dict(code_choices("meeting_type")):
        raise ValidationError({"meeting_type": _("Choose the type of meeting.")})


def _open_items(children: Iterable[Child], rule_codes: list[str]) -> list[DueItem]:
    if not rule_codes:
        return []
    return list(
        DueItem.objects.filter(child__in=list(children), rule__code__in=rule_codes, state=DueItem.State.OPEN).order_by("due_at")
    )


def _label_in(language: str, list_name: str, code: str) -> str:
    with translation.override(language):
        return code_label(list_name, code)


# --- Arranging -----------------------------------------------------------------------


def meeting_arrange(
    *,
    actor: Person,
    child: Child,
    meeting_type: str,
    scheduled_at: datetime.datetime,
    location: str = "",
    chair_name: str = "",
    siblings: Iterable[Child] = (),
) -> Meeting:
    """Arrange a meeting about a child and, if it is about them too, their siblings."""
    access = _require_child_write(actor, child)
    _check_type(meeting_type)
    others = [c for c in siblings if c.pk != child.pk]
    for other in others:
        if not rules.child_access(actor, other).can_write or other.status not in {Child.Status.OPEN, Child.Status.CLOSED}:
            raise ValidationError({"siblings": _("You can add only children whose records you may change. Check the record numbers.")})
    if child.status != Child.Status.OPEN:
        raise ValidationError(_("Meetings can be arranged only for a child whose record is open."))
    agency_id = _acting_agency_id(actor, child, access)
    with transaction.atomic():
        meeting = Meeting.objects.create(
            meeting_type=meeting_type,
            scheduled_at=scheduled_at,
            location=location.strip(),
            chair_name=chair_name.strip(),
            convened_by_agency_id=agency_id,
            convened_by=actor,
        )
        for each in [child, *others]:
            MeetingChild.objects.create(meeting=meeting, child=each)
            audit_record(
                actor=actor,
                action="cylch.meetings.meeting.arranged",
                subject=meeting,
                child_id=each.pk,
                agency_id=agency_id,
                changes={"type": meeting_type, "scheduled_at": scheduled_at.isoformat(), "children": [c.pk for c in [child, *others]]},
            )
    return meeting


def meeting_change(
    *,
    actor: Person,
    meeting: Meeting,
    expected_version: int,
    scheduled_at: datetime.datetime,
    location: str,
    chair_name: str,
) -> Meeting:
    """Move or re-chair a meeting not yet held, only over the version the person loaded."""
    _require_meeting_write(actor, meeting)
    if meeting.status != Meeting.Status.ARRANGED:
        raise ValidationError(_("Only a meeting that has not yet been held or cancelled can be changed."))
    with transaction.atomic():
        updated = Meeting.objects.filter(pk=meeting.pk, version=expected_version, status=Meeting.Status.ARRANGED).update(
            scheduled_at=scheduled_at, location=location.strip(), chair_name=chair_name.strip(), version=F("version") + 1
        )
        if updated != 1:
            raise ValidationError(
                _("Someone else changed this meeting while you were editing it. Your changes have not been saved. Check the meeting, then try again.")
            )
        for child_id in meeting.meeting_children.values_list("child_id", flat=True):
            audit_record(
                actor=actor,
                action="cylch.meetings.meeting.changed",
                subject=meeting,
                child_id=child_id,
                changes={
                    "scheduled_at": {"old": meeting.scheduled_at.isoformat(), "new": scheduled_at.isoformat()},
                    "location": location.strip(),
                    "chair_name": chair_name.strip(),
                },
            )
    meeting.refresh_from_db()
    return meeting


def meeting_cancel(*, actor: Person, meeting: Meeting, reason: str) -> Meeting:
    _require_meeting_write(actor, meeting)
    if meeting.status != Meeting.Status.ARRANGED:
        raise ValidationError(_("Only a meeting that has not yet been held can be cancelled."))
    if not reason.strip():
        raise ValidationError({"reason": _("Enter why the meeting is cancelled.")})
    with transaction.atomic():
        meeting.status = Meeting.Status.CANCELLED
        meeting.cancelled_reason = reason.strip()
        meeting.version += 1
        meeting.save(update_fields=["status", "cancelled_reason", "version"])
        for child_id in meeting.meeting_children.values_list("child_id", flat=True):
            audit_record(
                actor=actor, action="cylch.meetings.meeting.cancelled", subject=meeting, child_id=child_id, reason=reason.strip()
            )
        for invitee in meeting.invitees.filter(person__isnull=False).select_related("person"):
            person = invitee.person
            if person is None or person.pk == actor.pk or not person.is_active:
                continue
            notice_send(
                recipient=person,
                kind="cylch.meetings.cancelled",
                params={
                    "meeting": _label_in(person.language, "meeting_type", meeting.meeting_type),
                    "when": timezone.localtime(meeting.scheduled_at).strftime("%d/%m/%Y %H:%M"),
                },
                dedupe_key=f"meeting-cancelled-{meeting.pk}-{person.pk}",
            )
    return meeting


# --- Invitations and attendance --------------------------------------------------------


def invitee_add(
    *,
    actor: Person,
    meeting: Meeting,
    agency: Agency,
    person: Person | None = None,
    name: str = "",
    role: str = "",
) -> Invitee:
    """Invite someone for an agency: a person who uses Cylch, or someone named."""
    _require_meeting_write(actor, meeting)
    if meeting.status != Meeting.Status.ARRANGED:
        raise ValidationError(_("Invitations can be added only before the meeting is held."))
    if person is None and not name.strip():
        raise ValidationError({"person": _("Choose a person, or enter the name of the person invited.")})
    if person is not None:
        if not Membership.objects.current().filter(person=person, team__agency=agency).exists():
            raise ValidationError({"person": _("The person chosen does not work for the agency chosen.")})
        if meeting.invitees.filter(person=person).exists():
            raise ValidationError({"person": _("This person has already been invited.")})
    with transaction.atomic():
        invitee = Invitee.objects.create(
            meeting=meeting,
            agency=agency,
            person=person,
            name="" if person is not None else name.strip(),
            role=role.strip(),
            invited_by=actor,
        )
        for child_id in meeting.meeting_children.values_list("child_id", flat=True):
            audit_record(
                actor=actor,
                action="cylch.meetings.invitee.added",
                subject=invitee,
                child_id=child_id,
                changes={"meeting": meeting.pk, "agency": agency.pk, "person": person.pk if person else None},
            )
        if person is not None and person.pk != actor.pk and person.is_active:
            notice_send(
                recipient=person,
                kind="cylch.meetings.invited",
                params={
                    "meeting": _label_in(person.language, "meeting_type", meeting.meeting_type),
                    "when": timezone.localtime(meeting.scheduled_at).strftime("%d/%m/%Y %H:%M"),
                    "agency": agency.name_cy if person.language == "cy" else agency.name_en,
                },
                dedupe_key=f"meeting-invited-{meeting.pk}-{person.pk}",
            )
    return invitee


def attendance_record(*, actor: Person, meeting: Meeting, attendance: dict[int, tuple[str, bool | None]]) -> Meeting:
    """Record, for each invitee, whether they came and (strategy discussions) whether they could decide for their agency."""
    _require_meeting_write(actor, meeting)
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("This meeting was cancelled."))
    invitees = {i.pk: i for i in meeting.invitees.all()}
    for invitee_id, (value, _authority) in attendance.items():
        if invitee_id not in invitees:
            raise ValidationError(_("Record attendance only for people invited to this meeting."))
        if value and value not in Invitee.Attendance.values:
            raise ValidationError({f"attendance_{invitee_id}": _("Choose whether they attended.")})
    with transaction.atomic():
        changed = {}
        for invitee_id, (value, authority) in attendance.items():
            invitee = invitees[invitee_id]
            authority_value = authority if meeting.meeting_type == STRATEGY_DISCUSSION and value == Invitee.Attendance.ATTENDED else None
            if invitee.attendance != value or invitee.had_authority != authority_value:
                invitee.attendance = value
                invitee.had_authority = authority_value
                invitee.save(update_fields=["attendance", "had_authority"])
                changed[str(invitee_id)] = {"attendance": value, "had_authority": authority_value}
        if changed:
            for child_id in meeting.meeting_children.values_list("child_id", flat=True):
                audit_record(
                    actor=actor, action="cylch.meetings.attendance.recorded", subject=meeting, child_id=child_id, changes=changed
                )
    return meeting


def missing_strategy_agencies(meeting: Meeting, invitees: Iterable[Invitee]) -> list[str]:
    """Agency kinds a strategy discussion needs (reference list) with nobody attending who could decide for them."""
    present = {
        i.agency.kind for i in invitees if i.attendance == Invitee.Attendance.ATTENDED and i.had_authority
    }
    return [label for kind, label in code_choices("strategy_discussion_required_agency") if kind not in present]


# --- Holding ------------------------------------------------------------------------


def _trigger_for(meeting: Meeting, child: Child) -> str | None:
    if meeting.meeting_type == LAC_REVIEW:
        earlier = (
            MeetingChild.objects.filter(child=child, meeting__meeting_type=LAC_REVIEW, meeting__status=Meeting.Status.HELD)
            .exclude(meeting=meeting)
            .exists()
        )
        return "lac_review_held" if earlier else "lac_first_review_held"
    return STARTS.get(meeting.meeting_type)


def meeting_hold(
    *,
    actor: Person,
    meeting: Meeting,
    held_at: datetime.datetime,
    chair_name: str,
    record_summary: str,
    late_reason: str = "",
) -> Meeting:
    """Record that the meeting took place. It meets the due items it answers (late ones need a reason)
    and starts the clock on the next ones, for each child it was about."""
    _require_meeting_write(actor, meeting)
    if meeting.status == Meeting.Status.HELD:
        raise ValidationError(_("This meeting has already been recorded as held."))
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("This meeting was cancelled. Arrange a new meeting instead."))
    _not_in_future(held_at, "held_on", _("A meeting cannot be recorded as held in the future. Record it once it has taken place."))
    if not chair_name.strip():
        raise ValidationError({"chair_name": _("Enter who chaired the meeting.")})
    children = list(meeting.children.all())
    if meeting.meeting_type == STRATEGY_DISCUSSION:
        missing = missing_strategy_agencies(meeting, meeting.invitees.select_related("agency"))
        if missing:
            raise ValidationError(
                _(
                    "A strategy discussion needs someone attending from each of these agencies with authority to decide for it: %(agencies)s. Record who attended first."
                )
                % {"agencies": ", ".join(missing)}
            )
    answers = ANSWERS.get(meeting.meeting_type, [])
    open_items = _open_items(children, answers)
    for item in open_items:
        if held_at < item.triggered_at:
            raise ValidationError({"held_on": str(BEFORE_TRIGGER[meeting.meeting_type]) % {"date": _day(item.triggered_at)}})
    late = [item for item in open_items if held_at > item.due_at]
    if late and not late_reason.strip():
        raise ValidationError(
            {"late_reason": _("The meeting was held after it was due (%(date)s). Record why it was late.") % {"date": _day(late[0].due_at)}}
        )
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.status != Meeting.Status.ARRANGED:
            raise ValidationError(_("This meeting has already been recorded as held."))
        locked.status = Meeting.Status.HELD
        locked.held_at = held_at
        locked.chair_name = chair_name.strip()
        locked.record_summary = record_summary.strip()
        locked.held_recorded_by = actor
        locked.version += 1
        locked.save(update_fields=["status", "held_at", "chair_name", "record_summary", "held_recorded_by", "version"])
        places = {p.child_id: p for p in locked.meeting_children.all()}
        for child in children:
            if answers:
                due_items_close_for(actor=actor, child=child, rule_codes=answers, met_at=held_at, late_reason=late_reason.strip())
            _start_clocks(actor=actor, meeting=locked, child=child, held_at=held_at)
            chronology_record_event(
                child=child,
                occurred_at=held_at,
                entry_type="strategy_discussion" if meeting.meeting_type == STRATEGY_DISCUSSION else "meeting",
                summary=LazyFormat(
                    gettext_lazy("%(meeting)s held, chaired by %(chair)s"),
                    meeting=_CodeLabel("meeting_type", meeting.meeting_type),
                    chair=locked.chair_name,
                ),
                source_agency_id=locked.convened_by_agency_id,
                # One entry per child: the child's place in the meeting is the origin.
                origin=places[child.pk],
                significance="significant" if meeting.meeting_type in SIGNIFICANT else "routine",
                author=actor,
            )
            audit_record(
                actor=actor,
                action="cylch.meetings.meeting.held",
                subject=locked,
                child_id=child.pk,
                reason=late_reason.strip(),
                changes={"held_at": held_at.isoformat(), "chair": locked.chair_name, "met": [i.rule.code for i in open_items if i.child_id == child.pk]},
            )
    meeting.refresh_from_db()
    return meeting


def _start_clocks(*, actor: Person, meeting: Meeting, child: Child, held_at: datetime.datetime) -> None:
    trigger = _trigger_for(meeting, child)
    if trigger is None:
        return
    if meeting.meeting_type == STRATEGY_DISCUSSION:
        # The initial conference falls due from the *last* strategy discussion: one clock per
        # child, moved on by each later discussion, never back by one recorded late.
        later = DueItem.objects.filter(
            child=child, rule__code="initial-conference", state=DueItem.State.OPEN, triggered_at__gt=held_at
        ).exists()
        if later:
            return
        trigger_type, trigger_id = "meetings.strategy_discussion", f"child-{child.pk}"
    else:
        trigger_type, trigger_id = "meetings.meeting", f"{meeting.pk}-{child.pk}"
    due_items_raise(
        actor=actor,
        child=child,
        trigger=trigger,
        trigger_type=trigger_type,
        trigger_id=trigger_id,
        triggered_at=held_at,
        agency_id=meeting.convened_by_agency_id,
    )


def meeting_record_circulate(*, actor: Person, meeting: Meeting, circulated_at: datetime.datetime, late_reason: str = "") -> Meeting:
    """Record when the record of the meeting (for an initial conference: the outline plan and decisions) went out."""
    _require_meeting_write(actor, meeting)
    if meeting.status != Meeting.Status.HELD or meeting.held_at is None:
        raise ValidationError(_("Record the meeting as held before recording that its record was circulated."))
    if meeting.circulated_at is not None:
        raise ValidationError(_("The circulation of this record has already been recorded."))
    _not_in_future(circulated_at, "circulated_on", _("Circulation cannot be recorded in the future."))
    if timezone.localtime(circulated_at).date() < timezone.localtime(meeting.held_at).date():
        raise ValidationError({"circulated_on": _("The record cannot be circulated before the meeting was held.")})
    # A date given without a time, on the day of the meeting, means after it.
    circulated_at = max(circulated_at, meeting.held_at)
    children = list(meeting.children.all())
    answers = CIRCULATION_ANSWERS.get(meeting.meeting_type, [])
    open_items = _open_items(children, answers)
    late = [item for item in open_items if circulated_at > item.due_at]
    if late and not late_reason.strip():
        raise ValidationError(
            {"late_reason": _("The record went out after it was due (%(date)s). Record why it was late.") % {"date": _day(late[0].due_at)}}
        )
    with transaction.atomic():
        meeting.circulated_at = circulated_at
        meeting.circulated_by = actor
        meeting.version += 1
        meeting.save(update_fields=["circulated_at", "circulated_by", "version"])
        for child in children:
            if answers:
                due_items_close_for(actor=actor, child=child, rule_codes=answers, met_at=circulated_at, late_reason=late_reason.strip())
            audit_record(
                actor=actor,
                action="cylch.meetings.meeting.circulated",
                subject=meeting,
                child_id=child.pk,
                reason=late_reason.strip(),
                changes={"circulated_at": circulated_at.isoformat()},
            )
    return meeting


# --- The child's part, decisions and actions -----------------------------------------------


def views_record(
    *,
    actor: Person,
    place: MeetingChild,
    child_participation: str,
    child_views: str,
    family_participation: str,
    family_views: str,
) -> MeetingChild:
    """How the child and their family took part, and what they said, in their own words."""
    _require_child_write(actor, place.child)
    if place.meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("This meeting was cancelled."))
    if child_participation not in dict(code_choices("child_participation")):
        raise ValidationError({"child_participation": _("Choose how the child took part.")})
    if family_participation not in dict(code_choices("family_participation")):
        raise ValidationError({"family_participation": _("Choose how the family took part.")})
    with transaction.atomic():
        place.child_participation = child_participation
        place.child_views = child_views.strip()
        place.family_participation = family_participation
        place.family_views = family_views.strip()
        place.views_recorded_by = actor
        place.save(update_fields=["child_participation", "child_views", "family_participation", "family_views", "views_recorded_by"])
        audit_record(
            actor=actor,
            action="cylch.meetings.views.recorded",
            subject=place.meeting,
            child_id=place.child_id,
            changes={"child_participation": child_participation, "family_participation": family_participation},
        )
    return place


def allowed_register_decisions(meeting_type: str) -> list[str]:
    if meeting_type in REGISTERING:
        return [MeetingChild.RegisterDecision.REGISTER, MeetingChild.RegisterDecision.DO_NOT_REGISTER]
    if meeting_type in REVIEWING:
        return [MeetingChild.RegisterDecision.REMAIN, MeetingChild.RegisterDecision.DEREGISTER]
    return []


def decision_record(
    *,
    actor: Person,
    place: MeetingChild,
    reasons: str,
    section47_determination: str = "",
    register_decision: str = "",
    categories: Iterable[str] = (),
) -> MeetingChild:
    """The meeting's decision for one child. A registering conference's decision places the child on
    the register; a review conference's keeps them on it or removes them."""
    from cylch.register import services as register

    _require_child_write(actor, place.child)
    meeting = place.meeting
    if meeting.status != Meeting.Status.HELD:
        raise ValidationError(_("Record the meeting as held before recording its decisions."))
    if place.decided_at is not None:
        raise ValidationError(_("The decision for this child has already been recorded."))
    if not reasons.strip():
        raise ValidationError({"reasons": _("Enter the decision and the reasons for it.")})
    categories = sorted(set(categories))
    if section47_determination:
        if meeting.meeting_type != STRATEGY_DISCUSSION:
            raise ValidationError({"section47_determination": _("A section 47 determination is recorded at a strategy discussion.")})
        if section47_determination not in dict(code_choices("section47_determination")):
            raise ValidationError({"section47_determination": _("Choose determination 1, 2 or 3.")})
    allowed = allowed_register_decisions(meeting.meeting_type)
    if allowed and register_decision not in allowed:
        raise ValidationError({"register_decision": _("Choose the conference's decision about the register.")})
    if not allowed and register_decision:
        raise ValidationError({"register_decision": _("Only a child protection conference decides about the register.")})
    needs_categories = register_decision in {MeetingChild.RegisterDecision.REGISTER, MeetingChild.RegisterDecision.REMAIN}
    if needs_categories:
        known = dict(code_choices("register_category"))
        if not categories:
            raise ValidationError({"categories": _("Choose at least one category of registration.")})
        if any(c not in known for c in categories):
            raise ValidationError({"categories": _("Choose categories from the list.")})
    else:
        categories = []
    with transaction.atomic():
        locked = MeetingChild.objects.select_for_update().select_related("meeting", "child").get(pk=place.pk)
        if locked.decided_at is not None:
            raise ValidationError(_("The decision for this child has already been recorded."))
        locked.section47_determination = section47_determination
        locked.register_decision = register_decision
        locked.categories = categories
        locked.decision_reasons = reasons.strip()
        locked.decided_at = timezone.now()
        locked.decided_by = actor
        locked.save(
            update_fields=["section47_determination", "register_decision", "categories", "decision_reasons", "decided_at", "decided_by"]
        )
        entry = audit_record(
            actor=actor,
            action="cylch.meetings.decision.recorded",
            subject=meeting,
            child_id=locked.child_id,
            reason=reasons.strip(),
            changes={"section47_determination": section47_determination, "register_decision": register_decision, "categories": categories},
        )
        if section47_determination:
            chronology_record_event(
                child=locked.child,
                occurred_at=meeting.held_at or timezone.now(),
                entry_type="strategy_discussion",
                summary=LazyFormat(
                    gettext_lazy("Section 47 enquiry determination %(determination)s"),
                    determination=_CodeLabel("section47_determination", section47_determination),
                ),
                source_agency_id=meeting.convened_by_agency_id,
                # The held meeting's entry already has this child's place as its origin,
                # with the same entry type; the audited decision is this entry's origin.
                origin=entry,
                author=actor,
            )
        if register_decision == MeetingChild.RegisterDecision.REGISTER:
            register.registration_make(actor=actor, decision=locked)
        elif register_decision == MeetingChild.RegisterDecision.REMAIN:
            register.registration_review(actor=actor, decision=locked)
        elif register_decision == MeetingChild.RegisterDecision.DEREGISTER:
            register.registration_end_by_review(actor=actor, decision=locked)
    place.refresh_from_db()
    return place


def action_agree(
    *,
    actor: Person,
    meeting: Meeting,
    what: str,
    owner_agency: Agency,
    due_on: datetime.date,
    owner_person: Person | None = None,
    child: Child | None = None,
) -> MeetingAction:
    """An action agreed at the meeting, with an owner and a date. Handlers registered in
    cylch.meetings.hooks (the plans domain) turn it into a plan action in the same transaction."""
    _require_meeting_write(actor, meeting)
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("This meeting was cancelled."))
    if not what.strip():
        raise ValidationError({"what": _("Enter what is to be done.")})
    reference = timezone.localtime(meeting.held_at).date() if meeting.held_at else timezone.localdate()
    if due_on < reference:
        raise ValidationError({"due_on": _("The action cannot be due before the meeting that agreed it.")})
    if due_on > reference + datetime.timedelta(days=366 * 2):
        raise ValidationError({"due_on": _("The action must be due within two years. Check the date.")})
    if child is not None and not meeting.meeting_children.filter(child=child).exists():
        raise ValidationError({"child": _("Choose a child the meeting is about.")})
    if owner_person is not None and not Membership.objects.current().filter(person=owner_person, team__agency=owner_agency).exists():
        raise ValidationError({"owner_person": _("The person chosen does not work for the agency chosen.")})
    with transaction.atomic():
        action = MeetingAction.objects.create(
            meeting=meeting,
            child=child,
            what=what.strip(),
            owner_agency=owner_agency,
            owner_person=owner_person,
            due_on=due_on,
            recorded_by=actor,
        )
        for child_id in meeting.meeting_children.values_list("child_id", flat=True):
            if child is not None and child_id != child.pk:
                continue
            audit_record(
                actor=actor,
                action="cylch.meetings.action.agreed",
                subject=action,
                child_id=child_id,
                changes={"meeting": meeting.pk, "owner_agency": owner_agency.pk, "owner_person": owner_person.pk if owner_person else None, "due_on": due_on.isoformat()},
            )
        hooks.agreed_action_recorded(actor=actor, action=action)
        if owner_person is not None and owner_person.pk != actor.pk and owner_person.is_active:
            first_child = child.pk if child is not None else meeting.meeting_children.values_list("child_id", flat=True).first()
            notice_send(
                recipient=owner_person,
                kind="cylch.meetings.action_assigned",
                params={
                    "meeting": _label_in(owner_person.language, "meeting_type", meeting.meeting_type),
                    "due": due_on.strftime("%d/%m/%Y"),
                    "what": action.what[:200],
                },
                link=reverse("meetings:detail", args=[first_child, meeting.pk]) if first_child else "",
                dedupe_key=f"meeting-action-{action.pk}",
            )
    return action
