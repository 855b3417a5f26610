"""Graph checks with networkx: edges, ports, phases, reachability and loops that spin."""

from __future__ import annotations

import networkx as nx

from interpreter.blocktype import INTERACTIVE_PHASES
from interpreter.compiler import CompiledFlow
from interpreter.flow_model import PHASES
from interpreter.problems import Problem, error, warning

NOT_IN_QUEUE = ("route", "transfer")
"""Blocks an in-queue flow cannot hold: its caller is already in a queue."""
NOT_OUTBOUND = ("callback",)
"""An outbound flow already is a callback: booking another from it would loop."""
PHASE_NAMES = {"initialize": "Initialize", "self_service": "Self Service",
               "assisted_service": "Assisted Service", "finalize": "Finalize"}


def block_graph(compiled: CompiledFlow) -> nx.DiGraph:
    graph = nx.DiGraph()
    for block_id, block in compiled.flow.blocks.items():
        graph.add_node(block_id)
        for port, target in block.next.items():
            if target in compiled.flow.blocks:
                graph.add_edge(block_id, target, port=port)
    return graph


def check_graph(compiled: CompiledFlow) -> list[Problem]:
    flow = compiled.flow
    problems: list[Problem] = []
    problems.extend(_check_edges(compiled))
    graph = block_graph(compiled)
    entries: dict[str, str] = {}
    for phase, entry in flow.phases.items():
        if entry not in flow.blocks:
            problems.append(error("unknown_entry", f"The {PHASE_NAMES[phase]} phase starts at "
                                  f"'{entry}', which is not a block of this flow.", None,
                                  f"phases.{phase}"))
        else:
            entries[phase] = entry
    reach = {phase: {entry, *nx.descendants(graph, entry)} for phase, entry in entries.items()}
    problems.extend(_check_phases(compiled, reach, entries, graph))
    problems.extend(_check_loops(compiled, graph))
    return problems


def _check_edges(compiled: CompiledFlow) -> list[Problem]:
    problems: list[Problem] = []
    for block_id, block in compiled.flow.blocks.items():
        compiled_block = compiled.blocks.get(block_id)
        for port, target in block.next.items():
            if compiled_block is not None and port not in compiled_block.ports:
                declared = ", ".join(compiled_block.ports) or "none"
                problems.append(error("unknown_port", f"A '{block.type}' block has no port "
                                      f"'{port}' (its ports: {declared}).", block_id,
                                      f"next.{port}"))
            if target not in compiled.flow.blocks:
                problems.append(error("unknown_target", f"Port '{port}' leads to '{target}', "
                                      "which is not a block of this flow.", block_id,
                                      f"next.{port}"))
    return problems


def _check_phases(compiled: CompiledFlow, reach: dict[str, set[str]], entries: dict[str, str],
                  graph: nx.DiGraph) -> list[Problem]:
    flow = compiled.flow
    problems: list[Problem] = []
    owners: dict[str, list[str]] = {}
    for phase in PHASES:
        for block_id in reach.get(phase, ()):
            owners.setdefault(block_id, []).append(phase)
    entry_phase = {entry: phase for phase, entry in entries.items()}
    for source, target, data in graph.edges(data=True):
        target_phase = entry_phase.get(target)
        source_phases = owners.get(source, [])
        if target_phase and source_phases and target_phase not in source_phases:
            problems.append(error("crosses_phase", f"Port '{data['port']}' jumps into the "
                                  f"{PHASE_NAMES[target_phase]} phase; leave the port "
                                  "unconnected to end this phase instead.", source,
                                  f"next.{data['port']}"))
    for block_id, block in flow.blocks.items():
        phases = owners.get(block_id)
        if not phases:
            problems.append(warning("unreachable", "No path leads to this block, so it never "
                                    "runs.", block_id))
            continue
        if len(phases) > 1 and block_id not in entry_phase:
            names = " and ".join(PHASE_NAMES[p] for p in phases)
            problems.append(error("crosses_phase", f"This block is reached from both the "
                                  f"{names} phases; a block belongs to one phase.", block_id))
        compiled_block = compiled.blocks.get(block_id)
        if compiled_block is None:
            continue
        block_type = compiled_block.type
        if flow.kind == "module":
            allowed = bool(block_type.phases & INTERACTIVE_PHASES) or block_type.phases == set(PHASES)
        else:
            allowed = all(phase in block_type.phases for phase in phases)
        if not allowed:
            where = "a module" if flow.kind == "module" else \
                f"the {PHASE_NAMES[next(p for p in phases if p not in block_type.phases)]} phase"
            permitted = ", ".join(PHASE_NAMES[p] for p in PHASES if p in block_type.phases)
            problems.append(error("phase_not_allowed", f"A '{block.type}' block cannot be used "
                                  f"in {where} (allowed in: {permitted}).", block_id))
        if flow.kind == "in_queue" and block.type in NOT_IN_QUEUE:
            problems.append(error("not_in_queue", f"An in-queue flow runs while the caller "
                                  f"already waits for an agent: it cannot use a "
                                  f"'{block.type}' block; end it with a 'terminate' whose "
                                  "reason is voicemail, callback or leave.", block_id))
        if flow.kind == "outbound" and block.type in NOT_OUTBOUND:
            problems.append(error("not_outbound", f"An outbound flow runs on a call the "
                                  f"callback dialer placed: it cannot use a '{block.type}' "
                                  "block.", block_id))
        if block_type.module_only and flow.kind != "module":
            problems.append(error("module_only", f"A '{block.type}' block can only be used in a "
                                  "module.", block_id))
    if flow.kind == "outbound" and "voice" not in flow.channels:
        problems.append(error("outbound_voice", "An outbound flow runs on a call the callback "
                              "dialer placed: it needs the voice channel.", None, "channels"))
    if "self_service" not in entries and "self_service" not in flow.phases:
        problems.append(error("no_entry", "The flow needs a Self Service phase entry.", None,
                              "phases.self_service"))
    return problems


def _check_loops(compiled: CompiledFlow, graph: nx.DiGraph) -> list[Problem]:
    problems: list[Problem] = []
    for component in nx.strongly_connected_components(graph):
        if len(component) == 1:
            node = next(iter(component))
            if not graph.has_edge(node, node):
                continue
        blocks = [compiled.blocks.get(b) for b in component]
        if any(b is not None and b.type.waits for b in blocks):
            continue
        if _bounded_by_counter(compiled, component, graph):
            continue
        ordered = [b for b in compiled.flow.blocks if b in component]
        shown = ", ".join(ordered[:8]) + (" ..." if len(ordered) > 8 else "")
        problems.append(warning("spinning_loop", f"These blocks form a loop that never waits "
                                f"for the caller ({shown}); it will be stopped after 1,000 "
                                "steps. Add a counter check or a block that waits.", ordered[0]))
    return problems


def _bounded_by_counter(compiled: CompiledFlow, component: set[str], graph: nx.DiGraph) -> bool:
    """A loop with a condition on a variable the loop itself changes, and a way out."""
    written: set[str] = set()
    for block_id in component:
        block = compiled.blocks.get(block_id)
        if block is not None:
            written.update(name for _, name in block.type.written_variables(block.loaded_props))
    if not written:
        return False
    for block_id in component:
        block = compiled.blocks.get(block_id)
        if block is None or block.type.name != "segmentation":
            continue
        reads = set().union(*(names for b, _, names in compiled.expression_reads if b == block_id))
        if not reads & written:
            continue
        exits = [port for port in block.ports
                 if block.next.get(port) is None or block.next.get(port) not in component]
        if exits:
            return True
    return False
