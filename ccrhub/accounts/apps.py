from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ccrhub.accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from ccrhub.accounts import signals  # noqa: F401  (connects the receivers)
