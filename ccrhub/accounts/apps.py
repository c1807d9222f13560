from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ccrhub.accounts"
    verbose_name = "Accounts"
