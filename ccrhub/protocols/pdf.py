"""The PDF of an adopted version with its signatures, rendered by WeasyPrint from an
HTML template. Nothing is fetched: the stylesheet is inline and the fetcher refuses
every URL except `data:` ones, so a link in a protocol's text can never make the
server reach out."""

from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from ccrhub.protocols.models import ProtocolVersion
from ccrhub.protocols.queries import signatures_of, stage_labels


def local_only_fetcher() -> URLFetcher:
    """A fetcher that refuses every protocol but `data:` (no network, no files)."""
    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False)


def version_pdf(version: ProtocolVersion) -> bytes:
    protocol = version.protocol
    context = {
        "protocol": protocol,
        "version": version,
        "signatures": signatures_of(version, protocol.collaborative),
        "stages": stage_labels(protocol.governed_stages),
        "generated_at": timezone.now(),
    }
    html = render_to_string("protocols/version_pdf.html", context)
    document = HTML(string=html, base_url=None, url_fetcher=local_only_fetcher())
    pdf: bytes = document.write_pdf()
    return pdf
