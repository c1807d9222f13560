from django.apps import AppConfig


class SurvivorsConfig(AppConfig):
    name = "ccrhub.survivors"
    verbose_name = "Survivor compartment"
