"""Errors a session store raises; hosts turn them into retries or HTTP answers (404, 409)."""

from __future__ import annotations


class SessionStoreError(Exception):
    """Base class of session store errors."""


class SessionNotFoundError(SessionStoreError, LookupError):
    """No session with that id (never created, or purged)."""


class SessionExistsError(SessionStoreError):
    """A session with that id already exists."""


class StaleSessionError(SessionStoreError):
    """The session was saved by someone else since it was read: reload and try again."""


class DuplicateMessageError(SessionStoreError):
    """A message with that client_message_id is already in the session's transcript."""
