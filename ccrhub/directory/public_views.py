"""The public search: /public/directory/ in English, /public/es/directory/ in Spanish.

A GET form that works without JavaScript. The language comes from the address, never
from a cookie. What the visitor searched for is neither logged nor stored: no audit
event, no log line, nothing in a session; the response is no-store and sets no cookie
(PublicPageMiddleware). A confidential location's address is never loaded. Searches
are limited per client address (ccrhub.lib.rate_limits), never by a cookie.
"""

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_safe

from ccrhub.directory import queries
from ccrhub.directory.forms import PublicSearchForm
from ccrhub.lib.policy import public
from ccrhub.lib.rate_limits import rate_limited
from ccrhub.public.content import help_content

DEFAULT_LANGUAGE = "en"
LANGUAGE_NAMES = {"en": "English", "es": "Español"}
MAX_RESULTS = 200


def public_url(name: str, lang: str) -> str:
    return reverse(name) if lang == DEFAULT_LANGUAGE else reverse(name, kwargs={"lang": lang})


def _links(lang: str, query: str) -> dict[str, Any]:
    other = "es" if lang == DEFAULT_LANGUAGE else DEFAULT_LANGUAGE
    # The same search, in the other language.
    other_url = public_url("public:directory-search", other) + (f"?{query}" if query else "")
    return {
        "home": public_url("public:home", lang),
        "safety": public_url("public:safety", lang),
        "search": public_url("public:directory-search", lang),
        "other_language": {"code": other, "name": LANGUAGE_NAMES[other], "url": other_url},
    }


@public
@rate_limited("public_search")
@require_safe
def search(request: HttpRequest, lang: str = DEFAULT_LANGUAGE) -> HttpResponse:
    with translation.override(lang):
        form = PublicSearchForm(request.GET or None, lang=lang)
        filters = form.filters() if form.is_valid() else queries.PublicFilters()
        services = list(queries.search_public(filters)[:MAX_RESULTS])
        context = {
            "form": form,
            "services": services,
            "searched": bool(request.GET) and form.is_valid(),
            "lang": lang,
            "printable": request.GET.get("print") == "1",
            "print_query": _print_query(request),
            "public_links": _links(lang, request.GET.urlencode()),
            "neutral_title": settings.PUBLIC_NEUTRAL_TITLE,
            "help": help_content(settings.JURISDICTION),
        }
        response = render(request, "directory/public_search.html", context)
    response["Content-Language"] = lang
    return response


def _print_query(request: HttpRequest) -> str:
    query = request.GET.copy()
    query["print"] = "1"
    return query.urlencode()
