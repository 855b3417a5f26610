"""The import directions ARCHITECTURE.md promises, read from the source with `ast` (function-level
imports included): the MicroApps store never imports the Designer, and the interpreter's modules
import each other bottom-up, without cycles. Imports under `if TYPE_CHECKING:` count too: an
annotation that reaches back up a layer is a cycle in what a reader has to hold in mind, even if
it never runs."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parents[2]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for statement in node.body:
                skipped.update(id(inner) for inner in ast.walk(statement))
    return skipped


def imported_modules(path: Path, this: str, known: set[str], *,
                     skip_type_checking: bool) -> set[str]:
    """Every module `path` imports anywhere in its body; `from pkg import sub` counts as `pkg.sub`
    when that is a module, otherwise as `pkg`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_checking_nodes(tree) if skip_type_checking else set()
    package = this.split(".") if path.name == "__init__.py" else this.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package[:len(package) - (node.level - 1)]
                base = ".".join([*parent, *([base] if base else [])])
            for alias in node.names:
                child = f"{base}.{alias.name}"
                found.add(child if child in known else base)
    return found


def package_graph(package: str, *, skip_type_checking: bool = False) -> nx.DiGraph:
    paths = {module_name(path): path for path in (ROOT / package).rglob("*.py")}
    graph = nx.DiGraph()
    graph.add_nodes_from(paths)
    for name, path in paths.items():
        for target in imported_modules(path, name, set(paths),
                                       skip_type_checking=skip_type_checking):
            if target in paths and target != name:
                graph.add_edge(name, target)
    return graph


def test_the_store_never_imports_the_designer() -> None:
    offenders = []
    for path in sorted((ROOT / "microapps_store").rglob("*.py")):
        for target in imported_modules(path, module_name(path), set(),
                                       skip_type_checking=False):
            if target.split(".")[0] == "designer_ui":
                offenders.append(f"{path.relative_to(ROOT)} imports {target}")
    assert offenders == []


def test_the_interpreter_modules_import_each_other_without_cycles() -> None:
    graph = package_graph("interpreter")
    assert len(graph) > 20
    cycles = [cycle for cycle in nx.simple_cycles(graph)]
    assert cycles == []


def test_the_block_layers_read_bottom_up_even_for_annotations() -> None:
    """Block types sit below what compiles and runs them: `blocktype` imports neither the
    compiler nor the engine, while both of those build on it."""
    graph = package_graph("interpreter")
    below_blocktype = nx.descendants(graph, "interpreter.blocktype")
    assert "interpreter.compiler" not in below_blocktype
    assert not any(name.startswith("interpreter.engine.") and name != "interpreter.engine.events"
                   for name in below_blocktype), sorted(below_blocktype)
    assert "interpreter.blocktype" in nx.descendants(graph, "interpreter.compiler")
    assert "interpreter.blocktype" in nx.descendants(graph, "interpreter.engine.engine")


def test_a_type_only_back_edge_is_a_cycle(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "low.py").write_text("from typing import TYPE_CHECKING\n"
                                    "if TYPE_CHECKING:\n    from pkg.high import High\n")
    (package / "high.py").write_text("from pkg.low import Low\n")
    known = {"pkg.low", "pkg.high"}
    strict = imported_modules(package / "low.py", "pkg.low", known, skip_type_checking=False)
    lenient = imported_modules(package / "low.py", "pkg.low", known, skip_type_checking=True)
    assert "pkg.high" in strict and "pkg.high" not in lenient


def test_the_graph_sees_function_level_and_relative_imports(tmp_path: Path) -> None:
    source = tmp_path / "late.py"
    source.write_text("from typing import TYPE_CHECKING\n"
                      "if TYPE_CHECKING:\n    from interpreter import compiler\n"
                      "def f():\n    from . import registry\n    return registry\n")
    found = imported_modules(source, "interpreter.late", {"interpreter.registry"},
                             skip_type_checking=True)
    assert "interpreter.registry" in found
    assert "interpreter.compiler" not in found and "interpreter" not in found
