from django.apps import AppConfig
from django.core import checks


class LibConfig(AppConfig):
    name = "ccrhub.lib"
    verbose_name = "Library"

    def ready(self) -> None:
        from ccrhub.lib.hooks import check_hooks
        from ccrhub.lib.rate_limits import check_rate_limits

        checks.register(check_rate_limits)
        checks.register(check_hooks)
