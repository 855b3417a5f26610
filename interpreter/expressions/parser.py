"""Source text to syntax tree: cheap safety checks first, then the LALR parse.

The grammar is package data loaded once; the transformer runs inline so the parse is
iterative. Before Lark sees the text we refuse what could be expensive or what Lark would
report badly: oversized sources, runaway bracket nesting, an object literal in statement
position. After the parse the tree height is capped so later passes may recurse.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

from lark import Lark
from lark.exceptions import UnexpectedInput

from .errors import ExpressionSyntaxError, position_of
from .limits import MAX_BRACKET_DEPTH, MAX_SOURCE_LENGTH, MAX_SYNTAX_DEPTH
from .nodes import Node, depth
from .regexp_check import constant_regexp_problem
from .syntax_messages import translate
from .transformer import ExpressionTransformer, NodeSyntaxError

_SCAN = re.compile(r"""'(?:[^'\\\n\r]|\\[\s\S])*'?|"(?:[^"\\\n\r]|\\[\s\S])*"?|[(\[{]|[)\]}]|\+\+|--""")
_LEADING_SPACE = re.compile(r"[ \t\n\r\v\f\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]*")


@functools.cache
def _lark() -> Lark:
    grammar = resources.files(__package__).joinpath("grammar.lark").read_text("utf-8")
    return Lark(
        grammar,
        parser="lalr",
        lexer="contextual",
        transformer=ExpressionTransformer(),
        maybe_placeholders=False,
    )


def syntax_error(source: str, message: str, offset: int) -> ExpressionSyntaxError:
    line, column = position_of(source, offset)
    return ExpressionSyntaxError(message, line, column, source, offset)


def _prescan(source: str) -> None:
    """Refuse runaway bracket nesting and ``++``/``--`` (which ECMAScript lexes as one token)."""
    level = 0
    for match in _SCAN.finditer(source):
        token = match.group()
        if token in ("++", "--"):
            raise syntax_error(
                source,
                f"'{token}' is not allowed — an expression cannot change a value",
                match.start(),
            )
        if token in "([{":
            level += 1
            if level > MAX_BRACKET_DEPTH:
                raise syntax_error(
                    source,
                    f"Expression is nested too deeply (more than {MAX_BRACKET_DEPTH} levels of brackets)",
                    match.start(),
                )
        elif token in ")]}":
            level -= 1


def parse_expression(source: str) -> Node:
    """Parse one expression; raises ExpressionSyntaxError with a position and a message."""
    if not isinstance(source, str):
        raise TypeError(f"expression source must be str, not {type(source).__name__}")
    if len(source) > MAX_SOURCE_LENGTH:
        raise ExpressionSyntaxError(
            f"Expression is too long ({len(source):,} characters; the limit is {MAX_SOURCE_LENGTH:,})",
            1,
            1,
            source,
            0,
        )
    start = _LEADING_SPACE.match(source).end()  # type: ignore[union-attr]
    if start == len(source):
        raise syntax_error(source, "Expression is empty", start)
    if source[start] == "{":
        raise syntax_error(source, "Wrap an object literal in parentheses: ({ key: value })", start)
    _prescan(source)
    try:
        tree: Node = _lark().parse(source)  # type: ignore[assignment]
    except UnexpectedInput as error:
        message, offset = translate(error, source)
        raise syntax_error(source, message, offset) from None
    except NodeSyntaxError as error:
        raise syntax_error(source, error.message, error.offset) from None
    if depth(tree) > MAX_SYNTAX_DEPTH:
        raise syntax_error(
            source,
            f"Expression is too complex (more than {MAX_SYNTAX_DEPTH} nested operations)",
            0,
        )
    problem = constant_regexp_problem(tree)
    if problem is not None:
        message, pattern = problem
        raise syntax_error(source, message, max(source.find(pattern), 0))
    return tree
