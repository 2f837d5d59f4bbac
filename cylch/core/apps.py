from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cylch.core"
    label = "core"

    def ready(self) -> None:
        from cylch.core import notices

        notices.discover()
