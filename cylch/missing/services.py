"""Writes about children who go missing.

Every service takes the actor, checks access through cylch.access.rules, runs in one
transaction and writes its audit entry inside it. Episodes enter the chronology; the
end of an episode starts the return-interview clock; configured pattern triggers ask
the lead professional for a multi-agency strategy discussion and say why.
"""

from __future__ import annotations

import datetime
import io
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cylch.access import rules
from cylch.access.rules import Capability, ChildAccess
from cylch.audit.services import audit_record
from cylch.children.models import Child, Involvement
from cylch.children.services import StaleEdit
from cylch.chronology.services import chronology_record_event
from cylch.core.notices import notice_send
from cylch.core.reference_data import code_choices, code_label, policy
from cylch.core.text import LazyFormat
from cylch.missing.models import (
    ChildInformationForm,
    MissingEpisode,
    PatternTrigger,
    ReturnInterview,
    ReturnInterviewAction,
    RiskGrading,
)
from cylch.people.models import Person
from cylch.timescales.models import DueItem
from cylch.timescales.services import due_item_meet, due_items_raise

FUTURE_GRACE = datetime.timedelta(minutes=5)
RETURN_INTERVIEW_RULE = "return-interview"
STRATEGY_RULE = "missing-strategy-discussion"
EPISODE_TRIGGER_TYPE = "missing.episode"
PATTERN_TRIGGER_TYPE = "missing.pattern"
# Plan type of the draft plan started when a return interview's actions find no open plan.
DRAFT_PLAN_TYPE = "care_and_support"

FORM_FIELDS = [
    "physical_description",
    "clothing",
    "associates",
    "places",
    "phone_and_social_media",
    "health_and_medication",
    "risks",
    "what_helped_return",
    "what_child_told",
]
# The Child Information Form section that follows the sensitivity rules (health needs and medication).
HEALTH_CATEGORY = "missing_health"

__all__ = ["StaleEdit"]


class _Labels:
    """Reference labels joined, in whichever language is active (for stored bilingual text)."""

    def __init__(self, list_name: str, codes: list[str]) -> None:
        self.list_name, self.codes = list_name, codes

    def __str__(self) -> str:
        labels = dict(code_choices(self.list_name))
        return "; ".join(labels.get(code, code) for code in self.codes)


def _require_write(actor: Any, child: Child) -> ChildAccess:
    access = rules.child_access(actor, child)
    if not access.can_write:
        raise Http404
    return access


def _acting_agency_id(actor: Any, child: Child, access: ChildAccess) -> int:
    agency_id = (
        Involvement.objects.active().filter(child=child, team_id__in=access.team_ids).values_list("agency_id", flat=True).first()
    )
    if agency_id is None:
        agencies = rules.agencies_where(actor, Capability.WORK_WITH_CHILDREN)
        if not agencies:
            raise Http404
        agency_id = min(agencies)
    return int(agency_id)


def _lead(child: Child) -> Involvement | None:
    return Involvement.objects.active().filter(child=child, is_lead=True).select_related("practitioner").first()


def _tell_lead(*, actor: Any, child: Child, kind: str, params: dict[str, Any], link: str, dedupe_key: str) -> None:
    """Tell the lead professional (unless they did it themselves)."""
    lead = _lead(child)
    if lead is None or lead.practitioner is None or not lead.practitioner.is_active:
        return
    if lead.practitioner.pk == getattr(actor, "pk", None):
        return
    notice_send(recipient=lead.practitioner, kind=kind, params={"child": child.display_name, **params}, link=link, dedupe_key=dedupe_key)


def _not_future(moment: datetime.datetime | None, field: str, message: Any) -> None:
    if moment is not None and moment > timezone.now() + FUTURE_GRACE:
        raise ValidationError({field: message})


