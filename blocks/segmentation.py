"""`segmentation`: branch on the first condition that holds (Genesys' Segmentation block)."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate, validates_schema

from blocks.common import port_name, unique
from interpreter.blocktype import BlockType, EditorInfo, FieldInfo, Outcome
from interpreter.compiler import BlockCompiler
from interpreter.engine.run import BlockRun
from interpreter.expressions import to_boolean
from interpreter.fields import Expression


class ConditionSchema(Schema):
    name = port_name(required=True)
    expression = Expression(required=True)


class SegmentationProps(Schema):
    conditions = fields.List(fields.Nested(ConditionSchema), required=True,
                             validate=validate.Length(min=1, max=50))

    @validates_schema
    def _unique(self, data: dict[str, Any], **kwargs: Any) -> None:
        unique([c["name"] for c in data.get("conditions", [])] + ["default"], "Condition name")


class Segmentation(BlockType):
    name = "segmentation"
    editor = EditorInfo("Segmentation", "Logic", "split",
                        "Checks conditions in order and takes the port of the first that is "
                        "true, or 'default' when none is.")
    props_schema = SegmentationProps
    editor_fields = (
        FieldInfo("conditions", "Conditions", "Checked top to bottom: the first true condition "
                  "names the port taken; none true takes 'default'.", summary=True),
    )
    static_ports = ("default",)

    def ports(self, props: Any) -> tuple[str, ...]:
        return (*(c["name"] for c in props["conditions"]), "default")

    def compile(self, props: dict[str, Any], compiler: BlockCompiler) -> Any:
        return tuple(
            (c["name"], compiler.expression(f"conditions[{i}].expression", c["expression"]))
            for i, c in enumerate(props["conditions"]))

    def enter(self, run: BlockRun, props: Any) -> Outcome:
        scope = run.scope
        context = run.eval_context
        for name, expression in props:
            value = expression.evaluate(scope, context)
            if value is True or (value is not False and to_boolean(value)):
                return str(name)
        return "default"
