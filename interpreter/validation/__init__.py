"""Flow validation: everything the Designer checks on save and publish, in one call.

`validate_flow` compiles a loaded flow's blocks (props, expressions) and checks its graph,
variables, modules and channels. Errors block publishing; warnings are shown but do not.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from interpreter.compiler import CompiledFlow, compile_blocks
from interpreter.flow_model import Flow
from interpreter.loader import load_flow
from interpreter.problems import FlowFormatError, Problem
from interpreter.registry import BlockRegistry
from interpreter.validation.content import ResourceLookup, check_content, check_resources
from interpreter.validation.graph import check_graph
from interpreter.validation.references import check_channels, check_modules, check_variables

ModuleLookup = Callable[[str], Flow | None]
"""Finds a module flow by reference ('id@version' or 'id@latest'); None when there is none."""


def check_flow(flow: Flow, registry: BlockRegistry, *, modules: ModuleLookup | None = None,
               resources: ResourceLookup | None = None) -> tuple[CompiledFlow, list[Problem]]:
    """Compile and validate in one pass; the compiled flow is runnable when no problem is an
    error, so callers that validate and then run need not compile twice."""
    compiled, problems = compile_blocks(flow, registry)
    problems.extend(check_content(compiled))
    problems.extend(check_graph(compiled))
    problems.extend(check_variables(compiled))
    problems.extend(check_channels(compiled))
    problems.extend(check_modules(compiled, modules))
    problems.extend(check_resources(compiled, resources))
    return compiled, _ordered(flow, problems)


def validate_flow(flow: Flow, registry: BlockRegistry, *, modules: ModuleLookup | None = None,
                  resources: ResourceLookup | None = None) -> list[Problem]:
    """Every problem of the flow; `resources` (when given) says which bots, data tables and
    announcements exist, and names it does not know are warnings."""
    return check_flow(flow, registry, modules=modules, resources=resources)[1]


def validate_document(source: str | bytes | dict[str, Any], registry: BlockRegistry, *,
                      modules: ModuleLookup | None = None, resources: ResourceLookup | None = None
                      ) -> tuple[Flow | None, list[Problem]]:
    """Load and validate; a document that cannot be loaded gives (None, its problems)."""
    try:
        flow = load_flow(source)
    except FlowFormatError as exc:
        return None, exc.problems
    return flow, validate_flow(flow, registry, modules=modules, resources=resources)


def _ordered(flow: Flow, problems: list[Problem]) -> list[Problem]:
    order = {block_id: index for index, block_id in enumerate(flow.blocks)}
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=lambda p: (p.severity != "error", order.get(p.block_id or "", -1),
                                         p.path))


__all__ = ["CompiledFlow", "ModuleLookup", "ResourceLookup", "check_flow", "validate_document",
           "validate_flow"]
