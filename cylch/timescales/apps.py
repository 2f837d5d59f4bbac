from django.apps import AppConfig


class TimescalesConfig(AppConfig):
    name = "cylch.timescales"
    label = "timescales"
