from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "ccrhub.outreach"
    verbose_name = "Outreach"