def _when(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")


def _check_version(current_version: int, expected_version: int | None) -> None:
    if expected_version is not None and current_version != expected_version:
        raise StaleEdit(current={}, changed={})


# --- Child Information Form ---------------------------------------------------------------


class PrivateStorage(FileSystemStorage):
    """Files with no public address: they are read only through an access-checked view."""

    def url(self, name: str | None) -> str:
        raise NotImplementedError("Private files have no public URL.")


def photo_storage() -> PrivateStorage:
    """Private storage for photographs: a directory under var/ set by settings (MISSING_PHOTO_ROOT),
    never under STATIC or MEDIA, so the web server never serves them."""
    location = getattr(settings, "MISSING_PHOTO_ROOT", settings.BASE_DIR / "var" / "private" / "missing-photos")
    return PrivateStorage(location=str(location))


ACCEPTED_IMAGE_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_PIXELS = 40_000_000
MAX_SIDE = 1600


def photo_prepare(upload: Any) -> bytes:
    """A real photograph, re-encoded as JPEG without its metadata (location, camera, dates).

    Refuses anything that is not a JPEG, PNG or WebP image, or is larger than the configured size."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    limit_mb = float(policy("missing_photo_max_megabytes"))
    size = getattr(upload, "size", None) or 0
    if size > limit_mb * 1024 * 1024:
        raise ValidationError({"photo": _("The photograph must be smaller than %(size)s MB.") % {"size": f"{limit_mb:g}"}})
    if size == 0:
        raise ValidationError({"photo": _("The selected file is empty.")})
    not_image = _("The selected file must be a photograph (JPEG, PNG or WebP).")
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            if probe.format not in ACCEPTED_IMAGE_FORMATS:
                raise ValidationError({"photo": not_image})
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError({"photo": _("The photograph has too many pixels. Choose a smaller photograph.")})
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
            # Keep the way the photo was taken upright, then drop every metadata block.
            upright = ImageOps.exif_transpose(image) or image
            clean = upright.convert("RGB")
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError({"photo": not_image}) from None
    clean.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    # A new image object carries no EXIF, XMP, ICC or comment data unless passed explicitly.
    bare = Image.new("RGB", clean.size)
    bare.paste(clean)
    bare.save(out, format="JPEG", quality=85, optimize=True)
    return out.getvalue()


def photo_read(form: ChildInformationForm) -> bytes | None:
    """The stored photograph. Callers check access and audit the view first."""
    if not form.photo_name:
        return None
    storage = photo_storage()
    if not storage.exists(form.photo_name):
        return None
    with storage.open(form.photo_name, "rb") as handle:
        return bytes(handle.read())


def is_looked_after(child: Child) -> bool:
    """Looked after: the child has a Part 6 plan open (plan type `looked_after`)."""
    from cylch.plans.models import Plan

    return Plan.objects.filter(child=child, plan_type="looked_after").exclude(status=Plan.Status.ENDED).exists()


def may_start_form(actor: Any, child: Child, access: ChildAccess) -> bool:
    """A form is kept for every looked-after child, and for any other child the lead professional
    chooses (anyone in the team around the child where no lead professional is named)."""
    if not access.can_write:
        return False
    return access.is_lead or is_looked_after(child) or _lead(child) is None


def information_form_for(child: Child) -> ChildInformationForm | None:
    return ChildInformationForm.objects.filter(child=child).first()


def information_form_save(
    *,
    actor: Person,
    child: Child,
    values: dict[str, Any],
    expected_version: int | None = None,
    photo: Any = None,
) -> ChildInformationForm:
    """Create or update the form. Saving it is a review: the review date moves to now and the
    prompt after an episode is cleared. Refuses to overwrite a newer version."""
    access = _require_write(actor, child)
    values = {k: (v or "").strip() for k, v in values.items() if k in FORM_FIELDS}
    # Someone who may not see the health section cannot blank it by saving the form.
    if not rules.category_visible(access, HEALTH_CATEGORY):
        values.pop("health_and_medication", None)
    photo_bytes = photo_prepare(photo) if photo is not None else None
    now = timezone.now()
    stored_name = ""
    if photo_bytes is not None:
        stored_name = photo_storage().save(f"{child.pk}/{uuid.uuid4().hex}.jpg", ContentFile(photo_bytes))
    try:
        with transaction.atomic():
            form = ChildInformationForm.objects.select_for_update().filter(child=child).first()
            if form is None:
                if expected_version not in (None, 0):
                    raise StaleEdit(current={}, changed={})
                if not may_start_form(actor, child, access):
                    raise ValidationError(
                        _("This child is not looked after: only the lead professional can start a Child Information Form for them.")
                    )
                form = ChildInformationForm(child=child, last_reviewed_by=actor, last_reviewed_at=now, **values)
                old: dict[str, Any] = {}
                action = "cylch.missing.form.created"
            else:
                old = {f: getattr(form, f) for f in FORM_FIELDS}
                if expected_version is not None and form.version != expected_version:
                    raise StaleEdit(
                        current=old,
                        changed={f: {"yours": values.get(f), "theirs": old[f]} for f in values if old[f] != values.get(f)},
                    )
                for key, value in values.items():
                    setattr(form, key, value)
                form.version += 1
                action = "cylch.missing.form.updated"
            form.last_reviewed_at = now
            form.last_reviewed_by = actor
            form.review_after_episode = False
            if stored_name:
                form.photo_name = stored_name
                form.photo_uploaded_at = now
                form.photo_uploaded_by = actor
            form.save()
            audit_record(
                actor=actor,
                action=action,
                subject=form,
                child_id=child.pk,
                changes={
                    "fields": sorted(k for k, v in values.items() if old.get(k, "") != v),
                    "photo": bool(stored_name),
                },
            )
    except BaseException:
        if stored_name:
            photo_storage().delete(stored_name)
        raise
    return form


def information_form_confirm(*, actor: Person, form: ChildInformationForm, expected_version: int) -> ChildInformationForm:
    """Record a review that found nothing to change."""
    _require_write(actor, form.child)
    with transaction.atomic():
        updated = ChildInformationForm.objects.filter(pk=form.pk, version=expected_version).update(
            last_reviewed_at=timezone.now(), last_reviewed_by=actor, review_after_episode=False, version=F("version") + 1
        )
        if updated != 1:
            raise StaleEdit(current={}, changed={})
        audit_record(actor=actor, action="cylch.missing.form.reviewed", subject=form, child_id=form.child_id)
    form.refresh_from_db()
    return form


def review_due(form: ChildInformationForm | None, today: datetime.date | None = None) -> bool:
    """Whether the form asks for a review: older than the configured age, or an episode since."""
    from dateutil.relativedelta import relativedelta

    if form is None:
        return True
    if form.review_after_episode:
        return True
    today = today or timezone.localdate()
    months = int(policy("missing_cif_review_months"))
    return timezone.localtime(form.last_reviewed_at).date() + relativedelta(months=months) <= today


# --- Episodes -------------------------------------------------------------------------------


def _check_grade(grade: str, field: str = "risk_grade") -> None:
    if grade not in dict(code_choices("missing_risk_grade")):
        raise ValidationError({field: _("Choose the risk grade the police gave.")})


def _check_no_overlap(child: Child, start: datetime.datetime, end: datetime.datetime | None, exclude: int | None = None) -> None:
    """No two episodes of a child cover the same moment."""
    others = MissingEpisode.objects.filter(child=child).filter(Q(found_at__isnull=True) | Q(found_at__gt=start))
    if end is not None:
        others = others.filter(missing_from__lt=end)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    clash = others.order_by("missing_from").first()
    if clash is None:
        return
    if clash.found_at is None:
        raise ValidationError(
            {"missing_from": _("This child already has an open missing episode, since %(date)s. Record their return first.") % {"date": _when(clash.missing_from)}}
        )
    raise ValidationError(
        {
            "missing_from": _("This overlaps another missing episode of this child, from %(start)s to %(end)s. Check the times.")
            % {"start": _when(clash.missing_from), "end": _when(clash.found_at)}
        }
    )


def episode_record(
    *,
    actor: Person,
    child: Child,
    missing_from: datetime.datetime,
    reported_at: datetime.datetime,
    reported_by: str,
    risk_grade: str,
    last_seen_where: str = "",
    police_reference: str = "",
    circumstances: str = "",
) -> MissingEpisode:
    """The child is missing: open an episode, put it in the chronology, tell the lead professional."""
    access = _require_write(actor, child)
    _not_future(missing_from, "missing_from", _("The time the child was last seen cannot be in the future."))
    _not_future(reported_at, "reported_at", _("The time of the report cannot be in the future."))
    if reported_at < missing_from:
        raise ValidationError({"reported_at": _("The report cannot be before the child was last seen.")})
    if not reported_by.strip():
        raise ValidationError({"reported_by": _("Enter who reported the child missing.")})
    _check_grade(risk_grade)
    agency_id = _acting_agency_id(actor, child, access)
    try:
        with transaction.atomic():
            # Lock the child's row so two reports of the same episode cannot both pass the overlap check.
            Child.objects.select_for_update().filter(pk=child.pk).first()
            _check_no_overlap(child, missing_from, None)
            episode = MissingEpisode.objects.create(
                child=child,
                agency_id=agency_id,
                missing_from=missing_from,
                last_seen_where=last_seen_where.strip(),
                reported_at=reported_at,
                reported_by=reported_by.strip(),
                police_reference=police_reference.strip(),
                risk_grade=risk_grade,
                circumstances=circumstances.strip(),
                recorded_by=actor,
            )
            RiskGrading.objects.create(episode=episode, grade=risk_grade, graded_at=reported_at, recorded_by=actor)
            chronology_record_event(
                child=child,
                occurred_at=missing_from,
                entry_type="missing",
                summary=LazyFormat(
                    gettext_lazy("Reported missing by %(reporter)s. Police risk grade: %(grade)s"),
                    reporter=episode.reported_by,
                    grade=_Labels("missing_risk_grade", [risk_grade]),
                ),
                source_agency_id=agency_id,
                origin=episode,
                significance="critical" if risk_grade in _trigger_grades() else "significant",
                author=actor,
            )
            audit_record(
                actor=actor,
                action="cylch.missing.episode.recorded",
                subject=episode,
                child_id=child.pk,
                agency_id=agency_id,
                changes={"missing_from": missing_from.isoformat(), "reported_at": reported_at.isoformat(), "risk_grade": risk_grade},
            )
            _tell_lead(
                actor=actor,
                child=child,
                kind="cylch.missing.reported",
                params={"since": _when(missing_from)},
                link=reverse("missing:episode", args=[child.pk, episode.pk]),
                dedupe_key=f"missing-reported-{episode.pk}",
            )
            _triggers_check(actor=actor, episode=episode)
    except IntegrityError:
        raise ValidationError({"missing_from": _("This child already has an open missing episode. Record their return first.")}) from None
    return episode


def episode_regrade(
    *, actor: Person, episode: MissingEpisode, grade: str, graded_at: datetime.datetime, expected_version: int, note: str = ""
) -> MissingEpisode:
    """The police changed the risk grade: keep the change beside the earlier ones."""
    _require_write(actor, episode.child)
    _check_grade(grade, "grade")
    _not_future(graded_at, "graded_at", _("The time of the new grade cannot be in the future."))
    if graded_at < episode.reported_at:
        raise ValidationError({"graded_at": _("The new grade cannot be before the child was reported missing.")})
    if episode.found_at is not None and graded_at > episode.found_at:
        raise ValidationError({"graded_at": _("The child had already been found at that time.")})
    with transaction.atomic():
        locked = MissingEpisode.objects.select_for_update().get(pk=episode.pk)
        _check_version(locked.version, expected_version)
        old = locked.risk_grade
        RiskGrading.objects.create(episode=locked, grade=grade, graded_at=graded_at, note=note.strip(), recorded_by=actor)
        latest = RiskGrading.objects.filter(episode=locked).order_by("-graded_at", "-pk").first()
        locked.risk_grade = latest.grade if latest else grade
        locked.version += 1
        locked.save(update_fields=["risk_grade", "version"])
        audit_record(
            actor=actor,
            action="cylch.missing.episode.regraded",
            subject=locked,
            child_id=locked.child_id,
            changes={"old": old, "new": grade, "graded_at": graded_at.isoformat()},
        )
        _triggers_check(actor=actor, episode=locked, grades=[grade])
    return locked


def episode_end(
    *,
    actor: Person,
    episode: MissingEpisode,
    expected_version: int,
    found_at: datetime.datetime,
    found_where: str,
    found_by: str = "",
    found_with: str = "",
    safe_and_well_at: datetime.datetime | None = None,
    safe_and_well_by: str = "",
    safe_and_well_notes: str = "",
) -> MissingEpisode:
    """The child is found: close the episode, start the return-interview clock and ask for the
    Child Information Form to be reviewed."""
    child = episode.child
    _require_write(actor, child)
    if episode.found_at is not None:
        raise ValidationError(_("The child's return has already been recorded for this episode."))
    _not_future(found_at, "found_at", _("The time the child was found cannot be in the future."))
    if found_at <= episode.missing_from:
        raise ValidationError(
            {"found_at": _("The time found must be after the child was last seen (%(date)s).") % {"date": _when(episode.missing_from)}}
        )
    if not found_where.strip():
        raise ValidationError({"found_where": _("Enter where the child was found.")})
    if safe_and_well_at is not None:
        _not_future(safe_and_well_at, "safe_and_well_at", _("The safe and well check cannot be in the future."))
        if safe_and_well_at < found_at:
            raise ValidationError({"safe_and_well_at": _("The safe and well check cannot be before the child was found.")})
    with transaction.atomic():
        locked = MissingEpisode.objects.select_for_update().get(pk=episode.pk)
        if locked.found_at is not None:
            raise ValidationError(_("The child's return has already been recorded for this episode."))
        _check_version(locked.version, expected_version)
        _check_no_overlap(child, locked.missing_from, found_at, exclude=locked.pk)
        locked.found_at = found_at
        locked.found_where = found_where.strip()
        locked.found_by = found_by.strip()
        locked.found_with = found_with.strip()
        locked.safe_and_well_at = safe_and_well_at
        locked.safe_and_well_by = safe_and_well_by.strip()
        locked.safe_and_well_notes = safe_and_well_notes.strip()
        locked.return_recorded_by = actor
        locked.version += 1
        locked.save()
        items = due_items_raise(
            actor=actor,
            child=child,
            trigger="missing_episode_ended",
            trigger_type=EPISODE_TRIGGER_TYPE,
            trigger_id=locked.pk,
            triggered_at=found_at,
            agency_id=locked.agency_id,
        )
        ChildInformationForm.objects.filter(child=child).update(review_after_episode=True)
        entry = audit_record(
            actor=actor,
            action="cylch.missing.episode.ended",
            subject=locked,
            child_id=child.pk,
            changes={
                "found_at": found_at.isoformat(),
                "safe_and_well_at": safe_and_well_at.isoformat() if safe_and_well_at else None,
            },
        )
        chronology_record_event(
            child=child,
            occurred_at=found_at,
            entry_type="missing",
            summary=LazyFormat(gettext_lazy("Found after being missing, at %(place)s"), place=locked.found_where),
            source_agency_id=locked.agency_id,
            # The episode is the origin of the entry for going missing; the audited return is this one's.
            origin=entry,
            significance="significant",
            author=actor,
        )
        interview = next((i for i in items if i.rule.code == RETURN_INTERVIEW_RULE), None)
        _tell_lead(
            actor=actor,
            child=child,
            kind="cylch.missing.returned",
            params={"due": _when(interview.due_at) if interview else ""},
            link=reverse("missing:episode", args=[child.pk, locked.pk]),
            dedupe_key=f"missing-returned-{locked.pk}",
        )
        _triggers_check(actor=actor, episode=locked)
    return locked


def safe_and_well_record(
    *, actor: Person, episode: MissingEpisode, expected_version: int, checked_at: datetime.datetime, checked_by: str, notes: str = ""
) -> MissingEpisode:
    """The police safe-and-well check, when it was done after the return was recorded."""
    _require_write(actor, episode.child)
    if episode.found_at is None:
        raise ValidationError(_("The child has not been found yet: record their return first."))
    _not_future(checked_at, "safe_and_well_at", _("The safe and well check cannot be in the future."))
    if checked_at < episode.found_at:
        raise ValidationError({"safe_and_well_at": _("The safe and well check cannot be before the child was found.")})
    if not checked_by.strip():
        raise ValidationError({"safe_and_well_by": _("Enter who carried out the safe and well check.")})
    with transaction.atomic():
        locked = MissingEpisode.objects.select_for_update().get(pk=episode.pk)
        _check_version(locked.version, expected_version)
        old = locked.safe_and_well_at
        locked.safe_and_well_at = checked_at
        locked.safe_and_well_by = checked_by.strip()
        locked.safe_and_well_notes = notes.strip()
        locked.version += 1
        locked.save(update_fields=["safe_and_well_at", "safe_and_well_by", "safe_and_well_notes", "version"])
        audit_record(
            actor=actor,
            action="cylch.missing.episode.safe_and_well",
            subject=locked,
            child_id=locked.child_id,
            changes={"old": old.isoformat() if old else None, "new": checked_at.isoformat()},
        )
    return locked


# --- Return interviews ----------------------------------------------------------------------


def _check_codes(values: list[str], list_name: str, field: str, message: Any) -> list[str]:
    known = dict(code_choices(list_name))
    if any(v not in known for v in values):
        raise ValidationError({field: message})
    return sorted(set(values))


def open_plan(child: Child) -> Any:
    """The plan a return interview's actions join: the newest plan of the child that has not ended."""
    from cylch.plans.models import Plan

    return Plan.objects.filter(child=child).exclude(status=Plan.Status.ENDED).order_by("-created_at", "-pk").first()


def return_interview_record(
    *,
    actor: Person,
    episode: MissingEpisode,
    offered_at: datetime.datetime,
    offered_by: str,
    response: str,
    held_at: datetime.datetime | None = None,
    conducted_by: str = "",
    child_chose_conductor: bool | None = None,
    child_words: str = "",
    child_words_language: str = "",
    push_factors: list[str] | None = None,
    pull_factors: list[str] | None = None,
    where_and_with_whom: str = "",
    exploitation_indicators: list[str] | None = None,
    actions: list[dict[str, Any]] | None = None,
    late_reason: str = "",
) -> ReturnInterview:
    """Record the return interview offered after an episode. It meets the return-interview due item;
    the actions that follow become actions of the child's plan (a draft plan is started when the
    child has none open); an indicator of exploitation may call for a strategy discussion."""
    from cylch.plans import services as plans

    child = episode.child
    _require_write(actor, child)
    if episode.found_at is None:
        raise ValidationError(_("The child has not been found yet: record their return first."))
    if ReturnInterview.objects.filter(episode=episode).exists():
        raise ValidationError(_("A return interview has already been recorded for this episode."))
    _not_future(offered_at, "offered_at", _("The offer cannot be in the future."))
    if offered_at < episode.found_at:
        raise ValidationError({"offered_at": _("The interview cannot be offered before the child was found.")})
    if not offered_by.strip():
        raise ValidationError({"offered_by": _("Enter who offered the return interview.")})
    if response not in ReturnInterview.Response.values:
        raise ValidationError({"response": _("Choose whether the child accepted or declined the interview.")})
    if held_at is not None:
        if response != ReturnInterview.Response.ACCEPTED:
            raise ValidationError({"held_on": _("A declined interview cannot have been held.")})
        _not_future(held_at, "held_on", _("The interview cannot be recorded as held in the future."))
        if held_at < offered_at:
            raise ValidationError({"held_on": _("The interview cannot be held before it was offered.")})
        if not conducted_by.strip():
            raise ValidationError({"conducted_by": _("Enter who conducted the interview.")})
    if child_words_language and child_words_language not in {"en", "cy", "other"}:
        raise ValidationError({"child_words_language": _("Choose the language the child used.")})
    push = _check_codes(push_factors or [], "missing_push_factor", "push_factors", _("Choose push factors from the list."))
    pull = _check_codes(pull_factors or [], "missing_pull_factor", "pull_factors", _("Choose pull factors from the list."))
    indicators = _check_codes(
        exploitation_indicators or [], "missing_exploitation_indicator", "exploitation_indicators", _("Choose indicators from the list.")
    )
    actions = [a for a in (actions or []) if (a.get("what") or "").strip()]
    item = DueItem.objects.filter(
        rule__code=RETURN_INTERVIEW_RULE, trigger_type=EPISODE_TRIGGER_TYPE, trigger_id=str(episode.pk), state=DueItem.State.OPEN
    ).first()
    if item is not None and offered_at > item.due_at and not late_reason.strip():
        raise ValidationError(
            {"late_reason": _("The interview was offered after it was due (%(date)s). Record why it was late.") % {"date": _when(item.due_at)}}
        )
    try:
        with transaction.atomic():
            interview = ReturnInterview.objects.create(
                episode=episode,
                offered_at=offered_at,
                offered_by=offered_by.strip(),
                response=response,
                held_at=held_at,
                conducted_by=conducted_by.strip(),
                child_chose_conductor=child_chose_conductor,
                child_words=child_words.strip(),
                child_words_language=child_words_language,
                push_factors=push,
                pull_factors=pull,
                where_and_with_whom=where_and_with_whom.strip(),
                exploitation_indicators=indicators,
                recorded_by=actor,
            )
            plan = open_plan(child) if actions else None
            started_plan = False
            if actions and plan is None:
                plan = plans.plan_create(actor=actor, child=child, plan_type=DRAFT_PLAN_TYPE, values={})
                started_plan = True
            for entry in actions:
                assert plan is not None  # started above when the child had none open
                plan_action = plans.action_add(
                    actor=actor,
                    plan=plan,
                    what=entry["what"],
                    owner_agency_id=entry.get("owner_agency_id"),
                    due_on=entry.get("due_on"),
                )
                ReturnInterviewAction.objects.create(
                    interview=interview,
                    what=plan_action.what,
                    owner_agency_id=plan_action.owner_agency_id,
                    due_on=plan_action.due_on,
                    plan_action=plan_action,
                )
            if item is not None:
                due_item_meet(actor=actor, item=item, met_at=offered_at, late_reason=late_reason.strip())
            chronology_record_event(
                child=child,
                occurred_at=held_at or offered_at,
                entry_type="missing",
                summary=LazyFormat(
                    gettext_lazy("Return interview offered after going missing: %(response)s"),
                    response=_ResponseLabel(response),
                ),
                source_agency_id=episode.agency_id,
                origin=interview,
                significance="significant",
                author=actor,
            )
            audit_record(
                actor=actor,
                action="cylch.missing.interview.recorded",
                subject=interview,
                child_id=child.pk,
                changes={
                    "episode": episode.pk,
                    "offered_at": offered_at.isoformat(),
                    "response": response,
                    "exploitation_indicators": indicators,
                    "plan": plan.pk if plan is not None else None,
                    "plan_started": started_plan,
                    "actions": len(actions),
                },
            )
            if indicators:
                _triggers_check(actor=actor, episode=episode, indicators=indicators)
    except IntegrityError:
        raise ValidationError(_("A return interview has already been recorded for this episode.")) from None
    interview.started_plan = started_plan  # type: ignore[attr-defined]
    interview.plan = plan  # type: ignore[attr-defined]
    return interview


class _ResponseLabel:
    def __init__(self, response: str) -> None:
        self.response = response

    def __str__(self) -> str:
        return str(RESPONSE_LABELS.get(self.response, self.response))


RESPONSE_LABELS: dict[str, Any] = {
    ReturnInterview.Response.ACCEPTED: gettext_lazy("accepted"),
    ReturnInterview.Response.DECLINED: gettext_lazy("declined"),
}


# --- Pattern triggers -----------------------------------------------------------------------


def strategy_items_meet(*, now: datetime.datetime | None = None) -> int:
    """A strategy discussion held for the child (cylch.meetings) after a pattern asked for one
    meets the open item (a periodic job, so meetings need not know this domain). Returns how
    many items were met."""
    import logging

    from cylch.meetings.models import Meeting, MeetingChild

    met = 0
    items = DueItem.objects.filter(rule__code=STRATEGY_RULE, state=DueItem.State.OPEN).order_by("pk")
    for item in items[:5000]:
        held_at = (
            MeetingChild.objects.filter(
                child_id=item.child_id,
                meeting__meeting_type="strategy_discussion",
                meeting__status=Meeting.Status.HELD,
                meeting__held_at__gte=item.triggered_at,
            )
            .order_by("meeting__held_at")
            .values_list("meeting__held_at", flat=True)
            .first()
        )
        if held_at is None:
            continue
        try:
            with transaction.atomic():
                with translation.override(settings.LANGUAGE_CODE):
                    late = _("The strategy discussion was held on %(date)s, after it was due.") % {"date": _when(held_at)}
                due_item_meet(actor=None, item=item, met_at=held_at, late_reason=late if held_at > item.due_at else "")
                met += 1
        except Exception:
            logging.getLogger(__name__).exception("Could not meet strategy discussion item %s", item.pk)
    return met


def long_episodes_check(*, now: datetime.datetime | None = None) -> int:
    """Raise the trigger for children still missing longer than the configured hours (a periodic
    job: the return is not waited for). Each episode is handled on its own; one failure is logged
    and the rest carry on. Returns how many triggers were raised."""
    import logging

    now = now or timezone.now()
    hours = int(policy("missing_trigger_duration_hours"))
    raised = 0
    overdue = MissingEpisode.objects.filter(found_at__isnull=True, missing_from__lt=now - datetime.timedelta(hours=hours))
    for episode in overdue.select_related("child").order_by("missing_from")[:5000]:
        try:
            with transaction.atomic():
                if _triggers_check(actor=None, episode=episode, still_missing=True) is not None:
                    raised += 1
        except Exception:
            logging.getLogger(__name__).exception("Could not check missing episode %s", episode.pk)
    return raised


def _trigger_grades() -> set[str]:
    return set(policy("missing_trigger_risk_grades"))


def trigger_reasons(
    episode: MissingEpisode, *, grades: list[str] | None = None, indicators: list[str] | None = None, still_missing: bool = False
) -> list[str]:
    """Which configured triggers this episode meets now (codes of `missing_trigger_reason`)."""
    reasons = []
    window = datetime.timedelta(days=int(policy("missing_trigger_window_days")))
    count = (
        MissingEpisode.objects.filter(child_id=episode.child_id, missing_from__lte=episode.missing_from, missing_from__gt=episode.missing_from - window)
        .count()
    )
    if count >= int(policy("missing_trigger_episode_count")):
        reasons.append("repeat_episodes")
    high = _trigger_grades()
    if episode.risk_grade in high or any(g in high for g in grades or []):
        reasons.append("high_risk")
    hours = int(policy("missing_trigger_duration_hours"))
    # An open episode counts only when the periodic check asks (`still_missing`): an episode
    # recorded after the event and its return a moment later is judged on its real length.
    if (episode.found_at is not None or still_missing) and episode.duration() > datetime.timedelta(hours=hours):
        reasons.append("long_episode")
    if indicators and policy("missing_trigger_exploitation"):
        reasons.append("exploitation")
    return reasons


def reason_text(reasons: list[str]) -> str:
    """The reasons in words, in the active language, with the configured figures."""
    parts = []
    for code in reasons:
        if code == "repeat_episodes":
            parts.append(
                _("%(count)s or more episodes in %(days)s days")
                % {"count": policy("missing_trigger_episode_count"), "days": policy("missing_trigger_window_days")}
            )
        elif code == "long_episode":
            parts.append(_("an episode longer than %(hours)s hours") % {"hours": policy("missing_trigger_duration_hours")})
        else:
            parts.append(code_label("missing_trigger_reason", code))
    return "; ".join(parts)


def _triggers_check(
    *,
    actor: Any,
    episode: MissingEpisode,
    grades: list[str] | None = None,
    indicators: list[str] | None = None,
    still_missing: bool = False,
) -> PatternTrigger | None:
    """Raise a strategy-discussion due item for the lead professional when a trigger is newly met
    by this episode. While one is still open for the child, the new reasons are added to the
    record and the lead is told, but no second item is raised."""
    reasons = trigger_reasons(episode, grades=grades, indicators=indicators, still_missing=still_missing)
    already: set[str] = set()
    for earlier in PatternTrigger.objects.filter(episode=episode).values_list("reasons", flat=True):
        already |= set(earlier)
    new = [r for r in reasons if r not in already]
    if not new:
        return None
    child = episode.child
    lead = _lead(child)
    language = lead.practitioner.language if lead is not None and lead.practitioner is not None else "en"
    with translation.override(language):
        words = reason_text(new)
    trigger = PatternTrigger.objects.create(child=child, episode=episode, reasons=new)
    item = DueItem.objects.filter(child=child, rule__code=STRATEGY_RULE, state=DueItem.State.OPEN).order_by("due_at").first()
    if item is None:
        raised = due_items_raise(
            actor=actor,
            child=child,
            trigger="missing_pattern_found",
            trigger_type=PATTERN_TRIGGER_TYPE,
            trigger_id=trigger.pk,
            triggered_at=min(timezone.now(), max(episode.reported_at, episode.found_at or episode.reported_at)),
            agency_id=episode.agency_id,
            reason=words,
        )
        item = raised[0] if raised else None
    trigger.due_item = item
    trigger.save(update_fields=["due_item"])
    audit_record(
        actor=actor,
        action="cylch.missing.trigger.raised",
        subject=trigger,
        child_id=child.pk,
        reason=words,
        changes={"episode": episode.pk, "reasons": new, "due_item": item.pk if item else None},
    )
    with translation.override("cy"):
        words_cy = reason_text(new)
    with translation.override("en"):
        words_en = reason_text(new)
    _tell_lead(
        actor=None,
        child=child,
        kind="cylch.missing.strategy_discussion",
        params={"due": _when(item.due_at) if item else "", "reasons": words_en, "reasons_cy": words_cy},
        link=reverse("missing:child", args=[child.pk]),
        dedupe_key=f"missing-trigger-{trigger.pk}",
    )
    return trigger
