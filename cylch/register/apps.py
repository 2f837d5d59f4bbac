from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "cylch.register"
    label = "register"
