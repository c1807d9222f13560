"""The direction of dependencies, checked on every run so a new violation fails at once.

- `lib` is the platform's base and imports no area; no model imports an action: the
  import-linter contracts in `pyproject.toml` (also `lint-imports` from the shell).
- No area imports another area's pages (views, API views): what two areas share lives
  in a query, an action or a module of their own, never in a view.
- Models form no import cycle between areas: a model module reaches another area's only
  in one direction.
Tests and migrations are left out of the last two rules; they may import anything.
"""

from collections.abc import Iterator
from functools import cache
from pathlib import Path

import grimp
from importlinter.cli import lint_imports

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"
PAGE_MODULE_ENDINGS = ("views", "_views", "api", "_api")


@cache
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("ccrhub", include_external_packages=False, cache_dir=None)


def area(module: str) -> str:
    return module.split(".")[1] if module.count(".") else ""


def is_product_code(module: str) -> bool:
    return ".tests" not in module and ".migrations" not in module


def is_page_module(module: str) -> bool:
    last = module.rsplit(".", 1)[-1]
    in_package = any(f".{ending}." in f"{module}." for ending in ("views", "api"))
    return last.endswith(PAGE_MODULE_ENDINGS) or in_package


def cross_area_page_imports() -> Iterator[tuple[str, str]]:
    for importer in sorted(filter(is_product_code, graph().modules)):
        for imported in sorted(graph().find_modules_directly_imported_by(importer)):
            crosses = area(importer) not in ("", "lib", area(imported))
            if crosses and area(imported) != "lib" and is_page_module(imported):
                yield importer, imported


def test_the_import_linter_contracts_hold() -> None:
    assert lint_imports(config_filename=str(PYPROJECT), no_cache=True) == 0


def test_no_area_imports_another_areas_pages() -> None:
    assert list(cross_area_page_imports()) == []


def test_models_of_two_areas_never_import_each_other() -> None:
    models = sorted(m for m in graph().modules if m.endswith(".models") and is_product_code(m))
    cycles = [
        (first, second)
        for first in models
        for second in models
        if first < second
        and graph().find_shortest_chain(importer=first, imported=second)
        and graph().find_shortest_chain(importer=second, imported=first)
    ]
    assert cycles == []


def test_the_page_rule_knows_a_page_module_when_it_sees_one() -> None:
    assert is_page_module("ccrhub.directory.public_views")
    assert is_page_module("ccrhub.cases.metrics_api")
    assert is_page_module("ccrhub.reviews.views.board")
    assert not is_page_module("ccrhub.cases.metrics")
    assert not is_page_module("ccrhub.cases.apiary")
