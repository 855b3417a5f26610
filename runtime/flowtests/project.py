"""Finds the flows a test needs: the flow under test by id, and the modules it calls.

Flow files are `*.json` documents with `"format": "designer-flow"`. They are looked up in the
test file's folder and each parent folder up to the project root (the nearest folder with a
`pyproject.toml` or `.git`), in each folder itself and in its `flows/` and `modules/`
subfolders, then recursively in any extra module folders (installed MicroApps). The nearest
file wins. A module reference matches by id whatever its version (`@1`, `@latest`): a folder
of flow files holds one version of each flow, the one being tested.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from interpreter.compiler import CompiledFlow, compile_flow
from interpreter.flow_model import FORMAT_NAME, Flow
from interpreter.loader import load_flow
from interpreter.problems import FlowFormatError
from interpreter.registry import BlockRegistry

PROJECT_MARKERS = ("pyproject.toml", ".git")
FLOW_SUBFOLDERS = ("flows", "modules")


def project_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` holding a project marker; None when there is none."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if any((folder / marker).exists() for marker in PROJECT_MARKERS):
            return folder
    return None


def search_folders(start: Path) -> list[Path]:
    """The folders searched for flow files, nearest first, up to the project root."""
    start = start.resolve()
    root = project_root(start)
    chain: list[Path] = []
    for folder in (start, *start.parents):
        chain.append(folder)
        if folder == root:
            break
    return [candidate for folder in chain
            for candidate in (folder, *(folder / sub for sub in FLOW_SUBFOLDERS))
            if candidate.is_dir()]


@dataclass(frozen=True)
class FlowFile:
    path: Path
    flow: Flow
    installed: bool
    """Found in an extra module folder (an installed MicroApp) rather than in the project."""


class ModuleLoadError(LookupError):
    """A module that is found but cannot be loaded or compiled."""


class FlowLibrary:
    """The flow files visible from one test file, loaded and compiled on first use."""

    def __init__(self, start: Path, registry: BlockRegistry, module_paths: Sequence[Path] = ()):
        self.registry = registry
        self._folders = search_folders(start)
        self._module_paths = [Path(path).resolve() for path in module_paths]
        self._found: dict[str, FlowFile | ModuleLoadError | None] = {}
        self._compiled: dict[Path, CompiledFlow] = {}

    @property
    def folders(self) -> list[Path]:
        return [*self._folders, *self._module_paths]

    def find(self, flow_id: str) -> FlowFile | None:
        """The nearest flow file with this id (or 'namespace/id' under a folder so named).

        Raises ModuleLoadError when the file with this id is not a valid flow document.
        """
        if flow_id not in self._found:
            self._found[flow_id] = self._search(flow_id)
        found = self._found[flow_id]
        if isinstance(found, ModuleLoadError):
            raise found
        return found

    def lookup(self, ref: str) -> Flow | None:
        """The validator's module lookup: 'id@version' to a loaded flow, or None."""
        try:
            found = self.find(ref.rpartition("@")[0] or ref)
        except ModuleLoadError:
            return None
        return found.flow if found is not None else None

    def resolve(self, ref: str) -> CompiledFlow:
        """The engine's module resolver: 'id@version' to a compiled flow; LookupError if none."""
        module_id = ref.rpartition("@")[0] or ref
        found = self.find(module_id)
        if found is None:
            raise LookupError(f"module '{ref}' cannot be found (searched "
                              f"{', '.join(str(folder) for folder in self.folders)})")
        return self.compile(found)

    def compile(self, found: FlowFile) -> CompiledFlow:
        compiled = self._compiled.get(found.path)
        if compiled is None:
            try:
                compiled = compile_flow(found.flow, self.registry)
            except FlowFormatError as exc:
                raise ModuleLoadError(f"module '{found.flow.id}' ({found.path}) does not "
                                      f"compile: {exc}") from None
            self._compiled[found.path] = compiled
        return compiled

    def compiled_files(self) -> list[tuple[FlowFile, CompiledFlow]]:
        """Every flow compiled so far (modules that cases called), for coverage."""
        by_path = {found.path: found for found in self._found.values()
                   if isinstance(found, FlowFile)}
        return [(by_path[path], flow) for path, flow in self._compiled.items() if path in by_path]

    def _search(self, flow_id: str) -> FlowFile | ModuleLoadError | None:
        namespace, _, name = flow_id.rpartition("/")
        for folder, installed in self._candidate_folders():
            for path in _flow_files(folder, recursive=installed):
                if namespace and path.parent.name != namespace:
                    continue
                document = _flow_document(path)
                if document is None or document.get("id") != name:
                    continue
                try:
                    return FlowFile(path, load_flow(document), installed)
                except FlowFormatError as exc:
                    return ModuleLoadError(f"the flow '{name}' in {path} cannot be loaded: "
                                           f"{exc}")
        return None

    def _candidate_folders(self) -> Iterator[tuple[Path, bool]]:
        for folder in self._folders:
            yield folder, False
        for folder in self._module_paths:
            yield folder, True


def _flow_files(folder: Path, *, recursive: bool) -> list[Path]:
    pattern = folder.rglob("*.json") if recursive else folder.glob("*.json")
    return sorted(path for path in pattern if path.is_file())


def _flow_document(path: Path) -> dict[str, Any] | None:
    """The JSON of a file that is a flow document; None for other JSON or unreadable files."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(document, dict) or not str(document.get("format", "")).startswith(
            FORMAT_NAME):
        return None
    return document


def read_flow_file(path: Path) -> Flow:
    """The flow under test, from its file; raises FlowFormatError or OSError."""
    return load_flow(path.read_bytes())
