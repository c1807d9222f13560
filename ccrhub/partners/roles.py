"""The one place that says what each role may do.

Permissions are plain strings `<area>.<verb>`. Views and endpoints declare the
permission they need; access functions ask `role_can(role, permission)`. Who may grant
a role follows from the permissions (S5): an agency admin grants only a role whose every
permission they hold themselves (S5). Everyone who gives roles follows the same rule,
the coordinator included: a role is given only by someone who manages the membership and
holds, in that collaborative, every permission the role carries. What nobody holds (the
first coordinator of a new collaborative, the advocate's survivor permissions for someone
who may give roles) is given by an operator at the console (`manage.py grant_role`).
Taking a role away is never an escalation: a coordinator takes away any role; an agency
admin only one they could give.
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


def manages_members(role: str) -> bool:
    """Whether the role gives roles at all: to anyone, or to its own agency's staff."""
    return role_can(role, "members.manage") or role_can(role, "members.manage_own_agency")


def may_grant(granter_role: str, role: str) -> bool:
    """Whether someone holding `granter_role` may give `role` (S5): only a role whose
    every permission the granter holds themselves, whoever the granter is."""
    if role not in ROLE_PERMISSIONS or not manages_members(granter_role):
        return False
    return permissions_of(role) <= permissions_of(granter_role)


def may_take_away(granter_role: str, role: str) -> bool:
    """Whether someone holding `granter_role` may take `role` away. Ending access raises
    nobody's rights, so a coordinator, who answers for the membership, ends any role; an
    agency admin only one they could give."""
    if role_can(granter_role, "members.manage"):
        return role in ROLE_PERMISSIONS
    return may_grant(granter_role, role)
