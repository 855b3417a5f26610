"""The one JSON serialiser for what session hosts keep between requests.

The SQLite and Redis stores write records and messages with it, and the flow-test runner and
the Designer's simulator pass every step's state (and the effects a host would record) through
`round_trip`, so a flow whose session cannot be saved fails in tests exactly where it would
fail in production. Only plain JSON passes: no NaN or infinities (expression values are
converted by `interpreter.expressions.to_state` or `to_plain_json` before they get here).
"""

from __future__ import annotations

import json
from typing import Any

from runtime.sessions.errors import SessionStoreError

MAX_PATH_DEPTH = 64
"""How deep `_locate` looks for the offending value when building the error message."""


class UnsavableValueError(SessionStoreError, TypeError):
    """Something in a session is not plain JSON, so no store could keep it."""


def dump_json(value: Any) -> str:
    """Compact JSON text for `value`; UnsavableValueError names what is not plain JSON."""
    try:
        return json.dumps(value, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError) as exc:
        where = _locate(value, "$", 0) or "$"
        raise UnsavableValueError(f"the session cannot be saved as JSON: the value at {where} "
                                  f"is not plain JSON ({exc})") from None


def load_json(text: str | bytes) -> Any:
    return json.loads(text)


def round_trip(value: Any) -> Any:
    """`value` as a store would give it back after saving it."""
    return load_json(dump_json(value))


def _locate(value: Any, path: str, depth: int) -> str | None:
    """The path of the first value in `value` that JSON cannot hold, if one is found."""
    if value is None or isinstance(value, str | bool | int):
        return None
    if isinstance(value, float):
        return None if value - value == 0 else path
    if depth >= MAX_PATH_DEPTH:
        return None
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            found = _locate(item, f"{path}[{index}]", depth + 1)
            if found:
                return found
        return None
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str | int | float | bool) and key is not None:
                return f"{path} (key {key!r})"
            found = _locate(item, f"{path}.{key}", depth + 1)
            if found:
                return found
        return None
    return f"{path} ({type(value).__name__.lstrip('_')})"
