"""Every write of partnerships and self-assessment: keyword-only, atomic, audited in the same
transaction. Views check what the actor may do (cylch.access.rules.access_partnership); the
services check the data and refuse bad input with a ValidationError naming the fields."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cylch.audit.services import audit_record
from cylch.core.reference_data import code_choices, policy
from cylch.framework.models import Indicator, Standard
from cylch.organisations.models import Agency, Board
from cylch.partnerships.models import (
    AccountabilityEntry,
    AccountabilityPart,
    AssessmentCycle,
    Challenge,
    EvidenceDocument,
    GovernanceBody,
    MeasureSnapshot,
    Partnership,
    PartnershipPriority,
    PartnershipRole,
    Rating,
)

# The agencies of a board's area that are partners of a statutory board.
STATUTORY_PARTNER_KINDS = [
    Agency.Kind.CHILDRENS_SERVICES,
    Agency.Kind.EDUCATION,
    Agency.Kind.HEALTH,
    Agency.Kind.POLICE,
    Agency.Kind.PROBATION,
    Agency.Kind.YOUTH_JUSTICE,
    Agency.Kind.HOUSING,
]


class StaleEdit(Exception):
    """Someone else saved the record after the form was loaded."""


def _check_version(obj: Any, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != obj.version:
        raise StaleEdit


# --- Partnerships from the statutory boards ----------------------------------------------------


def partnership_agencies_for_areas(area_ids: Iterable[int], board: Board | None = None) -> list[int]:
    """Statutory partners of local authorities: agencies of the local authorities, their health
    boards and police forces, and the board's business unit."""
    from cylch.organisations.models import Area

    area_ids = list(area_ids)
    related: set[int] = set(area_ids)
    for _la, hb, pf in Area.objects.filter(pk__in=area_ids).values_list("pk", "health_board_id", "police_force_id"):
        related |= {x for x in (hb, pf) if x}
    query = Q(area_id__in=related, kind__in=STATUTORY_PARTNER_KINDS, is_active=True)
    if board is not None:
        query |= Q(board=board, kind=Agency.Kind.PARTNERSHIP)
    return list(Agency.objects.filter(query).values_list("pk", flat=True))


def partnerships_from_boards(*, actor: Any = None) -> int:
    """Make one partnership for each statutory board that has none (safe to run again)."""
    with transaction.atomic():
        created = partnerships_from_boards_unaudited()
        if created:
            audit_record(
                actor=actor, action="cylch.partnerships.partnerships.seeded", changes={"partnerships": created}
            )
    return created


def partnerships_from_boards_unaudited() -> int:
    """The rows only, for synthetic data (which never writes to the audit trail)."""
    created = 0
    for board in Board.objects.prefetch_related("local_authorities").order_by("kind", "code"):
        if Partnership.objects.filter(board=board).exists():
            continue
        kind = (
            Partnership.Kind.REGIONAL_SAFEGUARDING_BOARD
            if board.kind == Board.Kind.REGIONAL_SAFEGUARDING
            else Partnership.Kind.REGIONAL_PARTNERSHIP_BOARD
        )
        partnership = Partnership.objects.create(
            code=board.code, kind=kind, board=board, name_en=board.name_en, name_cy=board.name_cy
        )
        area_ids = [a.pk for a in board.local_authorities.all()]
        partnership.areas.set(area_ids)
        partnership.agencies.set(partnership_agencies_for_areas(area_ids, board))
        GovernanceBody.objects.create(
            partnership=partnership, kind=GovernanceBody.Kind.BOARD, name_en=board.name_en, name_cy=board.name_cy
        )
        created += 1
    return created


# --- Governance bodies and named roles -----------------------------------------------------------


