"""The `publiclang` path converter: the languages the public area offers besides
English (the default, unprefixed). The language is chosen by the address, never by a
cookie (S26). Importing this module registers the converter, once, for every area that
serves public pages."""

from django.urls import register_converter


class PublicLanguageConverter:
    regex = "es"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(PublicLanguageConverter, "publiclang")
