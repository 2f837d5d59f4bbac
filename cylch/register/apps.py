from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "cylch.register"
    label = "register"

    def ready(self) -> None:
        from cylch.children.alerts import register_alert_provider
        from cylch.register.alerts import registration_alert

        register_alert_provider(registration_alert)
