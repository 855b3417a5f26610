"""Live sessions of the chat runtime: records, transcripts, timers, and the stores keeping them."""

from runtime.sessions.errors import (
    DuplicateMessageError,
    SessionExistsError,
    SessionNotFoundError,
    SessionStoreError,
    StaleSessionError,
)
from runtime.sessions.factory import open_session_store
from runtime.sessions.records import (
    ACTIVE,
    AGENT,
    ENDED,
    FLOW,
    QUEUED,
    SYSTEM,
    VISITOR,
    WITH_AGENT,
    FlowRef,
    Message,
    SessionRecord,
    Timer,
)
from runtime.sessions.store import Saved, SessionStore

__all__ = [
    "ACTIVE", "AGENT", "ENDED", "FLOW", "QUEUED", "SYSTEM", "VISITOR", "WITH_AGENT",
    "DuplicateMessageError", "FlowRef", "Message", "Saved", "SessionExistsError",
    "SessionNotFoundError", "SessionRecord", "SessionStore", "SessionStoreError",
    "StaleSessionError", "Timer", "open_session_store",
]
