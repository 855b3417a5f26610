"""`callback`: offer to call the customer back, now (queued) or at a chosen time."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from blocks.survey import routing_context
from interpreter.blocktype import WAIT, BlockType, EditorInfo, FieldInfo, Outcome
from interpreter.compiler import BlockCompiler
from interpreter.engine.effects import Callback as CallbackEffect
from interpreter.engine.effects import secure_data_parts
from interpreter.engine.errors import FlowRuntimeError, UnexpectedEventError
from interpreter.engine.events import CallbackResult, Event
from interpreter.engine.run import BlockRun
from interpreter.expressions import UNDEFINED, to_js_string
from interpreter.expressions.plain_json import attached_data
from interpreter.fields import Expression


class CallbackProps(Schema):
    mode = fields.String(load_default="immediate",
                         validate=validate.OneOf(("immediate", "scheduled")))
    number = Expression(required=True)
    when = Expression(load_default=None, allow_none=True)
    queue = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=100))


class Callback(BlockType):
    name = "callback"
    editor = EditorInfo("Callback", "Routing", "phone-incoming",
                        "Registers a callback to the given number, as soon as an agent is free "
                        "or at a scheduled time; 'error' when it cannot be registered.",
                        color="#4f8f6d")
    props_schema = CallbackProps
    editor_fields = (
        FieldInfo("number", "Number to call", "An expression giving the customer's number.",
                  summary=True),
        FieldInfo("mode", "When", "Immediately, or at a time."),
        FieldInfo("when", "Call at", "An expression giving the time of the callback."),
        FieldInfo("queue", "Queue", "The queue whose agents take the callback."),
    )
    phases = frozenset({"assisted_service"})
    static_ports = ("next", "error")
    waits = True

    def compile(self, props: dict[str, Any], compiler: BlockCompiler) -> Any:
        return {**props, "number": compiler.expression("number", props["number"]),
                "when": compiler.expression("when", props["when"]) if props["when"] else None}

    def enter(self, run: BlockRun, props: Any) -> Outcome:
        number = to_js_string(run.eval(props["number"])).strip()
        if not number:
            raise FlowRuntimeError("CallbackError", "there is no number to call back")
        when = None
        if props["when"] is not None:
            value = run.eval(props["when"])
            when = None if value is None or value is UNDEFINED else to_js_string(value)
        if props["mode"] == "scheduled" and not when:
            raise FlowRuntimeError("CallbackError", "a scheduled callback needs a time")
        queue = props["queue"] or routing_context(run)["queue"]
        run.record("callback_offered", {"queue": queue, "mode": props["mode"]})
        data = attached_data(run.data)
        secure = [part for part in ("number", "when")
                  if props[part] is not None and run.reads_secret(props[part])]
        run.emit(CallbackEffect(run.block_id, props["mode"], number, when, props["queue"], data,
                                (*secure, *secure_data_parts(data, run.secure_data))))
        return WAIT

    def resume(self, run: BlockRun, props: Any, event: Event) -> Outcome:
        if not isinstance(event, CallbackResult):
            raise UnexpectedEventError(f"callback block '{run.block_id}' waits for the callback "
                                       f"result, not '{event.kind}'")
        if event.status != "success":
            raise FlowRuntimeError("CallbackError", event.detail or "the callback was refused")
        return "next"
