"""Which blocks and ports of which flow a case went through, from the engine's analytics events.

`block_entered` events carry `data.module` inside modules, but `port_taken` events do not, so
the module a port belongs to is followed here: ports are taken by the block entered last,
except when a module returns (or fails) to the `module` block that called it.
"""

from __future__ import annotations

from collections.abc import Iterable

from interpreter.engine.effects import AnalyticsEvent
from runtime.flowtests.results import CaseTrace


def flow_id_of(ref: str) -> str:
    """'pin-check@draft' -> 'pin-check'."""
    return ref.rpartition("@")[0] or ref


def root_path(events: Iterable[AnalyticsEvent]) -> list[str]:
    """The blocks of the flow under test entered, in order (blocks inside modules left out)."""
    return [event.block for event in events
            if event.kind == "block_entered" and event.block is not None
            and not (event.data or {}).get("module")]


def trace_from_events(root_id: str, events: Iterable[AnalyticsEvent]) -> CaseTrace:
    entered: set[tuple[str, str]] = set()
    ports: set[tuple[str, str, str]] = set()
    callers: list[tuple[str, str]] = []
    current, last_block = root_id, None
    for event in events:
        data = event.data or {}
        if event.block is None:
            continue
        if event.kind == "block_entered":
            module = data.get("module")
            current = flow_id_of(module) if module else root_id
            if not module:
                callers.clear()
            last_block = event.block
            entered.add((current, event.block))
        elif event.kind == "module_call":
            callers.append((current, event.block))
        elif event.kind == "port_taken":
            if event.block != last_block:
                while callers:
                    flow, block = callers.pop()
                    if block == event.block:
                        current = flow
                        break
                last_block = event.block
            ports.add((current, event.block, str(data.get("port"))))
    return CaseTrace(frozenset(entered), frozenset(ports))
