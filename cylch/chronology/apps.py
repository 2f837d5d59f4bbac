from django.apps import AppConfig


class ChronologyConfig(AppConfig):
    name = "cylch.chronology"
    label = "chronology"
