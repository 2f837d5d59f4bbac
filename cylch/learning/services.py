"""Writes of the learning domain: reviews, their chronology and recommendations, briefings,
audit tools, audit rounds, answers and moderation. Each is one transaction with its audit entry."""

from __future__ import annotations

import datetime
import re
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from cylch.access import rules
from cylch.access.models import AccessGrant
from cylch.accountability.models import LedgerAction
from cylch.accountability.services import ledger_action_create
from cylch.audit.services import audit_record
from cylch.children.models import Child, Identifier
from cylch.chronology.models import ChronologyEntry
from cylch.core.reference_data import code_choices, policy
from cylch.learning import access, sampling
from cylch.learning.models import (
    AgencyReport,
    AuditAnswer,
    AuditCase,
    AuditQuestion,
    AuditRound,
    AuditRoundAuditor,
    AuditTool,
    Briefing,
    BriefingRead,
    Recommendation,
    Review,
    ReviewChild,
    ReviewChronologyEntry,
    ReviewMember,
    ReviewStageRecord,
    Theme,
)
from cylch.organisations.models import Agency
from cylch.people.models import Membership, Person

STAGE_REFERRAL = "referral"
STAGE_DECISION = "chair_decision"
STAGE_CLOSED = "closed"


def _stale() -> ValidationError:
    return ValidationError(_("Someone else changed this while you were working on it. Check the page and try again."))


def _require_manage(actor: Any, partnership_id: int) -> None:
    if not access.can_manage(actor, partnership_id):
        raise PermissionDenied


def _stages() -> list[str]:
    return [code for code, _label in code_choices("review_stage")]


def _works_for(person: Person | None, agency: Agency | None) -> bool:
    return bool(person and agency and Membership.objects.current().filter(person=person, team__agency=agency).exists())


def _end_of(day: datetime.date) -> datetime.datetime:
    """The end of a day in Wales: access granted "until" a date lasts through that date."""
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))


def _bump(instance: Any, expected_version: int | None) -> None:
    if expected_version is not None and instance.version != expected_version:
        raise _stale()
    updated = type(instance).objects.filter(pk=instance.pk, version=instance.version).update(version=F("version") + 1)
    if not updated:
        raise _stale()
    instance.version += 1


# --- Themes --------------------------------------------------------------------------------


def theme_create(*, actor: Person, name_en: str, name_cy: str) -> Theme:
    access.require_manager(actor)
    errors = {}
    if not name_en.strip():
        errors["name_en"] = _("Enter the theme in English")
    if not name_cy.strip():
        errors["name_cy"] = _("Enter the theme in Welsh")
    code = re.sub(r"[^a-z0-9]+", "-", name_en.strip().lower()).strip("-")[:60]
    if not errors and (not code or Theme.objects.filter(code=code).exists()):
        errors["name_en"] = _("There is already a theme with this name")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        theme = Theme.objects.create(code=code, name_en=name_en.strip(), name_cy=name_cy.strip())
        audit_record(actor=actor, action="cylch.learning.theme.created", subject=theme, changes={"code": code})
    return theme


def theme_update(*, actor: Person, theme: Theme, name_en: str, name_cy: str, is_active: bool) -> Theme:
    access.require_manager(actor)
    if not name_en.strip() or not name_cy.strip():
        raise ValidationError({"name_en": _("Enter the theme in English and in Welsh")})
    with transaction.atomic():
        old = {"name_en": theme.name_en, "name_cy": theme.name_cy, "is_active": theme.is_active}
        theme.name_en, theme.name_cy, theme.is_active = name_en.strip(), name_cy.strip(), is_active
        theme.save(update_fields=["name_en", "name_cy", "is_active"])
        audit_record(actor=actor, action="cylch.learning.theme.changed", subject=theme, changes={"before": old})
    return theme


# --- Reviews: referral, decision, stages ------------------------------------------------------


def children_find(references: str) -> tuple[list[Child], list[str]]:
    """Children named in a referral by NHS number or Cylch record number; and the references not found."""
    found: list[Child] = []
    missing: list[str] = []
    # One reference per comma, semicolon or line; spaces inside one are typing (943 476 5919).
    for raw in re.split(r"[,;\n]+", references or ""):
        reference = raw.strip()
        if not reference:
            continue
        child = None
        digits = reference.replace(" ", "")
        if digits.isdigit() and len(digits) == 10:
            identifier = (
                Identifier.objects.filter(kind=Identifier.Kind.NHS_NUMBER, value=digits).select_related("child").first()
            )
            child = identifier.child if identifier else None
        if child is None and digits.isdigit() and len(digits) < 19:
            child = Child.objects.current().filter(pk=int(digits)).first()
        if child is None:
            missing.append(reference)
        elif child not in found:
            found.append(child)
    return found, missing


