"""`set_data`: attach data that travels with routes and transfers and is shown to agents."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from interpreter.blocktype import BlockType, EditorInfo, FieldInfo, Outcome
from interpreter.compiler import BlockCompiler
from interpreter.engine.run import BlockRun
from interpreter.engine.state import store
from interpreter.fields import Expression


class SetDataProps(Schema):
    data = fields.Dict(keys=fields.String(validate=validate.Regexp(r"^[A-Za-z0-9_.-]{1,64}$")),
                       values=Expression(), required=True, validate=validate.Length(min=1))


class SetData(BlockType):
    name = "set_data"
    editor = EditorInfo("Set attached data", "Data", "paperclip",
                        "Attaches key/value data to the interaction; it travels with routes "
                        "and transfers (as X- headers on voice) and agents see it.")
    props_schema = SetDataProps
    editor_fields = (
        FieldInfo("data", "Attached data", "Key and expression pairs attached to the "
                  "interaction for agents and reports.", summary=True),
    )

    def compile(self, props: dict[str, Any], compiler: BlockCompiler) -> Any:
        return {key: compiler.expression(f"data.{key}", source)
                for key, source in props["data"].items()}

    def enter(self, run: BlockRun, props: Any) -> Outcome:
        for key, expression in props.items():
            store(run.data, key, run.eval(expression))
            if run.reads_secret(expression):
                run.secure_data.add(key)
        return "next"
