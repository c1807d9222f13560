"""The one place that says what each role may do.

Permissions are plain strings `<area>.<verb>`. Views and endpoints declare the
permission they need; access functions ask `role_can(role, permission)`. Who may grant
a role follows from the permissions (S5): an agency admin grants only a role whose every
permission they hold themselves; a coordinator, who answers for the collaborative's
membership, grants any role.
"""

from ccrhub.partners.models import Role

# Who may do what, per collaborative. Analysts see aggregates only; community members
# see the collaborative's workspace but no case data. Everyone sees the collaborative's
# directory entries; `directory.manage` maintains the entries of one's own agency (a
# coordinator, who holds `collaborative.manage`, maintains them all).
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
            "directory.view",
            "directory.manage",
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
            "directory.view",
            "directory.manage",
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
            "directory.view",
            "directory.manage",
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
            "directory.view",
            "directory.manage",
        }
    ),
    Role.ANALYST: frozenset(
        {
            "collaborative.view",
            "coverage.view",
            "aggregates.view",
            "evaluation.view",
            "directory.view",
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
            "directory.view",
        }
    ),
}

# Roles that handle survivor data get the shorter idle timeout (S17).
SURVIVOR_DATA_ROLES = frozenset({Role.ADVOCATE})


def role_can(role: str, permission: str) -> bool:
    return permission in permissions_of(role)


def permissions_of(role: str) -> frozenset[str]:
    return ROLE_PERMISSIONS.get(role, frozenset())


def may_grant(granter_role: str, role: str) -> bool:
    """Whether someone holding `granter_role` may give `role`, or take it away (S5)."""
    if role not in ROLE_PERMISSIONS:
        return False
    if role_can(granter_role, "members.manage"):
        return True
    return role_can(granter_role, "members.manage_own_agency") and (
        permissions_of(role) <= permissions_of(granter_role)
    )
