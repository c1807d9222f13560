from django.apps import AppConfig


class HighriskConfig(AppConfig):
    name = "ccrhub.highrisk"
    verbose_name = "High-risk response"
