from django.apps import AppConfig


class LibConfig(AppConfig):
    name = "ccrhub.lib"
    verbose_name = "Library"
