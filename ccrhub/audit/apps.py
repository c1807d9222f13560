from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "ccrhub.audit"
    verbose_name = "Audit trail"
