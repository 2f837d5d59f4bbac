from django.apps import AppConfig


class AccountabilityConfig(AppConfig):
    name = "cylch.accountability"
    label = "accountability"
