"""Sessions built from engine-shaped events, and runs of the example flows through the engine."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from blocks import shared_registry
from interpreter.compiler import CompiledFlow, compile_flow
from interpreter.engine.effects import AnalyticsEvent
from interpreter.loader import load_flow
from runtime.analytics.context import AnalyticsContext
from runtime.analytics.records import EventRecord, event_records

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "flows"


@functools.cache
def example(flow_id: str) -> CompiledFlow:
    return compile_flow(load_flow((EXAMPLES / f"{flow_id}.json").read_text()), shared_registry())


def compiled(document: dict[str, Any]) -> CompiledFlow:
    return compile_flow(load_flow(json.dumps(document)), shared_registry())


def context(session_id: str, flow_id: str = "demo", version: str = "1", channel: str = "voice",
            **extra: str) -> AnalyticsContext:
    return AnalyticsContext(session_id=session_id, flow_id=flow_id, flow_version=version,
                            channel=channel, **extra)


class SessionScript:
    """Writes a session's events the way the engine numbers them, with chosen timestamps."""

    def __init__(self, session_id: str, start: float, **context_values: str):
        self.context = context(session_id, **context_values)
        self.seq = 0
        self.now = start
        self.events: list[AnalyticsEvent] = []

    def at(self, ts: float) -> SessionScript:
        self.now = ts
        return self

    def add(self, kind: str, block: str | None = None, **data: Any) -> SessionScript:
        self.seq += 1
        self.events.append(AnalyticsEvent(self.seq, kind, block, self.now, data or None))
        return self

    def visit(self, block: str, port: str | None = None, **data: Any) -> SessionScript:
        self.add("block_entered", block, **data)
        if port is not None:
            self.add("port_taken", block, port=port, **data)
        return self

    def records(self) -> list[EventRecord]:
        return event_records(self.events, self.context)
