"""The syntax tree of an expression: small immutable dataclasses, one per construct.

The transformer builds these from Lark's parse; the compiler reads them. Nothing here
knows about Lark or about evaluation.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, TypeAlias


@dataclass(frozen=True, slots=True)
class Literal:
    """A constant: float, str, bool, None (null) or UNDEFINED."""

    value: Any


@dataclass(frozen=True, slots=True)
class Name:
    """A global identifier: a flow variable, a built-in or ``system``."""

    name: str


@dataclass(frozen=True, slots=True)
class ArrayLiteral:
    elements: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Property:
    """``key: value`` in an object literal; ``key`` is a Literal string unless computed."""

    key: Node
    value: Node


@dataclass(frozen=True, slots=True)
class ObjectLiteral:
    properties: tuple[Property, ...]


@dataclass(frozen=True, slots=True)
class Member:
    """``object.name``, ``object[expr]`` or with ``?.`` when ``optional``."""

    object: Node
    property: Node
    optional: bool = False


@dataclass(frozen=True, slots=True)
class Call:
    """``callee(args)``, or ``callee?.(args)`` when ``optional``."""

    callee: Node
    arguments: tuple[Node, ...]
    optional: bool = False


@dataclass(frozen=True, slots=True)
class OptionalChain:
    """Where a chain with ``?.`` ends: ``(a?.b).c`` short-circuits only inside the parens."""

    expression: Node


@dataclass(frozen=True, slots=True)
class Unary:
    """``!``, ``-``, ``+`` or ``typeof``."""

    operator: str
    operand: Node


@dataclass(frozen=True, slots=True)
class Binary:
    """Arithmetic, comparison, equality and ``in``."""

    operator: str
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Logical:
    """The short-circuiting ``&&``, ``||`` and ``??``."""

    operator: str
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Conditional:
    """``test ? consequent : alternate``."""

    test: Node
    consequent: Node
    alternate: Node


Node: TypeAlias = (
    Literal
    | Name
    | ArrayLiteral
    | ObjectLiteral
    | Member
    | Call
    | OptionalChain
    | Unary
    | Binary
    | Logical
    | Conditional
)


def children(node: Node | Property) -> Iterator[Node | Property]:
    """Direct sub-nodes, in evaluation order."""
    if isinstance(node, ArrayLiteral):
        yield from node.elements
    elif isinstance(node, ObjectLiteral):
        yield from node.properties
    elif isinstance(node, Property):
        yield node.key
        yield node.value
    elif isinstance(node, Member):
        yield node.object
        yield node.property
    elif isinstance(node, Call):
        yield node.callee
        yield from node.arguments
    elif isinstance(node, OptionalChain):
        yield node.expression
    elif isinstance(node, Unary):
        yield node.operand
    elif isinstance(node, Binary | Logical):
        yield node.left
        yield node.right
    elif isinstance(node, Conditional):
        yield node.test
        yield node.consequent
        yield node.alternate


def depth(root: Node) -> int:
    """Height of the tree, computed without recursion (trees may be very deep)."""
    deepest = 0
    stack: list[tuple[Node | Property, int]] = [(root, 1)]
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in children(node))
    return deepest


def contains_optional(node: Node) -> bool:
    """Whether a member/call chain has a ``?.`` link (before any parenthesised boundary)."""
    while isinstance(node, Member | Call):
        if node.optional:
            return True
        node = node.object if isinstance(node, Member) else node.callee
    return False
