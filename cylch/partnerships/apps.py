from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "cylch.partnerships"
    label = "partnerships"
