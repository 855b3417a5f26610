"""Syntax tree to a Python function: the last of the three steps (grammar, tree, code).

The generated module is assembled from fixed templates, helper names, temporaries and
``repr``-written literals only, compiled with ``compile()`` and run against a globals
dictionary that holds nothing but the runtime helpers, so user text is never executed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from .codegen_base import Code
from .codegen_chains import ChainEmitter
from .codegen_operators import OperatorEmitter
from .global_names import BUILTINS
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
    Unary,
)
from .runtime import HELPERS

Evaluator = Callable[..., Any]

_ENTRY = """
def {name}(scope, ctx=None):
    try:
        return {body}
    except _TurnLimitExceeded as error:
        raise error.in_expression({source}) from None
    except _ExpressionError:
        raise
    except _KeyError as error:
        raise _reference_error(error) from None
    except _RecursionError:
        raise _stack_error() from None
    except _Exception as error:
        raise _internal_error(error) from None
"""


class CodeTooComplex(Exception):
    """Python could not compile the generated code (pathologically large expression)."""


class Compiler(ChainEmitter, OperatorEmitter):
    """Compiles syntax trees into functions ``f(scope, ctx=None)``."""

    def __init__(self) -> None:
        super().__init__()
        self._emitters = {
            Literal: self.emit_literal,
            Name: self.emit_name,
            ArrayLiteral: self.emit_array,
            ObjectLiteral: self.emit_object,
            Member: self.emit_chain,
            Call: self.emit_chain,
            OptionalChain: self.emit_optional_chain,
            Unary: self.emit_unary,
            Binary: self.emit_binary,
            Logical: self.emit_logical,
            Conditional: self.emit_conditional,
        }

    def emit_literal(self, node: Literal) -> Code:
        return self.constant(node.value)

    def emit_name(self, node: Name) -> Code:
        if node.name in BUILTINS:
            return self.constant(BUILTINS[node.name])
        self.names.add(node.name)
        return Code(f"scope[{node.name!r}]")

    def emit_array(self, node: ArrayLiteral) -> Code:
        elements = [self.emit(element) for element in node.elements]
        return Code(
            "[" + ", ".join(code.text for code in elements) + "]",
            "any",
            max((code.depth for code in elements), default=0) + 1,
        )

    def emit_object(self, node: ObjectLiteral) -> Code:
        pairs = [(self.emit(item.key), self.emit(item.value)) for item in node.properties]
        depth = max((max(key.depth, value.depth) for key, value in pairs), default=0) + 3
        if all(key.is_constant and type(key.value) is str for key, _ in pairs):
            body = ", ".join(f"{key.text}: {value.text}" for key, value in pairs)
            return Code("{" + body + "}", "any", depth)
        body = "".join(f"({key.text}, {value.text}), " for key, value in pairs)
        return Code(f"_make_object(({body}))", "any", depth)

    def emit_optional_chain(self, node: OptionalChain) -> Code:
        return self.emit(node.expression)

    def build(self, bodies: Sequence[str], source_text: str = "") -> list[Evaluator]:
        """Compile the helper functions and one entry function per body.

        ``source_text`` (the expression or template) names the expression in turn-limit
        errors.
        """
        names = [f"_evaluate{index}" for index in range(len(bodies))]
        entries = [_ENTRY.format(name=name, body=body, source="_SOURCE_TEXT")
                   for name, body in zip(names, bodies)]
        source = "\n".join([*self.functions, *entries])
        namespace = {**HELPERS, **self.namespace, "_SOURCE_TEXT": source_text}
        try:
            code = compile(source, "<expression>", "exec")
        except (SyntaxError, RecursionError, MemoryError, ValueError) as error:
            raise CodeTooComplex(str(error)) from None
        exec(code, namespace)
        return [namespace[name] for name in names]


def compile_node(node: Node, source_text: str = "") -> tuple[Evaluator, frozenset[str], Code]:
    """A callable evaluating ``node``, the root names it reads, and its top fragment."""
    compiler = Compiler()
    code = compiler.emit(node)
    (function,) = compiler.build([code.text], source_text)
    return function, frozenset(compiler.names), code
