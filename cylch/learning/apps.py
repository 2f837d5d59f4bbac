from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "cylch.learning"
    label = "learning"
