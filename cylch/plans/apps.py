from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "cylch.plans"
    label = "plans"
