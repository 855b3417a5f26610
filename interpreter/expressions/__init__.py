"""The expression language: a safe, fast subset of ECMAScript expressions and templates.

Business users write ``Tier == 'gold' && Balance > 100`` or ``Welcome {{ system.ANI }}``;
flows compile each expression once (grammar → syntax tree → Python function) and evaluate
it with exact ECMAScript semantics against a scope of flow variables. See
docs/expressions.md for the language and EXPRESSIONS.md for the design contract.
"""

from .compiled import CompiledExpression, compile_expression
from .context import EvalContext
from .conversions import to_js_string, to_number
from .errors import (
    ExpressionError,
    ExpressionRuntimeError,
    ExpressionSyntaxError,
    parse_error_dict,
)
from .state import from_state, to_state
from .templates import CompiledTemplate, compile_template
from .values import UNDEFINED, js_equals_strict, js_typeof, to_boolean

__all__ = [
    "UNDEFINED",
    "CompiledExpression",
    "CompiledTemplate",
    "EvalContext",
    "ExpressionError",
    "ExpressionRuntimeError",
    "ExpressionSyntaxError",
    "compile_expression",
    "compile_template",
    "from_state",
    "js_equals_strict",
    "js_typeof",
    "parse_error_dict",
    "to_boolean",
    "to_js_string",
    "to_number",
    "to_state",
]
