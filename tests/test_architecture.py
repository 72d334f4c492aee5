"""The house rules, read from the code's own imports with `ast` so they stay true.

- The foundation (`core`, `tabular`, `analysis`, `privacy`) imports no domain package.
- No package imports another package's forms: shared widgets and fields live in `core.forms`.
- Nothing imports the demo orchestration (`samordna.demo`) from outside it.
- No import circle between modules, counting imports inside functions too
  (a lazy import hides a circle, it does not open it); `TYPE_CHECKING` imports are types only.
- No module over 500 lines, no function over 60.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
FOUNDATION = {"core", "tabular", "analysis", "privacy"}
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 60


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


@cache
def _modules() -> dict[str, Path]:
    return {
        _module_name(path): path
        for path in (SRC / "samordna").rglob("*.py")
        if "migrations" not in path.parts
    }


def _is_type_checking_block(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def _import_nodes(tree: ast.Module) -> Iterator[ast.Import | ast.ImportFrom]:
    stack: list[ast.AST] = list(tree.body)
    while stack:
        node = stack.pop()
        if _is_type_checking_block(node):
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        stack.extend(ast.iter_child_nodes(node))


def _resolve(name: str) -> str | None:
    """The module an imported name lives in (`a.b.c` may be the name `c` of module `a.b`)."""
    modules = _modules()
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


@cache
def _imports() -> dict[str, frozenset[str]]:
    """Each samordna module and the samordna modules it imports."""
    graph: dict[str, frozenset[str]] = {}
    for module, path in _modules().items():
        targets = set()
        for node in _import_nodes(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif node.module and node.level == 0:
                names = [f"{node.module}.{alias.name}" for alias in node.names]
            else:
                continue
            for name in names:
                target = _resolve(name) if name.startswith("samordna.") else None
                # A package's submodule importing its own package is no edge of a circle.
                if target and target != module and not module.startswith(target + "."):
                    targets.add(target)
        graph[module] = frozenset(targets)
    return graph


def _package(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _is_forms_module(module: str) -> bool:
    last = module.rpartition(".")[2]
    return last == "forms" or last.startswith("forms_") or last.endswith("_forms")


def _circles(graph: dict[str, frozenset[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_reader_sees_the_houses_packages():
    graph = _imports()
    assert "samordna.reports.services" in graph
    assert "samordna.reports.models" in graph["samordna.reports.services"]
    assert {"core", "reports", "problems", "interventions", "cases"} <= {_package(m) for m in graph}


def test_the_circle_finder_finds_a_circle():
    graph = {"a": frozenset({"b"}), "b": frozenset({"c"}), "c": frozenset({"a"}), "d": frozenset()}
    assert _circles(graph) == [["a", "b", "c"]]


def test_the_foundation_imports_no_domain():
    wrong = [
        (module, target)
        for module, targets in _imports().items()
        if _package(module) in FOUNDATION
        for target in targets
        if _package(target) not in FOUNDATION
    ]
    assert wrong == []


def test_no_package_imports_another_packages_forms():
    wrong = [
        (module, target)
        for module, targets in _imports().items()
        for target in targets
        # The foundation's forms (`core.forms`) are the shared room for widgets and fields.
        if _is_forms_module(target)
        and _package(target) != _package(module)
        and _package(target) not in FOUNDATION
    ]
    assert wrong == []


def test_only_the_demo_command_reaches_the_demo_orchestration():
    wrong = [
        (module, target)
        for module, targets in _imports().items()
        for target in targets
        if _package(target) == "demo" and _package(module) != "demo"
    ]
    assert wrong == []


def test_no_import_circle():
    assert _circles(dict(_imports())) == []


def test_no_module_over_500_lines():
    long = {
        module: lines
        for module, path in _modules().items()
        if (lines := path.read_text(encoding="utf-8").count("\n")) > MAX_MODULE_LINES
    }
    assert long == {}


def test_no_function_over_60_lines():
    long = []
    for module, path in _modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                assert node.end_lineno is not None
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long.append((module, node.name, lines))
    assert long == []
