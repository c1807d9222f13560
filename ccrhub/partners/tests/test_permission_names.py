"""Every permission the code names is one that `roles.py` defines.

The start-up check (`ccrhub.partners.checks`) covers what views declare and what the
navigation names; this walk covers the rest: permission names written into calls of the
access helpers (`can(user, "cases.view", …)`, `collaborative_ids_with`, `role_can`,
`access_…(…, permission="…")`, `requires(…)`), directly or through a module constant
(`VIEW = "highrisk.view"`). A misspelt name there would quietly grant nothing.
"""

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from ccrhub.partners.roles import ROLE_PERMISSIONS

ROOT = Path(__file__).resolve().parents[2]  # the ccrhub package
DOTTED = re.compile(r"^[a-z_]+\.[a-z_]+$")
# Helpers whose string arguments are permission names (besides every access_… function).
PERMISSION_HELPERS = frozenset(
    {
        "requires",
        "can",
        "role_can",
        "collaborative_ids_with",
        "collaboratives_where",
        "holds_anywhere",
        "require_any",
        "require_meetings_role",
        "team_ids",
        "_require",
        "_may",
        "_team",
        "NavEntry",
    }
)


def called_name(node: ast.Call) -> str:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return ""


def module_constants(tree: ast.Module) -> dict[str, str]:
    constants = {}
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    constants[target.id] = node.value.value
    return constants


def named_permissions(source: str) -> list[tuple[int, str]]:
    return sorted(_named(ast.parse(source)))


def _named(tree: ast.Module) -> Iterator[tuple[int, str]]:
    constants = module_constants(tree)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = called_name(node)
        helper = name in PERMISSION_HELPERS or name.startswith("access_")
        keywords = [k for k in node.keywords if helper or k.arg == "permission"]
        values = [*(node.args if helper else []), *(k.value for k in keywords)]
        for value in values:
            text = None
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                text = value.value
            elif isinstance(value, ast.Name):
                text = constants.get(value.id)
            if text is not None and DOTTED.match(text):
                yield value.lineno, text


def test_every_permission_named_in_the_code_is_defined_by_a_role() -> None:
    defined = set().union(*ROLE_PERMISSIONS.values())
    unknown = [
        f"{path.relative_to(ROOT.parent)}:{line}: {name}"
        for path in sorted(ROOT.rglob("*.py"))
        if "migrations" not in path.parts and "tests" not in path.parts
        for line, name in named_permissions(path.read_text())
        if name not in defined
    ]
    assert unknown == []


def test_the_walk_finds_permission_names_in_helper_calls_and_constants() -> None:
    source = """
MANAGE = "directory.manage"
OTHER = "not a permission"
can(user, "cases.veiw", 3)
access_collaborative(user, key, permission="members.mange")
collaborative_ids_with(user, MANAGE)
record(actor=user, action="cases.opened")
"""
    assert named_permissions(source) == [
        (4, "cases.veiw"),
        (5, "members.mange"),
        (6, "directory.manage"),
    ]
