"""Shared machinery of the code generator: code fragments, temporaries, constants, splitting.

The compiler turns the syntax tree into the text of one Python expression built only from
fixed helper names, temporaries it invents (``_t3``), ``scope['name']`` lookups and literals
written with ``repr`` — never from raw user text. Python refuses more than 200 nested
parentheses, so a fragment that grows too deep is moved into its own small function.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .nodes import Node
from .values import UNDEFINED

NO_VALUE: Any = object()
"""Marks a fragment whose value is not known at compile time."""

SPLIT_DEPTH = 60
"""Nesting depth above which a fragment is moved into a helper function."""

NESTING_STEP = 3
"""How much one operator may deepen the generated text (parens, call, walrus)."""


@dataclass(frozen=True)
class Code:
    """A generated Python expression and what is statically known about its value.

    ``kind`` is ``"number"`` only when the value is certainly a Python float, ``"string"``
    for str, ``"bool"`` for bool, otherwise ``"any"``.
    """

    text: str
    kind: str = "any"
    depth: int = 0
    value: Any = NO_VALUE

    @property
    def is_constant(self) -> bool:
        return self.value is not NO_VALUE

    @property
    def is_primitive_constant(self) -> bool:
        return self.value is not NO_VALUE and is_primitive(self.value)


def is_primitive(value: Any) -> bool:
    return value is None or value is UNDEFINED or type(value) in (float, str, bool)


def kind_of(value: Any) -> str:
    kind = type(value)
    if kind is float:
        return "number"
    if kind is str:
        return "string"
    if kind is bool:
        return "bool"
    return "any"


def deeper(*parts: Code) -> int:
    return max((part.depth for part in parts), default=0) + NESTING_STEP


class EmitterBase:
    """State of one compilation: helper functions, constants, root names, temporaries."""

    def __init__(self) -> None:
        self.namespace: dict[str, Any] = {}
        self.functions: list[str] = []
        self.names: set[str] = set()
        self._counter = 0
        self._globals_by_id: dict[int, str] = {}
        self._emitters: dict[type, Callable[[Any], Code]] = {}

    def fresh(self, prefix: str = "_t") -> str:
        self._counter += 1
        return f"{prefix}{self._counter}"

    def global_ref(self, value: Any) -> str:
        """A global name bound to ``value`` in the generated module."""
        name = self._globals_by_id.get(id(value))
        if name is None:
            name = self._globals_by_id[id(value)] = self.fresh("_k")
            self.namespace[name] = value
        return name

    def constant(self, value: Any) -> Code:
        """Code for a value known at compile time."""
        kind = type(value)
        if kind is float:
            if value != value:
                text = "_NAN"
            elif value in (float("inf"), float("-inf")):
                text = "_INF" if value > 0 else "_NEG_INF"
            else:
                text = repr(value)
                if text.startswith("-"):
                    text = f"({text})"
        elif kind is str or kind is bool or value is None:
            text = repr(value)
        elif value is UNDEFINED:
            text = "_UNDEF"
        else:
            text = self.global_ref(value)
        return Code(text, kind_of(value), 0, value)

    def emit(self, node: Node) -> Code:
        """Code for a node; a fragment that got too deep is moved into a function."""
        code = self._emitters[type(node)](node)
        return self.split_if_deep(code)

    def split_if_deep(self, code: Code) -> Code:
        if code.depth <= SPLIT_DEPTH:
            return code
        name = self.fresh("_s")
        self.functions.append(f"def {name}(scope, ctx):\n    return {code.text}\n")
        return Code(f"{name}(scope, ctx)", code.kind, 1, code.value)

    def truth(self, code: Code) -> str:
        """A Python expression that is ``True`` exactly when ``code`` is ECMAScript-truthy."""
        if code.kind == "bool":
            return code.text
        return f"_truthy({code.text})"
