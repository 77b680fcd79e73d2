"""The shape of the code: apps stand in floors (no import circle between them) and every module a
newcomer opens is short. Both read the source with ``ast``; nothing is imported or run."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: a module over this many lines wants a package (STYLE.md: "Files stay small", ~400)
MAX_LINES = 420


def _packages() -> set[str]:
    return {p.name for p in ROOT.iterdir()
            if (p / "__init__.py").exists() and p.name not in {"tests", "bench", "scripts"}}


def _modules():
    """Every source module of the apps, migrations left out (they are history, not code to read)."""
    for package in sorted(_packages()):
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.relative_to(ROOT).parts:
                yield package, path


def _imported(path: Path):
    """The modules ``path`` imports, lazily inside functions included."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def app_graph() -> dict[str, set[str]]:
    packages = _packages()
    graph: dict[str, set[str]] = {package: set() for package in packages}
    for package, path in _modules():
        for name in _imported(path):
            top = name.split(".")[0]
            if top in packages and top != package:
                graph[package].add(top)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One circle of the graph as [a, b, …, a], or [] when there is none (depth-first search)."""
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = "done"
        return []

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return []


def test_find_cycle_sees_a_circle_and_a_clean_graph():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) == []


def test_apps_import_each_other_in_no_circle():
    graph = app_graph()
    assert {"orgs", "members", "volunteers", "people", "lib"} <= set(graph)
    assert find_cycle(graph) == []


def test_members_and_volunteers_are_linked_without_importing_each_other_both_ways():
    graph = app_graph()
    assert not ("volunteers" in graph["members"] and "members" in graph["volunteers"])


def test_lib_imports_no_app():
    assert app_graph()["lib"] == set()


def test_no_module_outside_migrations_is_long():
    long = {str(path.relative_to(ROOT)): n for _, path in _modules()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}