def governance_body_create(
    *,
    actor: Any,
    partnership: Partnership,
    kind: str,
    name_en: str,
    name_cy: str,
    reports_to: GovernanceBody | None = None,
    standard: Standard | None = None,
    remit_en: str = "",
    remit_cy: str = "",
) -> GovernanceBody:
    errors: dict[str, str] = {}
    if not name_en.strip():
        errors["name_en"] = _("Enter the name in English")
    if not name_cy.strip():
        errors["name_cy"] = _("Enter the name in Welsh")
    if kind not in GovernanceBody.Kind.values:
        errors["kind"] = _("Choose whether it is the board or a sub-group")
    elif kind == GovernanceBody.Kind.BOARD and partnership.bodies.filter(kind=kind, is_active=True).exists():
        errors["kind"] = _("The partnership already has a board; add a sub-group instead")
    if reports_to is not None and reports_to.partnership_id != partnership.pk:
        errors["reports_to"] = _("Choose a body of this partnership")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        body = GovernanceBody.objects.create(
            partnership=partnership,
            kind=kind,
            name_en=name_en.strip(),
            name_cy=name_cy.strip(),
            reports_to=reports_to,
            standard=standard,
            remit_en=remit_en.strip(),
            remit_cy=remit_cy.strip(),
        )
        audit_record(
            actor=actor,
            action="cylch.partnerships.body.created",
            subject=body,
            changes={"partnership": partnership.pk, "kind": kind, "name_en": body.name_en},
        )
    return body


def partnership_role_assign(
    *,
    actor: Any,
    partnership: Partnership,
    person: Any,
    role: str,
    agency: Agency | None = None,
    standard: Standard | None = None,
) -> PartnershipRole:
    errors: dict[str, str] = {}
    if person is None:
        errors["person"] = _("Choose the person")
    if role not in PartnershipRole.Role.values:
        errors["role"] = _("Choose the role")
    elif role == PartnershipRole.Role.STANDARD_LEAD and standard is None:
        errors["standard"] = _("Choose the standard the person leads on")
    if agency is not None and not partnership.agencies.filter(pk=agency.pk).exists():
        errors["agency"] = _("Choose a member agency of the partnership")
    if person is not None and agency is not None and not person.memberships.current().filter(team__agency=agency).exists():
        errors["agency"] = _("The person must work for the agency they represent")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        assigned = PartnershipRole.objects.create(
            partnership=partnership, person=person, role=role, agency=agency, standard=standard
        )
        audit_record(
            actor=actor,
            action="cylch.partnerships.role.assigned",
            subject=assigned,
            changes={"partnership": partnership.pk, "person": person.pk, "role": role},
        )
    return assigned


def partnership_role_end(*, actor: Any, assigned: PartnershipRole) -> PartnershipRole:
    with transaction.atomic():
        assigned.ended_on = timezone.localdate()
        assigned.save(update_fields=["ended_on"])
        audit_record(actor=actor, action="cylch.partnerships.role.ended", subject=assigned, changes={"ended_on": str(assigned.ended_on)})
    return assigned


# --- Priorities and the accountability matrix ----------------------------------------------------


def priority_create(
    *,
    actor: Any,
    partnership: Partnership,
    title_en: str,
    title_cy: str,
    description_en: str = "",
    description_cy: str = "",
    standard: Standard | None = None,
    measure_codes: list[str] | None = None,
) -> PartnershipPriority:
    from cylch.partnerships.measures import all_measures

    errors: dict[str, str] = {}
    if not title_en.strip():
        errors["title_en"] = _("Enter the priority in English")
    if not title_cy.strip():
        errors["title_cy"] = _("Enter the priority in Welsh")
    known = {m.code for m in all_measures()}
    if any(code not in known for code in measure_codes or []):
        errors["measure_codes"] = _("Choose measures from the list")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        priority = PartnershipPriority.objects.create(
            partnership=partnership,
            title_en=title_en.strip(),
            title_cy=title_cy.strip(),
            description_en=description_en.strip(),
            description_cy=description_cy.strip(),
            standard=standard,
            measure_codes=list(measure_codes or []),
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action="cylch.partnerships.priority.created",
            subject=priority,
            changes={"title_en": priority.title_en, "measures": priority.measure_codes},
        )
    return priority