def review_refer(
    *,
    actor: Person,
    partnership: Any,
    title: str,
    referral_summary: str,
    referred_by_agency: Agency | None,
    referred_on: datetime.date | None,
    event_on: datetime.date | None,
    children: list[Child],
) -> Review:
    """Take a referral for a review into the board's business unit."""
    _require_manage(actor, partnership.pk)
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Enter a title that does not name the child")
    if not referral_summary.strip():
        errors["referral_summary"] = _("Say why the case is referred for a review")
    if referred_by_agency is None:
        errors["referred_by_agency"] = _("Choose the agency that made the referral")
    today = timezone.localdate()
    if referred_on is None or referred_on > today:
        errors["referred_on"] = _("Enter the date of the referral: today or earlier")
    if event_on is None or event_on > today:
        errors["event_on"] = _("Enter the date of the event: today or earlier")
    if not children:
        errors["children"] = _("Name at least one child the review concerns")
    if errors:
        raise ValidationError(errors)
    assert event_on is not None and referred_on is not None and referred_by_agency is not None  # noqa: S101 (checked above)
    months = int(policy("review_period_months"))
    with transaction.atomic():
        count = Review.objects.filter(referred_on__year=referred_on.year).count() + 1
        reference = f"SUSR-{referred_on.year}-{count:03d}"
        while Review.objects.filter(reference=reference).exists():
            count += 1
            reference = f"SUSR-{referred_on.year}-{count:03d}"
        review = Review.objects.create(
            partnership=partnership,
            reference=reference,
            title=title.strip(),
            referral_summary=referral_summary.strip(),
            referred_by_agency=referred_by_agency,
            referred_on=referred_on,
            event_on=event_on,
            period_start=event_on - relativedelta(months=months),
            period_end=event_on,
            stage=STAGE_REFERRAL,
            created_by=actor,
        )
        ReviewChild.objects.bulk_create(
            [ReviewChild(review=review, child=child, label=_child_label(i)) for i, child in enumerate(children)]
        )
        ReviewStageRecord.objects.create(
            review=review, stage=STAGE_REFERRAL, note=referral_summary.strip(), recorded_by=actor
        )
        audit_record(
            actor=actor,
            action="cylch.learning.review.referred",
            subject=review,
            changes={"reference": reference, "children": [c.pk for c in children], "event_on": event_on.isoformat()},
        )
    return review


