"""Factories for the missing-children tests, and the records the permission matrix visits."""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cylch.missing import services
from cylch.missing.models import ChildInformationForm, MissingEpisode, ReturnInterview
from cylch.people.models import Person

FORM_VALUES = {
    "physical_description": "Tall, red hair",
    "clothing": "Green coat",
    "associates": "Ffion",
    "places": "Bus station",
    "phone_and_social_media": "07700 900000",
    "health_and_medication": "Inhaler for asthma",
    "risks": "Older men at the bus station",
    "what_helped_return": "A text from her carer",
    "what_child_told": "That the police get this form",
}


def ago(hours: float = 0, days: float = 0) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(hours=hours, days=days)


def image_bytes(fmt: str = "JPEG", size: tuple[int, int] = (60, 80), exif: Any = None) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    image = Image.new("RGB", size, (200, 120, 40))
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(out, format=fmt, **kwargs)
    return out.getvalue()


def upload(content: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def information_form(child: Any, actor: Person, **values: Any) -> ChildInformationForm:
    return services.information_form_save(actor=actor, child=child, values={**FORM_VALUES, **values})


def episode(
    child: Any, actor: Person, *, start: datetime.datetime, grade: str = "low", found: datetime.datetime | None = None, **extra: Any
) -> MissingEpisode:
    ep = services.episode_record(
        actor=actor,
        child=child,
        missing_from=start,
        reported_at=start + datetime.timedelta(minutes=30),
        reported_by="Foster carer",
        risk_grade=grade,
        last_seen_where=extra.pop("last_seen_where", "Home"),
        police_reference="REF-1",
    )
    if found is not None:
        ep = services.episode_end(
            actor=actor,
            episode=ep,
            expected_version=ep.version,
            found_at=found,
            found_where=extra.pop("found_where", "Bus station"),
            found_with=extra.pop("found_with", ""),
        )
    return ep


def interview(ep: MissingEpisode, actor: Person, **extra: Any) -> ReturnInterview:
    values: dict[str, Any] = {"offered_at": ep.found_at + datetime.timedelta(hours=2), "offered_by": "Social worker", "response": "accepted"}  # type: ignore[operator]
    values.update(extra)
    return services.return_interview_record(actor=actor, episode=ep, **values)


def matrix_records(ctx: dict[str, Any]) -> dict[str, Any]:
    """A form with a photo, and a closed episode, for the matrix's child (made once per run)."""
    if "missing" not in ctx:
        child, colleague = ctx["child"], ctx["colleague"]
        form = services.information_form_save(
            actor=colleague, child=child, values=FORM_VALUES, photo=upload(image_bytes())
        )
        ep = episode(child, colleague, start=ago(hours=10), found=ago(hours=2))
        ctx["missing"] = {"form": form, "episode": ep}
    return ctx["missing"]  # type: ignore[no-any-return]


def child_kwargs(ctx: dict[str, Any]) -> dict[str, Any]:
    matrix_records(ctx)
    return {"child_id": ctx["child"].pk}


def episode_kwargs(ctx: dict[str, Any]) -> dict[str, Any]:
    return {"child_id": ctx["child"].pk, "episode_id": matrix_records(ctx)["episode"].pk}