def matrix_entry_save(
    *,
    actor: Any,
    partnership: Partnership,
    accountable_body: GovernanceBody | None,
    lead: Any,
    parts: dict[int, str],
    standard: Standard | None = None,
    priority: PartnershipPriority | None = None,
    expected_version: int | None = None,
) -> AccountabilityEntry:
    """Set one row of the matrix: the accountable body, the named lead and each agency's part
    (responsible, consulted or informed). At least one agency must be responsible."""
    errors: dict[str, str] = {}
    if accountable_body is None or accountable_body.partnership_id != partnership.pk:
        errors["accountable_body"] = _("Choose the body that is accountable")
    if lead is None:
        errors["lead"] = _("Name the lead")
    members = set(partnership.agencies.values_list("pk", flat=True))
    if any(agency_id not in members for agency_id in parts):
        errors["parts"] = _("Only member agencies can take a part")
    elif AccountabilityPart.Part.RESPONSIBLE not in parts.values():
        errors["parts"] = _("At least one agency must be responsible")
    if any(part not in AccountabilityPart.Part.values for part in parts.values()):
        errors["parts"] = _("Choose responsible, consulted or informed")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        lookup = {"standard": standard} if standard is not None else {"priority": priority}
        entry = AccountabilityEntry.objects.select_for_update().filter(partnership=partnership, **lookup).first()
        if entry is None:
            entry = AccountabilityEntry(partnership=partnership, **lookup)
        else:
            _check_version(entry, expected_version)
            entry.version += 1
        entry.accountable_body = accountable_body  # type: ignore[assignment]
        entry.lead = lead
        entry.save()
        entry.parts.all().delete()
        AccountabilityPart.objects.bulk_create(
            [AccountabilityPart(entry=entry, agency_id=agency_id, part=part) for agency_id, part in sorted(parts.items())]
        )
        audit_record(
            actor=actor,
            action="cylch.partnerships.matrix.saved",
            subject=entry,
            changes={
                "accountable_body": accountable_body.pk,  # type: ignore[union-attr]
                "lead": lead.pk,
                "parts": {str(k): v for k, v in sorted(parts.items())},
            },
        )
    return entry


# --- Self-assessment cycles ---------------------------------------------------------------------


def cycle_open(
    *,
    actor: Any,
    partnership: Partnership,
    period_start: datetime.date | None,
    period_end: datetime.date | None,
    deadline: datetime.date | None,
) -> AssessmentCycle:
    errors: dict[str, str] = {}
    if period_start is None:
        errors["period_start"] = _("Enter the start of the period")
    if period_end is None:
        errors["period_end"] = _("Enter the end of the period")
    elif period_start is not None and period_end < period_start:
        errors["period_end"] = _("The end of the period must be on or after its start")
    if deadline is None:
        errors["deadline"] = _("Enter the deadline for ratings")
    elif deadline < timezone.localdate():
        errors["deadline"] = _("The deadline must be today or in the future")
    if partnership.cycles.filter(status=AssessmentCycle.Status.OPEN).exists():
        errors["__all__"] = _("This partnership already has an open cycle: sign it off before opening another")
    if errors:
        raise ValidationError(errors)
    assert period_start is not None and period_end is not None and deadline is not None  # noqa: S101 (checked above)
    try:
        with transaction.atomic():
            cycle = AssessmentCycle.objects.create(
                partnership=partnership,
                period_start=period_start,
                period_end=period_end,
                deadline=deadline,
                opened_by=actor,
            )
            audit_record(
                actor=actor,
                action="cylch.partnerships.cycle.opened",
                subject=cycle,
                changes={"period": f"{period_start}..{period_end}", "deadline": str(deadline)},
            )
    except IntegrityError:
        raise ValidationError(
            {"__all__": _("This partnership already has an open cycle: sign it off before opening another")}
        ) from None
    return cycle


