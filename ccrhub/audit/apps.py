from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "ccrhub.audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from ccrhub.audit.log import record
        from ccrhub.lib.reminders import record_run
        from ccrhub.lib.tabular import record_export

        # Every export of `lib.tabular` and every reminder run is audited through one door.
        record_export.answer(record)
        record_run.answer(record)

        # Apps say which of their records are in a user's caseload (anomaly rules, S20).
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("caseload")
