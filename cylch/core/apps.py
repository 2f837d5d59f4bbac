from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cylch.core"
    label = "core"
