"""Starts and advances simulator sessions: load the flow snapshot, run the engine one request
at a time, answer what the mocks can, and save the JSON state for whichever process is next.

The flow document is copied into the session when it starts, so editing the draft does not
change a run in progress; Business Controls are read live from the database on every look-up.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy.orm.exc import StaleDataError

from blocks import shared_registry
from designer_ui.analytics.simulator import record_simulator_step
from designer_ui.bots.simulator import registry_answers
from designer_ui.errors import ApiError
from designer_ui.extensions import db
from designer_ui.models import SimulatorSession, User
from designer_ui.models.base import utcnow
from designer_ui.services.business import ControlsHost
from designer_ui.services.flows import get_flow, get_version, problems_of
from designer_ui.services.modules import ModuleResolver
from designer_ui.simulation.world import MockedWorld, waiting_effect
from interpreter.compiler import CompiledFlow, compile_flow
from interpreter.engine.engine import Engine, Step
from interpreter.engine.errors import SessionStateError, UnexpectedEventError
from interpreter.engine.events import Event
from interpreter.loader import load_flow
from interpreter.problems import FlowFormatError
from runtime.flowtests.given import js_values

MAX_AUTOMATIC_ANSWERS = 200
SECRET_MASK = "••••••"


def _compile(document: dict[str, Any], version: str) -> CompiledFlow:
    try:
        return compile_flow(load_flow(document, version=version), shared_registry())
    except FlowFormatError:
        problems = problems_of(document)
        raise ApiError(422, "The flow has errors; fix them before simulating it.",
                       details={"problems": problems}) from None


def _host(session: SimulatorSession) -> ControlsHost:
    now = session.settings.get("now")
    clock = datetime.fromisoformat(now) if now else None
    return ControlsHost(session.settings.get("business"), clock, seed=session.id)


def _drive(session: SimulatorSession, flow: CompiledFlow, engine: Engine, step: Step) -> list[dict[str, Any]]:
    """Absorb a step, then let the mocks answer until the user is due; returns the output."""
    world = MockedWorld(session.settings.get("mocks") or {}, dict(session.settings.get("usage") or {}),
                        registry_answers(session.flow_id, session.version))
    output: list[dict[str, Any]] = []
    transcript = list(session.transcript)
    trace = list(session.trace)
    for _ in range(MAX_AUTOMATIC_ANSWERS):
        session.state = json.loads(json.dumps(step.state))
        record_simulator_step(session, step)
        effects = [effect.to_json() for effect in step.effects]
        output.extend(effects)
        transcript.append({"output": effects})
        trace.extend(event.block for event in step.events
                     if event.kind == "block_entered" and event.block and not event.data)
        if step.ended:
            session.waiting_for = None
            break
        kind, effect = waiting_effect(step.effects, step.state.get("block"))
        session.waiting_for = kind
        answer = world.answer(kind, effect)
        if answer is None:
            break
        transcript.append({"world": answer.to_json(), "automatic": True})
        step = engine.resume(flow, session.state, answer, host=_host(session))
    session.ended = step.ended
    session.trace = trace
    session.transcript = transcript
    session.settings = {**session.settings, "usage": world.usage}
    return output


def summary(session: SimulatorSession, flow: CompiledFlow, output: list[dict[str, Any]]) -> dict[str, Any]:
    secure = flow.flow.secure_variables
    state = session.state
    variables = {name: SECRET_MASK if name in secure else value
                 for name, value in (state.get("vars") or {}).items()}
    return {
        "session_id": session.id, "output": output, "trace": session.trace,
        "state_summary": {"block": state.get("block"), "phase": state.get("phase"),
                          "variables": variables, "ended": session.ended,
                          "end_reason": state.get("end_reason"),
                          "waiting_for": session.waiting_for, "language": state.get("language")},
    }


def _purge_old_sessions() -> None:
    hours = int(current_app.config["SIMULATOR_SESSION_HOURS"])
    db.session.execute(db.delete(SimulatorSession).where(
        SimulatorSession.updated_at < utcnow() - timedelta(hours=hours)))


def start(data: dict[str, Any], user: User) -> dict[str, Any]:
    version = data["version"]
    if version == "draft":
        document, label = get_flow(data["flow_id"]).document, "draft"
    else:
        document, label = get_version(data["flow_id"], int(version)).document, str(version)
    flow = _compile(document, label)
    channel = data["channel"] or flow.flow.channels[0]
    session = SimulatorSession(
        id=uuid.uuid4().hex, owner_id=user.id, flow_id=flow.id, version=label, channel=channel,
        document=document, state={}, transcript=[], trace=[],
        settings={"mocks": data["mocks"], "business": data["business"],
                  "now": data["now"].isoformat() if data["now"] else None,
                  "system": data["system"], "variables": data["variables"], "usage": {}})
    engine = Engine(modules=ModuleResolver().compiled)
    try:
        step = engine.start(flow, channel=channel, system=data["system"],
                            variables=js_values(data["variables"]), session_id=session.id,
                            language=data["language"], host=_host(session))
    except ValueError as exc:
        raise ApiError(400, str(exc)) from None
    output = _drive(session, flow, engine, step)
    _purge_old_sessions()
    db.session.add(session)
    db.session.commit()
    return summary(session, flow, output)


def load_session(session_id: str, user: User) -> SimulatorSession:
    session = db.session.get(SimulatorSession, session_id)
    if session is None or (session.owner_id != user.id and not user.has_role("admin")):
        raise ApiError(404, "There is no such simulator session (it may have expired).")
    return session


def advance(session: SimulatorSession, event: Event, given: dict[str, Any]) -> dict[str, Any]:
    if session.ended:
        raise ApiError(409, "This simulation has ended; start a new one.", code="ended")
    flow = _compile(session.document, session.version)
    engine = Engine(modules=ModuleResolver().compiled)
    try:
        step = engine.resume(flow, dict(session.state), event, host=_host(session))
    except (UnexpectedEventError, SessionStateError, ValueError) as exc:
        raise ApiError(409, f"The flow cannot take that now: {exc}", code="unexpected_event",
                       details={"waiting_for": session.waiting_for}) from None
    session.transcript = [*session.transcript, given]
    output = _drive(session, flow, engine, step)
    session.updated_at = utcnow()
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise ApiError(409, "Another request advanced this simulation at the same time; "
                       "reload it.", code="conflict") from None
    return summary(session, flow, output)
