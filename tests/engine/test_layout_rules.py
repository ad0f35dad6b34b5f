"""The engine's layout rules, read from the source with ``ast`` (nothing is imported):

- no import cycle between engine modules at module level (an import inside a function runs later
  and is the sanctioned way to reach up, e.g. the CLI loading the facade);
- no engine module over 500 lines;
- nothing under ``engine/`` imports Flask, nothing under ``webui/`` imports SpiffWorkflow.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MAX_LINES = 500


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _sources(folder: str) -> dict[str, Path]:
    return {_module_name(p): p for p in sorted((ROOT / folder).rglob("*.py"))
            if "migrations" not in p.relative_to(ROOT).parts}


ENGINE = _sources("engine")


def _top_level_imports(node: ast.AST):
    """Import statements that run when the module is imported: the module body and the
    ``if``/``try``/``with`` blocks in it, not functions or classes, not ``if TYPE_CHECKING``."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, (ast.Import, ast.ImportFrom)):
            yield child
        elif isinstance(child, ast.If):
            test = ast.unparse(child.test)
            if test not in ("TYPE_CHECKING", "typing.TYPE_CHECKING", "t.TYPE_CHECKING"):
                yield from _top_level_imports(child)
        elif isinstance(child, (ast.Try, ast.With)):
            yield from _top_level_imports(child)


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = module.split(".") if is_package else module.split(".")[:-1]
    base = package[: len(package) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    """Engine module -> the engine modules it imports at module level."""
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        is_package = path.name == "__init__.py"
        targets: set[str] = set()
        for node in _top_level_imports(tree):
            if isinstance(node, ast.Import):
                targets.update(a.name for a in node.names)
                continue
            base = _resolve(name, is_package, node)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                targets.add(sub if sub in modules else base)  # ``from . import x``: the module x
        graph[name] = {t for t in targets if t in modules and t != name}
    return graph


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of two or more modules, each as one cycle through it."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(start: str) -> None:  # iterative Tarjan, so deep graphs cannot hit the recursion limit
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [_one_cycle(graph, set(group)) for group in groups]


def _one_cycle(graph: dict[str, set[str]], group: set[str]) -> list[str]:
    """A path a → … → a inside ``group``, for the message."""
    start = min(group)
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        node = frontier.pop(0)
        for child in sorted(graph[node] & group):
            if child == start:
                return paths[node] + [start]
            if child not in paths:
                paths[child] = paths[node] + [child]
                frontier.append(child)
    return sorted(group)


def _imported_top_packages(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_the_cycle_finder_names_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert find_cycles(graph) == [["a", "b", "c", "a"]]
    assert find_cycles({"a": {"b"}, "b": set()}) == []


def test_relative_imports_resolve_to_modules():
    tree = ast.parse("from . import steps\nfrom ..audit.log import append\nfrom ..audit import log\n")
    nodes = list(_top_level_imports(tree))
    assert [_resolve("engine.runtime.actions", False, n) for n in nodes] == \
        ["engine.runtime", "engine.audit.log", "engine.audit"]
    assert _resolve("engine.runtime", True, nodes[0]) == "engine.runtime"


def test_no_import_cycle_between_engine_modules():
    cycles = find_cycles(import_graph(ENGINE))
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_the_graph_sees_relative_and_package_imports():
    graph = import_graph(ENGINE)
    assert "engine.runtime.steps" in graph["engine.runtime.actions"]
    assert "engine.spiff" in graph["engine.runtime.steps"]


@pytest.mark.parametrize("name", sorted(ENGINE))
def test_engine_module_is_at_most_500_lines(name):
    lines = len(ENGINE[name].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{ENGINE[name].relative_to(ROOT)} has {lines} lines; split it by what it owns"


def test_the_engine_never_imports_flask():
    offenders = sorted(str(p.relative_to(ROOT)) for p in ENGINE.values()
                       if {"flask", "flask_babel", "flask_wtf", "flask_limiter", "werkzeug"} & _imported_top_packages(p))
    assert offenders == []


def test_the_web_ui_never_imports_spiffworkflow():
    offenders = sorted(str(p.relative_to(ROOT)) for p in _sources("webui").values()
                       if "SpiffWorkflow" in _imported_top_packages(p))
    assert offenders == []
