"""The demo county's protocols: the arrest protocol with two versions, v2 in force and
signed by some member agencies and not others, an MOU in review, the R&R matrix."""

import pytest

from ccrhub.partners.demo import DEMO_PARTS
from ccrhub.protocols.demo import seed_demo_protocols
from ccrhub.protocols.models import Protocol, Responsibility
from ccrhub.protocols.queries import diff_versions, retraining_required, signatures_of

pytestmark = pytest.mark.django_db


def test_the_demo_ccr_has_an_arrest_protocol_signed_by_some_agencies_only(personas) -> None:
    assert seed_demo_protocols in DEMO_PARTS
    seed_demo_protocols(personas.county)
    arrest = Protocol.objects.get(title="Domestic violence arrest and response protocol")
    assert arrest.collaborative == personas.ccr and arrest.status == "adopted"
    v1, v2 = arrest.versions.order_by("number")
    assert (v1.status, v2.status, arrest.current_version) == ("superseded", "adopted", v2)
    diff = diff_versions(v1, v2)
    assert diff.added and diff.removed
    assert any("predominant aggressor" in line.text for line in diff.lines if line.kind == "added")
    signatures = signatures_of(v2, personas.ccr)
    signed = {a.agency for a in signatures.signed}
    assert personas.police in signed and personas.vsp in signed
    assert personas.sheriff in signatures.not_signed and personas.probation in signatures.not_signed
    assert (
        "Domestic violence arrest and response protocol",
        2,
        ["Law enforcement", "Prosecution"],
    ) in (retraining_required(personas.ccr))
    mou = Protocol.objects.get(kind="mou")
    assert mou.collaborative == personas.ccr and mou.status == "in_review"
    assert Responsibility.objects.filter(collaborative=personas.ccr).count() == 27
