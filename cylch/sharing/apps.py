from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "cylch.sharing"
    label = "sharing"
