"""The directory in Open Referral UK (HSDS 3.0 UK profile): output validated against the
published schema read from the shared standards folder (`../shared/standards/open-referral-uk`
beside the repository, or OPEN_REFERRAL_UK_DIR) at test time, and import
of the published examples (the standard is data, never copied into the repository)."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from cylch.audit.models import AuditEntry
from cylch.core import testing
from cylch.people.models import Role
from cylch.therapy import openreferral
from cylch.therapy.models import Service

from .factories import World


def _standard_dir() -> Path:
    """The published standard: OPEN_REFERRAL_UK_DIR, else a `shared/standards` folder beside the repository."""
    if os.environ.get("OPEN_REFERRAL_UK_DIR"):
        return Path(os.environ["OPEN_REFERRAL_UK_DIR"])
    repository = Path(settings.BASE_DIR).resolve()
    for parent in repository.parents:
        candidate = parent / "shared" / "standards" / "open-referral-uk"
        if candidate.is_dir():
            return candidate
    return repository.parent / "shared" / "standards" / "open-referral-uk"


STANDARD = _standard_dir()
pytestmark = pytest.mark.skipif(not (STANDARD / "schema").is_dir(), reason="the Open Referral UK schema folder is not on this machine")


def _validator(name: str) -> Any:
    from jsonschema import Draft202012Validator, FormatChecker
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    schema_dir = STANDARD / "schema"
    resources = [
        (path.name, Resource.from_contents(json.loads(path.read_text()), default_specification=DRAFT202012))
        for path in schema_dir.glob("*.json")
    ]
    registry = Registry().with_resources(resources)
    schema = json.loads((schema_dir / name).read_text())
    return Draft202012Validator(schema, registry=registry, format_checker=FormatChecker())


def _page_schema() -> dict[str, Any]:
    return json.loads((STANDARD / "schema" / "openapi.json").read_text())["components"]["schemas"]["Page"]  # type: ignore[no-any-return]


def _valid(name: str, data: Any) -> None:
    errors = sorted(_validator(name).iter_errors(data), key=lambda e: list(e.path))
    assert not errors, "; ".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


def _page_valid(data: dict[str, Any], item_schema: str) -> list[dict[str, Any]]:
    from jsonschema import Draft202012Validator

    page = {k: v for k, v in data.items() if k != "contents"}
    assert not list(Draft202012Validator(_page_schema()).iter_errors(page))
    assert set(page) == {"total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty"}
    for item in data["contents"]:
        _valid(item_schema, item)
    return data["contents"]  # type: ignore[no-any-return]


@pytest.mark.django_db
def test_published_without_sign_in_and_valid_against_the_schema(world: World) -> None:
    client = Client()  # nobody signed in: the directory is open data
    meta = client.get(reverse("therapy:oruk_meta")).json()
    assert meta["version"] == "3.0"

    services = _page_valid(client.get(reverse("therapy:oruk_services")).json(), "compiled/service_list.json")
    assert {s["name"] for s in services} == {"Welsh Play Therapy", "Quick Therapy", "Far Therapy"}

    full = client.get(reverse("therapy:oruk_service", args=[str(world.welsh_service.uuid)])).json()
    _valid("compiled/service.json", full)
    assert {lang["code"] for lang in full["languages"]} == {"en", "cy"}
    assert [a["name"] for a in full["service_areas"]] == ["Therapy Test Area"]
    assert full["organization"]["name"] == "Test Therapy Charity"

    organisations = _page_valid(client.get(reverse("therapy:oruk_organizations")).json(), "compiled/organization_list.json")
    assert len(organisations) == 1
    organisation = client.get(reverse("therapy:oruk_organization", args=[organisations[0]["id"]])).json()
    _valid("compiled/organization.json", organisation)
    assert len(organisation["services"]) == 3

    _page_valid(client.get(reverse("therapy:oruk_locations")).json(), "location.json")
    areas = _page_valid(client.get(reverse("therapy:oruk_service_areas")).json(), "service_area.json")
    assert len(areas) == 3


@pytest.mark.django_db
def test_inactive_services_are_not_published_and_junk_ids_answer_404(world: World) -> None:
    Service.objects.filter(pk=world.far_service.pk).update(status=Service.Status.INACTIVE)
    client = Client()
    data = client.get(reverse("therapy:oruk_services"), {"per_page": "1", "page": "2"}).json()
    assert data["total_items"] == 2 and data["size"] == 1 and data["page_number"] == 2 and data["last_page"]
    assert client.get(reverse("therapy:oruk_services"), {"per_page": "junk", "page": "-4"}).status_code == 200
    assert client.get(reverse("therapy:oruk_service", args=[str(world.far_service.uuid)])).status_code == 404
    assert client.get(reverse("therapy:oruk_service", args=["not-a-uuid"])).status_code == 404
    assert client.get(reverse("therapy:oruk_organization", args=["not-a-uuid"])).status_code == 404
    assert client.post(reverse("therapy:oruk_services")).status_code in {403, 405}


@pytest.mark.django_db
def test_the_published_examples_are_imported_by_the_command(world: World) -> None:
    out = io.StringIO()
    call_command(
        "therapy_import_directory",
        str(STANDARD / "examples" / "service_full.json"),
        str(STANDARD / "examples" / "service_list.json"),
        "--area",
        world.la.code,
        stdout=out,
    )
    service = Service.objects.get(uuid="ac148810-d857-441c-9679-408f346de14b")
    assert service.name_en == "Community Counselling"
    assert (service.minimum_age, service.maximum_age) == (12, 25)
    assert service.provider.name_en == "Example Organization Inc."
    assert list(service.areas.all()) == [world.la]  # the example's area is not a Welsh local authority
    assert "1 added" in out.getvalue() and "updated" in out.getvalue()
    # Importing again updates rather than duplicates.
    call_command("therapy_import_directory", str(STANDARD / "examples" / "service_full.json"), "--area", world.la.code, stdout=io.StringIO())
    assert Service.objects.filter(uuid="ac148810-d857-441c-9679-408f346de14b").count() == 1
    assert AuditEntry.objects.filter(action="cylch.therapy.directory.imported").count() == 3


@pytest.mark.django_db
def test_what_cylch_publishes_imports_back_the_same(world: World) -> None:
    full = Client().get(reverse("therapy:oruk_service", args=[str(world.welsh_service.uuid)])).json()
    full["id"] = "0b1d7c2e-2f6a-4a38-9d43-9ad1d7f2c1aa"
    result = openreferral.directory_import(actor=None, data=full, default_area=world.other_la, source="round trip")
    assert result.created == 1 and result.agencies_created == 0
    copy = Service.objects.get(uuid=full["id"])
    assert copy.welsh_language and copy.kind == "play_creative_therapy" and copy.provider == world.provider_agency
    assert list(copy.areas.all()) == [world.la]


@pytest.mark.django_db
def test_import_page_for_partnership_managers_only_and_junk_refused(world: World) -> None:
    url = reverse("therapy:import")
    practitioner = testing.sign_in_verified(Client(), world.lead)
    assert practitioner.get(url).status_code == 403
    manager = testing.make_person(Role.PARTNERSHIP_MANAGER)
    client = testing.sign_in_verified(Client(), manager)
    before = Service.objects.count()
    for content in [b"not json at all", b'{"hello": "world"}', b"[]", "\xff".encode("latin-1")]:
        upload = io.BytesIO(content)
        upload.name = "junk.json"
        response = client.post(url, {"file": upload, "area": str(world.la.pk)})
        assert response.status_code == 200
        assert "govuk-error-summary" in response.content.decode()
    assert Service.objects.count() == before
    with (STANDARD / "examples" / "service_list.json").open("rb") as example:
        response = client.post(url, {"file": example, "area": str(world.la.pk)})
    assert response.status_code == 200
    assert 'data-testid="import-result"' in response.content.decode()
    assert Service.objects.count() == before + 1


def test_the_schema_check_catches_a_broken_service() -> None:
    with pytest.raises(AssertionError, match="is not a 'uuid'"):
        _valid("compiled/service.json", {"id": "nope", "name": "x", "status": "bogus"})
