"""Text that is translated when it is shown, not when it is made."""

from __future__ import annotations

from typing import Any


class LazyFormat:
    """A translated sentence with names filled in, rendered in whichever language is active.

    Used where one value must later be stored in both languages (for example the
    chronology entries Cylch writes itself)."""

    def __init__(self, text: Any, **params: Any) -> None:
        self.text, self.params = text, params

    def __str__(self) -> str:
        return str(self.text) % {k: str(v) for k, v in self.params.items()}
