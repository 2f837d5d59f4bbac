from django.apps import AppConfig


class FrameworkConfig(AppConfig):
    name = "cylch.framework"
    label = "framework"
