from django.apps import AppConfig


class MissingConfig(AppConfig):
    name = "cylch.missing"
    label = "missing"

    def ready(self) -> None:
        from cylch.children.alerts import register_alert_provider
        from cylch.missing.alerts import missing_alert

        register_alert_provider(missing_alert)