def _evidence_problems(files: list[Any]) -> list[str]:
    problems = []
    allowed = {str(x).lower() for x in policy("partnerships_evidence_extensions")}
    limit = int(policy("partnerships_evidence_max_bytes"))
    for upload in files:
        extension = PurePath(upload.name or "").suffix.lower().lstrip(".")
        if extension not in allowed:
            problems.append(
                _("%(name)s is not a type of document Cylch accepts. Upload one of: %(types)s")
                % {"name": upload.name, "types": ", ".join(sorted(allowed))}
            )
        elif upload.size > limit:
            problems.append(
                _("%(name)s is larger than %(megabytes)s MB") % {"name": upload.name, "megabytes": limit // (1024 * 1024)}
            )
        elif upload.size == 0:
            problems.append(_("%(name)s is empty") % {"name": upload.name})
    return problems


def rating_save(
    *,
    actor: Any,
    cycle: AssessmentCycle,
    agency: Agency,
    indicator: Indicator,
    score: str,
    narrative: str = "",
    evidence_link: str = "",
    documents: list[Any] | None = None,
    expected_version: int | None = None,
    may_rate_late: bool = False,
) -> Rating:
    """Record or change an agency's rating of one indicator. A rating of an indicator that
    requires evidence is refused without a document or a link."""
    documents = list(documents or [])
    errors: dict[str, Any] = {}
    if not cycle.is_open:
        raise ValidationError({"__all__": _("This cycle has been signed off: its ratings can no longer change")})
    if cycle.deadline < timezone.localdate() and not may_rate_late:
        raise ValidationError(
            {
                "__all__": _("The deadline for ratings in this cycle was %(date)s. Ask the business manager to record a late rating.")
                % {"date": cycle.deadline.strftime("%d/%m/%Y")}
            }
        )
    if not cycle.partnership.agencies.filter(pk=agency.pk).exists():
        errors["agency"] = _("Choose a member agency of the partnership")
    if score not in dict(code_choices("self_assessment_scale")):
        errors["score"] = _("Choose a rating from 1 to 4")
    if (evidence_link or "").strip():
        from django.core.validators import URLValidator

        try:
            URLValidator(schemes=["https", "http"])(evidence_link.strip())
        except ValidationError:
            errors["evidence_link"] = _("Enter the link in full, starting https://")
    problems = _evidence_problems(documents)
    if problems:
        errors["documents"] = problems
    existing = Rating.objects.filter(cycle=cycle, agency=agency, indicator=indicator).first()
    has_documents = bool(documents) or (existing is not None and existing.documents.exists())
    if indicator.evidence_required and not (evidence_link or "").strip() and not has_documents:
        errors["evidence_link"] = _(
            "This indicator needs evidence: upload a document or give a link to the evidence before you rate it"
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if existing is None:
            try:
                with transaction.atomic():
                    rating = Rating.objects.create(
                        cycle=cycle,
                        agency=agency,
                        indicator=indicator,
                        score=score,
                        narrative=narrative.strip(),
                        evidence_link=evidence_link.strip(),
                        rated_by=actor,
                    )
            except IntegrityError:
                raise StaleEdit from None
            action = "cylch.partnerships.rating.recorded"
        else:
            rating = Rating.objects.select_for_update().get(pk=existing.pk)
            _check_version(rating, expected_version)
            rating.score = score
            rating.narrative = narrative.strip()
            rating.evidence_link = evidence_link.strip()
            rating.rated_by = actor
            rating.rated_at = timezone.now()
            rating.version += 1
            rating.save()
            action = "cylch.partnerships.rating.changed"
        for upload in documents:
            document = EvidenceDocument(
                rating=rating,
                original_name=PurePath(upload.name).name[:255],
                content_type=(getattr(upload, "content_type", "") or "application/octet-stream")[:100],
                size=upload.size,
                uploaded_by=actor,
            )
            document.file.save("evidence", upload, save=False)
            document.save()
        audit_record(
            actor=actor,
            action=action,
            subject=rating,
            changes={
                "agency": agency.pk,
                "indicator": indicator.code,
                "score": score,
                "evidence_link": rating.evidence_link,
                "documents": [PurePath(u.name).name for u in documents],
            },
            agency_id=agency.pk,
        )
    return rating


def challenge_raise(*, actor: Any, rating: Rating, comment: str, agency: Agency | None = None) -> Challenge:
    if not rating.cycle.is_open:
        raise ValidationError({"__all__": _("This cycle has been signed off: ratings can no longer be challenged")})
    if not (comment or "").strip():
        raise ValidationError({"comment": _("Say why you challenge the rating")})
    with transaction.atomic():
        challenge = Challenge.objects.create(
            rating=rating, comment=comment.strip(), raised_by=actor, raised_by_agency=agency
        )
        audit_record(
            actor=actor,
            action="cylch.partnerships.challenge.raised",
            subject=challenge,
            changes={"rating": rating.pk, "comment": challenge.comment},
        )
    return challenge


def challenge_resolve(*, actor: Any, challenge: Challenge, response: str) -> Challenge:
    if not (response or "").strip():
        raise ValidationError({"response": _("Say how the challenge was resolved")})
    if challenge.resolved_at is not None:
        raise ValidationError({"__all__": _("This challenge has already been resolved")})
    with transaction.atomic():
        challenge.response = response.strip()
        challenge.resolved_at = timezone.now()
        challenge.resolved_by = actor
        challenge.save(update_fields=["response", "resolved_at", "resolved_by"])
        audit_record(
            actor=actor,
            action="cylch.partnerships.challenge.resolved",
            subject=challenge,
            changes={"response": challenge.response},
        )
    return challenge


def open_ratings(cycle: AssessmentCycle) -> tuple[int, int]:
    """How many ratings are still missing (member agency x indicator) and how many challenges
    are unresolved. A cycle can be signed off only when both are nought."""
    agencies = cycle.partnership.agencies.count()
    indicators = Indicator.objects.count()
    rated = Rating.objects.filter(
        cycle=cycle, agency__in=cycle.partnership.agencies.all()
    ).count()
    unresolved = Challenge.objects.filter(rating__cycle=cycle, resolved_at__isnull=True).count()
    return max(agencies * indicators - rated, 0), unresolved


def cycle_sign_off(*, actor: Any, cycle: AssessmentCycle, note: str = "", expected_version: int | None = None) -> AssessmentCycle:
    """The board signs the cycle off. Refused while any rating is missing or challenged."""
    if not cycle.is_open:
        raise ValidationError({"__all__": _("This cycle has already been signed off")})
    missing, unresolved = open_ratings(cycle)
    problems = []
    if missing:
        problems.append(
            ngettext(
                "%(count)s rating is still missing: every member agency must rate every indicator.",
                "%(count)s ratings are still missing: every member agency must rate every indicator.",
                missing,
            )
            % {"count": missing}
        )
    if unresolved:
        problems.append(
            ngettext(
                "%(count)s challenge to a rating is not resolved yet.",
                "%(count)s challenges to ratings are not resolved yet.",
                unresolved,
            )
            % {"count": unresolved}
        )
    if problems:
        raise ValidationError(
            {"__all__": [_("The cycle cannot be signed off while ratings are open."), *problems]}
        )
    with transaction.atomic():
        locked = AssessmentCycle.objects.select_for_update().get(pk=cycle.pk)
        _check_version(locked, expected_version)
        locked.status = AssessmentCycle.Status.SIGNED_OFF
        locked.signed_off_at = timezone.now()
        locked.signed_off_by = actor
        locked.sign_off_note = (note or "").strip()
        locked.version += 1
        locked.save()
        audit_record(
            actor=actor,
            action="cylch.partnerships.cycle.signed_off",
            subject=locked,
            changes={"note": locked.sign_off_note},
        )
        partnership_id, start, end = locked.partnership_id, locked.period_start, locked.period_end
        transaction.on_commit(
            lambda: snapshots_refresh(partnership_ids=[partnership_id], periods=[(start, end)])
        )
    return locked


def improvement_action_agree(
    *,
    actor: Any,
    cycle: AssessmentCycle,
    standard: Standard | None,
    what: str,
    owner_agency: Agency | None,
    owner: Any,
    due_on: datetime.date | None,
) -> Any:
    """An improvement action from the cycle goes into the accountability ledger, where it is held
    and escalated like every other partnership action."""
    from cylch.accountability.services import ledger_action_create

    if owner_agency is not None and not cycle.partnership.agencies.filter(pk=owner_agency.pk).exists():
        raise ValidationError({"owner_agency": _("Choose a member agency of the partnership")})
    return ledger_action_create(
        actor=actor,
        partnership=cycle.partnership,
        source_kind="self_assessment",
        source_id=cycle.pk,
        what=what,
        owner_agency=owner_agency,
        owner=owner,
        due_on=due_on,
        standard=standard,
    )


# --- Measure snapshots (the national comparison) ------------------------------------------------


def snapshot_period(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The rolling period of the national comparison: the last N months up to yesterday."""
    today = today or timezone.localdate()
    end = today - datetime.timedelta(days=1)
    months = int(policy("partnerships_snapshot_months"))
    year, month = divmod(end.year * 12 + end.month - 1 - months, 12)
    start = datetime.date(year, month + 1, 1)
    return start, end


def snapshots_refresh(
    *, partnership_ids: list[int] | None = None, periods: list[tuple[datetime.date, datetime.date]] | None = None
) -> int:
    """Compute every live measure for each partnership and period and keep the figures.
    One partnership that fails does not stop the others (the job goes on item by item)."""
    import logging

    from cylch.partnerships.measures import all_measures, measure_compute

    periods = periods or [snapshot_period()]
    partnerships = Partnership.objects.prefetch_related("areas").order_by("pk")
    if partnership_ids is not None:
        partnerships = partnerships.filter(pk__in=partnership_ids)
    written = 0
    for partnership in partnerships:
        area_ids = [a.pk for a in partnership.areas.all()]
        try:
            with transaction.atomic():
                for start, end in periods:
                    now = timezone.now()
                    for measure in all_measures():
                        result = measure_compute(measure, area_ids=area_ids, start=start, end=end)
                        MeasureSnapshot.objects.update_or_create(
                            partnership=partnership,
                            measure_code=measure.code,
                            period_start=start,
                            period_end=end,
                            defaults={
                                "numerator": result.numerator,
                                "denominator": result.denominator,
                                "computed_at": now,
                            },
                        )
                        written += 1
        except Exception:
            logging.getLogger(__name__).exception("Measure snapshots failed for partnership %s", partnership.pk)
    return written


# --- Local partnerships and their members -------------------------------------------------------


def partnership_create(
    *, actor: Any, name_en: str, name_cy: str, area_ids: list[int], agency_ids: list[int] | None = None
) -> Partnership:
    """A local partnership: the local authority areas it covers, its statutory partners there (and
    any other agencies chosen), its board, and the person who made it as business manager."""
    from django.utils.text import slugify

    from cylch.organisations.models import Area

    errors: dict[str, str] = {}
    if not (name_en or "").strip():
        errors["name_en"] = _("Enter the name in English")
    if not (name_cy or "").strip():
        errors["name_cy"] = _("Enter the name in Welsh")
    areas = list(Area.objects.filter(pk__in=area_ids or [], kind=Area.Kind.LOCAL_AUTHORITY))
    if not areas:
        errors["areas"] = _("Choose at least one local authority area")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        base = slugify(name_en)[:60] or "partnership"
        code, n = base, 1
        while Partnership.objects.filter(code=code).exists():
            n += 1
            code = f"{base}-{n}"
        partnership = Partnership.objects.create(
            code=code, kind=Partnership.Kind.LOCAL_PARTNERSHIP, name_en=name_en.strip(), name_cy=name_cy.strip()
        )
        partnership.areas.set(areas)
        members = set(partnership_agencies_for_areas([a.pk for a in areas])) | set(agency_ids or [])
        own = [m.team.agency_id for m in actor.memberships.current().select_related("team")]
        members |= set(own[:1])
        partnership.agencies.set(Agency.objects.filter(pk__in=members))
        GovernanceBody.objects.create(
            partnership=partnership, kind=GovernanceBody.Kind.BOARD, name_en=partnership.name_en, name_cy=partnership.name_cy
        )
        PartnershipRole.objects.create(
            partnership=partnership,
            person=actor,
            role=PartnershipRole.Role.BUSINESS_MANAGER,
            agency_id=own[0] if own else None,
        )
        audit_record(
            actor=actor,
            action="cylch.partnerships.partnership.created",
            subject=partnership,
            changes={"name_en": partnership.name_en, "areas": [a.pk for a in areas], "agencies": sorted(members)},
        )
    return partnership


def member_choices(partnership: Partnership) -> Any:
    """Agencies that may be members: those of the partnership's areas (the local authorities,
    their health boards and police forces), except schools, and the current members."""
    from cylch.organisations.models import Area

    area_ids = list(partnership.areas.values_list("pk", flat=True))
    related: set[int] = set(area_ids)
    for hb, pf in Area.objects.filter(pk__in=area_ids).values_list("health_board_id", "police_force_id"):
        related |= {x for x in (hb, pf) if x}
    return (
        Agency.objects.filter(Q(area_id__in=related, is_active=True) | Q(pk__in=partnership.agencies.all()))
        .exclude(kind__in=[Agency.Kind.SCHOOL, Agency.Kind.SERVICE_DESK])
        .distinct()
        .order_by("name_en")
    )


def partnership_members_set(*, actor: Any, partnership: Partnership, agency_ids: list[int]) -> Partnership:
    chosen = set(member_choices(partnership).filter(pk__in=agency_ids).values_list("pk", flat=True))
    if not chosen:
        raise ValidationError({"agencies": _("Choose at least one member agency")})
    with transaction.atomic():
        before = set(partnership.agencies.values_list("pk", flat=True))
        partnership.agencies.set(chosen)
        audit_record(
            actor=actor,
            action="cylch.partnerships.members.changed",
            subject=partnership,
            changes={"added": sorted(chosen - before), "removed": sorted(before - chosen)},
        )
    return partnership
