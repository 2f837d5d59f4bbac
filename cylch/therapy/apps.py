from django.apps import AppConfig


class TherapyConfig(AppConfig):
    name = "cylch.therapy"
    label = "therapy"

    def ready(self) -> None:
        from cylch.children.alerts import register_alert_provider
        from cylch.therapy.alerts import therapy_alerts

        register_alert_provider(therapy_alerts)
