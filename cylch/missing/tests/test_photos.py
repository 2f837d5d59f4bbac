"""Photographs on the Child Information Form: only real images, metadata stripped, stored in
private storage outside the web root, and served only through the audited access check."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from cylch.audit.models import AuditEntry
from cylch.core import testing
from cylch.core.models import PolicySetting
from cylch.missing import services
from cylch.missing.models import ChildInformationForm

from .conftest import World
from .factories import FORM_VALUES, image_bytes, upload


def _gps_exif() -> Any:
    from PIL import Image

    exif = Image.Exif()
    exif[0x010F] = "Camera maker"  # Make
    exif[0x0132] = "2026:01:01 10:00:00"  # DateTime
    gps = {1: "N", 2: (51.0, 28.0, 0.0), 3: "W", 4: (3.0, 10.0, 0.0)}
    exif[0x8825] = gps  # GPSInfo
    return exif


def test_location_and_other_metadata_are_stripped(world: World, private_photos: Path) -> None:
    from PIL import Image

    original = image_bytes("JPEG", exif=_gps_exif())
    with Image.open(io.BytesIO(original)) as before:
        assert before.getexif().get(0x8825)  # the upload really carries a location
    form = services.information_form_save(actor=world.supervising, child=world.child, values=FORM_VALUES, photo=upload(original))
    stored = private_photos / form.photo_name
    assert stored.exists()
    data = stored.read_bytes()
    assert b"Exif" not in data and b"Camera maker" not in data
    with Image.open(io.BytesIO(data)) as after:
        assert after.format == "JPEG"
        assert not after.getexif()
        assert "exif" not in after.info and "icc_profile" not in after.info


def test_the_photo_is_stored_outside_the_web_root() -> None:
    root = Path(services.photo_storage().location).resolve()
    publics = [Path(str(settings.STATIC_ROOT))] + [Path(str(p[1] if isinstance(p, tuple) else p)) for p in settings.STATICFILES_DIRS]
    for public in publics:
        assert not root.is_relative_to(public.resolve())
    if settings.MEDIA_ROOT:
        assert not root.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    with pytest.raises(NotImplementedError):
        services.photo_storage().url("1/a.jpg")


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"%PDF-1.4 not an image at all", "photo.jpg", "must be a photograph"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "photo.svg", "must be a photograph"),
        (b"GIF89a" + b"\x00" * 40, "photo.gif", "must be a photograph"),
        (b"", "empty.jpg", "empty"),
    ],
)
def test_anything_that_is_not_an_image_is_refused(world: World, private_photos: Path, content: bytes, name: str, message: str) -> None:
    with pytest.raises(ValidationError) as error:
        services.information_form_save(actor=world.supervising, child=world.child, values=FORM_VALUES, photo=upload(content, name))
    assert message in error.value.message_dict["photo"][0]
    assert not ChildInformationForm.objects.exists()
    assert not private_photos.exists() or not any(private_photos.rglob("*.jpg"))


def test_a_gif_image_is_refused_and_a_png_is_accepted(world: World) -> None:
    with pytest.raises(ValidationError):
        services.information_form_save(actor=world.supervising, child=world.child, values={}, photo=upload(image_bytes("GIF"), "a.gif"))
    form = services.information_form_save(actor=world.supervising, child=world.child, values={}, photo=upload(image_bytes("PNG"), "a.png"))
    assert form.photo_name.endswith(".jpg")


def test_a_photo_over_the_configured_size_is_refused(world: World) -> None:
    PolicySetting.objects.filter(key="missing_photo_max_megabytes").update(value=0.001)
    with pytest.raises(ValidationError) as error:
        services.information_form_save(actor=world.supervising, child=world.child, values={}, photo=upload(image_bytes(size=(400, 400)) + b"\x00" * 2000))
    assert "smaller than" in error.value.message_dict["photo"][0]


def test_the_photo_is_served_only_through_the_access_check_and_each_view_is_audited(world: World) -> None:
    services.information_form_save(actor=world.supervising, child=world.child, values={}, photo=upload(image_bytes()))
    url = reverse("missing:photo", args=[world.child.pk])
    police = testing.sign_in_verified(Client(), world.police)
    response = police.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert "no-store" in response["Cache-Control"]
    assert AuditEntry.objects.filter(action="cylch.missing.photo.viewed", actor=world.police, child_id=world.child.pk).count() == 1
    outsider = testing.sign_in_verified(Client(), world.other_police)
    assert outsider.get(url).status_code == 404
    assert Client().get(url).status_code == 302
