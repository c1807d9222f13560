from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "ccrhub.retention"
    verbose_name = "Retention, backup and restore"

    def ready(self) -> None:
        # Each app says how its categories are purged in its own `retention.py`.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("retention")
