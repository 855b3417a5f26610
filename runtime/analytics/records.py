"""The stored form of one engine analytics event, and the rule that keeps values out of it.

Analytics must never hold what a caller typed or what a flow computed (a `secure` PIN, an
account number in a URL, a bot's slots). Rather than scrubbing values we do not know, every
event kind keeps only an allow-listed set of data fields whose contents come from the flow's
design (port names, milestone names, outcomes, reasons), never from variables. An error keeps
its type but not its message, which may quote values.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from interpreter.engine.effects import AnalyticsEvent
from runtime.analytics.context import AnalyticsContext

ALLOWED_DATA: dict[str, tuple[str, ...]] = {
    "session_start": ("flow", "version", "channel"),
    "phase": ("phase",),
    "block_entered": (),
    "port_taken": ("port",),
    "milestone": ("name",),
    "error": ("type",),
    "input_outcome": ("outcome", "attempt"),
    "bot_intent": ("bot", "intent", "confidence", "state"),
    "route_result": ("status",),
    "transfer_result": ("status",),
    "module_call": ("call",),
    "module_return": (),
    "hangup": ("reason",),
    "session_end": ("reason",),
    "survey_answer": ("survey", "question", "type", "scale", "answer", "queue", "agent"),
    "callback_offered": ("queue", "mode"),
    "callback_accepted": ("queue", "callback_id", "kind", "origin"),
    "callback_scheduled": ("queue", "callback_id"),
    "callback_dialed": ("queue", "callback_id", "attempt"),
    "callback_connected": ("queue", "callback_id", "attempt", "sip_code"),
    "callback_failed": ("queue", "callback_id", "reason", "sip_code", "attempt"),
    "callback_abandoned": ("queue", "callback_id"),
}
"""Callback events (see `callback_events`) keep the queue and the SIP result, never the
customer's number or the attached data."""
LONG_TEXT: dict[tuple[str, str], int] = {("survey_answer", "answer"): 2000}
"""Fields that may hold more than `MAX_TEXT` characters: a survey's free-text answer, which the
caller gives to be kept (the one place a caller's words reach analytics, see docs/analytics.md)."""
MAX_TEXT = 100
MAX_KIND, MAX_BLOCK = 24, 64


def _scalar(value: Any) -> Any:
    if type(value) is str:
        return value[:MAX_TEXT]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        return value
    return str(value)[:MAX_TEXT]


def safe_data(kind: str, data: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The event's data reduced to the fields analytics may keep (None when nothing is left)."""
    if not data:
        return None
    kept: dict[str, Any] | None = None
    for key in ALLOWED_DATA.get(kind, ()):
        if key in data:
            if kept is None:
                kept = {}
            value = data[key]
            limit = LONG_TEXT.get((kind, key))
            kept[key] = value[:limit] if limit and type(value) is str else _scalar(value)
    return kept


class EventRecord(NamedTuple):
    """One event as stored: `session_id:seq` is its id, so a replay never duplicates it.

    A named tuple rather than a dataclass: the writer builds one per event, and a tuple is the
    cheapest object Python makes."""

    context: AnalyticsContext
    seq: int
    kind: str
    block: str | None
    ts: float
    module: str | None = None
    data: dict[str, Any] | None = None

    @property
    def session_id(self) -> str:
        return self.context.session_id

    @property
    def event_id(self) -> str:
        return f"{self.context.session_id}:{self.seq}"

    def to_json(self) -> dict[str, Any]:
        return {"context": self.context.to_json(), "seq": self.seq, "kind": self.kind,
                "block": self.block, "ts": self.ts, "module": self.module, "data": self.data}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> EventRecord:
        return cls(AnalyticsContext.from_mapping(data["context"]), int(data["seq"]),
                   str(data["kind"]), data.get("block"), float(data["ts"]), data.get("module"),
                   data.get("data"))


def event_record(event: AnalyticsEvent | Mapping[str, Any], context: AnalyticsContext) -> EventRecord:
    """An engine event (or its JSON form) as a record, with only the data analytics may keep."""
    if isinstance(event, AnalyticsEvent):
        seq, kind, block, ts, data = event.seq, event.kind, event.block, event.ts, event.data
    else:
        seq, kind, block, ts = int(event["seq"]), str(event["kind"]), event.get("block"), \
            float(event["ts"])
        data = event.get("data")
    return _record(context, seq, kind, block, ts, data)


def event_records(events: Iterable[AnalyticsEvent | Mapping[str, Any]],
                  context: AnalyticsContext) -> list[EventRecord]:
    records: list[EventRecord] = []
    append = records.append
    for event in events:
        if type(event) is AnalyticsEvent:  # the engine's own events: the common case, inline
            kind, block, data = event.kind, event.block, event.data
            if data or type(kind) is not str or (block and len(block) > MAX_BLOCK):
                append(_record(context, event.seq, kind, block, event.ts, data))
            else:
                append(_new_record(EventRecord, (context, int(event.seq), kind[:MAX_KIND],
                                                 block or None, float(event.ts), None, None)))
        else:
            append(event_record(event, context))
    return records


_new_record = tuple.__new__


def _record(context: AnalyticsContext, seq: Any, kind: Any, block: str | None, ts: Any,
            data: Mapping[str, Any] | None) -> EventRecord:
    if type(kind) is not str:
        kind = str(kind)
    module = kept = None
    if data:
        named = data.get("module")
        if named:
            module = str(named)[:MAX_TEXT] or None
        kept = safe_data(kind, data)
    return _new_record(EventRecord, (context, int(seq), kind[:MAX_KIND],
                                     block[:MAX_BLOCK] if block else None, float(ts), module,
                                     kept))
