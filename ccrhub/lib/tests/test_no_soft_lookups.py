"""No soft lookups of our own code: a collaborator is imported directly (in the allowed
direction) or reached through a hook of `ccrhub.lib.hooks`, never looked up "when it
exists". A lookup that quietly finds nothing turns a guard into a no-op (S10: the check
that a release is not given by the perpetrator was looked up by name, and was never there).

The walk reads every module of ccrhub (tests included, migrations not) and fails on:
- `importlib`, `import_module`, `__import__`, `import_string`, `sys.modules`;
- `getattr(x, name, default)` or `hasattr(x, name)` on a name imported from ccrhub;
- `except ImportError` / `except ModuleNotFoundError`;
- `apps.get_model`, `apps.get_app_config`, `apps.is_installed`: areas are not optional;
- `getattr(settings, name, default)`: settings.py defines every setting, so a default
  elsewhere is a second, silently diverging one.
"""

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command

from ccrhub.lib import hooks

ROOT = Path(__file__).resolve().parents[2]  # the ccrhub package
DYNAMIC_IMPORTS = frozenset({"import_module", "__import__", "import_string", "find_spec"})
APP_REGISTRY_LOOKUPS = frozenset({"get_model", "get_app_config", "is_installed"})
IMPORT_ERRORS = frozenset({"ImportError", "ModuleNotFoundError"})
# Files allowed a pattern, with the reason. Keep it empty unless a registry needs one.
ALLOWED: dict[str, str] = {
    "ccrhub/reviews/tests/test_review_notes_migration.py": (
        "a migration test reads the models of a past schema from the migration state's "
        "registry: `get_model` there is how Django names them, not a soft lookup"
    ),
}


def our_modules() -> Iterator[Path]:
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def project_names(tree: ast.AST) -> set[str]:
    """Names bound in the module by imports of ccrhub code (at any depth)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("ccrhub"):
                    names.add(alias.asname or alias.name.split(".")[0])
        elif isinstance(node, ast.ImportFrom) and (
            node.level or (node.module or "").startswith("ccrhub")
        ):
            names.update(alias.asname or alias.name for alias in node.names)
    return names


def root_name(node: ast.expr) -> str | None:
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def called_name(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def soft_lookups(source: str) -> list[tuple[int, str]]:
    tree = ast.parse(source)
    ours = project_names(tree)
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            modules = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom):
                modules.append(node.module or "")
            if any(m == "importlib" or m.startswith("importlib.") for m in modules):
                found.append((node.lineno, "importlib"))
        elif isinstance(node, ast.Call):
            name = called_name(node)
            if name in DYNAMIC_IMPORTS:
                found.append((node.lineno, f"{name}()"))
            elif name in APP_REGISTRY_LOOKUPS and isinstance(node.func, ast.Attribute):
                found.append((node.lineno, f"apps.{name}()"))
            elif (
                isinstance(node.func, ast.Name)
                and (name == "hasattr" or (name == "getattr" and len(node.args) == 3))
                and node.args
                and root_name(node.args[0]) in ours
            ):
                found.append((node.lineno, f"{name}() on {root_name(node.args[0])}"))
            elif (
                name == "getattr" and len(node.args) == 3 and root_name(node.args[0]) == "settings"
            ):
                found.append((node.lineno, "getattr() on settings"))
        elif isinstance(node, ast.ExceptHandler) and node.type is not None:
            caught = node.type.elts if isinstance(node.type, ast.Tuple) else [node.type]
            if any(isinstance(c, ast.Name) and c.id in IMPORT_ERRORS for c in caught):
                found.append((node.lineno, "except ImportError"))
        elif isinstance(node, ast.Attribute) and (node.attr, root_name(node)) == ("modules", "sys"):
            found.append((node.lineno, "sys.modules"))
    return sorted(found)


def test_no_module_of_ours_looks_up_a_collaborator_softly() -> None:
    offences = [
        f"{path.relative_to(ROOT.parent)}:{line}: {what}"
        for path in our_modules()
        if str(path.relative_to(ROOT.parent)) not in ALLOWED
        for line, what in soft_lookups(path.read_text())
    ]
    assert offences == []


def test_the_walk_catches_each_kind_of_soft_lookup() -> None:
    source = """
import importlib
from importlib import import_module
from ccrhub.highrisk import queries
from ccrhub import survivors as s
from django.apps import apps
from django.conf import settings

importlib.import_module("ccrhub.highrisk.queries")
check = getattr(queries, "is_perpetrator", None)
if hasattr(s.actions, "x"):
    pass
try:
    from ccrhub.protocols import queries as q
except ImportError:
    q = None
apps.get_model("cases.Case")
if apps.is_installed("ccrhub.evaluation"):
    pass
__import__("ccrhub.reviews")
getattr(settings, "CCRHUB_X", 3)
getattr(queries, "pair_key")
"""
    kinds = [what for _line, what in soft_lookups(source)]
    assert kinds == [
        "importlib",
        "importlib",
        "import_module()",
        "getattr() on queries",
        "hasattr() on s",
        "except ImportError",
        "apps.get_model()",
        "apps.is_installed()",
        "__import__()",
        "getattr() on settings",
    ]


def test_every_hook_is_answered_at_start_up() -> None:
    assert hooks.check_hooks() == []
    call_command("check", fail_level="ERROR")


def test_an_unanswered_hook_fails_the_start_up_check_and_refuses_to_be_asked() -> None:
    hook = hooks.declare("tests.unanswered", answered_by="ccrhub.nowhere")
    try:
        assert [error.id for error in hooks.check_hooks()] == ["ccrhub.hooks.E001"]
        with pytest.raises(hooks.Unanswered):
            hook.ask("anything")
    finally:
        del hooks.HOOKS["tests.unanswered"]
