"""Session state as plain JSON: everything a host must save to resume a session anywhere."""

from __future__ import annotations

from typing import Any

from interpreter.engine.errors import SessionStateError
from interpreter.expressions import from_state, to_state

STATE_VERSION = 1


def encode_scope(scope: dict[str, Any]) -> dict[str, Any]:
    return {name: to_state(value) for name, value in scope.items() if name != "system"}


def decode_scope(encoded: Any) -> dict[str, Any]:
    if not isinstance(encoded, dict):
        raise SessionStateError("session state: 'vars' must be an object")
    return {name: from_state(value) for name, value in encoded.items()}


def require(state: Any, key: str, kind: type | tuple[type, ...]) -> Any:
    if not isinstance(state, dict):
        raise SessionStateError("session state must be a JSON object")
    value = state.get(key)
    if not isinstance(value, kind):
        raise SessionStateError(f"session state: '{key}' is missing or has the wrong type")
    return value
