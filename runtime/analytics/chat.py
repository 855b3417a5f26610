"""Chat sessions into analytics: the context of a chat session record, and a listener that
forwards each saved step's events to a sink.

The chat host calls `ChatListener.saved` only on the node whose save won, so every step's
events are reported once, whichever node ran it.
"""

from __future__ import annotations

from interpreter.engine.effects import AnalyticsEvent
from runtime.analytics.context import LIVE, AnalyticsContext
from runtime.analytics.sink import AnalyticsSink
from runtime.chat.listener import ChatListener
from runtime.sessions.records import Message, SessionRecord


def chat_context(record: SessionRecord, origin: str = LIVE) -> AnalyticsContext:
    flow = record.flow
    return AnalyticsContext(session_id=record.id, flow_id=flow.id, flow_version=flow.version,
                            channel=record.channel, environment=flow.environment,
                            entry_point=flow.entry_point, origin=origin)


class AnalyticsChatListener(ChatListener):
    """Reports analytics, then passes every call on to `inner` (SSE push, …) if given."""

    def __init__(self, sink: AnalyticsSink, inner: ChatListener | None = None,
                 origin: str = LIVE):
        self.sink = sink
        self.inner = inner or ChatListener()
        self.origin = origin

    def typing(self, session_id: str) -> None:
        self.inner.typing(session_id)

    def saved(self, record: SessionRecord, messages: list[Message],
              events: list[AnalyticsEvent]) -> None:
        self.sink.record(events, chat_context(record, self.origin))
        self.inner.saved(record, messages, events)
