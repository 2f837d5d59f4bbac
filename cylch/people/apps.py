from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "cylch.people"
    label = "people"
