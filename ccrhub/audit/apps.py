from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "ccrhub.audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        # Apps say which of their records are in a user's caseload (anomaly rules, S20).
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("caseload")
