from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "ccrhub.partners"
    verbose_name = "Partners"
