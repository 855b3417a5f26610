"""Semantic interpretation tags: the common SISR forms, read without a JavaScript engine.

A tag such as `out.city = rules.city; out.fare = "economy"` says what a rule's answer means.
Tags are parsed here, once, into small statements (`tags.lark`, LALR) and evaluated by a
fixed allow-list: assignments to `out` or `out.NAME...`, `+=`, and values that are string,
number, boolean or null literals, `rules.latest()`, `rules.NAME` (with `.field`s),
`meta.current().text`, `meta.NAME.text`, `out...` and `+` between them. Anything else is a
syntax error at parse time, never run. Values are plain JSON; a string grown past
`MAX_VALUE_CHARS` or an object deeper than `MAX_PATH` stops the match (`SemanticLimitError`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from lark import Lark, Token, Transformer, UnexpectedInput

MAX_VALUE_CHARS = 10_000
"""The longest string a tag may build (concatenation in a repeat could otherwise double)."""
MAX_PATH = 8
"""The most `.name` steps in a target or reference."""
MAX_VALUE_NODES = 1_000
"""The most entries, counted over all levels, in an object a tag builds."""
MAX_TAG_CHARS = 10_000
"""The longest single tag's text."""


class TagSyntaxError(ValueError):
    """A tag is not one of the supported forms; `line` counts within the tag's text (from 1)."""

    def __init__(self, message: str, line: int = 1, column: int = 1):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


class SemanticLimitError(ValueError):
    """Evaluating tags for one input went past a size limit."""


@dataclass(frozen=True, slots=True)
class Expr:
    """`kind` is literal, latest, rule, current_text, rule_text, out or plus."""

    kind: str
    value: Any = None
    name: str = ""
    path: tuple[str, ...] = ()
    terms: tuple[Expr, ...] = ()


@dataclass(frozen=True, slots=True)
class Statement:
    path: tuple[str, ...]
    expr: Expr
    add: bool = False


@dataclass(slots=True)
class RuleScope:
    """What a rule's tags can see while it is being matched."""

    out: Any = None
    assigned: bool = False
    rules: dict[str, Any] = field(default_factory=dict)
    rule_texts: dict[str, str] = field(default_factory=dict)
    latest: Any = None
    words: tuple[str, ...] = ()

    def copy(self) -> RuleScope:
        return RuleScope(_copy(self.out), self.assigned, dict(self.rules), dict(self.rule_texts),
                         self.latest, self.words)

    def value(self) -> Any:
        """The rule's answer: what its tags assigned, else the words it matched."""
        return self.out if self.assigned else " ".join(self.words)


def _copy(value: Any) -> Any:
    """A deep copy of a tag value; SemanticLimitError past `MAX_VALUE_NODES` entries."""
    budget = [MAX_VALUE_NODES]

    def copy(item: Any) -> Any:
        if not isinstance(item, dict):
            return item
        budget[0] -= len(item)
        if budget[0] < 0:
            raise SemanticLimitError(f"a tag built an object over {MAX_VALUE_NODES:,} entries")
        return {key: copy(child) for key, child in item.items()}

    return copy(value)


def _names(items: list[Any]) -> tuple[str, ...]:
    names = tuple(str(item) for item in items if isinstance(item, Token))
    if len(names) > MAX_PATH:
        raise TagSyntaxError(f"a name path has more than {MAX_PATH} parts")
    return names


