"""The layers hold: imports run downward only (ARCHITECTURE.md), read from the source with ast.

- app/domain imports the standard library and itself, nothing else;
- app/models imports no services, api, cli or presentation;
- app/services imports no app.api, FastAPI or Starlette;
- app/db knows no HTTP (no FastAPI, no Starlette, no app.api);
- no two packages of app/ import each other, directly or round a longer loop;
- no two features of app/services (a module or a package: app.services.compliance,
  app.services.rounds, app.services.hierarchy) import each other, directly or round a loop;
- no two modules of app/ import each other, directly or round a loop (`from app.cli import
  remote` imports the module app.cli.remote, not the package app.cli). Imports inside
  functions count as much as those at the top of a file: a loop is a loop either way.

- app/services imports no presentation (app/present): presentation reads services, never the reverse.

KNOWN lists violations excused while they were being fixed: none stands any more.
"""

import ast
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[1] / "app"
HTTP = ("fastapi", "starlette")


def module_name(path: Path) -> str:
    parts = path.relative_to(APP.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


PATHS = sorted(APP.rglob("*.py"))
MODULE_NAMES = frozenset(module_name(path) for path in PATHS)


def imports_of(path: Path) -> set[str]:
    """Every module the file imports (absolute names; relative imports resolved); `from a import b`
    names a.b, and also a unless every name it imports is a module of a."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names = [f"{base}.{alias.name}" for alias in node.names]
            if not all(name in MODULE_NAMES for name in names):
                found.add(base)
            found.update(names)
    return found


MODULES = {module_name(path): imports_of(path) for path in PATHS}
KNOWN: frozenset[tuple[str, str]] = frozenset()  # no standing violation: every layer rule holds


def imported_module(name: str) -> str | None:
    """The app module an import names ("app.i18n.Text" -> "app.i18n"), None outside app/."""
    if name in MODULES:
        return name
    parent = name.rpartition(".")[0]
    return parent if parent in MODULES else None


def is_known(module: str, name: str) -> bool:
    return (module, imported_module(name) or name) in KNOWN


def under(name: str, *packages: str) -> bool:
    return any(name == package or name.startswith(package + ".") for package in packages)


def offending(layer: str, forbidden: tuple[str, ...]) -> dict[str, list[str]]:
    found = {
        module: sorted(name for name in imported if under(name, *forbidden) and not is_known(module, name))
        for module, imported in MODULES.items()
        if under(module, layer)
    }
    return {module: names for module, names in found.items() if names}


def test_the_scan_sees_the_app() -> None:
    assert "app.domain.compliance" in MODULES and "app.api.deps" in MODULES
    assert "app.db" in MODULES["app.api.transactions"]


def test_domain_imports_only_the_standard_library_and_itself() -> None:
    outside = {
        module: sorted(
            name
            for name in imported
            if not under(name, "app.domain")
            and name.split(".")[0] not in sys.stdlib_module_names
            and not is_known(module, name)
        )
        for module, imported in MODULES.items()
        if under(module, "app.domain")
    }
    assert {module: names for module, names in outside.items() if names} == {}


def test_models_import_no_services_api_cli_or_presentation() -> None:
    assert offending("app.models", ("app.services", "app.api", "app.cli", "app.present")) == {}


def test_services_import_no_http() -> None:
    assert offending("app.services", ("app.api", *HTTP)) == {}


def test_services_import_no_presentation() -> None:
    assert offending("app.services", ("app.present",)) == {}


def test_the_database_package_knows_no_http() -> None:
    assert offending("app.db", ("app.api", "app.services", *HTTP)) == {}


def package_of(module: str) -> str:
    """The package a module belongs to, at the level the layers are drawn: app.services.compliance -> app.services."""
    parts = module.split(".")
    return ".".join(parts[:2]) if len(parts) > 1 else module


def package_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for module, imported in MODULES.items():
        for name in imported:
            target = imported_module(name)
            if target is None or is_known(module, name):
                continue
            source, target = package_of(module), package_of(target)
            if source != target and target != "app":
                graph[source].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every loop found by a depth-first walk, each as the path that closes it."""
    found: list[list[str]] = []
    state: dict[str, str] = {}

    def walk(node: str, path: list[str]) -> None:
        state[node] = "open"
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                found.append([*path[path.index(target) :], target])
            elif target not in state:
                walk(target, [*path, target])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            walk(node, [node])
    return found


def test_no_package_level_import_cycle() -> None:
    assert cycles(package_graph()) == []


def feature_of(module: str) -> str | None:
    """The feature of app/services a module belongs to (app.services.rounds.notices -> app.services.rounds),
    None outside app/services."""
    parts = module.split(".")
    return ".".join(parts[:3]) if parts[:2] == ["app", "services"] and len(parts) > 2 else None


def module_graph(modules: dict[str, set[str]], group: Callable[[str], str | None]) -> dict[str, set[str]]:
    """Who imports whom, each module put in its group (None: left out); a group importing itself is no edge."""
    graph: dict[str, set[str]] = defaultdict(set)
    for module, imported in modules.items():
        source = group(module)
        for name in imported:
            found = name if name in modules else name.rpartition(".")[0]
            target = group(found) if found in modules and not is_known(module, name) else None
            if source is not None and target is not None and source != target:
                graph[source].add(target)
    return graph


def test_no_import_cycle_between_service_features() -> None:
    assert cycles(module_graph(MODULES, feature_of)) == []


def test_no_import_cycle_between_modules() -> None:
    assert cycles(module_graph(MODULES, lambda module: module)) == []


def test_a_loop_between_service_features_is_found() -> None:
    """The loop the services once had: compliance -> rounds -> reports -> compliance, through modules
    two levels below app.services (which package_of could not see)."""
    planted = {
        "app.services.compliance.lists": {"app.services.rounds.notices.not_reported_notices"},
        "app.services.rounds.notices": {"app.services.rounds.standings"},
        "app.services.rounds.standings": {"app.services.reports.warnings"},
        "app.services.reports.warnings": {"app.services.compliance.load.plain_rows"},
        "app.services.compliance.load": set(),
        "app.services.hierarchy": set(),
    }
    loop = ["app.services.compliance", "app.services.rounds", "app.services.reports", "app.services.compliance"]
    assert cycles(module_graph(planted, feature_of)) == [loop]
    assert {package_of(module) for module in planted} == {"app.services"}  # one package to package_of


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"a": {"b"}, "b": set()}, []),
        ({"a": {"b"}, "b": {"a"}}, [["a", "b", "a"]]),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, [["a", "b", "c", "a"]]),
    ],
)
def test_the_cycle_finder_finds_loops(graph: dict[str, set[str]], expected: list[list[str]]) -> None:
    assert cycles(graph) == expected


def test_no_violation_is_excused() -> None:
    """KNOWN once listed the violations being fixed; it stays empty, so every rule above holds in full."""
    assert frozenset() == KNOWN
