"""Module look-ups for a package's flows: its own flows and those of its resolved dependencies.

Inside a MicroApp every module call is namespaced (`publisher/flow@selector`): a package cannot
reach the flows of whatever Designer it lands in, only its own flows and the MicroApps it
declares. The same look-up serves validation (loaded flows) and the flow-test run (files).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from blocks.module_call import split_module_ref
from interpreter.flow_model import Flow
from interpreter.loader import load_flow
from interpreter.problems import FlowFormatError
from microapps_store import versions
from microapps_store.package.manifest import publisher_of


class ModuleSet(Protocol):
    """Anything holding a MicroApp's flows: a package, or a MicroApp installed in a Designer."""

    @property
    def name(self) -> str: ...

    @property
    def version(self) -> str: ...

    @property
    def flows(self) -> dict[str, dict[str, Any]]: ...


def module_refs(document: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(block id, module reference) of every module block in a flow document."""
    found: list[tuple[str, str]] = []
    blocks = document.get("blocks")
    for block_id, block in (blocks.items() if isinstance(blocks, dict) else []):
        props = block.get("props") if isinstance(block, dict) else None
        if isinstance(block, dict) and block.get("type") == "module" and isinstance(props, dict):
            ref = props.get("module")
            if isinstance(ref, str):
                found.append((block_id, ref))
    return found


class PackageModules:
    """Resolves `publisher/flow@selector` among a package and its dependencies."""

    def __init__(self, package: ModuleSet, dependencies: Mapping[str, ModuleSet]):
        self.sets = [package, *dependencies.values()]
        self._loaded: dict[tuple[str, str], Flow | None] = {}

    def owner(self, module_id: str) -> ModuleSet | None:
        """The MicroApp that holds `publisher/flow`, or None."""
        namespace, _, flow_id = module_id.partition("/")
        return next((item for item in self.sets if publisher_of(item.name) == namespace
                     and flow_id in item.flows), None)

    def document(self, ref: str) -> tuple[ModuleSet, dict[str, Any]] | None:
        module_id, selector = split_module_ref(ref)
        owner = self.owner(module_id)
        if owner is None or versions.select([owner.version], selector) is None:
            return None
        return owner, owner.flows[module_id.partition("/")[2]]

    def lookup(self, ref: str) -> Flow | None:
        """The validator's look-up."""
        found = self.document(ref)
        if found is None:
            return None
        owner, document = found
        key = (owner.name, str(document.get("id")))
        if key not in self._loaded:
            try:
                self._loaded[key] = load_flow(document, version=owner.version)
            except FlowFormatError:
                self._loaded[key] = None
        return self._loaded[key]
