"""Errors raised while a flow runs (as opposed to errors in the flow document)."""

from __future__ import annotations

SECURE_ERROR_MESSAGE = "(hidden: the error came from a block that reads a secure value)"
"""What `system.LastError.message` says in place of a message that may hold a secure value."""


class FlowRuntimeError(Exception):
    """An error a block hits at run time; it takes the block's `error` port if it has one.

    `secure`: the message may hold text computed from a secure value (see `taint`), so the
    engine keeps only the error's type and block and replaces the message.
    """

    def __init__(self, kind: str, message: str, *, secure: bool = False):
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.secure = secure


class SessionStateError(ValueError):
    """A saved session state that this engine cannot resume (corrupt, wrong flow, ended)."""


class UnexpectedEventError(ValueError):
    """An event the waiting block cannot take (a host bug, reported clearly)."""
