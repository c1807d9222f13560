from django.apps import AppConfig


class SurvivorsConfig(AppConfig):
    name = "ccrhub.survivors"
    verbose_name = "Survivor compartment"

    def ready(self) -> None:
        # Declared at start-up, so the system check knows the hooks even before use.
        from ccrhub.survivors import hooks  # noqa: F401
