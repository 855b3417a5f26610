"""The simulator: run a flow's draft or a version step by step from the editor."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify

from designer_ui.api.docs import documented
from designer_ui.api.http import created, json_body
from designer_ui.api.schemas.simulator import EventIn, SimulationOut, StartIn, TestcaseIn, TestcaseOut
from designer_ui.errors import ApiError
from designer_ui.models import SimulatorSession
from designer_ui.security import current_user, requires
from designer_ui.simulation import runner
from designer_ui.simulation.limits import TRIMMED
from designer_ui.simulation.queue_events import (
    agent_event,
    apply_queue_figures,
    caller_event_with_agent,
    is_queue_event,
    queue_figures,
)
from designer_ui.simulation.testcase import testcase_yaml
from designer_ui.simulation.world import caller_event, world_event
from interpreter.engine.events import Event

blueprint = Blueprint("simulator", __name__)


@blueprint.post("/simulator/sessions")
@requires()
@documented("Start a simulation", body=StartIn, response=SimulationOut, status=201,
            errors=(404, 413, 422))
def start_session() -> Any:
    data = json_body(StartIn())
    return created(runner.start(data, current_user()))


@blueprint.post("/simulator/sessions/<session_id>/events")
@requires()
@documented("Advance a simulation with the caller's input or the outside world's answer",
            body=EventIn, response=SimulationOut, errors=(404, 409))
def send_event(session_id: str) -> Any:
    data = json_body(EventIn())
    session = runner.load_session(session_id, current_user())
    try:
        event = _event(session, data)
    except (ValueError, TypeError, KeyError) as exc:
        raise ApiError(400, f"This event cannot be used: {exc}", code="invalid_event") from None
    return jsonify(runner.advance(session, event, data))


def _event(session: SimulatorSession, data: dict[str, Any]) -> Event | None:
    """The engine event of a request; None for a queue event that runs nothing."""
    if "input" in data:
        return caller_event_with_agent(session, caller_event(data["input"]))
    world = data["world"]
    if not is_queue_event(world):
        return world_event(world)
    if session.ended:
        return None  # advance says the simulation has ended
    (kind, value), = world.items()
    if kind == "queue":
        apply_queue_figures(session, queue_figures(value))
        return None
    return agent_event(session, value)


@blueprint.post("/simulator/sessions/<session_id>/testcase")
@requires()
@documented("The run so far as a flow-test case (YAML)", body=TestcaseIn, response=TestcaseOut,
            errors=(404, 409))
def testcase(session_id: str) -> Any:
    name = json_body(TestcaseIn())["name"]
    session = runner.load_session(session_id, current_user())
    if (session.settings or {}).get(TRIMMED):
        raise ApiError(409, "This simulation ran too long to keep all of it, so it cannot "
                       "become a test case; start a shorter run.", code=TRIMMED)
    text, case = testcase_yaml(session, name)
    return jsonify({"yaml": text, "case": case})
