"""The PDF of an adopted version with its signatures (through `lib.pdf`, whose fetcher
loads nothing but the project's own static files, so a link in a protocol's text can
never make the server reach out)."""

from django.utils import timezone

from ccrhub.lib.pdf import render_pdf
from ccrhub.protocols.models import ProtocolVersion
from ccrhub.protocols.queries import signatures_of, stage_labels


def version_pdf(version: ProtocolVersion) -> bytes:
    protocol = version.protocol
    context = {
        "protocol": protocol,
        "version": version,
        "signatures": signatures_of(version, protocol.collaborative),
        "stages": stage_labels(protocol.governed_stages),
        "generated_at": timezone.now(),
    }
    return render_pdf("protocols/version_pdf.html", context)
