"""Django admin is no side door for roles (S5): roles are read-only there, and only a
superuser changes which agencies are members (whose staff may hold a role)."""

from typing import Any

import pytest
from django.contrib import admin
from django.test import RequestFactory

from ccrhub.partners.models import AgencyMembership, Representative

pytestmark = pytest.mark.django_db


def request_by(user: Any) -> Any:
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def test_nobody_adds_or_changes_a_role_in_the_admin(personas: Any) -> None:
    personas.coordinator.is_staff = personas.coordinator.is_superuser = True
    roles = admin.site._registry[Representative]
    request = request_by(personas.coordinator)
    assert not roles.has_add_permission(request)
    assert not roles.has_change_permission(request)
    assert not roles.has_delete_permission(request)


def test_only_a_superuser_changes_agency_memberships_in_the_admin(personas: Any) -> None:
    memberships = admin.site._registry[AgencyMembership]
    staff = personas.coordinator
    staff.is_staff = True
    assert not memberships.has_add_permission(request_by(staff))
    assert not memberships.has_change_permission(request_by(staff))
    staff.is_superuser = True
    assert memberships.has_add_permission(request_by(staff))
