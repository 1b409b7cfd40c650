"""The package layout shows the data flow, and nothing imports in a circle.

Every import counts — at module level, inside functions, under TYPE_CHECKING, and modules named
as strings to `importlib.import_module` (how readers and checks register) — because a cycle
hidden behind a lazy import is still a cycle: it only moves the failure to run time.
"""

from __future__ import annotations

import ast
from pathlib import Path

import ocp_standards

PACKAGE = Path(ocp_standards.__file__).resolve().parent
NAME = "ocp_standards"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES: dict[str, Path] = {
    _module_name(p): p for p in PACKAGE.rglob("*.py") if "_data" not in p.parts
}


def _resolve(module: str, level: int, name: str | None, is_package: bool) -> str:
    if level == 0:
        return name or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (level - 1)] if level > 1 else base
    return ".".join([*base, name] if name else base)


def _known(name: str) -> str | None:
    """The module of ours `name` refers to (a module, or a name inside a package)."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def imports_of(module: str) -> set[str]:
    path = MODULES[module]
    is_package = path.name == "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    string_modules: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(module, node.level, node.module, is_package)
            for alias in node.names:
                found.add(
                    f"{target}.{alias.name}" if f"{target}.{alias.name}" in MODULES else target
                )
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "import_module"
        ):
            # importlib.import_module(f"{__package__}.{name}") over a tuple of names, or a literal.
            string_modules.extend(
                c.value
                for c in ast.walk(node)
                if isinstance(c, ast.Constant) and isinstance(c.value, str)
            )
    if string_modules:
        # Names registered by string: every string constant of the module that names a sibling.
        package = module if is_package else module.rpartition(".")[0]
        for c in ast.walk(tree):
            if isinstance(c, ast.Constant) and isinstance(c.value, str):
                for candidate in (c.value, f"{package}.{c.value}", f"{NAME}.{c.value}"):
                    if candidate in MODULES and candidate != module:
                        found.add(candidate)
    return {k for k in (_known(f) for f in found if f.startswith(NAME)) if k and k != module}


def _graph() -> dict[str, set[str]]:
    graph = {m: imports_of(m) for m in MODULES}
    # Importing a.b.c runs a/__init__ and a/b/__init__ first.
    for deps in graph.values():
        for d in list(deps):
            parts = d.split(".")
            deps.update(
                ".".join(parts[:i]) for i in range(2, len(parts)) if ".".join(parts[:i]) in MODULES
            )
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def _is_package_init_edge(a: str, b: str) -> bool:
    # A package's __init__ re-exporting its own submodules is not a cycle of the data flow.
    return b.startswith(a + ".")


def test_no_import_cycles_lazy_or_not() -> None:
    graph = {
        m: {d for d in deps if not _is_package_init_edge(m, d)} for m, deps in _graph().items()
    }
    found = cycles(graph)
    assert not found, "import cycles:\n" + "\n".join(" <-> ".join(c) for c in found)


def test_the_cycle_finder_finds_a_lazy_cycle() -> None:
    # The test above can fail: a function-level import back is a cycle.
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
    source = "def f():\n    from ocp_standards.runner import check\n"
    tree = ast.parse(source)
    assert any(isinstance(n, ast.ImportFrom) for n in ast.walk(tree))


def test_the_top_level_holds_a_handful_of_modules() -> None:
    top = sorted(
        p.stem for p in PACKAGE.glob("*.py") if p.stem not in {"__init__", "__main__", "_version"}
    )
    assert len(top) <= 8, f"{len(top)} loose modules at the top: {', '.join(top)}"
