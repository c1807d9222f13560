"""The public pages: help and information, and how to browse more safely.

Rendered in the language of the address (/public/ or /public/es/) with
`translation.override`, never from a cookie or the session; PublicPageMiddleware
strips cookies and sends no-store and no-referrer.
"""

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ccrhub.lib.policy import public
from ccrhub.public.content import help_content

DEFAULT_LANGUAGE = "en"
LANGUAGE_NAMES = {"en": "English", "es": "Español"}

# Public pages of other areas, linked from the home page.
AREA_LINKS = [
    ("public:directory-search", _("Find services near you")),
    ("public:report", _("What our community has changed")),
]


def _public_url(name: str, lang: str) -> str:
    if lang == DEFAULT_LANGUAGE:
        return reverse(name)
    return reverse(name, kwargs={"lang": lang})


def _links(page: str, lang: str) -> dict[str, Any]:
    other = "es" if lang == DEFAULT_LANGUAGE else DEFAULT_LANGUAGE
    return {
        "home": _public_url("public:home", lang),
        "safety": _public_url("public:safety", lang),
        "other_language": {
            "code": other,
            "name": LANGUAGE_NAMES[other],
            "url": _public_url(f"public:{page}", other),
        },
    }


def _area_links(lang: str) -> list[dict[str, Any]]:
    """Links to public pages other areas provide, in the visitor's language."""
    return [{"url": _public_url(name, lang), "label": label} for name, label in AREA_LINKS]


def _render(
    request: HttpRequest, page: str, lang: str, context: dict[str, Any] | None = None
) -> HttpResponse:
    with translation.override(lang):
        response = render(
            request,
            f"public/{page}.html",
            {
                "public_links": _links(page, lang),
                # A deployment may show a title that says nothing in tabs and history.
                "neutral_title": settings.PUBLIC_NEUTRAL_TITLE,
                **(context or {}),
            },
        )
    response["Content-Language"] = lang
    return response


@public
def home(request: HttpRequest, lang: str = DEFAULT_LANGUAGE) -> HttpResponse:
    return _render(
        request,
        "home",
        lang,
        {"help": help_content(settings.JURISDICTION), "optional_links": _area_links(lang)},
    )


@public
def safety(request: HttpRequest, lang: str = DEFAULT_LANGUAGE) -> HttpResponse:
    return _render(request, "safety", lang, {"help": help_content(settings.JURISDICTION)})
