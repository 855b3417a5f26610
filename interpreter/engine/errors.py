"""Errors raised while a flow runs (as opposed to errors in the flow document)."""

from __future__ import annotations


class FlowRuntimeError(Exception):
    """An error a block hits at run time; it takes the block's `error` port if it has one."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind
        self.message = message


class SessionStateError(ValueError):
    """A saved session state that this engine cannot resume (corrupt, wrong flow, ended)."""


class UnexpectedEventError(ValueError):
    """An event the waiting block cannot take (a host bug, reported clearly)."""
