"""Array.prototype methods that take no callback (``indexOf``, ``join``, ``slice`` …).

Arrays are Python lists and are never mutated by an expression: every method here
returns a new list or a primitive.
"""

from __future__ import annotations

from typing import Any

from .budget import PER_ITEM, charge
from .conversions import array_join, relative_index, to_integer, to_js_string
from .errors import invalid_array_length
from .limits import MAX_ARRAY_LENGTH
from .natives import arg, register, this_array
from .values import UNDEFINED, JSFunction, js_equals_strict

ARRAY_METHODS: dict[str, JSFunction] = {}


def _start_index(value: Any, length: int) -> int:
    """The ``fromIndex`` of indexOf/includes: negative counts from the end."""
    return relative_index(value, length, 0)


def find_index(items: list[Any], search: Any, start: int, nan_matches: bool) -> int:
    """First index >= ``start`` holding ``search`` by ``===`` (or SameValueZero), else -1."""
    charge((len(items) - start) * PER_ITEM)
    kind = type(search)
    if kind is str:
        try:
            return items.index(search, start)
        except ValueError:
            return -1
    if kind is float or kind is int:
        if search != search:
            if nan_matches:
                for index in range(start, len(items)):
                    item = items[index]
                    if type(item) is float and item != item:
                        return index
            return -1
        for index in range(start, len(items)):
            item = items[index]
            if item == search and (type(item) is float or type(item) is int):
                return index
        return -1
    for index in range(start, len(items)):
        if items[index] is search:
            return index
    return -1


@register(ARRAY_METHODS, "indexOf")
def _index_of(this: Any, args: tuple[Any, ...], ctx: Any) -> float:
    items = this_array(this, "indexOf")
    start = _start_index(arg(args, 1), len(items))
    return float(find_index(items, arg(args, 0), start, nan_matches=False))


@register(ARRAY_METHODS, "lastIndexOf")
def _last_index_of(this: Any, args: tuple[Any, ...], ctx: Any) -> float:
    items = this_array(this, "lastIndexOf")
    search = arg(args, 0)
    start = len(items) - 1
    if len(args) > 1:
        position = to_integer(args[1])
        start = int(min(position, len(items) - 1)) if position >= 0 else int(max(len(items) + position, -1))
    charge((start + 1) * PER_ITEM)
    for index in range(start, -1, -1):
        if js_equals_strict(items[index], search):
            return float(index)
    return -1.0


@register(ARRAY_METHODS, "includes")
def _includes(this: Any, args: tuple[Any, ...], ctx: Any) -> bool:
    items = this_array(this, "includes")
    start = _start_index(arg(args, 1), len(items))
    return find_index(items, arg(args, 0), start, nan_matches=True) >= 0


@register(ARRAY_METHODS, "join")
def _join(this: Any, args: tuple[Any, ...], ctx: Any) -> str:
    items = this_array(this, "join")
    separator = arg(args, 0)
    return array_join(items, "," if separator is UNDEFINED else to_js_string(separator), 0)


@register(ARRAY_METHODS, "toString")
def _to_string(this: Any, args: tuple[Any, ...], ctx: Any) -> str:
    return array_join(this_array(this, "toString"), ",", 0)


@register(ARRAY_METHODS, "slice")
def _slice(this: Any, args: tuple[Any, ...], ctx: Any) -> list[Any]:
    items = this_array(this, "slice")
    start = relative_index(arg(args, 0), len(items), 0)
    end = relative_index(arg(args, 1), len(items), len(items))
    charge((end - start) * PER_ITEM)
    return items[start:end]


@register(ARRAY_METHODS, "concat")
def _concat(this: Any, args: tuple[Any, ...], ctx: Any) -> list[Any]:
    items = this_array(this, "concat")
    total = len(items)
    for extra in args:
        total += len(extra) if type(extra) is list else 1
    if total > MAX_ARRAY_LENGTH:
        raise invalid_array_length()
    charge(total * PER_ITEM)
    result = list(items)
    for extra in args:
        if type(extra) is list:
            result.extend(extra)
        else:
            result.append(extra)
    return result


@register(ARRAY_METHODS, "at")
def _at(this: Any, args: tuple[Any, ...], ctx: Any) -> Any:
    items = this_array(this, "at")
    position = to_integer(arg(args, 0))
    if position < 0:
        position += len(items)
    return items[int(position)] if 0 <= position < len(items) else UNDEFINED
