"""The runtime's house rules: one folder per concern, lower folders never import upper ones, no import cycles,
every folder names its public surface, and no module grows past what a newcomer reads at once."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from tests.helpers import REPO

RUNTIME = REPO / "generator" / "runtime"
PACKAGE = "generator.runtime"
MAX_LINES = 300

# What each folder may import from, besides itself: the layers from the bottom up.
MAY_IMPORT: dict[str, frozenset[str]] = {
    "events": frozenset(),
    "wire": frozenset(),
    "storage": frozenset(),
    "outbox": frozenset({"wire", "storage"}),
    "receive": frozenset({"events", "wire", "storage", "outbox"}),
    "deliver": frozenset({"events", "wire", "storage", "outbox"}),
    "console": frozenset({"events", "wire", "storage", "outbox", "receive", "deliver"}),
    "cli": frozenset({"events", "wire", "storage", "outbox", "receive", "deliver", "console"}),
}


def module_name(path: Path) -> str:
    parts = path.relative_to(RUNTIME).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join((PACKAGE, *parts))


MODULES = {module_name(p): p for p in sorted(RUNTIME.rglob("*.py")) if "__pycache__" not in p.parts}


def imported(name: str, path: Path) -> set[str]:
    """The runtime modules a module imports anywhere in it (top level, functions, TYPE_CHECKING blocks)."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
            target = f"{base}.{node.module}" if node.module else base
            for alias in node.names:  # `from . import queries` names a module; `from .x import y` a name in x
                found.add(f"{target}.{alias.name}" if f"{target}.{alias.name}" in MODULES else target)
        elif isinstance(node, ast.ImportFrom | ast.Import) and not getattr(node, "level", 0):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
            found.update(n for n in names if n.startswith(PACKAGE))
    return found & MODULES.keys()


GRAPH = {name: imported(name, path) for name, path in MODULES.items()}


def room(module: str) -> str:
    parts = module.removeprefix(PACKAGE).strip(".").split(".")
    return parts[0] if parts[0] else ""


def test_every_module_lives_in_a_room_of_the_house() -> None:
    loose = [m for m in MODULES if m != PACKAGE and room(m) not in MAY_IMPORT]
    assert loose == [], f"modules outside the rooms {sorted(MAY_IMPORT)}: {loose}"
    assert {room(m) for m in MODULES} - {""} == MAY_IMPORT.keys()


def test_the_import_graph_is_read_from_the_sources() -> None:
    """The graph really holds edges (a parser that found none would pass every other test)."""
    assert f"{PACKAGE}.receive.core" in GRAPH[f"{PACKAGE}.receive.app"]
    assert f"{PACKAGE}.outbox.sqlite.queries" in GRAPH[f"{PACKAGE}.outbox.sqlite.outbox"]
    assert f"{PACKAGE}.outbox.sqlite" in GRAPH[f"{PACKAGE}.outbox.urls"]  # imported inside a function
    assert sum(map(len, GRAPH.values())) > 2 * len(GRAPH)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_a_room_imports_only_from_the_rooms_below_it(module: str) -> None:
    own = room(module)
    allowed = MAY_IMPORT.get(own, frozenset()) | {own}
    wrong = sorted(target for target in GRAPH[module] if room(target) not in allowed)
    assert wrong == [], f"{module} ({own}) imports from a room above it or beside it: {wrong}"


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every cycle a depth-first search over `graph` runs into, each as the modules along it."""
    done: set[str] = set()
    path: list[str] = []
    cycles: list[list[str]] = []

    def visit(module: str) -> None:
        path.append(module)
        for target in sorted(graph[module]):
            if target in path:
                cycles.append([*path[path.index(target) :], target])
            elif target not in done:
                visit(target)
        path.pop()
        done.add(module)

    for module in sorted(graph):
        if module not in done:
            visit(module)
    return cycles


def test_the_cycle_search_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert import_cycles(graph) == [["a", "b", "c", "a"]]
    assert import_cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles() -> None:
    """Every import counts, those inside functions and TYPE_CHECKING blocks too: the adapters import the core,
    never the other way round."""
    cycles = import_cycles(GRAPH)
    assert cycles == [], "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


@pytest.mark.parametrize("package", sorted(m for m, p in MODULES.items() if p.name == "__init__.py" and m != PACKAGE))
def test_each_folder_names_its_public_surface(package: str) -> None:
    module = importlib.import_module(package)
    public = getattr(module, "__all__", None)
    assert public, f"{package} has no __all__"
    assert sorted(public) == sorted(set(public)), f"{package}.__all__ repeats a name"
    missing = [name for name in public if not hasattr(module, name)]
    assert missing == [], f"{package}.__all__ names what it does not have: {missing}"


@pytest.mark.parametrize("path", sorted(p for p in (REPO / "generator").rglob("*.py") if "__pycache__" not in p.parts))
def test_no_module_is_longer_than_a_newcomer_reads_at_once(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(REPO)} has {lines} lines; split it by concern"
