"""Flow files on disk, indexed by flow id: how the CLI and tests find modules by reference.

A module reference `id@version` matches a file whose flow id is `id`; files on disk are drafts,
so any version matches (`@latest` too). Installed MicroApps plug in as further roots.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from blocks import shared_registry
from interpreter.compiler import CompiledFlow, compile_flow
from interpreter.flow_model import Flow
from interpreter.loader import load_flow
from interpreter.problems import FlowFormatError

MAX_FILES = 5000


def looks_like_flow(path: Path) -> bool:
    """A JSON file whose text names the flow format (cheap check before a full load)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    return b'"designer-flow' in head


def find_flow_files(paths: Iterable[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(p for p in sorted(path.rglob("*.json"))
                         if looks_like_flow(p) and "node_modules" not in p.parts)
        else:
            found.append(path)
        if len(found) > MAX_FILES:
            break
    return found


def project_root(start: Path) -> Path:
    """The nearest folder at or above `start` with pyproject.toml or .git (else `start`)."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / "pyproject.toml").exists() or (folder / ".git").exists():
            return folder
    return start


class FlowLibrary:
    """Loads flow files lazily and answers module look-ups by id."""

    def __init__(self, roots: Iterable[Path]):
        self.roots = [Path(root) for root in roots]
        self._index: dict[str, Path] | None = None
        self._flows: dict[Path, Flow | None] = {}
        self._compiled: dict[str, CompiledFlow] = {}

    @classmethod
    def around(cls, path: Path, extra: Iterable[Path] = ()) -> FlowLibrary:
        """Modules next to `path`, in the folders above it up to the project root, and `extra`."""
        folder = path if path.is_dir() else path.parent
        root = project_root(folder)
        return cls([root, *extra])

    def _build_index(self) -> dict[str, Path]:
        index: dict[str, Path] = {}
        for path in find_flow_files(self.roots):
            try:
                head = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError, RecursionError):
                continue
            if isinstance(head, dict) and isinstance(head.get("id"), str):
                index.setdefault(head["id"], path)
        return index

    def path_of(self, flow_id: str) -> Path | None:
        if self._index is None:
            self._index = self._build_index()
        return self._index.get(flow_id)

    def flow(self, ref: str) -> Flow | None:
        flow_id = ref.rpartition("@")[0] if "@" in ref else ref
        path = self.path_of(flow_id)
        if path is None:
            return None
        if path not in self._flows:
            try:
                self._flows[path] = load_flow(path.read_bytes())
            except (OSError, FlowFormatError):
                self._flows[path] = None
        return self._flows[path]

    def compiled(self, ref: str) -> CompiledFlow:
        """For the engine's module resolver: raises LookupError when the module is missing."""
        flow = self.flow(ref)
        if flow is None:
            raise LookupError(f"module '{ref}' cannot be found")
        key = flow.id
        if key not in self._compiled:
            try:
                self._compiled[key] = compile_flow(flow, shared_registry())
            except FlowFormatError as exc:
                raise LookupError(f"module '{ref}' does not compile: {exc}") from None
        return self._compiled[key]
