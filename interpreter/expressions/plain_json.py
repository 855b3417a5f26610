"""Expression values as the outside world reads them: plain JSON, as ``JSON.stringify`` gives it.

Session state keeps every value losslessly (see ``state``: ``undefined`` is the tag
``{"$js": "undefined"}``), because the engine must read back exactly what it saved. What leaves
the engine for other systems — attached data on a route, transfer or callback, shown to agents,
sent as SIP headers, kept in a chat session's waiting marker — is plain JSON instead, with the
rules of ECMAScript's ``JSON.stringify``:

- an object member whose value is ``undefined`` (or a function) is left out, so reading it
  still yields ``undefined``;
- ``undefined`` (or a function) inside an array becomes ``null``;
- ``NaN`` and ``±Infinity`` become ``null``, ``-0`` becomes ``0``; whole numbers are integers.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from .errors import too_deep
from .limits import MAX_VALUE_DEPTH
from .values import Namespace

_SAFE_INTEGER = 2.0**53
_OMITTED = object()


def _number(value: float) -> Any:
    if not math.isfinite(value):
        return None
    if value.is_integer() and abs(value) <= _SAFE_INTEGER:
        return int(value)
    return value


def _convert(value: Any, depth: int) -> Any:
    """The plain JSON form of ``value``; ``_OMITTED`` where ``JSON.stringify`` writes nothing."""
    kind = type(value)
    if kind is str or kind is bool or value is None:
        return value
    if kind is float or kind is int:
        return _number(float(value))
    if depth > MAX_VALUE_DEPTH:
        raise too_deep()
    if kind is list or kind is tuple:
        items = (_convert(item, depth + 1) for item in value)
        return [None if item is _OMITTED else item for item in items]
    if kind is dict:
        members = ((str(key), _convert(item, depth + 1)) for key, item in value.items())
        return {key: item for key, item in members if item is not _OMITTED}
    if kind is Namespace:
        return {}
    return _OMITTED  # undefined and functions


def to_plain_json(value: Any) -> Any:
    """``value`` as plain JSON (``None`` where ``JSON.stringify`` would give no text)."""
    converted = _convert(value, 0)
    return None if converted is _OMITTED else converted


def attached_data(data: Mapping[str, Any]) -> dict[str, Any]:
    """Attached data as it travels with a route, transfer or callback: plain JSON, without the
    keys whose value is ``undefined``."""
    converted: dict[str, Any] = to_plain_json(dict(data))
    return converted
