"""The one place that says what each role may do.

Permissions are plain strings `<area>.<verb>`. Views and endpoints declare the
permission they need; access functions ask `role_can(role, permission)`. A role's
rank decides who may grant it: nobody grants a role stronger than their own.
"""

from ccrhub.partners.models import Role

# Who may do what, per collaborative. Analysts see aggregates only; community members
# see the collaborative's workspace but no case data.
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.COORDINATOR: frozenset(
        {
            "collaborative.view",
            "collaborative.manage",
            "members.view",
            "members.manage",
            "coverage.view",
            "avenue.use",
            "cases.view",
            "cases.write",
            "aggregates.view",
            "audit.view",
            "alerts.view",
            "restrictions.manage",
            "meetings.view",
            "meetings.manage",
            "exports.create",
            "protocols.view",
            "protocols.manage",
            "protocols.adopt",
            "foundations.manage",
            "relationships.manage",
            "highrisk.view",
            "highrisk.manage",
            "reviews.view",
            "reviews.manage",
            "evaluation.view",
            "evaluation.manage",
        }
    ),
    Role.AGENCY_ADMIN: frozenset(
        {
            "collaborative.view",
            "members.view",
            "members.manage_own_agency",
            "coverage.view",
            "avenue.use",
            "cases.view",
            "cases.write",
            "aggregates.view",
            "meetings.view",
            "protocols.view",
            "protocols.adopt",
            "risk.assess",
            "highrisk.view",
            "highrisk.refer",
            "reviews.view",
            "evaluation.view",
        }
    ),
    Role.MEMBER: frozenset(
        {
            "collaborative.view",
            "members.view",
            "coverage.view",
            "avenue.use",
            "cases.view",
            "cases.write",
            "aggregates.view",
            "meetings.view",
            "protocols.view",
            "risk.assess",
            "highrisk.view",
            "highrisk.refer",
            "reviews.view",
            "evaluation.view",
        }
    ),
    Role.ADVOCATE: frozenset(
        {
            "collaborative.view",
            "members.view",
            "coverage.view",
            "avenue.use",
            "cases.view",
            "cases.write",
            "aggregates.view",
            "meetings.view",
            "survivors.view",
            "survivors.write",
            "protocols.view",
            "risk.assess",
            "highrisk.view",
            "highrisk.refer",
            "reviews.view",
            "evaluation.view",
        }
    ),
    Role.ANALYST: frozenset(
        {
            "collaborative.view",
            "coverage.view",
            "aggregates.view",
            "evaluation.view",
        }
    ),
    Role.COMMUNITY_MEMBER: frozenset(
        {
            "collaborative.view",
            "coverage.view",
            "avenue.use",
            "meetings.view",
            "protocols.view",
            "reviews.view",
            "evaluation.view",
        }
    ),
}

ROLE_RANK: dict[str, int] = {
    Role.COORDINATOR: 50,
    Role.AGENCY_ADMIN: 40,
    Role.ADVOCATE: 30,
    Role.MEMBER: 30,
    Role.ANALYST: 20,
    Role.COMMUNITY_MEMBER: 10,
}

# Roles that handle survivor data get the shorter idle timeout (S17).
SURVIVOR_DATA_ROLES = frozenset({Role.ADVOCATE})


def role_can(role: str, permission: str) -> bool:
    return permission in ROLE_PERMISSIONS.get(role, frozenset())


def may_grant(granter_role: str, role: str) -> bool:
    """A role may be granted only by someone whose own role is at least as strong."""
    return ROLE_RANK.get(granter_role, 0) >= ROLE_RANK.get(role, 10**6)
