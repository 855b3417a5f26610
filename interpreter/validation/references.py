"""Checks across the flow: variables read and written, prompts, channels and module calls."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import networkx as nx

from interpreter.compiler import CompiledFlow
from interpreter.flow_model import Flow
from interpreter.problems import Problem, error, warning

RESERVED_NAMES = frozenset({"system", "undefined", "null", "true", "false", "NaN", "Infinity",
                            "Math", "JSON", "Time", "Object", "Array", "Number", "String",
                            "Boolean"})


def check_variables(compiled: CompiledFlow) -> list[Problem]:
    flow = compiled.flow
    declared = set(flow.variables)
    problems: list[Problem] = []
    for name in declared & RESERVED_NAMES:
        problems.append(error("reserved_name", f"'{name}' is a reserved name and cannot be a "
                              "variable.", None, f"variables.{name}"))
    for block_id, path, names in compiled.expression_reads:
        where_block, where_path = _location(block_id, path)
        for name in sorted(names - declared - {"system"}):
            problems.append(error("undeclared_variable", f"'{name}' is not a variable of this "
                                  "flow; declare it in the flow's variables.", where_block,
                                  where_path))
    for block_id, block in compiled.blocks.items():
        raw = flow.blocks[block_id].props
        for path, name in block.type.written_variables(block.loaded_props):
            if name == "system":
                problems.append(error("read_only", "System variables cannot be changed.",
                                      block_id, path))
            elif name not in declared:
                problems.append(error("undeclared_variable", f"'{name}' is not a variable of "
                                      "this flow; declare it in the flow's variables.",
                                      block_id, path))
        problems.extend(_check_prompt_refs(flow, block_id, raw))
    for kind in ("inputs", "outputs"):
        for name in getattr(flow, kind):
            if name not in declared:
                problems.append(error("undeclared_variable", f"Module {kind[:-1]} '{name}' must "
                                      "also be declared as a variable.", None, kind))
    for prompt_id, variants in flow.prompts.items():
        for language in variants:
            if language not in flow.languages:
                problems.append(warning("unknown_language", f"Prompt '{prompt_id}' has text for "
                                        f"{language}, which is not one of the flow's "
                                        "languages.", None, f"prompts.{prompt_id}.{language}"))
    return problems


def _location(block_id: str, path: str) -> tuple[str | None, str]:
    if block_id.startswith("prompt:"):
        return None, f"prompts.{block_id[7:]}.{path}"
    return block_id, path


def _check_prompt_refs(flow: Flow, block_id: str, props: Any, path: str = "props"
                       ) -> list[Problem]:
    problems: list[Problem] = []
    if isinstance(props, Mapping):
        if set(props) == {"prompt"} and isinstance(props["prompt"], str):
            if props["prompt"] not in flow.prompts:
                problems.append(error("unknown_prompt", f"There is no prompt named "
                                      f"'{props['prompt']}' in this flow's prompt library.",
                                      block_id, path))
            return problems
        for key, value in props.items():
            problems.extend(_check_prompt_refs(flow, block_id, value, f"{path}.{key}"))
    elif isinstance(props, list | tuple):
        for index, value in enumerate(props):
            problems.extend(_check_prompt_refs(flow, block_id, value, f"{path}[{index}]"))
    return [_strip_props(p) for p in problems]


def _strip_props(problem: Problem) -> Problem:
    if problem.path.startswith("props."):
        return Problem(problem.severity, problem.code, problem.message, problem.block_id,
                       problem.path[6:])
    return problem


def check_channels(compiled: CompiledFlow) -> list[Problem]:
    flow = compiled.flow
    problems: list[Problem] = []
    for block_id, block in compiled.blocks.items():
        missing = [c for c in flow.channels if c not in block.type.channels]
        if not missing:
            continue
        served = " and ".join(sorted(block.type.channels))
        if len(missing) == len(flow.channels):
            problems.append(error("wrong_channel", f"A '{block.type.name}' block works only on "
                                  f"{served}, which this flow does not serve.", block_id))
        else:
            problems.append(warning("channel_only", f"A '{block.type.name}' block works only on "
                                    f"{served}; on {' and '.join(missing)} this path will fail.",
                                    block_id))
    return problems


def check_modules(compiled: CompiledFlow,
                  lookup: Callable[[str], Flow | None] | None) -> list[Problem]:
    flow = compiled.flow
    problems: list[Problem] = []
    if lookup is None:
        return problems
    for block_id, block in compiled.blocks.items():
        if block.type.name != "module":
            continue
        ref = block.props["module"]
        module = lookup(ref)
        if module is None:
            problems.append(error("unknown_module", f"The module '{ref}' cannot be found; "
                                  "install it or check its name and version.", block_id,
                                  "module"))
            continue
        if module.kind != "module":
            problems.append(error("not_a_module", f"'{ref}' is an application flow, not a "
                                  "module.", block_id, "module"))
            continue
        for name in block.props["inputs"]:
            if name not in module.inputs:
                problems.append(error("module_signature", f"Module '{ref}' has no input "
                                      f"'{name}' (its inputs: {', '.join(module.inputs) or 'none'}).",
                                      block_id, f"inputs.{name}"))
        for name in module.inputs:
            if name not in block.props["inputs"]:
                problems.append(warning("module_signature", f"Module input '{name}' is not "
                                        "given; the module will use its default.", block_id,
                                        "inputs"))
        for name in block.props["outputs"]:
            if name not in module.outputs:
                problems.append(error("module_signature", f"Module '{ref}' has no output "
                                      f"'{name}' (its outputs: {', '.join(module.outputs) or 'none'}).",
                                      block_id, f"outputs.{name}"))
        missing = [c for c in flow.channels if c not in module.channels]
        if missing:
            problems.append(error("module_channel", f"Module '{ref}' does not serve "
                                  f"{' and '.join(missing)}.", block_id, "module"))
    problems.extend(_check_module_cycles(flow, lookup))
    return problems


def _check_module_cycles(flow: Flow, lookup: Callable[[str], Flow | None]) -> list[Problem]:
    graph = nx.DiGraph()
    pending = [(flow.id, flow)]
    seen: set[str] = set()
    while pending and len(seen) < 500:
        name, current = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        for block in current.blocks.values():
            ref = block.props.get("module") if block.type == "module" else None
            if not isinstance(ref, str):
                continue
            module = lookup(ref)
            target = module.id if module is not None else ref.partition("@")[0]
            graph.add_edge(name, target, block=block.id)
            if module is not None:
                pending.append((module.id, module))
    try:
        cycle = nx.find_cycle(graph, flow.id)
    except (nx.NetworkXNoCycle, nx.NetworkXError):
        return []
    chain = " → ".join([edge[0] for edge in cycle] + [cycle[0][0]])
    first = graph.edges[cycle[0][0], cycle[0][1]]["block"] if cycle[0][0] == flow.id else None
    return [error("module_cycle", f"Modules call each other in a circle ({chain}); that would "
                  "never end.", first, "module")]
