"""`return`: end a module and hand its outputs back to the calling flow."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields

from interpreter.blocktype import (
    INTERACTIVE_PHASES,
    BlockType,
    EditorInfo,
    FieldInfo,
    Outcome,
    ReturnFromModule,
)
from interpreter.compiler import BlockCompiler
from interpreter.engine.run import BlockRun
from interpreter.fields import Expression, identifier


class ReturnProps(Schema):
    outputs = fields.Dict(keys=identifier(), values=Expression(), load_default=dict)


class Return(BlockType):
    name = "return"
    editor = EditorInfo("Return", "Flow control", "corner-up-left",
                        "Ends this module and returns its outputs to the flow that called it. "
                        "Only in modules.")
    props_schema = ReturnProps
    editor_fields = (
        FieldInfo("outputs", "Outputs", "Values handed back to the calling flow: output name "
                  "and expression.", summary=True),
    )
    phases = INTERACTIVE_PHASES
    static_ports = ()
    module_only = True

    def compile(self, props: dict[str, Any], compiler: BlockCompiler) -> Any:
        return {name: compiler.expression(f"outputs.{name}", source)
                for name, source in props["outputs"].items()}

    def enter(self, run: BlockRun, props: Any) -> Outcome:
        outputs = {name: run.eval(expression) for name, expression in props.items()}
        secure = frozenset(name for name, expression in props.items() if run.reads_secret(expression))
        return ReturnFromModule(outputs, secure)
