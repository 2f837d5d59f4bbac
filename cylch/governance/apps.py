from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "cylch.governance"
    label = "governance"
