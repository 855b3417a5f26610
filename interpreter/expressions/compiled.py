"""Compiled expressions: parse once when a flow loads, evaluate many times per call.

``compile_expression`` runs the three steps (parse, tree, code) and returns an object whose
``evaluate`` *is* the generated function, so an evaluation costs one Python call.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from .codegen import CodeTooComplex, Evaluator, compile_node
from .context import EvalContext
from .parser import parse_expression, syntax_error


class CompiledExpression:
    """A parsed and compiled expression.

    ``evaluate(scope, ctx=None)`` returns the ECMAScript value or raises
    ExpressionRuntimeError; ``names`` are the root identifiers it reads that are not
    built-ins (for "undeclared variable" checks).
    """

    __slots__ = ("evaluate", "names", "source")

    source: str
    names: frozenset[str]
    evaluate: Evaluator

    def __init__(self, source: str, names: frozenset[str], evaluate: Evaluator) -> None:
        self.source = source
        self.names = names
        self.evaluate = evaluate

    def __call__(self, scope: Mapping[str, Any], ctx: EvalContext | None = None) -> Any:
        return self.evaluate(scope, ctx)

    def __repr__(self) -> str:
        return f"CompiledExpression({self.source!r})"


@lru_cache(maxsize=4096)
def compile_expression(source: str) -> CompiledExpression:
    """Parse and compile ``source``; raises ExpressionSyntaxError with line and column."""
    tree = parse_expression(source)
    try:
        function, names, _code = compile_node(tree, source)
    except (CodeTooComplex, RecursionError):
        raise syntax_error(source, "Expression is too complex to compile", 0) from None
    return CompiledExpression(source, names, function)
