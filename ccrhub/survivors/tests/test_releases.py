"""Releases of information (US) and recorded bases (UK): what they need, what they
open, and that revoking or expiry closes them on the next request (S10)."""

import datetime
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ccrhub.audit.models import AuditEvent
from ccrhub.survivors import actions
from ccrhub.survivors.access import may_read_survivor, survivor_view_for
from ccrhub.survivors.models import Release
from ccrhub.survivors.tests.conftest import ADDRESS, SUBSTITUTE, make_survivor, release

pytestmark = pytest.mark.django_db


def test_a_release_opens_only_its_categories_to_its_recipient(personas: Any, survivor: Any) -> None:
    release(personas, survivor, categories=["address"])
    officer = personas.police_officer
    assert may_read_survivor(officer, survivor, "address")
    assert not may_read_survivor(officer, survivor, "identity")
    assert survivor_view_for(officer, survivor).fields == {"address": ADDRESS}
    # Another agency, even in the same collaboratives, sees nothing.
    assert not may_read_survivor(personas.prosecutor, survivor, "address")
    assert survivor_view_for(personas.prosecutor, survivor).fields == {}


def test_the_owning_agency_reads_everything(personas: Any, survivor: Any) -> None:
    view = survivor_view_for(personas.advocate, survivor)
    assert view.whole and view["address"] == ADDRESS and "notes" in view


def test_an_address_confidentiality_participant_shows_only_the_substitute(
    personas: Any,
) -> None:
    survivor = make_survivor(personas, address_confidentiality=True, substitute_address=SUBSTITUTE)
    release(personas, survivor, categories=["address", "identity"])
    view = survivor_view_for(personas.police_officer, survivor)
    assert view["address"] == SUBSTITUTE
    assert ADDRESS not in str(view)


def test_expiry_is_mandatory_and_in_the_future(personas: Any, survivor: Any) -> None:
    with pytest.raises(ValidationError) as error:
        release(personas, survivor, expires_at=timezone.now() - datetime.timedelta(minutes=1))
    assert "expires_at" in error.value.message_dict
    assert not Release.objects.exists()


def test_a_release_is_never_a_condition_of_service(personas: Any, survivor: Any) -> None:
    with pytest.raises(ValidationError) as error:
        release(personas, survivor, told_not_condition_of_service=False)
    assert "told_not_condition_of_service" in error.value.message_dict


def test_only_the_owning_agency_records_releases(personas: Any, survivor: Any) -> None:
    with pytest.raises(PermissionDenied):
        actions.record_release(
            survivor,
            actor=personas.police_officer,
            recipient_agency=personas.police,
            categories=["address"],
            purpose="x",
            signed_at=timezone.now(),
            expires_at=timezone.now() + datetime.timedelta(days=1),
            told_not_condition_of_service=True,
        )


def test_revoking_closes_access_and_is_audited(personas: Any, survivor: Any) -> None:
    given = release(personas, survivor)
    actions.revoke_release(given, actor=personas.advocate)
    assert not may_read_survivor(personas.police_officer, survivor, "address")
    event = AuditEvent.objects.filter(action="survivors.release_revoked").get()
    assert event.object_id == str(given.public_id)
    assert ADDRESS not in str(event.details)


def test_an_expired_release_opens_nothing(personas: Any, survivor: Any) -> None:
    release(personas, survivor, expires_at=timezone.now() + datetime.timedelta(days=1))
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
        assert not may_read_survivor(personas.police_officer, survivor, "address")


@pytest.fixture
def uk(settings: Any) -> None:
    settings.JURISDICTION = "uk"


def test_uk_basis_needs_lawful_basis_and_condition(personas: Any, survivor: Any, uk: None) -> None:
    with pytest.raises(ValidationError) as error:
        release(personas, survivor)
    assert {"lawful_basis", "special_category_condition"} <= set(error.value.message_dict)
    basis = release(
        personas,
        survivor,
        lawful_basis="public_task",
        special_category_condition="safeguarding",
    )
    assert basis.kind == Release.Kind.BASIS


def test_uk_sharing_without_consent_needs_a_listed_reason_and_another_approver(
    personas: Any, survivor: Any, uk: None
) -> None:
    common = {
        "lawful_basis": "public_task",
        "special_category_condition": "safeguarding",
        "consent": False,
        "signed_at": None,
        "told_not_condition_of_service": False,
    }
    with pytest.raises(ValidationError) as error:
        release(personas, survivor, without_consent_reason="because", **common)
    assert {"without_consent_reason", "approved_by"} <= set(error.value.message_dict)
    with pytest.raises(ValidationError) as error:
        release(
            personas,
            survivor,
            without_consent_reason="risk_of_serious_harm",
            approved_by=personas.advocate,
            **common,
        )
    assert "approved_by" in error.value.message_dict
    colleague = _colleague_advocate(personas)
    basis = release(
        personas,
        survivor,
        without_consent_reason="risk_of_serious_harm",
        approved_by=colleague,
        **common,
    )
    assert basis.approved_by == colleague and not basis.consent


def _colleague_advocate(personas: Any) -> Any:
    from ccrhub.accounts.models import User
    from ccrhub.partners.models import Representative, Role

    colleague = User.objects.create_user(
        email="second.advocate@safeharbor.example", password="x", agency=personas.vsp
    )
    Representative.objects.create(collaborative=personas.marac, user=colleague, role=Role.ADVOCATE)
    return colleague
