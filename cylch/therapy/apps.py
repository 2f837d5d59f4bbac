from django.apps import AppConfig


class TherapyConfig(AppConfig):
    name = "cylch.therapy"
    label = "therapy"
