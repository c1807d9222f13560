from django.apps import AppConfig, apps


class HighriskConfig(AppConfig):
    name = "ccrhub.highrisk"
    verbose_name = "High-risk response"

    def ready(self) -> None:
        # Cases heard and repeats feed scorecards and the coalition view.
        if apps.is_installed("ccrhub.evaluation"):
            from ccrhub.highrisk.measures import register_measures

            register_measures()
