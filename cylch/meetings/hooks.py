"""What other domains may hang on meetings without this app knowing them.

The plans domain turns an action agreed at a meeting into a plan action. It registers
a handler from its AppConfig.ready():

    from cylch.meetings.hooks import register_agreed_action_handler
    register_agreed_action_handler(plan_action_from_meeting)

Each handler is called as handler(actor=..., action=MeetingAction) inside the
transaction that records the action, so both are written or neither is. A handler
that raises ValidationError refuses the action.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

AgreedActionHandler = Callable[..., Any]
_handlers: list[AgreedActionHandler] = []


def register_agreed_action_handler(handler: AgreedActionHandler) -> None:
    if handler not in _handlers:
        _handlers.append(handler)


def unregister_agreed_action_handler(handler: AgreedActionHandler) -> None:
    if handler in _handlers:
        _handlers.remove(handler)


def agreed_action_recorded(*, actor: Any, action: Any) -> None:
    for handler in list(_handlers):
        handler(actor=actor, action=action)
