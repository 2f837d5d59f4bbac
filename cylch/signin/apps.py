from django.apps import AppConfig


class SigninConfig(AppConfig):
    name = "cylch.signin"
    label = "signin"
