from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "ccrhub.public"
    verbose_name = "Public area"
