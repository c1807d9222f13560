from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ccrhub.accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from ccrhub.accounts import (  # noqa: F401
            schema,  # registers the OpenAPI descriptions of our authenticators
            signals,  # connects the receivers
        )
