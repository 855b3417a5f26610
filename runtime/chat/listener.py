"""Hooks for whoever serves the chat live: push messages to connected clients, report analytics.

The host calls `saved` after every successful save (only the node whose save won, so nothing is
reported twice) and `typing` just before it calls a web service or a bot, so a client can show
a typing indicator while the visitor waits. Subclass and override what you need.
"""

from __future__ import annotations

from interpreter.engine.effects import AnalyticsEvent
from runtime.sessions.records import Message, SessionRecord


class ChatListener:
    def typing(self, session_id: str) -> None:
        """The flow is calling a service; messages will follow."""

    def saved(self, record: SessionRecord, messages: list[Message],
              events: list[AnalyticsEvent]) -> None:
        """A session was saved with these new messages and analytics events."""
