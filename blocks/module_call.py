"""`module`: call a reusable sub-flow (a module or an installed MicroApp) with its own scope."""

from __future__ import annotations

import re
from typing import Any

from marshmallow import Schema, fields, validate

from interpreter.blocktype import INTERACTIVE_PHASES, BlockType, CallModule, EditorInfo, FieldInfo, Outcome
from interpreter.compiler import BlockCompiler
from interpreter.engine.engine import ModuleReturned
from interpreter.engine.errors import UnexpectedEventError
from interpreter.engine.events import Event
from interpreter.engine.run import BlockRun
from interpreter.expressions import UNDEFINED
from interpreter.fields import Expression, identifier

MODULE_REF = r"^[a-z0-9][a-z0-9-]{0,63}(/[a-z0-9][a-z0-9-]{0,63})?@(latest|[0-9A-Za-z.+-]{1,64})$"


class ModuleProps(Schema):
    module = fields.String(required=True, validate=validate.Regexp(
        MODULE_REF, error="'{input}' is not a module reference such as 'pin-check@1' or "
                          "'pin-check@latest'."))
    inputs = fields.Dict(keys=identifier(), values=Expression(), load_default=dict)
    outputs = fields.Dict(keys=identifier(), values=identifier(), load_default=dict)


def split_module_ref(ref: str) -> tuple[str, str]:
    module_id, _, version = ref.rpartition("@")
    return module_id, version


def is_module_ref(ref: str) -> bool:
    return re.match(MODULE_REF, ref) is not None


class Module(BlockType):
    name = "module"
    editor = EditorInfo("Module", "Flow control", "package",
                        "Runs a reusable module (or an installed MicroApp) with its own "
                        "variables: inputs are bound from expressions, outputs copied into "
                        "variables of this flow when it returns.")
    props_schema = ModuleProps
    editor_fields = (
        FieldInfo("module", "Module", "The MicroApp or module flow to run, then come back.",
                  summary=True),
        FieldInfo("inputs", "Inputs", "Values handed to the module: input name and expression."),
        FieldInfo("outputs", "Outputs", "Module outputs copied into this flow's variables."),
    )
    phases = INTERACTIVE_PHASES
    static_ports = ("next", "error")

    def compile(self, props: dict[str, Any], compiler: BlockCompiler) -> Any:
        inputs = {name: compiler.expression(f"inputs.{name}", source)
                  for name, source in props["inputs"].items()}
        return {"module": props["module"], "inputs": inputs, "outputs": dict(props["outputs"])}

    def written_variables(self, props: Any) -> list[tuple[str, str]]:
        return [(f"outputs.{param}", variable) for param, variable in props["outputs"].items()]

    def enter(self, run: BlockRun, props: Any) -> Outcome:
        inputs = {name: run.eval(expression) for name, expression in props["inputs"].items()}
        secure = frozenset(name for name, expression in props["inputs"].items()
                           if run.reads_secret(expression))
        return CallModule(props["module"], inputs, secure)

    def resume(self, run: BlockRun, props: Any, event: Event) -> Outcome:
        if not isinstance(event, ModuleReturned):
            raise UnexpectedEventError(f"module block '{run.block_id}' waits for its module, "
                                       f"not '{event.kind}'")
        for param, variable in props["outputs"].items():
            run.set(variable, event.outputs.get(param, UNDEFINED), secure=param in event.secure)
        return "next"
