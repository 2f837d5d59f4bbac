from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "cylch.audit"
    label = "audit"

    def ready(self) -> None:
        from cylch.audit import sentences

        sentences.discover()
