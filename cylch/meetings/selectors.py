"""Reads about meetings. Every selector takes the person asking; a meeting is reached only
through a child the person may see (cylch.access.rules.access_child)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.http import Http404

from cylch.access import rules
from cylch.access.rules import ChildAccess
from cylch.children.models import Child, Involvement
from cylch.core.models import ReferenceCode
from cylch.meetings import services
from cylch.meetings.models import Invitee, Meeting, MeetingAction, MeetingChild
from cylch.organisations.models import Agency
from cylch.organisations.selectors import areas_serving
from cylch.people.models import Membership
from cylch.timescales.models import DueItem

LABEL_LISTS = ["meeting_type", "child_participation", "family_participation", "section47_determination", "register_category"]


def labels(list_names: list[str]) -> dict[str, dict[str, str]]:
    """The labels of several reference lists in the reader's language, in one query."""
    result: dict[str, dict[str, str]] = {name: {} for name in list_names}
    for code in ReferenceCode.objects.filter(list_name__in=list_names).order_by("list_name", "order"):
        result[code.list_name][code.code] = code.label
    return result


@dataclass
class MeetingRow:
    meeting: Meeting
    place: MeetingChild
    type_label: str


def meetings_for_child(*, actor: Any, child: Child, access: ChildAccess) -> list[MeetingRow]:
    """Every meeting about the child, newest first."""
    places = (
        MeetingChild.objects.filter(child=child)
        .select_related("meeting", "meeting__convened_by_agency")
        .order_by("-meeting__scheduled_at", "-meeting_id")
    )
    types = labels(["meeting_type"])["meeting_type"]
    return [MeetingRow(p.meeting, p, types.get(p.meeting.meeting_type, p.meeting.meeting_type)) for p in places]


def meeting_for_child(*, actor: Any, child: Child, meeting_id: Any) -> MeetingChild:
    """The child's place in the meeting, or 404 when the meeting is not about this child."""
    try:
        meeting_pk = int(meeting_id)
    except (TypeError, ValueError):
        raise Http404 from None
    place = (
        MeetingChild.objects.select_related("meeting", "meeting__convened_by_agency", "meeting__convened_by", "child")
        .filter(child=child, meeting_id=meeting_pk)
        .first()
    )
    if place is None:
        raise Http404
    return place


@dataclass
class MeetingPage:
    meeting: Meeting
    place: MeetingChild
    type_label: str
    places: list[MeetingChild]  # the children the reader may see
    hidden_children: int  # siblings whose records the reader may not see
    invitees: list[Invitee]
    actions: list[MeetingAction]
    due_items: list[DueItem]
    missing_agencies: list[str]
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    register_decisions: list[str] = field(default_factory=list)


def meeting_page(*, actor: Any, child: Child, access: ChildAccess, place: MeetingChild) -> MeetingPage:
    """Everything the meeting page shows, in a fixed number of queries however many people came."""
    meeting = place.meeting
    places = list(MeetingChild.objects.filter(meeting=meeting).select_related("child", "decided_by").order_by("pk"))
    visible = set(rules.children_visible_to(actor).filter(pk__in=[p.child_id for p in places]).values_list("pk", flat=True))
    visible.add(child.pk)
    shown = [p for p in places if p.child_id in visible]
    invitees = list(Invitee.objects.filter(meeting=meeting).select_related("agency", "person").order_by("pk"))
    actions = [
        a
        for a in MeetingAction.objects.filter(meeting=meeting).select_related("owner_agency", "owner_person", "child")
        if a.child_id is None or a.child_id in visible
    ]
    codes = services.ANSWERS.get(meeting.meeting_type, []) + services.CIRCULATION_ANSWERS.get(meeting.meeting_type, [])
    due = (
        list(
            DueItem.objects.filter(child_id__in=visible, rule__code__in=codes, state=DueItem.State.OPEN)
            .select_related("rule", "child")
            .order_by("due_at")
        )
        if codes
        else []
    )
    names = labels(LABEL_LISTS + ["strategy_discussion_required_agency"])
    missing: list[str] = []
    if meeting.meeting_type == services.STRATEGY_DISCUSSION:
        present = {i.agency.kind for i in invitees if i.attendance == Invitee.Attendance.ATTENDED and i.had_authority}
        missing = [label for kind, label in names["strategy_discussion_required_agency"].items() if kind not in present]
    return MeetingPage(
        meeting=meeting,
        place=place,
        type_label=names["meeting_type"].get(meeting.meeting_type, meeting.meeting_type),
        places=shown,
        hidden_children=len(places) - len(shown),
        invitees=invitees,
        actions=actions,
        due_items=due,
        missing_agencies=missing,
        labels=names,
        register_decisions=services.allowed_register_decisions(meeting.meeting_type),
    )


def invitation_agencies(*, actor: Any, meeting: Meeting, child: Child) -> list[Agency]:
    """Agencies that may be invited: those in the team around the children, and those serving the child's area."""
    child_ids = list(meeting.meeting_children.values_list("child_id", flat=True))
    involved = Involvement.objects.active().filter(child_id__in=child_ids).values("agency_id")
    return list(
        Agency.objects.filter(is_active=True)
        .filter(Q(pk__in=involved) | Q(area__in=areas_serving(child.local_authority)) | Q(pk__in=rules.agencies_where(actor, rules.Capability.WORK_WITH_CHILDREN)))
        .distinct()
        .order_by("name_en")[:500]
    )


def invitation_people(*, actor: Any, meeting: Meeting) -> list[Membership]:
    """People who use Cylch and may be invited: the teams around the children, and the actor's own teams."""
    child_ids = list(meeting.meeting_children.values_list("child_id", flat=True))
    teams = set(Involvement.objects.active().filter(child_id__in=child_ids).values_list("team_id", flat=True))
    teams |= {m.team_id for m in rules.current_memberships(actor)}
    seen: set[int] = set()
    result = []
    for membership in (
        Membership.objects.current()
        .filter(team_id__in=teams, person__is_active=True)
        .select_related("person", "team__agency")
        .order_by("person__full_name", "pk")[:500]
    ):
        if membership.person_id not in seen:
            seen.add(membership.person_id)
            result.append(membership)
    return result


def agreed_actions(*, meeting: Meeting) -> list[MeetingAction]:
    """The actions agreed at a meeting, for the plans domain to turn into plan actions."""
    return list(MeetingAction.objects.filter(meeting=meeting).select_related("owner_agency", "owner_person", "child"))

