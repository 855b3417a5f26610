"""`route`: put the interaction in a queue for an agent (or to an agent or SIP target)."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from interpreter.blocktype import WAIT, BlockType, EditorInfo, JumpToFinalize, Outcome
from interpreter.compiler import BlockCompiler
from interpreter.engine.effects import Route as RouteEffect
from interpreter.engine.errors import UnexpectedEventError
from interpreter.engine.events import Event, RouteResult, Timeout
from interpreter.engine.run import BlockRun
from interpreter.expressions.plain_json import attached_data
from interpreter.fields import Int, Template


class TargetSchema(Schema):
    type = fields.String(load_default="queue", validate=validate.OneOf(("queue", "agent", "sip")))
    value = Template(required=True)


class RouteProps(Schema):
    target = fields.Nested(TargetSchema, required=True)
    skills = fields.List(fields.String(validate=validate.Length(min=1, max=64)), load_default=list)
    priority = Int(load_default=0, validate=validate.Range(min=0, max=100))
    timeout_ms = Int(load_default=60000, validate=validate.Range(min=1000,
                                                                             max=86_400_000))


class Route(BlockType):
    name = "route"
    editor = EditorInfo("Route", "Routing", "users",
                        "Hands the interaction to a person: a queue (with skills and "
                        "priority), an agent or a SIP address. When it is answered the flow "
                        "goes to finalize; 'failed' when nobody takes it in time.",
                        color="#4f8f6d")
    props_schema = RouteProps
    phases = frozenset({"assisted_service"})
    static_ports = ("failed",)
    waits = True

    def compile(self, props: dict[str, Any], compiler: BlockCompiler) -> Any:
        return {**props, "value": compiler.template("target.value", props["target"]["value"]),
                "target_type": props["target"]["type"]}

    def enter(self, run: BlockRun, props: Any) -> Outcome:
        run.emit(RouteEffect(run.block_id, props["target_type"], run.render(props["value"]),
                             tuple(props["skills"]), props["priority"], props["timeout_ms"],
                             attached_data(run.data)))
        return WAIT

    def resume(self, run: BlockRun, props: Any, event: Event) -> Outcome:
        if isinstance(event, Timeout):
            event = RouteResult("timeout")
        if not isinstance(event, RouteResult):
            raise UnexpectedEventError(f"route block '{run.block_id}' waits for the route "
                                       f"result, not '{event.kind}'")
        run.record("route_result", {"status": event.status, "agent": event.agent})
        if event.status == "success":
            return JumpToFinalize("routed")
        return "failed"
