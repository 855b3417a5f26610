"""What a host hands its analytics events to: anything with `record(events, context)`.

`AnalyticsWriter` is the real one; `NullSink` drops everything (analytics switched off) and
`MemorySink` keeps everything in a list (tests, tools).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from interpreter.engine.effects import AnalyticsEvent
from runtime.analytics.context import AnalyticsContext, as_context
from runtime.analytics.records import EventRecord, event_records

Events = Iterable[AnalyticsEvent | Mapping[str, Any]]


class AnalyticsSink(Protocol):
    def record(self, events: Events, context: AnalyticsContext | Mapping[str, Any]) -> int:
        """Take one step's events; never blocks the caller. Returns how many were taken."""
        ...


class NullSink:
    def record(self, events: Events, context: AnalyticsContext | Mapping[str, Any]) -> int:
        return 0


class MemorySink:
    def __init__(self) -> None:
        self.records: list[EventRecord] = []

    def record(self, events: Events, context: AnalyticsContext | Mapping[str, Any]) -> int:
        added = event_records(list(events), as_context(context))
        self.records.extend(added)
        return len(added)
