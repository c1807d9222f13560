from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "ccrhub.cases"
    verbose_name = "Case tracking"
