"""Helpers for writing built-in functions: registration tables and argument access.

A built-in is a Python function ``impl(this, args, ctx)`` wrapped in a JSFunction and put in
an explicit name → function table; the tables are the whole allow-list of what expressions
can call, so nothing is ever looked up with ``getattr``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .conversions import to_js_string
from .errors import type_error
from .values import UNDEFINED, JSFunction, NativeImpl


def arg(args: tuple[Any, ...], index: int) -> Any:
    """The ``index``-th argument, or undefined when the caller passed fewer."""
    return args[index] if index < len(args) else UNDEFINED


def register(table: dict[str, Any], name: str) -> Callable[[NativeImpl], NativeImpl]:
    """Decorator adding ``impl`` to ``table`` as the built-in function ``name``."""

    def decorate(impl: NativeImpl) -> NativeImpl:
        table[name] = JSFunction(name, impl)
        return impl

    return decorate


def this_string(this: Any, method: str) -> str:
    """RequireObjectCoercible(this) then ToString, as every String.prototype method does."""
    if type(this) is str:
        return this
    if this is None or this is UNDEFINED:
        raise type_error(f"String.prototype.{method} called on null or undefined")
    return to_js_string(this)


def this_array(this: Any, method: str) -> list[Any]:
    if type(this) is list:
        return this
    raise type_error(f"Array.prototype.{method} called on a value that is not an array")
