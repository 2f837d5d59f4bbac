"""Alerts shown on a child's summary (on the register, looked after, missing...).

Later domains add a provider: a function (child, access) -> list of translated
strings, registered from their AppConfig.ready(). Each provider should cost at
most one query.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

AlertProvider = Callable[[Any, Any], list[str]]
_providers: list[AlertProvider] = []


def register_alert_provider(provider: AlertProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def alerts_for(child: Any, access: Any) -> list[str]:
    alerts: list[str] = []
    for provider in _providers:
        alerts.extend(provider(child, access))
    return alerts
