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
    """Blocks entered and ports taken, per flow: events inside a module name it in `data.module`."""
    entered: set[tuple[str, str]] = set()
    ports: set[tuple[str, str, str]] = set()
    for event in events:
        if event.block is None:
            continue
        data = event.data or {}
        module = data.get("module")
        flow = flow_id_of(module) if module else root_id
        if event.kind == "block_entered":
            entered.add((flow, event.block))
        elif event.kind == "port_taken":
            ports.add((flow, event.block, str(data.get("port"))))
    return CaseTrace(frozenset(entered), frozenset(ports))
