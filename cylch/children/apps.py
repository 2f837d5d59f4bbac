from django.apps import AppConfig


class ChildrenConfig(AppConfig):
    name = "cylch.children"
    label = "children"
