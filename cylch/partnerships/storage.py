"""Where evidence documents are kept: a folder outside the web root (never under STATIC_ROOT
and never served by a URL of its own). Documents are sent only by the evidence view, after the
access check. The folder is `CYLCH_PRIVATE_FILES_DIR` (default `var/private`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_files_dir() -> Path:
    configured = getattr(settings, "CYLCH_PRIVATE_FILES_DIR", None)
    return Path(configured) if configured else Path(settings.BASE_DIR) / "var" / "private"


class PrivateStorage(FileSystemStorage):
    """File system storage with no public URL; its folder is read from settings on each use,
    so tests can point it at a temporary folder."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(base_url=None, **kwargs)

    @property  # type: ignore[override]
    def base_location(self) -> str:
        return str(private_files_dir())

    @property  # type: ignore[override]
    def location(self) -> str:
        return str(private_files_dir().resolve())

    def url(self, name: str | None) -> str:
        raise ValueError("Evidence documents have no public address; they are served through an access check.")

    def deconstruct(self) -> tuple[str, tuple[Any, ...], dict[str, Any]]:
        return ("cylch.partnerships.storage.PrivateStorage", (), {})


def evidence_storage() -> PrivateStorage:
    return PrivateStorage()
