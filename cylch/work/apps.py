from django.apps import AppConfig


class WorkConfig(AppConfig):
    name = "cylch.work"
    label = "work"
