from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _install_stage_first_triggers(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """Keep the stage-first triggers in place after every migrate (see `stage_firsts`)."""
    from django.db import connections

    from ccrhub.cases.stage_firsts import install_triggers

    install_triggers(connections[using])


class CasesConfig(AppConfig):
    name = "ccrhub.cases"
    verbose_name = "Case tracking"

    def ready(self) -> None:
        post_migrate.connect(_install_stage_first_triggers, sender=self)
