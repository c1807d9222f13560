from django.apps import AppConfig


class ProtocolsConfig(AppConfig):
    name = "ccrhub.protocols"
    verbose_name = "Protocols"
