"""`assign`: set variables from expressions, in order."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from blocks.common import AssignmentSchema
from interpreter.blocktype import BlockType, EditorInfo, FieldInfo, Outcome
from interpreter.compiler import BlockCompiler
from interpreter.engine.run import BlockRun
from interpreter.engine.state import store


class AssignProps(Schema):
    assignments = fields.List(fields.Nested(AssignmentSchema), required=True,
                              validate=validate.Length(min=1, max=200))


class Assign(BlockType):
    name = "assign"
    editor = EditorInfo("Assign", "Logic", "equals",
                        "Sets variables to the value of expressions, one after another. "
                        "Takes 'error' if an expression fails (for example reading a "
                        "property of undefined).")
    props_schema = AssignProps
    editor_fields = (
        FieldInfo("assignments", "Assignments", "Each row sets a variable to the value of an "
                  "expression, top to bottom.", summary=True),
    )
    static_ports = ("next", "error")

    def compile(self, props: dict[str, Any], compiler: BlockCompiler) -> Any:
        return tuple(
            (item["variable"], compiler.expression(f"assignments[{i}].expression", item["expression"]))
            for i, item in enumerate(props["assignments"]))

    def written_variables(self, props: Any) -> list[tuple[str, str]]:
        return [(f"assignments[{i}].variable", item["variable"])
                for i, item in enumerate(props["assignments"])]

    def enter(self, run: BlockRun, props: Any) -> Outcome:
        scope = run.scope
        context = run.eval_context
        for variable, expression in props:
            value = expression.evaluate(scope, context)
            if type(value) is float:  # the common case, and a number is never too large
                scope[variable] = value
            else:
                store(scope, variable, value)
            if run.reads_secret(expression):
                run.secure_derived.add(variable)
        return "next"
