"""Code generation for operators, with float and string fast paths and constant folding.

``x + 1`` becomes ``(_a + 1.0 if type(_a := scope['x']) is float else _add(_a, 1.0))``:
the common case runs as a single Python float operation and everything else falls back to
the full ECMAScript algorithm in operators.py. Operations on constants are folded.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import operators as ops
from .codegen_base import NO_VALUE, Code, EmitterBase, deeper, is_primitive
from .errors import ExpressionError
from .nodes import Binary, Conditional, Logical, Name, Unary
from .values import UNDEFINED, js_equals_strict, js_typeof, to_boolean

_FOLDS: dict[str, Callable[[Any, Any], Any]] = {
    "+": ops.js_add,
    "-": ops.js_subtract,
    "*": ops.js_multiply,
    "/": ops.js_divide,
    "%": ops.js_remainder,
    "**": ops.js_power,
    "<": ops.js_less_than,
    ">": ops.js_greater_than,
    "<=": ops.js_less_equal,
    ">=": ops.js_greater_equal,
    "==": ops.js_equals_loose,
    "!=": ops.js_not_equals_loose,
    "===": js_equals_strict,
    "!==": lambda left, right: not js_equals_strict(left, right),
    "in": ops.js_in,
}
_HELPERS = {
    "+": "_add",
    "-": "_sub",
    "*": "_mul",
    "/": "_div",
    "%": "_mod",
    "**": "_pow",
    "<": "_lt",
    ">": "_gt",
    "<=": "_le",
    ">=": "_ge",
    "in": "_in",
}
_FOLDED_STRING_LIMIT = 10_000


def _fold(function: Callable[..., Any], *values: Any) -> Any:
    try:
        result = function(*values)
    except ExpressionError:
        return NO_VALUE
    if not is_primitive(result) or (type(result) is str and len(result) > _FOLDED_STRING_LIMIT):
        return NO_VALUE
    return result


def _merge_kind(left: Code, right: Code) -> str:
    return left.kind if left.kind == right.kind else "any"


class OperatorEmitter(EmitterBase):
    """Unary, binary, logical and conditional expressions."""

    def emit_unary(self, node: Unary) -> Code:
        operator = node.operator
        if operator == "typeof" and isinstance(node.operand, Name):
            operand = self.emit(node.operand)
            if not operand.is_constant:
                name = node.operand.name
                return Code(f"_typeof(scope.get({name!r}, _UNDEF))", "string", 2)
        else:
            operand = self.emit(node.operand)
        if operand.is_constant and (operand.is_primitive_constant or operator == "typeof"):
            folded = _fold(_UNARY_FOLDS[operator], operand.value)
            if folded is not NO_VALUE:
                return self.constant(folded)
        depth = deeper(operand)
        if operator == "!":
            return Code(f"(not {self.truth(operand)})", "bool", depth)
        if operator == "typeof":
            return Code(f"_typeof({operand.text})", "string", depth)
        if operator == "+":
            return operand if operand.kind == "number" else Code(f"_num({operand.text})", "number", depth)
        if operand.kind == "number":
            return Code(f"(-{operand.text})", "number", depth)
        temp = self.fresh()
        return Code(
            f"(-{temp} if type({temp} := {operand.text}) is float else _neg({temp}))",
            "number",
            depth,
        )

    def emit_binary(self, node: Binary) -> Code:
        left = self.emit(node.left)
        right = self.emit(node.right)
        operator = node.operator
        if left.is_primitive_constant and right.is_primitive_constant:
            folded = _fold(_FOLDS[operator], left.value, right.value)
            if folded is not NO_VALUE:
                return self.constant(folded)
        if operator in ("==", "!=", "===", "!=="):
            code = self._equality(len(operator) == 3, left, right)
            return code if operator[0] == "=" else Code(f"(not {code.text})", "bool", code.depth)
        if operator in ("-", "*"):
            return self._float_fast_path(operator, left, right, "number")
        if operator in ("<", ">", "<=", ">="):
            return self._float_fast_path(operator, left, right, "bool")
        if operator == "+":
            return self._plus(left, right)
        if operator == "/" and right.kind == "number" and right.is_constant and right.value != 0:
            return self._float_fast_path(operator, left, right, "number")
        kind = "bool" if operator == "in" else "number"
        return Code(f"{_HELPERS[operator]}({left.text}, {right.text})", kind, deeper(left, right))

    def _plus(self, left: Code, right: Code) -> Code:
        if left.kind == "string" and right.kind == "string":
            return Code(f"_concat({left.text}, {right.text})", "string", deeper(left, right))
        if left.kind == "string" or right.kind == "string":
            return Code(f"_add({left.text}, {right.text})", "string", deeper(left, right))
        kind = "number" if left.kind == right.kind == "number" else "any"
        return self._float_fast_path("+", left, right, kind)

    def _float_fast_path(self, operator: str, left: Code, right: Code, kind: str) -> Code:
        """``left op right`` as one Python operation when both are floats."""
        depth = deeper(left, right)
        helper = _HELPERS[operator]
        if left.kind == "number" and right.kind == "number":
            return Code(f"({left.text} {operator} {right.text})", kind, depth)
        if right.is_constant and right.kind == "number":
            temp = self.fresh()
            return Code(
                f"({temp} {operator} {right.text} if type({temp} := {left.text}) is float "
                f"else {helper}({temp}, {right.text}))",
                kind,
                depth,
            )
        if left.is_constant and left.kind == "number":
            temp = self.fresh()
            return Code(
                f"({left.text} {operator} {temp} if type({temp} := {right.text}) is float "
                f"else {helper}({left.text}, {temp}))",
                kind,
                depth,
            )
        first, second = self.fresh(), self.fresh()
        return Code(
            f"({first} {operator} {second} if type({first} := {left.text}) is "
            f"type({second} := {right.text}) is float else {helper}({first}, {second}))",
            kind,
            depth,
        )

    def _equality(self, strict: bool, left: Code, right: Code) -> Code:
        """``==`` / ``===`` (the caller negates for ``!=`` / ``!==``)."""
        if left.is_primitive_constant and not right.is_constant:
            left, right = right, left
        depth = deeper(left, right)
        helper = "_seq" if strict else "_eq"
        if left.kind == right.kind and left.kind in ("number", "string"):
            return Code(f"({left.text} == {right.text})", "bool", depth)
        if not right.is_primitive_constant:
            return Code(f"{helper}({left.text}, {right.text})", "bool", depth)
        value = right.value
        temp = self.fresh()
        if value is None or value is UNDEFINED:
            if strict:
                return Code(f"({left.text} is {right.text})", "bool", depth)
            return Code(f"(({temp} := {left.text}) is None or {temp} is _UNDEF)", "bool", depth)
        if type(value) is bool and strict:
            return Code(f"({left.text} is {right.text})", "bool", depth)
        if type(value) is str:
            fallback = "False" if strict else f"_eq({temp}, {right.text})"
            return Code(
                f"({temp} == {right.text} if type({temp} := {left.text}) is str else {fallback})",
                "bool",
                depth,
            )
        if type(value) is float:
            return Code(
                f"({temp} == {right.text} if type({temp} := {left.text}) is float "
                f"else {helper}({temp}, {right.text}))",
                "bool",
                depth,
            )
        return Code(f"{helper}({left.text}, {right.text})", "bool", depth)

    def emit_logical(self, node: Logical) -> Code:
        left = self.emit(node.left)
        right = self.emit(node.right)
        operator = node.operator
        kind = _merge_kind(left, right)
        if left.is_primitive_constant:
            value = left.value
            if operator == "??":
                return right if value is None or value is UNDEFINED else left
            return right if to_boolean(value) == (operator == "&&") else left
        depth = deeper(left, right)
        temp = self.fresh()
        if operator == "??":
            if left.kind != "any":
                return left
            return Code(
                f"({right.text} if ({temp} := {left.text}) is None or {temp} is _UNDEF else {temp})",
                kind,
                depth,
            )
        python_operator = "and" if operator == "&&" else "or"
        if left.kind in ("bool", "string"):
            return Code(f"({left.text} {python_operator} {right.text})", kind, depth)
        if operator == "&&":
            text = f"({right.text} if _truthy({temp} := {left.text}) else {temp})"
        else:
            text = f"({temp} if _truthy({temp} := {left.text}) else {right.text})"
        return Code(text, kind, depth)

    def emit_conditional(self, node: Conditional) -> Code:
        test = self.emit(node.test)
        consequent = self.emit(node.consequent)
        alternate = self.emit(node.alternate)
        if test.is_primitive_constant:
            return consequent if to_boolean(test.value) else alternate
        return Code(
            f"({consequent.text} if {self.truth(test)} else {alternate.text})",
            _merge_kind(consequent, alternate),
            deeper(test, consequent, alternate),
        )


_UNARY_FOLDS: dict[str, Callable[[Any], Any]] = {
    "!": lambda value: not to_boolean(value),
    "-": ops.js_negate,
    "+": ops.js_plus,
    "typeof": js_typeof,
}
