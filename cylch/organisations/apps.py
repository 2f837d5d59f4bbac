from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "cylch.organisations"
    label = "organisations"
