from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "cylch.meetings"
    label = "meetings"
