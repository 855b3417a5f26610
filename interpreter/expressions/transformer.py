"""Lark parse events to the dataclass syntax tree; one method per grammar rule or alias.

The parser runs this transformer inline (LALR "tree-less" mode), so nodes are built
bottom-up while parsing and arbitrarily long operator chains never recurse here. Checks
that the grammar cannot express — malformed literals, reserved words — are made here.
"""

from __future__ import annotations

from typing import Any

from lark import Token, Transformer

from .global_names import LITERAL_GLOBALS
from .literals import LiteralError, number_value, string_value
from .nodes import (
    ArrayLiteral,
    Binary,
    Call,
    Conditional,
    Literal,
    Logical,
    Member,
    Name,
    Node,
    ObjectLiteral,
    OptionalChain,
    Property,
    Unary,
    contains_optional,
)
from .number_format import number_to_string

_RESERVED = """
    break case catch class const continue debugger default delete do else enum export
    extends finally for function if import instanceof new return super switch this throw
    try var void while with yield let static implements interface package private
    protected public await
"""
RESERVED_WORDS = frozenset(_RESERVED.split())


class NodeSyntaxError(Exception):
    """A problem found while building the tree, at ``offset`` in the source."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


def _number(token: Token) -> float:
    try:
        return number_value(token.value)
    except LiteralError as error:
        raise NodeSyntaxError(error.message, (token.start_pos or 0) + error.offset) from None


def _string(token: Token) -> str:
    try:
        return string_value(token.value)
    except LiteralError as error:
        raise NodeSyntaxError(error.message, (token.start_pos or 0) + error.offset) from None


def _identifier(token: Token) -> Node:
    name = token.value
    if name in RESERVED_WORDS:
        raise NodeSyntaxError(
            f"'{name}' is a reserved word and cannot be used in an expression",
            token.start_pos or 0,
        )
    if name in LITERAL_GLOBALS:
        return Literal(LITERAL_GLOBALS[name])
    return Name(name)


class ExpressionTransformer(Transformer[Token, Node]):
    """Builds nodes.py objects; stateless, so one instance serves every parse."""

    def conditional(self, children: list[Any]) -> Node:
        test, consequent, alternate = children
        return Conditional(test, consequent, alternate)

    def coalesce(self, children: list[Any]) -> Node:
        left, _operator, right = children
        return Logical("??", left, right)

    def logical(self, children: list[Any]) -> Node:
        left, operator, right = children
        return Logical(operator.value, left, right)

    def binary(self, children: list[Any]) -> Node:
        left, operator, right = children
        return Binary(operator.value, left, right)

    def unary(self, children: list[Any]) -> Node:
        operator, operand = children
        return Unary(operator.value, operand)

    def member(self, children: list[Any]) -> Node:
        target, name = children
        return Member(target, Literal(name))

    def index(self, children: list[Any]) -> Node:
        target, key = children
        return Member(target, key)

    def call(self, children: list[Any]) -> Node:
        callee, arguments = children
        return Call(callee, arguments)

    def optional_member(self, children: list[Any]) -> Node:
        target, _operator, name = children
        return Member(target, Literal(name), optional=True)

    def optional_index(self, children: list[Any]) -> Node:
        target, _operator, key = children
        return Member(target, key, optional=True)

    def optional_call(self, children: list[Any]) -> Node:
        callee, _operator, arguments = children
        return Call(callee, arguments, optional=True)

    def arguments(self, children: list[Any]) -> tuple[Node, ...]:
        return tuple(children)

    def paren(self, children: list[Any]) -> Node:
        (inner,) = children
        return OptionalChain(inner) if contains_optional(inner) else inner

    def number(self, children: list[Any]) -> Node:
        return Literal(_number(children[0]))

    def string(self, children: list[Any]) -> Node:
        return Literal(_string(children[0]))

    def name(self, children: list[Any]) -> Node:
        return _identifier(children[0])

    def true(self, children: list[Any]) -> Node:
        return Literal(True)

    def false(self, children: list[Any]) -> Node:
        return Literal(False)

    def null(self, children: list[Any]) -> Node:
        return Literal(None)

    def array(self, children: list[Any]) -> Node:
        return ArrayLiteral(tuple(children))

    def object(self, children: list[Any]) -> Node:
        return ObjectLiteral(tuple(children))

    def pair(self, children: list[Any]) -> Property:
        key, value = children
        return Property(Literal(key), value)

    def shorthand(self, children: list[Any]) -> Property:
        (token,) = children
        return Property(Literal(token.value), _identifier(token))

    def computed_pair(self, children: list[Any]) -> Property:
        key, value = children
        return Property(key, value)

    def prop_name(self, children: list[Any]) -> str:
        return str(children[0].value)

    def string_key(self, children: list[Any]) -> str:
        return _string(children[0])

    def number_key(self, children: list[Any]) -> str:
        return number_to_string(_number(children[0]))
