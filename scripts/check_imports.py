"""Check the project's import rules by reading the source (nothing is imported or run).

    .venv/bin/python scripts/check_imports.py           # qa/ and store/
    .venv/bin/python scripts/check_imports.py --sizes   # also list modules over 400 lines, functions over 50

Rules (exit code 1 when one is broken, each offence on its own line):
- no import cycle between project modules. Imports inside functions count (a cycle dodged by a late import
  is still a cycle); imports under `if TYPE_CHECKING:` do not (they never run). Only explicit imports are
  edges: importing `qa.eval.run` also runs `qa/__init__.py`, which is not counted.
- `store/` never imports `qa/` (not even for type checking).
- only the CLI (qa/cli/), the Gradio app (qa/ui/app.py) and the service (qa/service/) import the interface
  frameworks (typer, gradio, fastapi); only qa/service/mcp_server.py imports the MCP SDK (mcp, mcp_types);
  only qa/llama_index.py and qa/llm/ import llama-index.
- the retriever (qa/retrieve/) imports nothing from qa/answer/ (not even for type checking).
"""

from __future__ import annotations

import argparse
import ast
import sys
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("qa", "store")
FRAMEWORK_HOMES = ("qa/cli/*.py", "qa/ui/app.py", "qa/service/*.py")
MCP_HOMES = ("qa/service/mcp_server.py",)
LLAMA_INDEX_HOMES = ("qa/llama_index.py", "qa/llm/*.py")
# top-level package -> the only modules that may import it
HOMES = {
    "typer": FRAMEWORK_HOMES,
    "gradio": FRAMEWORK_HOMES,
    "fastapi": FRAMEWORK_HOMES,
    "mcp": MCP_HOMES,
    "mcp_types": MCP_HOMES,
    "llama_index": LLAMA_INDEX_HOMES,
}
# package -> project packages it may never import
FORBIDDEN = {"store": ("qa",), "qa.retrieve": ("qa.answer",)}
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 50


@dataclass(frozen=True)
class Import:
    module: str  # the imported module, resolved to a project module when it is one
    line: int
    type_only: bool  # under `if TYPE_CHECKING:`


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules() -> dict[str, Path]:
    return {
        module_name(path): path
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if "__pycache__" not in path.parts
    }


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _absolute(node: ast.ImportFrom, current: str, is_package: bool) -> str:
    """The module an ImportFrom names, with relative imports (`from . import x`) made absolute."""
    if not node.level:
        return node.module or ""
    base = current.split(".") if is_package else current.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def imports_of(path: Path, modules: dict[str, Path]) -> list[Import]:
    """Every import statement of a file; `from a import b` resolves to `a.b` when that is a module."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    current, is_package = module_name(path), path.name == "__init__.py"
    type_only_nodes: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            type_only_nodes.update(id(child) for stmt in node.body for child in ast.walk(stmt))
    found: list[Import] = []
    for node in ast.walk(tree):
        type_only = id(node) in type_only_nodes
        if isinstance(node, ast.Import):
            found += [Import(alias.name, node.lineno, type_only) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node, current, is_package)
            for alias in node.names:
                target = f"{base}.{alias.name}"
                found.append(Import(target if target in modules else base, node.lineno, type_only))
    return found


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (or a module importing itself), each as
    one cycle through its members (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    for root in sorted(graph):
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
                    work.append((child, iter(sorted(graph[child]))))
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
                if len(component) > 1 or node in graph[node]:
                    components.append(_cycle_through(sorted(component), graph))
    return components


def _cycle_through(component: list[str], graph: dict[str, set[str]]) -> list[str]:
    """One concrete cycle a → … → a inside a strongly connected component (breadth-first, shortest)."""
    start, members = component[0], set(component)
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for child in sorted(graph[node] & members):
            if child == start:
                return [*paths[node], start]
            if child not in paths:
                paths[child] = [*paths[node], child]
                queue.append(child)
    return [*component, start]


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(f"{package}.")


def rule_offences(modules: dict[str, Path], imports: dict[str, list[Import]]) -> list[str]:
    offences: list[str] = []
    for name, found in imports.items():
        rel = modules[name].relative_to(ROOT).as_posix()
        for imp in found:
            top = imp.module.split(".")[0]
            for package, forbidden in FORBIDDEN.items():
                for other in forbidden:
                    if _within(name, package) and _within(imp.module, other):
                        never = f"{package} never imports {other}"
                        offences.append(f"{rel}:{imp.line}: {package} imports {imp.module} ({never})")
            if top in HOMES and not any(fnmatch(rel, home) for home in HOMES[top]):
                homes = ", ".join(HOMES[top])
                offences.append(f"{rel}:{imp.line}: imports {imp.module} (only {homes} may)")
    return offences


def size_notes(modules: dict[str, Path]) -> list[str]:
    notes: list[str] = []
    for path in modules.values():
        rel = path.relative_to(ROOT).as_posix()
        text = path.read_text(encoding="utf-8")
        if (lines := text.count("\n")) > MAX_MODULE_LINES:
            notes.append(f"{rel}: {lines} lines (over {MAX_MODULE_LINES})")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    notes.append(f"{rel}:{node.lineno}: {node.name}() has {length} lines")
    return notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", action="store_true", help="also list long modules and functions")
    args = parser.parse_args(argv)
    modules = project_modules()
    imports = {name: imports_of(path, modules) for name, path in modules.items()}
    graph = {
        name: {i.module for i in found if not i.type_only and i.module in modules and i.module != name}
        for name, found in imports.items()
    }
    cycles = find_cycles(graph)
    offences = [f"import cycle: {' -> '.join(cycle)}" for cycle in cycles] + rule_offences(modules, imports)
    for line in offences:
        print(line)
    if args.sizes:
        for note in size_notes(modules):
            print(f"size: {note}")
    print(f"{len(modules)} modules, {sum(map(len, graph.values()))} imports between them: "
          f"{len(cycles)} cycles, {len(offences) - len(cycles)} rule offences")  # fmt: skip
    return 1 if offences else 0


if __name__ == "__main__":
    sys.exit(main())
