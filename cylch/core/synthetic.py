"""Synthetic data that later domains add on top of `make_synthetic`'s agencies, people,
children and delivery records.

A domain registers an extension in a module named `synthetic.py` in its app:

    from cylch.core.synthetic import SyntheticExtension, register

    def _exists() -> bool: ...            # whether this domain's synthetic rows are there
    def _build(*, scale, seed) -> dict[str, int]: ...   # add them; return counts by name

    register(SyntheticExtension("missing episodes", exists=_exists, build=_build))

An extension whose rows refer to synthetic people or agencies gives `delete` too (remove its
synthetic rows; return how many), so tests can remove synthetic data and build it again.

`make_synthetic` runs, in registration order, every extension whose rows are not there
yet, after the children and their delivery records exist. `scale` is the command's
`Scale` (see `cylch/organisations/management/commands/make_synthetic.py`); the same seed
must always give the same rows, and nothing here writes to the audit trail.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class SyntheticExtension:
    name: str
    exists: Callable[[], bool]
    build: Callable[..., dict[str, int]]
    delete: Callable[[], int] | None = None


_EXTENSIONS: dict[str, SyntheticExtension] = {}


def register(extension: SyntheticExtension) -> SyntheticExtension:
    _EXTENSIONS[extension.name] = extension
    return extension


def extensions() -> list[SyntheticExtension]:
    autodiscover_modules("synthetic")
    return list(_EXTENSIONS.values())


def extensions_build(*, scale: Any, seed: int) -> dict[str, int]:
    """Build every registered extension that is not built yet; counts by name."""
    counts: dict[str, int] = {}
    if not scale.children:
        return counts
    for extension in extensions():
        if not extension.exists():
            counts.update(extension.build(scale=scale, seed=seed))
    return counts


def extensions_delete() -> int:
    """Remove every registered extension's synthetic rows, latest registered first."""
    return sum(extension.delete() for extension in reversed(extensions()) if extension.delete is not None)
