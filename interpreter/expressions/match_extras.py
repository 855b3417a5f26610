"""The `index`, `input` and `groups` of a match result.

In JavaScript the array `exec`, `match` (without g) and `matchAll` give back also carries the
match's position, the searched text and its named groups. Arrays here are plain lists, which
hold no properties, so those three live beside the list: a small table per thread, keyed by
the list's identity and holding the list itself (so the identity cannot be reused while its
entry lives). The newest `MAX_ENTRIES` results keep their extras; like JSON, a stored session
never carried them (JavaScript's `JSON.stringify` writes only the elements too).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

MAX_ENTRIES = 256
KEYS = frozenset({"index", "input", "groups"})

_local = threading.local()


def _table() -> OrderedDict[int, tuple[list[Any], dict[str, Any]]]:
    table = getattr(_local, "table", None)
    if table is None:
        table = _local.table = OrderedDict()
    return table


def remember(result: list[Any], index: float, text: str, groups: Any) -> list[Any]:
    """Note the extras of a match result; returns the result."""
    table = _table()
    table[id(result)] = (result, {"index": index, "input": text, "groups": groups})
    table.move_to_end(id(result))
    while len(table) > MAX_ENTRIES:
        table.popitem(last=False)
    return result


def extra(result: list[Any], key: str) -> Any:
    """The extra `key` of a match result, or None when `result` is no (remembered) match."""
    entry = _table().get(id(result))
    if entry is None or entry[0] is not result:
        return None
    return entry[1][key]
