from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "ccrhub.directory"
    verbose_name = "Resource directory"
