"""A flow whose session a live store could not save fails its flow test too.

The runner passes every step's state and effects through the stores' serialiser
(`runtime.sessions.codec`). A block type that hands raw expression values to the host (here a
route that attaches `undefined`, as the built-in route did before its data became plain JSON)
must fail the case with a message naming the value, not pass and break in production.
"""

from __future__ import annotations

from typing import Any

from blocks import BUILTIN_BLOCK_TYPES
from blocks.route import Route
from interpreter.blocktype import WAIT, Outcome
from interpreter.engine.effects import Route as RouteEffect
from interpreter.engine.run import BlockRun
from interpreter.registry import BlockRegistry
from runtime.flowtests.case_runner import run_case
from runtime.flowtests.plan import plan_file
from tests.runtime.flowtests.helpers import Project, flow_document, only_case, say


class RawRoute(Route):
    """A route that attaches the engine's values as they are."""

    name = "raw_route"

    def enter(self, run: BlockRun, props: Any) -> Outcome:
        run.emit(RouteEffect(run.block_id, props["target_type"], run.render(props["value"]),
                             tuple(props["skills"]), props["priority"], props["timeout_ms"],
                             dict(run.data)))
        return WAIT


def _registry() -> BlockRegistry:
    registry = BlockRegistry()
    for block_type in (*BUILTIN_BLOCK_TYPES, RawRoute):
        registry.register(block_type())
    return registry.close()


def _handoff(project: Project, route_type: str) -> str:
    project.flow(flow_document("handoff", {
        "hello": say("Hello."),
        "attach": {"type": "set_data", "props": {"data": {"status": "order.status",
                                                          "reason": "'help'"}},
                   "next": {"next": "hand_off"}},
        "hand_off": {"type": route_type, "props": {"target": {"value": "care"}}},
    }, phases={"self_service": "hello", "assisted_service": "attach"},
        variables={"order": {"type": "object", "default": {"error": "down"}}}))
    return """
flow: flows/handoff.json
channel: chat
cases:
  - name: handoff
    steps: [expect: {route: {value: care}}]
"""


def test_a_session_no_store_could_save_fails_the_case(project: Project) -> None:
    path = project.test_file(_handoff(project, "raw_route"))
    plan = plan_file(path, registry=_registry())
    case, channel = plan.runs[0]
    result = run_case(plan, case, channel)
    assert not result.passed
    assert "cannot be saved as JSON" in result.message
    assert "$.data.status (Undefined)" in result.message


def test_the_built_in_route_attaches_plain_json(project: Project) -> None:
    case = only_case(project.run(_handoff(project, "route")))
    assert case.passed, case.message
