from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "ccrhub.evaluation"
    verbose_name = "Evaluation"
