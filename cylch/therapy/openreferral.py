"""The directory in Open Referral UK (HSDS 3.0 UK profile) JSON, and import from it.

Identifiers the profile needs but Cylch does not keep (organisations, service areas,
languages, locations) are UUID 5 values derived from stable codes, so they never change
between requests. Tests validate this output against the published schema.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cylch.core.reference_data import code_choices
from cylch.organisations.models import Agency, Area
from cylch.therapy.models import Service

PROFILE_URL = "https://openreferraluk.org/"
HSDS_VERSION = "3.0"
NAMESPACE = uuid.UUID("6f1c7a52-5b1e-4c53-9a59-2f8cf1a0c0de")  # Cylch's namespace for derived identifiers
MAX_PER_PAGE = 100
STATUS_MAP = {"active": Service.Status.ACTIVE, "temporarily closed": Service.Status.TEMPORARILY_CLOSED}


def organisation_id(agency: Agency) -> str:
    return str(uuid.uuid5(NAMESPACE, f"agency:{agency.code}"))


def _derived(service: Service, what: str) -> str:
    return str(uuid.uuid5(service.uuid, what))


def organization_json(agency: Agency) -> dict[str, Any]:
    return {
        "id": organisation_id(agency),
        "name": agency.name_en,
        "description": agency.name_cy,
        "organization_identifiers": [],
    }


def location_json(service: Service) -> dict[str, Any] | None:
    if not (service.address or service.town or service.postcode):
        return None
    return {
        "id": _derived(service, "location"),
        "location_type": "physical",
        "name": service.name_en,
        "addresses": [
            {
                "id": _derived(service, "address"),
                "location_id": _derived(service, "location"),
                "address_1": service.address or service.town,
                "city": service.town,
                "state_province": "Wales",
                "postal_code": service.postcode,
                "country": "GB",
                "address_type": "physical",
            }
        ],
    }


def service_areas_json(service: Service) -> list[dict[str, Any]]:
    return [
        {"id": _derived(service, f"area:{area.code}"), "service_id": str(service.uuid), "name": area.name_en, "extent_type": "local_authority", "uri": area.code}
        for area in service.areas.all()
    ]


def _list_fields(service: Service) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": str(service.uuid),
        "organization_id": organisation_id(service.provider),
        "name": service.name_en,
        "description": service.description_en or service.name_en,
        "status": service.status,
        "minimum_age": service.minimum_age,
        "maximum_age": service.maximum_age,
        "last_modified": service.last_modified.isoformat(),
    }
    if service.url:
        data["url"] = service.url
    if service.contact_email:
        data["email"] = service.contact_email
    if service.waiting_weeks:
        data["alert"] = f"Current waiting time: {service.waiting_weeks} weeks."
    return data


def service_list_json(service: Service) -> dict[str, Any]:
    return _list_fields(service) | {"organization": organization_json(service.provider)}


def service_json(service: Service) -> dict[str, Any]:
    """A fully nested service, as `GET /services/{id}` returns it."""
    data = _list_fields(service)
    location = location_json(service)
    data |= {
        "organization": organization_json(service.provider),
        "service_areas": service_areas_json(service),
        "service_at_locations": ([{"id": _derived(service, "service_at_location"), "service_id": str(service.uuid), "location": location}] if location else []),
        "languages": [{"id": _derived(service, "language:en"), "service_id": str(service.uuid), "name": "English", "code": "en"}]
        + ([{"id": _derived(service, "language:cy"), "service_id": str(service.uuid), "name": "Welsh", "code": "cy"}] if service.welsh_language else []),
        "contacts": (
            [{"id": _derived(service, "contact"), "service_id": str(service.uuid), "name": service.contact_name, "title": "Referrals", "phones": []}]
            if service.contact_name
            else []
        ),
        "attributes": [
            {
                "id": _derived(service, f"attribute:{service.kind}"),
                "link_id": str(service.uuid),
                "link_type": "service",
                "link_entity": "service",
                "taxonomy_term_id": str(uuid.uuid5(NAMESPACE, f"kind:{service.kind}")),
                "taxonomy_term": {"id": str(uuid.uuid5(NAMESPACE, f"kind:{service.kind}")), "code": service.kind, "name": service.kind, "description": service.kind, "vocabulary": "cylch-therapy-service-kind"},
            }
        ],
    }
    return data


def page_json(items: list[dict[str, Any]], *, total: int, page: int, per_page: int) -> dict[str, Any]:
    pages = max(1, math.ceil(total / per_page)) if per_page else 1
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": page,
        "size": len(items),
        "first_page": page == 1,
        "last_page": page >= pages,
        "empty": not items,
        "contents": items,
    }


def page_numbers(params: Any) -> tuple[int, int]:
    """The page and page size asked for; junk falls back to the first page of 50."""
    try:
        page = max(1, int(params.get("page", 1)))
    except (TypeError, ValueError):
        page = 1
    try:
        per_page = min(MAX_PER_PAGE, max(1, int(params.get("per_page", 50))))
    except (TypeError, ValueError):
        per_page = 50
    return page, per_page


# --- Import ---------------------------------------------------------------------------------


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    agencies_created: int = 0
    skipped: list[str] = field(default_factory=list)


def _services_in(data: Any) -> list[dict[str, Any]]:
    """A single service, a page of services ({"contents": [...]}) or a plain list."""
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        return [s for s in data["contents"] if isinstance(s, dict)]
    if isinstance(data, dict) and "id" in data and "name" in data:
        return [data]
    if isinstance(data, list):
        return [s for s in data if isinstance(s, dict)]
    raise ValidationError(_("This is not an Open Referral UK directory: expected a service, a page of services or a list of services."))


def _provider(org: Any, default_area: Area, result: ImportResult) -> Agency:
    """The agency behind an Open Referral organisation: one already known by name, or a new
    third-sector agency in the default area (an administrator can correct it later)."""
    name = str((org or {}).get("name") or "").strip()[:200] or _("Unnamed provider")
    agency = Agency.objects.filter(name_en__iexact=name).first() or Agency.objects.filter(name_cy__iexact=name).first()
    if agency is not None:
        return agency
    org_id = str((org or {}).get("id") or uuid.uuid5(NAMESPACE, name))
    code = f"oruk-{org_id[:36]}"[:80]
    agency, created = Agency.objects.get_or_create(
        code=code, defaults={"kind": Agency.Kind.THIRD_SECTOR, "area": default_area, "name_en": name, "name_cy": name}
    )
    result.agencies_created += int(created)
    return agency


def _age(value: Any, default: int) -> int:
    try:
        return min(25, max(0, int(value)))
    except (TypeError, ValueError):
        return default


def directory_import(*, actor: Any, data: Any, default_area: Area, source: str) -> ImportResult:
    """Add or update services from an Open Referral UK payload. A service is matched by its id;
    areas by the names of local authorities; Welsh by a language named Welsh or coded cy."""
    from cylch.access import rules
    from cylch.audit.services import audit_record

    if actor is not None and not rules.may_import_therapy_directory(actor):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    items = _services_in(data)
    if not items:
        raise ValidationError(_("The file holds no services."))
    areas = {a.name_en.lower(): a for a in Area.objects.filter(kind=Area.Kind.LOCAL_AUTHORITY)}
    areas |= {a.name_cy.lower(): a for a in areas.values()}
    kinds = {code for code, _label in code_choices("therapy_service_kind")}
    result = ImportResult()
    with transaction.atomic():
        for item in items:
            try:
                service_uuid = uuid.UUID(str(item.get("id")))
            except (TypeError, ValueError):
                result.skipped.append(str(item.get("name") or "?")[:80])
                continue
            name = str(item.get("name") or "").strip()[:200]
            if not name:
                result.skipped.append(str(service_uuid))
                continue
            provider = _provider(item.get("organization"), default_area, result)
            languages = item.get("languages") or []
            welsh = any(
                str(lang.get("code", "")).lower() in {"cy", "cym", "wel"} or str(lang.get("name", "")).lower() in {"welsh", "cymraeg"}
                for lang in languages
                if isinstance(lang, dict)
            )
            matched = [
                areas[str(sa.get("name", "")).strip().lower()]
                for sa in item.get("service_areas") or []
                if isinstance(sa, dict) and str(sa.get("name", "")).strip().lower() in areas
            ]
            contacts = [c for c in item.get("contacts") or [] if isinstance(c, dict)]
            terms = [a.get("taxonomy_term") or {} for a in item.get("attributes") or [] if isinstance(a, dict)]
            kind = next((str(t.get("code")) for t in terms if isinstance(t, dict) and str(t.get("code")) in kinds), "third_sector_support")
            values: dict[str, Any] = {
                "provider": provider,
                "name_en": name,
                "name_cy": name,
                "description_en": str(item.get("description") or "")[:5000],
                "kind": kind,
                "minimum_age": _age(item.get("minimum_age"), 0),
                "maximum_age": _age(item.get("maximum_age"), 25),
                "url": str(item.get("url") or "")[:200],
                "contact_email": str(item.get("email") or "")[:254],
                "contact_name": str(contacts[0].get("name") or "")[:200] if contacts else "",
                "status": STATUS_MAP.get(str(item.get("status") or ""), Service.Status.INACTIVE),
                "welsh_language": welsh,
                "imported_from": source[:200],
                "last_modified": timezone.now(),
            }
            if values["minimum_age"] > values["maximum_age"]:
                values["minimum_age"], values["maximum_age"] = values["maximum_age"], values["minimum_age"]
            service, created = Service.objects.update_or_create(uuid=service_uuid, defaults=values)
            service.areas.set(matched or [default_area])
            result.created += int(created)
            result.updated += int(not created)
        audit_record(
            actor=actor,
            action="cylch.therapy.directory.imported",
            changes={"source": source, "created": result.created, "updated": result.updated, "agencies_created": result.agencies_created, "skipped": len(result.skipped)},
        )
    return result
