from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "ccrhub.meetings"
    verbose_name = "Meetings"
