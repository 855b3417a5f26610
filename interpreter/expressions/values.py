"""The value model shared by the engine and the expression language.

ECMAScript values map onto plain Python objects so that flow variables need no wrapping:
``UNDEFINED`` (a falsy singleton), ``None`` for null, ``bool``, ``float`` for numbers (``int``
is accepted wherever a number is read, ``bool`` never counts as one), ``str``, ``list`` for
arrays and ``dict`` with string keys for objects. Built-in functions and namespaces such as
``Math`` are the only other values an expression can see.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


class _Undefined:
    """ECMAScript ``undefined``: one instance, falsy, survives copying and pickling."""

    __slots__ = ()
    _instance: _Undefined | None = None

    def __new__(cls) -> _Undefined:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "undefined"

    def __bool__(self) -> bool:
        return False

    def __copy__(self) -> _Undefined:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> _Undefined:
        return self

    def __reduce__(self) -> tuple[type[_Undefined], tuple[()]]:
        return (_Undefined, ())


UNDEFINED: Any = _Undefined()

NativeImpl = Callable[[Any, tuple[Any, ...], Any], Any]
"""A built-in's body: ``impl(this, args, ctx)``; ``ctx`` is an EvalContext or None."""


@dataclass(frozen=True, eq=False)
class JSFunction:
    """A built-in function value (``parseInt``, ``'x'.trim``, ``Math.max`` …)."""

    name: str
    impl: NativeImpl
    members: Mapping[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"function {self.name}() {{ [native code] }}"


@dataclass(frozen=True, eq=False)
class Namespace:
    """A plain built-in object holding functions and constants (``Math``, ``JSON``, ``Time``)."""

    name: str
    members: Mapping[str, Any]

    def __repr__(self) -> str:
        return f"[object {self.name}]"


def js_typeof(value: Any) -> str:
    """The ``typeof`` operator."""
    kind = type(value)
    if kind is str:
        return "string"
    if kind is float or kind is int:
        return "number"
    if kind is bool:
        return "boolean"
    if value is UNDEFINED:
        return "undefined"
    if kind is JSFunction:
        return "function"
    return "object"


def to_boolean(value: Any) -> bool:
    """ECMAScript ToBoolean: ``''``, ``0``, ``-0``, ``NaN``, null, undefined, false are falsy."""
    kind = type(value)
    if kind is bool:
        return value
    if kind is str:
        return value != ""
    if kind is float:
        return value == value and value != 0.0
    if value is None or value is UNDEFINED:
        return False
    if kind is int:
        return value != 0
    return True


def js_equals_strict(left: Any, right: Any) -> bool:
    """The ``===`` operator (IsStrictlyEqual)."""
    left_kind = type(left)
    right_kind = type(right)
    if left_kind is right_kind:
        if left_kind is float or left_kind is str or left_kind is bool or left_kind is int:
            return left == right
        return left is right
    if (left_kind is float or left_kind is int) and (right_kind is float or right_kind is int):
        return left == right
    return False