class _ToStatements(Transformer[Token, list[Statement]]):
    def start(self, items: list[Any]) -> list[Statement]:
        return [item for item in items if isinstance(item, Statement)]

    def target(self, items: list[Any]) -> tuple[str, ...]:
        return _names(items)

    def assign(self, items: list[Any]) -> Statement:
        return Statement(items[0], items[1])

    def add_assign(self, items: list[Any]) -> Statement:
        return Statement(items[0], items[1], add=True)

    def plus(self, items: list[Any]) -> Expr:
        return Expr("plus", terms=(items[0], items[1]))

    def string(self, items: list[Any]) -> Expr:
        text = str(items[0])
        body = text[1:-1]
        if text[0] == "'":
            body = body.replace("\\'", "'").replace('"', '\\"')
        try:
            return Expr("literal", json.loads(f'"{body}"'))
        except ValueError:
            raise TagSyntaxError(f"{text} is not a valid string") from None

    def number(self, items: list[Any]) -> Expr:
        text = str(items[0])
        return Expr("literal", float(text) if "." in text else int(text))

    def negative(self, items: list[Any]) -> Expr:
        return Expr("literal", -self.number(items).value)

    def true(self, items: list[Any]) -> Expr:
        return Expr("literal", True)

    def false(self, items: list[Any]) -> Expr:
        return Expr("literal", False)

    def null(self, items: list[Any]) -> Expr:
        return Expr("literal", None)

    def latest(self, items: list[Any]) -> Expr:
        return Expr("latest", path=_names(items))

    def rule_value(self, items: list[Any]) -> Expr:
        name = str(items[0])
        if name[0] in "\"'":
            name = name[1:-1]
        return Expr("rule", name=name, path=_names(items[1:]))

    def current_text(self, items: list[Any]) -> Expr:
        return Expr("current_text")

    def rule_text(self, items: list[Any]) -> Expr:
        return Expr("rule_text", name=str(items[0]))

    def out_value(self, items: list[Any]) -> Expr:
        return Expr("out", path=_names(items))


@cache
def _parser() -> Lark:
    return Lark((Path(__file__).parent / "tags.lark").read_text(encoding="utf-8"),
                parser="lalr", maybe_placeholders=False)


def parse_tag(text: str) -> tuple[Statement, ...]:
    """The statements of one tag; TagSyntaxError naming the line and column within it."""
    if len(text) > MAX_TAG_CHARS:
        raise TagSyntaxError(f"a tag is longer than {MAX_TAG_CHARS:,} characters")
    try:
        tree = _parser().parse(text)
    except UnexpectedInput as exc:
        raise TagSyntaxError(
            "this tag is not a supported semantic interpretation: use out = \"...\", "
            "out.NAME = ..., rules.latest(), rules.NAME or literals", exc.line, exc.column
        ) from None
    return tuple(_ToStatements().transform(tree))


def literal_tag(text: str) -> tuple[Statement, ...]:
    """A tag of tag-format semantics/1.0-literals: its text is the answer."""
    return (Statement((), Expr("literal", text.strip())),)


def run_statements(statements: tuple[Statement, ...], scope: RuleScope) -> None:
    for statement in statements:
        value = _evaluate(statement.expr, scope)
        if statement.add:
            value = _plus(_get(scope.out if scope.assigned else None, statement.path), value)
        scope.out = _assign(scope.out if scope.assigned else None, statement.path, value)
        scope.assigned = True


def _evaluate(expr: Expr, scope: RuleScope) -> Any:
    kind = expr.kind
    if kind == "literal":
        return expr.value
    if kind == "latest":
        return _get(scope.latest, expr.path)
    if kind == "rule":
        return _get(scope.rules.get(expr.name), expr.path)
    if kind == "current_text":
        return " ".join(scope.words)
    if kind == "rule_text":
        return scope.rule_texts.get(expr.name)
    if kind == "out":
        return _get(scope.out if scope.assigned else None, expr.path)
    left, right = (_evaluate(term, scope) for term in expr.terms)
    return _plus(left, right)


def _plus(left: Any, right: Any) -> Any:
    numbers = (int, float)
    if isinstance(left, numbers) and isinstance(right, numbers) and not isinstance(
            left, bool) and not isinstance(right, bool):
        return left + right
    text = _text(left) + _text(right)
    if len(text) > MAX_VALUE_CHARS:
        raise SemanticLimitError(f"a tag built a string over {MAX_VALUE_CHARS:,} characters")
    return text


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "[object Object]"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _get(value: Any, path: tuple[str, ...]) -> Any:
    for name in path:
        if not isinstance(value, Mapping):
            return None
        value = value.get(name)
    return _copy(value)


def _assign(out: Any, path: tuple[str, ...], value: Any) -> Any:
    if not path:
        return _copy(value)
    root = out if isinstance(out, dict) else {}
    node = root
    for name in path[:-1]:
        child = node.get(name)
        if not isinstance(child, dict):
            child = {}
            node[name] = child
        node = child
    node[path[-1]] = _copy(value)
    return root
