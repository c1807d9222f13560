from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "ccrhub.risk"
    verbose_name = "Risk assessment"
