from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "cylch.access"
    label = "access"
