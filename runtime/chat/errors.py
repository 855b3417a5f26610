"""Errors of the chat host that a web layer turns into answers (409, 400)."""

from __future__ import annotations


class ChatStateError(Exception):
    """The action does not fit the session's state (it is not queued, not with an agent, …)."""


class SessionClosedError(ChatStateError):
    """The session has ended; nothing more can be sent to it."""