def _child_label(index: int) -> str:
    """A, B, ... Z, A1, B1...: the letter the review names a child by."""
    return chr(ord("A") + index % 26) + ("" if index < 26 else str(index // 26))


def review_decide(
    *,
    actor: Person,
    review: Review,
    decision: str,
    reasons: str,
    decided_by_name: str,
    decided_on: datetime.date | None,
    expected_version: int,
) -> Review:
    """Record the chair's decision, with reasons either way. No review: the case closes."""
    _require_manage(actor, review.partnership_id)
    errors: dict[str, str] = {}
    if review.decision:
        raise ValidationError(_("The chair's decision has already been recorded."))
    if decision not in Review.Decision.values:
        errors["decision"] = _("Choose the chair's decision")
    if not (reasons or "").strip():
        errors["reasons"] = _("Give the reasons for the decision, whichever way it goes")
    if not (decided_by_name or "").strip():
        errors["decided_by_name"] = _("Enter the name of the chair who decided")
    if decided_on is None or decided_on > timezone.localdate() or decided_on < review.referred_on:
        errors["decided_on"] = _("Enter the date of the decision: on or after the referral, and not in the future")
    if errors:
        raise ValidationError(errors)
    stage = STAGE_DECISION if decision == Review.Decision.PROCEED else STAGE_CLOSED
    with transaction.atomic():
        _bump(review, expected_version)
        review.decision, review.decision_reasons = decision, reasons.strip()
        review.decided_by_name, review.decided_on, review.stage = decided_by_name.strip(), decided_on, stage
        review.save(update_fields=["decision", "decision_reasons", "decided_by_name", "decided_on", "stage"])
        ReviewStageRecord.objects.create(review=review, stage=stage, note=reasons.strip(), recorded_by=actor)
        audit_record(
            actor=actor,
            action="cylch.learning.review.decided",
            subject=review,
            changes={"decision": decision, "reasons": reasons.strip(), "chair": decided_by_name.strip()},
        )
    return review


def review_stage_advance(*, actor: Person, review: Review, stage: str, note: str, expected_version: int) -> Review:
    """Move the review on to a later stage, with a note of what happened."""
    _require_manage(actor, review.partnership_id)
    stages = _stages()
    if stage not in stages:
        raise ValidationError({"stage": _("Choose the stage the review has reached")})
    if review.decision != Review.Decision.PROCEED:
        raise ValidationError({"stage": _("Record the chair's decision to hold a review first")})
    if stages.index(stage) <= stages.index(review.stage):
        raise ValidationError({"stage": _("Choose a stage after the one the review has reached")})
    if not (note or "").strip():
        raise ValidationError({"note": _("Say what happened at this stage")})
    with transaction.atomic():
        _bump(review, expected_version)
        old = review.stage
        review.stage = stage
        review.save(update_fields=["stage"])
        ReviewStageRecord.objects.create(review=review, stage=stage, note=note.strip(), recorded_by=actor)
        audit_record(
            actor=actor, action="cylch.learning.review.stage_changed", subject=review, changes={"stage": [old, stage]}
        )
    return review


def review_themes_set(*, actor: Person, review: Review, themes: list[Theme]) -> Review:
    _require_manage(actor, review.partnership_id)
    with transaction.atomic():
        review.themes.set(themes)
        audit_record(
            actor=actor,
            action="cylch.learning.review.themes_set",
            subject=review,
            changes={"themes": [t.code for t in themes]},
        )
    return review


# --- Reviewers and their time-limited access --------------------------------------------------


def _grant(
    *,
    kind: str,
    person: Person,
    child_id: int,
    agency: Agency,
    reason: str,
    until: datetime.date,
    actor: Person,
    purpose: str,
) -> AccessGrant:
    return AccessGrant(
        kind=kind,
        person=person,
        child_id=child_id,
        agency=agency,
        reason=reason,
        ends_at=_end_of(until),
        granted_by=actor,
        purpose=purpose,
    )


def review_member_add(
    *,
    actor: Person,
    review: Review,
    person: Person | None,
    agency: Agency | None,
    role: str,
    access_until: datetime.date | None,
) -> ReviewMember:
    """Name a reviewer and give them read-only access to the children's records until a date."""
    _require_manage(actor, review.partnership_id)
    errors: dict[str, str] = {}
    if review.decision != Review.Decision.PROCEED or review.stage == STAGE_CLOSED:
        raise ValidationError(
            _("Reviewers are named only once the chair has decided to hold a review, and until it closes.")
        )
    if person is None:
        errors["email"] = _("Enter the email address of a person with a Cylch account")
    elif not _works_for(person, agency):
        errors["email"] = _("The person must work for the agency chosen")
    elif review.members.filter(person=person).exists():
        errors["email"] = _("This person is already named on the review")
    if agency is None:
        errors["agency"] = _("Choose the agency the person reviews for")
    if role not in dict(code_choices("review_member_role")):
        errors["role"] = _("Choose the person's part in the review")
    today = timezone.localdate()
    if access_until is None or access_until < today:
        errors["access_until"] = _("Enter the last day of access: today or later")
    elif access_until > today + datetime.timedelta(days=int(policy("review_grant_days"))):
        errors["access_until"] = _("Access can last at most %(days)s days") % {"days": policy("review_grant_days")}
    if errors:
        raise ValidationError(errors)
    assert person is not None and agency is not None and access_until is not None  # noqa: S101 (checked above)
    child_ids = list(review.review_children.values_list("child_id", flat=True))
    with transaction.atomic():
        member = ReviewMember.objects.create(
            review=review, person=person, agency=agency, role=role, access_until=access_until, added_by=actor
        )
        AccessGrant.objects.bulk_create(
            [
                _grant(
                    kind=AccessGrant.Kind.SAFEGUARDING_REVIEW,
                    person=person,
                    child_id=child_id,
                    agency=agency,
                    reason=_("Safeguarding review %(reference)s") % {"reference": review.reference},
                    until=access_until,
                    actor=actor,
                    purpose=f"learning.review:{review.pk}",
                )
                for child_id in child_ids
            ]
        )
        audit_record(
            actor=actor,
            action="cylch.learning.review.member_added",
            subject=review,
            changes={
                "person": person.pk,
                "agency": agency.pk,
                "role": role,
                "access_until": access_until.isoformat(),
                "children": child_ids,
            },
            agency_id=agency.pk,
        )
    return member


def review_member_end(*, actor: Person, member: ReviewMember) -> ReviewMember:
    """End a reviewer's access to the children now (they keep the review's own documents)."""
    _require_manage(actor, member.review.partnership_id)
    with transaction.atomic():
        ended = (
            AccessGrant.objects.in_force()
            .filter(person=member.person, purpose=f"learning.review:{member.review_id}")
            .update(revoked_at=timezone.now())
        )
        member.access_until = min(member.access_until, timezone.localdate())
        member.save(update_fields=["access_until"])
        audit_record(
            actor=actor,
            action="cylch.learning.review.access_ended",
            subject=member.review,
            changes={"person": member.person_id, "grants": ended},
        )
    return member


# --- The review's chronology ------------------------------------------------------------------


def review_chronology_build(*, actor: Person, review: Review) -> int:
    """Copy the multi-agency chronology of the children over the review period into the review.

    Needs the actor's review grant to every child: each record read is audited through
    access_child. The copy replaces any earlier one and survives the grants' end."""
    if review.decision != Review.Decision.PROCEED:
        raise ValidationError(_("The chronology is built only for a review the chair decided to hold."))
    links = list(review.review_children.all())
    granted = set(
        AccessGrant.objects.in_force()
        .filter(person=actor, kind=AccessGrant.Kind.SAFEGUARDING_REVIEW, purpose=f"learning.review:{review.pk}")
        .values_list("child_id", flat=True)
    )
    refused = ValidationError(
        _(
            "You need review access to every child's record to build the chronology."
            " Ask the business manager to name you as a reviewer."
        )
    )
    if not links or any(link.child_id not in granted for link in links):
        raise refused
    start = timezone.make_aware(datetime.datetime.combine(review.period_start, datetime.time.min))
    end = _end_of(review.period_end)
    limit = int(policy("review_chronology_max_entries"))
    with transaction.atomic():
        for link in links:
            # The one place that decides (cylch.access.rules); each read is in the audit trail.
            try:
                rules.access_child(actor, link.child_id, action="cylch.learning.review.chronology_read")
            except Http404:
                raise refused from None
        ReviewChronologyEntry.objects.filter(review=review).delete()
        count = _chronology_copy(
            review=review, labels={link.child_id: link.label for link in links}, start=start, end=end, limit=limit
        )
        Review.objects.filter(pk=review.pk).update(chronology_built_at=timezone.now(), chronology_built_by=actor)
        audit_record(
            actor=actor,
            action="cylch.learning.review.chronology_built",
            subject=review,
            changes={"entries": count, "from": review.period_start.isoformat(), "to": review.period_end.isoformat()},
        )
    return count


def _chronology_copy(
    *, review: Review, labels: dict[int, str], start: datetime.datetime, end: datetime.datetime, limit: int
) -> int:
    """Copy the entries inside the database (INSERT ... SELECT): tens of thousands of rows never
    pass through Python. Portable SQL for SQLite and PostgreSQL."""
    quote = connection.ops.quote_name
    source = ChronologyEntry._meta.db_table
    target = ReviewChronologyEntry._meta.db_table
    columns = [
        "review_id",
        "child_label",
        "occurred_at",
        "agency_id",
        "entry_type",
        "summary",
        "summary_cy",
        "significance",
        "source_entry_id",
    ]
    whens = " ".join(f"WHEN {quote('child_id')} = %s THEN %s" for _ in labels)
    placeholders = ", ".join("%s" for _ in labels)
    sql = (
        f"INSERT INTO {quote(target)} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608 - names are quoted identifiers, values are parameters
        f"SELECT %s, CASE {whens} END, {quote('occurred_at')}, {quote('source_agency_id')}, {quote('entry_type')}, "
        f"{quote('summary')}, {quote('summary_cy')}, {quote('significance')}, {quote('id')} "
        f"FROM {quote(source)} WHERE {quote('child_id')} IN ({placeholders}) "
        f"AND {quote('occurred_at')} >= %s AND {quote('occurred_at')} < %s "
        f"ORDER BY {quote('occurred_at')}, {quote('id')} LIMIT %s"
    )
    params: list[Any] = [review.pk]
    for child_id, label in labels.items():
        params += [child_id, label]
    params += list(labels)
    params += [connection.ops.adapt_datetimefield_value(start), connection.ops.adapt_datetimefield_value(end), limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return int(cursor.rowcount)


def agency_report_add(*, actor: Person, review: Review, agency: Agency | None, text: str) -> AgencyReport:
    """An agency's report to the review, by a reviewer for their agency (or the business unit)."""
    role = access.review_role(actor, review)
    if role not in {"manager", "reviewer"}:
        raise PermissionDenied
    errors: dict[str, str] = {}
    if agency is None:
        errors["agency"] = _("Choose the agency whose report this is")
    elif role == "reviewer" and not _works_for(actor, agency):
        errors["agency"] = _("A reviewer adds the report of their own agency")
    if not (text or "").strip():
        errors["text"] = _("Enter the agency's report")
    if errors:
        raise ValidationError(errors)
    assert agency is not None  # noqa: S101 (checked above)
    with transaction.atomic():
        report = AgencyReport.objects.create(review=review, agency=agency, text=text.strip(), author=actor)
        audit_record(
            actor=actor,
            action="cylch.learning.review.report_added",
            subject=review,
            changes={"agency": agency.pk},
            agency_id=agency.pk,
        )
    return report


def recommendation_add(
    *,
    actor: Person,
    review: Review,
    text: str,
    standard: Any,
    owner_agency: Agency | None,
    owner: Person | None,
    due_on: datetime.date | None,
) -> Recommendation:
    """A recommendation of the review, and its action in the accountability ledger."""
    _require_manage(actor, review.partnership_id)
    errors: dict[str, Any] = {}
    if not (text or "").strip():
        errors["text"] = _("Enter the recommendation")
    if standard is None:
        errors["standard"] = _("Choose the standard the recommendation serves")
    try:
        with transaction.atomic():
            action = ledger_action_create(
                actor=actor,
                partnership=review.partnership,
                source_kind=LedgerAction.Source.REVIEW,
                source_id=review.pk,
                what=text,
                owner_agency=owner_agency,
                owner=owner,
                due_on=due_on,
                standard=standard,
            )
            if errors:
                raise ValidationError(errors)
            recommendation = Recommendation.objects.create(
                review=review, text=text.strip(), standard=standard, action=action, created_by=actor
            )
            audit_record(
                actor=actor,
                action="cylch.learning.review.recommendation_added",
                subject=review,
                changes={"action": action.pk},
            )
    except ValidationError as error:
        merged = dict(errors)
        if hasattr(error, "error_dict"):
            for field, messages in error.error_dict.items():
                if field == "what":
                    field = "text"
                merged.setdefault(field, messages)
        raise ValidationError(merged) from None
    return recommendation


# --- Briefings ---------------------------------------------------------------------------------


def briefing_create(
    *,
    actor: Person,
    partnership: Any,
    review: Review | None,
    title_en: str,
    title_cy: str,
    body_en: str,
    body_cy: str,
    themes: list[Theme],
    standards: list[Any],
    practice_notes: list[Any],
) -> Briefing:
    """A learning briefing, written in English and in Welsh as equals."""
    _require_manage(actor, partnership.pk)
    errors: dict[str, str] = {}
    for field, value, message in [
        ("title_en", title_en, _("Enter the title in English")),
        ("title_cy", title_cy, _("Enter the title in Welsh")),
        ("body_en", body_en, _("Enter the briefing in English")),
        ("body_cy", body_cy, _("Enter the briefing in Welsh")),
    ]:
        if not (value or "").strip():
            errors[field] = message
    if review is not None and review.partnership_id != partnership.pk:
        errors["title_en"] = _("The review belongs to another partnership")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        briefing = Briefing.objects.create(
            partnership=partnership,
            review=review,
            title_en=title_en.strip(),
            title_cy=title_cy.strip(),
            body_en=body_en.strip(),
            body_cy=body_cy.strip(),
            created_by=actor,
        )
        briefing.themes.set(themes)
        briefing.standards.set(standards)
        briefing.practice_notes.set(practice_notes)
        audit_record(
            actor=actor,
            action="cylch.learning.briefing.created",
            subject=briefing,
            changes={"review": getattr(review, "pk", None)},
        )
    return briefing


def briefing_publish(*, actor: Person, briefing: Briefing) -> Briefing:
    _require_manage(actor, briefing.partnership_id)
    if briefing.status == Briefing.Status.PUBLISHED:
        raise ValidationError(_("This briefing is already published."))
    with transaction.atomic():
        briefing.status, briefing.published_at = Briefing.Status.PUBLISHED, timezone.now()
        briefing.save(update_fields=["status", "published_at"])
        audit_record(actor=actor, action="cylch.learning.briefing.published", subject=briefing)
    return briefing


def briefing_read_record(*, actor: Person, briefing: Briefing) -> BriefingRead:
    """Record that the actor read a published briefing, against their team."""
    if briefing.status != Briefing.Status.PUBLISHED:
        raise ValidationError(_("Only a published briefing can be marked as read."))
    membership = Membership.objects.current().filter(person=actor).order_by("id").first()
    with transaction.atomic():
        read, created = BriefingRead.objects.get_or_create(
            briefing=briefing, person=actor, defaults={"team_id": membership.team_id if membership else None}
        )
        if created:
            audit_record(actor=actor, action="cylch.learning.briefing.read", subject=briefing)
    return read


# --- Audit tools ---------------------------------------------------------------------------------


def _grades() -> list[str]:
    return [code for code, _label in code_choices("audit_grade")]


def audit_tool_create(*, actor: Person, partnership: Any, name_en: str, name_cy: str) -> AuditTool:
    _require_manage(actor, partnership.pk)
    errors = {}
    if not (name_en or "").strip():
        errors["name_en"] = _("Enter the tool's name in English")
    if not (name_cy or "").strip():
        errors["name_cy"] = _("Enter the tool's name in Welsh")
    if errors:
        raise ValidationError(errors)
    base = re.sub(r"[^a-z0-9]+", "-", name_en.strip().lower()).strip("-")[:50] or "tool"
    code, n = base, 1
    while AuditTool.objects.filter(partnership=partnership, code=code).exists():
        n += 1
        code = f"{base}-{n}"
    with transaction.atomic():
        tool = AuditTool.objects.create(
            partnership=partnership, code=code, name_en=name_en.strip(), name_cy=name_cy.strip(), created_by=actor
        )
        audit_record(actor=actor, action="cylch.learning.tool.created", subject=tool, changes={"code": code})
    return tool


def audit_question_add(
    *,
    actor: Person,
    tool: AuditTool,
    standard: Any,
    text_en: str,
    text_cy: str,
    descriptors: dict[str, tuple[str, str]],
) -> AuditQuestion:
    """A question of a draft tool, grouped under a standard, with what each grade looks like."""
    _require_manage(actor, tool.partnership_id)
    if tool.status != AuditTool.Status.DRAFT:
        raise ValidationError(_("A published tool does not change: make a new version to change its questions."))
    errors: dict[str, str] = {}
    if standard is None:
        errors["standard"] = _("Choose the standard the question grades")
    if not (text_en or "").strip():
        errors["text_en"] = _("Enter the question in English")
    if not (text_cy or "").strip():
        errors["text_cy"] = _("Enter the question in Welsh")
    for grade in _grades():
        en, cy = descriptors.get(grade) or ("", "")
        if not en.strip():
            errors[f"{grade}_en"] = _("Describe this grade in English")
        if not cy.strip():
            errors[f"{grade}_cy"] = _("Describe this grade in Welsh")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        question = AuditQuestion.objects.create(
            tool=tool,
            standard=standard,
            position=tool.questions.count() + 1,
            text_en=text_en.strip(),
            text_cy=text_cy.strip(),
            descriptors={g: [descriptors[g][0].strip(), descriptors[g][1].strip()] for g in _grades()},
        )
        audit_record(
            actor=actor, action="cylch.learning.tool.question_added", subject=tool, changes={"question": question.pk}
        )
    return question


def audit_tool_publish(*, actor: Person, tool: AuditTool) -> AuditTool:
    _require_manage(actor, tool.partnership_id)
    if tool.status != AuditTool.Status.DRAFT:
        raise ValidationError(_("This version is already published."))
    if not tool.questions.exists():
        raise ValidationError(_("Add at least one question before publishing the tool."))
    with transaction.atomic():
        tool.status = AuditTool.Status.PUBLISHED
        tool.save(update_fields=["status"])
        audit_record(
            actor=actor, action="cylch.learning.tool.published", subject=tool, changes={"version": tool.version}
        )
    return tool


def audit_tool_new_version(*, actor: Person, tool: AuditTool) -> AuditTool:
    """A draft copy of the latest published version, to change; rounds keep the version they used."""
    _require_manage(actor, tool.partnership_id)
    latest = AuditTool.objects.filter(partnership_id=tool.partnership_id, code=tool.code).order_by("-version").first()
    if latest is None or latest.pk != tool.pk or tool.status != AuditTool.Status.PUBLISHED:
        raise ValidationError(_("A new version is made from the latest published version."))
    with transaction.atomic():
        new = AuditTool.objects.create(
            partnership_id=tool.partnership_id,
            code=tool.code,
            version=tool.version + 1,
            name_en=tool.name_en,
            name_cy=tool.name_cy,
            created_by=actor,
        )
        AuditQuestion.objects.bulk_create(
            [
                AuditQuestion(
                    tool=new,
                    standard_id=q.standard_id,
                    position=q.position,
                    text_en=q.text_en,
                    text_cy=q.text_cy,
                    descriptors=q.descriptors,
                )
                for q in tool.questions.all()
            ]
        )
        audit_record(
            actor=actor,
            action="cylch.learning.tool.versioned",
            subject=new,
            changes={"from": tool.pk, "version": new.version},
        )
    return new


# --- Audit rounds -------------------------------------------------------------------------------


def audit_round_create(
    *,
    actor: Person,
    partnership: Any,
    tool: AuditTool | None,
    title: str,
    criterion: str,
    criterion_option: str,
    period_start: datetime.date | None,
    period_end: datetime.date | None,
    sample_size: int | None,
    access_until: datetime.date | None,
    seed: int | None = None,
) -> AuditRound:
    """Plan a round and draw its sample of children by the chosen criterion."""
    _require_manage(actor, partnership.pk)
    errors: dict[str, str] = {}
    if tool is None or tool.partnership_id != partnership.pk or tool.status != AuditTool.Status.PUBLISHED:
        errors["tool"] = _("Choose a published audit tool of this partnership")
    if not (title or "").strip():
        errors["title"] = _("Enter a title for the round")
    chosen = sampling.criterion(criterion)
    if chosen is None:
        errors["criterion"] = _("Choose how the cases are sampled")
    elif chosen.options is not None and criterion_option and criterion_option not in dict(chosen.options()):
        errors["criterion_option"] = _("Choose an option this criterion offers")
    if period_start is None or period_end is None or period_start > period_end:
        errors["period_end"] = _("Enter the period: its end on or after its start")
    largest = int(policy("audit_sample_max"))
    if not sample_size or sample_size < 1 or sample_size > largest:
        errors["sample_size"] = _("Enter how many cases to audit: from 1 to %(largest)s") % {"largest": largest}
    today = timezone.localdate()
    if access_until is None or access_until < today:
        errors["access_until"] = _("Enter the last day auditors can read the records: today or later")
    elif access_until > today + datetime.timedelta(days=int(policy("audit_grant_days"))):
        errors["access_until"] = _("Access can last at most %(days)s days") % {"days": policy("audit_grant_days")}
    if errors:
        raise ValidationError(errors)
    assert chosen is not None and sample_size is not None and access_until is not None  # noqa: S101 (checked above)
    assert period_start is not None and period_end is not None and tool is not None  # noqa: S101 (checked above)
    area_ids = list(partnership.areas.values_list("pk", flat=True))
    seed = seed if seed is not None else int(timezone.now().timestamp()) % 1_000_000
    ids = sampling.draw(
        chosen.children(area_ids=area_ids, start=period_start, end=period_end, option=criterion_option),
        size=sample_size,
        seed=seed,
    )
    if not ids:
        raise ValidationError(
            {"criterion": _("No children in the partnership's areas meet this criterion in the period")}
        )
    with transaction.atomic():
        audit_round = AuditRound.objects.create(
            partnership=partnership,
            tool=tool,
            title=title.strip(),
            criterion=criterion,
            criterion_option=criterion_option,
            period_start=period_start,
            period_end=period_end,
            sample_size=sample_size,
            seed=seed,
            access_until=access_until,
            status=AuditRound.Status.AUDITING,
            created_by=actor,
        )
        AuditCase.objects.bulk_create(
            [AuditCase(round=audit_round, child_id=child_id, label=str(n)) for n, child_id in enumerate(ids, 1)]
        )
        audit_record(
            actor=actor,
            action="cylch.learning.round.created",
            subject=audit_round,
            changes={"criterion": criterion, "option": criterion_option, "seed": seed, "children": ids},
        )
    return audit_round


def audit_auditor_add(
    *, actor: Person, audit_round: AuditRound, person: Person | None, agency: Agency | None
) -> AuditRoundAuditor:
    """Name an auditor for their agency and give them read access to exactly the sampled records."""
    _require_manage(actor, audit_round.partnership_id)
    if audit_round.status == AuditRound.Status.FINISHED:
        raise ValidationError(_("This round has finished."))
    errors: dict[str, str] = {}
    if agency is None:
        errors["agency"] = _("Choose the agency the person audits for")
    if person is None:
        errors["email"] = _("Enter the email address of a person with a Cylch account")
    elif not _works_for(person, agency):
        errors["email"] = _("The person must work for the agency chosen")
    elif audit_round.auditors.filter(person=person).exists():
        errors["email"] = _("This person is already an auditor in the round")
    if errors:
        raise ValidationError(errors)
    assert person is not None and agency is not None  # noqa: S101 (checked above)
    child_ids = list(audit_round.cases.values_list("child_id", flat=True))
    with transaction.atomic():
        auditor = AuditRoundAuditor.objects.create(round=audit_round, person=person, agency=agency)
        AccessGrant.objects.bulk_create(
            [
                _grant(
                    kind=AccessGrant.Kind.CASE_AUDIT,
                    person=person,
                    child_id=child_id,
                    agency=agency,
                    reason=_("Multi-agency case audit: %(title)s") % {"title": audit_round.title},
                    until=audit_round.access_until,
                    actor=actor,
                    purpose=f"learning.round:{audit_round.pk}",
                )
                for child_id in child_ids
            ]
        )
        audit_record(
            actor=actor,
            action="cylch.learning.round.auditor_added",
            subject=audit_round,
            changes={"person": person.pk, "agency": agency.pk, "children": child_ids},
            agency_id=agency.pk,
        )
    return auditor


def _rationale_required(grade: str) -> bool:
    try:
        return grade in set(policy("audit_rationale_required_grades"))
    except KeyError:
        return True


def audit_answer_record(
    *, actor: Person, case: AuditCase, question: AuditQuestion | None, grade: str, rationale: str
) -> AuditAnswer:
    """An auditor's graded answer for their agency's part in one case."""
    auditor = case.round.auditors.filter(person=actor).select_related("agency").first()
    if auditor is None:
        raise PermissionDenied
    if case.round.status != AuditRound.Status.AUDITING:
        raise ValidationError(_("This round is no longer taking answers."))
    errors: dict[str, str] = {}
    if question is None or question.tool_id != case.round.tool_id:
        errors["question"] = _("Choose a question of this round's tool")
    if grade not in _grades():
        errors["grade"] = _("Choose a grade")
    elif _rationale_required(grade) and not (rationale or "").strip():
        errors["rationale"] = _("Give the rationale for the grade: what in the record shows it")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        answer, _created = AuditAnswer.objects.update_or_create(
            case=case,
            question=question,
            agency=auditor.agency,
            defaults={"auditor": actor, "grade": grade, "rationale": rationale.strip(), "answered_at": timezone.now()},
        )
        audit_record(
            actor=actor,
            action="cylch.learning.case.answered",
            subject=case.round,
            changes={"case": case.pk, "question": question.pk if question else None, "grade": grade},
            agency_id=auditor.agency_id,
        )
    return answer


def audit_case_moderate(
    *,
    actor: Person,
    case: AuditCase,
    overall_grade: str,
    findings: str,
    rationale: str,
    expected_version: int,
    action_what: str = "",
    action_standard: Any = None,
    owner_agency: Agency | None = None,
    owner: Person | None = None,
    due_on: datetime.date | None = None,
) -> AuditCase:
    """The moderation meeting's overall grade, findings and (optionally) an action into the ledger."""
    _require_manage(actor, case.round.partnership_id)
    if case.round.status != AuditRound.Status.AUDITING:
        raise ValidationError(_("This round is no longer open for moderation."))
    errors: dict[str, Any] = {}
    if overall_grade not in _grades():
        errors["overall_grade"] = _("Choose the overall grade agreed")
    elif _rationale_required(overall_grade) and not (rationale or "").strip():
        errors["rationale"] = _("Give the rationale for the overall grade")
    if not (findings or "").strip():
        errors["findings"] = _("Record the findings agreed")
    try:
        with transaction.atomic():
            action = None
            if (action_what or "").strip():
                action = ledger_action_create(
                    actor=actor,
                    partnership=case.round.partnership,
                    source_kind=LedgerAction.Source.AUDIT,
                    source_id=case.round_id,
                    what=action_what,
                    owner_agency=owner_agency,
                    owner=owner,
                    due_on=due_on,
                    standard=action_standard,
                )
            if errors:
                raise ValidationError(errors)
            _bump(case, expected_version)
            case.overall_grade, case.findings, case.rationale = overall_grade, findings.strip(), rationale.strip()
            case.moderated_by, case.moderated_at = actor, timezone.now()
            case.save(update_fields=["overall_grade", "findings", "rationale", "moderated_by", "moderated_at"])
            audit_record(
                actor=actor,
                action="cylch.learning.case.moderated",
                subject=case.round,
                changes={"case": case.pk, "grade": overall_grade, "action": action.pk if action else None},
            )
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        merged = dict(errors)
        for field, messages in error.error_dict.items():
            merged.setdefault("action_what" if field == "what" else field, messages)
        raise ValidationError(merged) from None
    return case


def audit_round_finish(*, actor: Person, audit_round: AuditRound) -> AuditRound:
    """Close the round once every case is moderated; auditors' access ends now."""
    _require_manage(actor, audit_round.partnership_id)
    if audit_round.status == AuditRound.Status.FINISHED:
        raise ValidationError(_("This round has already finished."))
    if audit_round.cases.filter(moderated_at__isnull=True).exists():
        raise ValidationError(_("Moderate every case before finishing the round."))
    with transaction.atomic():
        ended = (
            AccessGrant.objects.in_force()
            .filter(purpose=f"learning.round:{audit_round.pk}")
            .update(revoked_at=timezone.now())
        )
        audit_round.status, audit_round.finished_at = AuditRound.Status.FINISHED, timezone.now()
        audit_round.save(update_fields=["status", "finished_at"])
        audit_record(
            actor=actor, action="cylch.learning.round.finished", subject=audit_round, changes={"grants_ended": ended}
        )
    return audit_round
