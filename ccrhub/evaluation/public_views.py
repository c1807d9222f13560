"""The public report: /public/report/ in English, /public/es/report/ in Spanish.

Disclosure-controlled figures (1–10 hidden, complementary suppression), the trend
charts with their numbers, and the stories of change the coordinator published in
the page's language. `?collaborative=<id>` picks a collaborative that publishes;
without it, the deployment's first. The language comes from the address, never a
cookie; PublicPageMiddleware strips cookies and sends no-store and no-referrer.
"""

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_safe

from ccrhub.evaluation import queries
from ccrhub.lib.ids import parse_public_id
from ccrhub.lib.policy import public
from ccrhub.lib.rate_limits import rate_limited
from ccrhub.public.content import help_content

DEFAULT_LANGUAGE = "en"
LANGUAGE_NAMES = {"en": "English", "es": "Español"}


def public_url(name: str, lang: str) -> str:
    return reverse(name) if lang == DEFAULT_LANGUAGE else reverse(name, kwargs={"lang": lang})


def _links(lang: str, query: str) -> dict[str, Any]:
    other = "es" if lang == DEFAULT_LANGUAGE else DEFAULT_LANGUAGE
    other_url = public_url("public:report", other) + (f"?{query}" if query else "")
    return {
        "home": public_url("public:home", lang),
        "safety": public_url("public:safety", lang),
        "other_language": {"code": other, "name": LANGUAGE_NAMES[other], "url": other_url},
    }


def chosen_collaborative(raw: str | None) -> Any:
    """The collaborative a public request names (None when it does not publish)."""
    if not raw:
        return queries.public_collaborative()
    return queries.public_collaborative(parse_public_id(raw))


@public
@rate_limited("public_report")
@require_safe
def report(request: HttpRequest, lang: str = DEFAULT_LANGUAGE) -> HttpResponse:
    collaborative = chosen_collaborative(request.GET.get("collaborative"))
    with translation.override(lang):
        context: dict[str, Any] = {
            "collaborative": collaborative,
            "lang": lang,
            "public_links": _links(lang, request.GET.urlencode()),
            "neutral_title": settings.PUBLIC_NEUTRAL_TITLE,
            "help": help_content(settings.JURISDICTION),
        }
        if collaborative is not None:
            context["cards"] = [
                card
                for card in queries.scorecard(
                    collaborative, audience=queries.PUBLIC, public_only=True
                )
                if card.series
            ]
            context["stories"] = queries.stories_of(collaborative).filter(
                is_published=True, language=lang
            )
            context["intro"] = queries.settings_of(collaborative).intro
            context["window"] = queries.scorecard_window(queries.PUBLIC)
        response = render(request, "evaluation/public_report.html", context)
    response["Content-Language"] = lang
    return response
