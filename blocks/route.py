"""`route`: put the interaction in a queue for an agent (or to an agent or SIP target).

`target`, `skills` and `priority` are fixed values or expressions (see `blocks.route_props`).
When the agent hangs up first while the customer is still there (result `agent_hangup`), the
flow continues at `after_agent` if that port is connected (a survey, say), else in finalize.
Every other result that is not an in-queue exit takes `failed` with `system.LastError` saying
why (`QueueClosed` when the queue was closed, else `RouteFailed`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marshmallow import Schema, validate

from blocks.route_props import (
    PriorityField,
    SkillsField,
    TargetField,
    evaluated_priority,
    evaluated_skills,
    evaluated_target,
    route_error,
)
from interpreter.blocktype import WAIT, BlockType, EditorInfo, FieldInfo, JumpToFinalize, Outcome
from interpreter.compiler import BlockCompiler
from interpreter.engine.effects import Route as RouteEffect
from interpreter.engine.effects import secure_data_parts
from interpreter.engine.errors import UnexpectedEventError
from interpreter.engine.events import Event, RouteResult, Timeout
from interpreter.engine.masked_render import Masked, render_masked
from interpreter.engine.queue_status import QUEUE_EXITS
from interpreter.engine.run import BlockRun
from interpreter.expressions.plain_json import attached_data
from interpreter.fields import Int
from interpreter.validation.content import blank

CLOSED = "closed"
"""The result status of a route to a queue outside its hours (the `failed` port)."""
AGENT_HANGUP = "agent_hangup"
"""The result status that says the agent ended the interaction while the customer stayed."""
AFTER_AGENT = "after_agent"
QUEUE_EXIT_PORTS = QUEUE_EXITS
"""Where a caller who left the queue from its in-queue flow goes (`failed` if unconnected)."""


class RouteProps(Schema):
    target = TargetField(required=True)
    skills = SkillsField(load_default=list)
    priority = PriorityField(load_default=0)
    timeout_ms = Int(load_default=60000, validate=validate.Range(min=1000, max=86_400_000))


class Route(BlockType):
    name = "route"
    editor = EditorInfo("Route", "Routing", "users",
                        "Hands the interaction to a person: a queue (with skills and "
                        "priority), an agent or a SIP address. When it is answered the flow "
                        "goes to finalize; 'failed' when nobody takes it in time or "
                        "the queue is closed (system.LastError says which); "
                        "'after_agent' when the agent hangs up first and the customer is "
                        "still there; 'voicemail', 'callback' or 'leave' when the caller "
                        "chose so in the queue's in-queue flow (else 'failed'). Target, "
                        "skills and priority may be expressions.",
                        color="#4f8f6d")
    props_schema = RouteProps
    editor_fields = (
        FieldInfo("target", "Queue or agent", "Where the interaction waits for an agent.",
                  summary=True),
        FieldInfo("skills", "Skills", "Skills the answering agent needs."),
        FieldInfo("priority", "Priority", "Higher waits less.", advanced=True),
        FieldInfo("timeout_ms", "Longest wait (ms)", "Waiting longer takes the timeout port.",
                  advanced=True),
    )
    phases = frozenset({"assisted_service"})
    static_ports = ("failed", AFTER_AGENT, *QUEUE_EXIT_PORTS)
    ports_when_connected = frozenset({AFTER_AGENT, *QUEUE_EXIT_PORTS})
    waits = True

    def missing_content(self, props: Mapping[str, Any]) -> list[tuple[str, str]]:
        target = props.get("target")
        if isinstance(target, Mapping) and blank(target.get("value")):
            return [("target.value", "The route has no target: name the "
                     f"{target.get('type', 'queue')} to route to.")]
        return []

    def compile(self, props: dict[str, Any], compiler: BlockCompiler) -> Any:
        target = props["target"]
        compiled: dict[str, Any] = {"timeout_ms": props["timeout_ms"]}
        if isinstance(target, str):
            compiled["target_expr"] = compiler.expression("target", target)
        else:
            compiled["target_type"] = target["type"]
            compiled["value"] = compiler.template("target.value", target["value"])
        skills, priority = props["skills"], props["priority"]
        compiled["skills"] = compiler.expression("skills", skills) \
            if isinstance(skills, str) else tuple(skills)
        compiled["priority"] = compiler.expression("priority", priority) \
            if isinstance(priority, str) else priority
        return compiled

    def enter(self, run: BlockRun, props: Any) -> Outcome:
        masked: dict[str, Masked] = {}
        secure: list[str] = []
        if "target_expr" in props:
            target_type, target = evaluated_target(run.eval(props["target_expr"]))
            if run.reads_secret(props["target_expr"]):
                secure.append("target")
        elif run.reads_secret(props["value"]):
            target, masked["target"] = render_masked(props["value"].source, run.eval,
                                                     run.reads_secret)
            target_type = props["target_type"]
            secure.append("target")
        else:
            target_type, target = props["target_type"], run.render(props["value"])
        if not target:
            raise route_error("the route target is empty")
        skills = props["skills"]
        if not isinstance(skills, tuple):
            if run.reads_secret(skills):
                secure.append("skills")
            skills = evaluated_skills(run.eval(skills))
        priority = props["priority"]
        if not isinstance(priority, int):
            if run.reads_secret(priority):
                secure.append("priority")
            priority = evaluated_priority(run.eval(priority))
        data = attached_data(run.data)
        run.emit(RouteEffect(run.block_id, target_type, target, skills, priority,
                             props["timeout_ms"], data,
                             (*secure, *secure_data_parts(data, run.secure_data)), masked))
        return WAIT

    def resume(self, run: BlockRun, props: Any, event: Event) -> Outcome:
        if isinstance(event, Timeout):
            event = RouteResult("timeout")
        if not isinstance(event, RouteResult):
            raise UnexpectedEventError(f"route block '{run.block_id}' waits for the route "
                                       f"result, not '{event.kind}'")
        run.record("route_result", {"status": event.status, "agent": event.agent})
        if event.status == AGENT_HANGUP:
            return after_agent(run, "routed")
        if event.status == "success":
            return JumpToFinalize("routed")
        if event.status in QUEUE_EXIT_PORTS and run.block is not None \
                and event.status in run.block.next:
            return event.status
        run.system["LastError"] = route_failure(run.block_id, event)
        return "failed"


def route_failure(block_id: str, event: RouteResult) -> dict[str, str]:
    """`system.LastError` when a route takes its `failed` port: a closed queue says so."""
    if event.status == CLOSED:
        return {"block": block_id, "type": "QueueClosed",
                "message": event.detail or "the queue is closed"}
    return {"block": block_id, "type": "RouteFailed",
            "message": event.detail or f"route {event.status}"}


def after_agent(run: BlockRun, reason: str) -> Outcome:
    """Continue at `after_agent` when it is connected, else go to finalize as after success."""
    block = run.block
    if block is not None and AFTER_AGENT in block.next:
        return AFTER_AGENT
    return JumpToFinalize(reason)
