from django.apps import AppConfig


class MissingConfig(AppConfig):
    name = "cylch.missing"
    label = "missing"
