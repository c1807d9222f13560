"""Every PDF of the product goes through this one door: a template rendered to HTML,
then to PDF by WeasyPrint.

WeasyPrint's default URL fetcher reads `file:` and `http(s):` URLs, so any URL that
reaches a PDF template — an image in a story, a stylesheet a template names — could make
the server read its own disk or reach the network (and the cloud metadata address). Here
the fetcher serves `data:` URLs and the project's own static files, and refuses
everything else.
"""

from collections.abc import Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Relative URLs in PDF templates (`{% static %}` gives `/static/…`) resolve against
# this base; the host is reserved (`.invalid`), so nothing outside can answer to it.
BASE_URL = "https://pdf.ccrhub.invalid/"


class OwnStaticFilesOnly(URLFetcher):
    """Serves `data:` URLs and files under STATIC_URL; refuses every other URL."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"data", "https"}, allow_redirects=False)

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = static_file_for(url)
        if path is None:
            raise ValueError("A PDF loads only the project's own static files.")
        return URLFetcherResponse(url, body=path.read_bytes())


def static_file_for(url: str) -> Path | None:
    """The project's static file a URL names, or None for anything else."""
    parts = urlsplit(url)
    base = urlsplit(BASE_URL)
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
        return None
    if not parts.path.startswith(settings.STATIC_URL):
        return None
    name = unquote(parts.path[len(settings.STATIC_URL) :])
    try:
        found = finders.find(name) or _collected(name)
    except SuspiciousFileOperation:  # `..` and absolute paths leave the static roots
        return None
    return Path(found) if isinstance(found, str) else None


def _collected(name: str) -> str | None:
    """A file `collectstatic` wrote (hashed names in production), if there is one."""
    if staticfiles_storage.exists(name):
        return str(staticfiles_storage.path(name))
    return None


def render_pdf(template_name: str, context: Mapping[str, object]) -> bytes:
    html = render_to_string(template_name, dict(context))
    return pdf_from_html(html)


def pdf_from_html(html: str) -> bytes:
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=OwnStaticFilesOnly())
    return bytes(document.write_pdf())
