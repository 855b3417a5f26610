"""Starts and advances simulator sessions: load the flow snapshot, run the engine one request
at a time, answer what the mocks can, and save the JSON state for whichever process is next.
Each step's state and effects pass through the live session stores' serialiser
(`runtime.sessions.codec`), so a flow that could not be saved live stops here too.

A draft's document is copied into the session when it starts, so editing the draft does not
change a run in progress (a published version is looked up again, as it never changes); the
compiled flow is cached per content (`compiled`), and what one user's runs may cost is bounded
(`limits`). Business Controls are read live from the database on every look-up.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, cast

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm.exc import StaleDataError

from blocks import shared_registry
from designer_ui.analytics.simulator import record_simulator_step
from designer_ui.bots.simulator import registry_answers
from designer_ui.callbacks import callback_service
from designer_ui.errors import ApiError
from designer_ui.extensions import db
from designer_ui.models import SimulatorSession, User
from designer_ui.models.base import utcnow
from designer_ui.services.business import DEFAULT_ENVIRONMENT, ControlsHost
from designer_ui.services.flow_size import check_flow_size
from designer_ui.services.flows import get_flow, get_version, problems_of
from designer_ui.services.modules import ModuleResolver
from designer_ui.simulation.compiled import cached_compile
from designer_ui.simulation.limits import make_room, saved_state, step_budget, trimmed_history
from designer_ui.simulation.queue_events import AGENT_ANSWERED
from designer_ui.simulation.secure import masked_output, masked_variables, recorded_request
from designer_ui.simulation.world import MockedWorld, waiting_effect
from interpreter.compiler import CompiledFlow, compile_flow
from interpreter.engine.effects import Callback
from interpreter.engine.engine import Engine, Step
from interpreter.engine.errors import SessionStateError, UnexpectedEventError
from interpreter.engine.events import CallbackResult, Event
from interpreter.engine.queue_status import QUEUE
from interpreter.loader import load_flow
from interpreter.problems import FlowFormatError
from runtime.effects.connectors import CallbackContext
from runtime.flowtests.given import js_values
from runtime.sessions.codec import UnsavableValueError, round_trip
from runtime.turn_budget import turn_budget_from_env

MAX_AUTOMATIC_ANSWERS = 200


def _compile(document: dict[str, Any], version: str) -> CompiledFlow:
    return cached_compile(document, version, _compile_uncached)


def _compile_uncached(document: dict[str, Any], version: str) -> CompiledFlow:
    try:
        return compile_flow(load_flow(document, version=version), shared_registry())
    except FlowFormatError:
        problems = problems_of(document)
        raise ApiError(422, "The flow has errors; fix them before simulating it.",
                       details={"problems": problems}) from None


def _host(session: SimulatorSession) -> ControlsHost:
    now = session.settings.get("now")
    clock = datetime.fromisoformat(now) if now else None
    return ControlsHost(session.settings.get("business"), clock, seed=session.id,
                        environment=session.settings.get("environment") or DEFAULT_ENVIRONMENT)


def simulated_callbacks(session: SimulatorSession) -> Callable[[Callback], CallbackResult]:
    """The Designer's callback service in a dry run: every rule is checked, nothing stored."""
    service = callback_service(current_app._get_current_object(),  # type: ignore[attr-defined]
                               dry_run=True)
    context = CallbackContext(
        environment=session.settings.get("environment") or DEFAULT_ENVIRONMENT,
        channel=str(session.settings.get("channel") or ""))
    return lambda effect: service.register(effect, context)


def _drive(session: SimulatorSession, flow: CompiledFlow, engine: Engine, step: Step) -> list[dict[str, Any]]:
    """Absorb a step, then let the mocks answer until the user is due; returns the output."""
    world = MockedWorld(session.settings.get("mocks") or {}, dict(session.settings.get("usage") or {}),
                        registry_answers(session.flow_id, session.version),
                        simulated_callbacks(session))
    output: list[dict[str, Any]] = []
    transcript = list(session.transcript)
    trace = list(session.trace)
    budget = step_budget()
    for _ in range(MAX_AUTOMATIC_ANSWERS):
        try:
            session.state = saved_state(step.state)
            effects = [round_trip(effect.to_json()) for effect in step.effects]
        except UnsavableValueError as exc:
            raise ApiError(422, f"The flow cannot go on: {exc}. A live chat or call would stop "
                           "here too.", code="unsavable_state") from None
        effects = masked_output(effects)
        record_simulator_step(session, step)
        output.extend(effects)
        transcript.append({"output": effects})
        trace.extend(event.block for event in step.events
                     if event.kind == "block_entered" and event.block and not event.data)
        budget -= sum(1 for event in step.events if event.kind == "block_entered")
        if step.ended:
            session.waiting_for = None
            break
        kind, effect = waiting_effect(step.effects, step.state.get("block"))
        session.waiting_for = kind
        answer = world.answer(kind, effect) if budget > 0 else None
        if answer is None:
            break
        transcript.append({"world": answer.to_json(), "automatic": True})
        step = engine.resume(flow, session.state, answer, host=_host(session))
    session.ended = step.ended
    session.transcript, session.trace, settings = trimmed_history(transcript, trace,
                                                                  session.settings)
    session.settings = {**settings, "usage": world.usage}
    return output


def summary(session: SimulatorSession, flow: CompiledFlow, output: list[dict[str, Any]]) -> dict[str, Any]:
    state = session.state
    variables = masked_variables(state, flow.flow.secure_variables)
    return {
        "session_id": session.id, "output": output, "trace": session.trace,
        "state_summary": {"block": state.get("block"), "phase": state.get("phase"),
                          "variables": variables, "ended": session.ended,
                          "end_reason": state.get("end_reason"),
                          "waiting_for": session.waiting_for, "language": state.get("language"),
                          "kind": flow.flow.kind,
                          "agent_answered": bool((session.settings or {}).get(AGENT_ANSWERED)),
                          "queue": (state.get("system") or {}).get(QUEUE)},
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
    check_flow_size(document)
    flow = _compile(document, label)
    channel = data["channel"] or flow.flow.channels[0]
    session = SimulatorSession(
        id=uuid.uuid4().hex, owner_id=user.id, flow_id=flow.id, version=label, channel=channel,
        # a published version never changes: the session finds it again instead of a copy
        document=document if label == "draft" else {}, state={}, transcript=[], trace=[],
        settings={"mocks": data["mocks"], "business": data["business"],
                  "now": data["now"].isoformat() if data["now"] else None,
                  "environment": data["environment"], "system": data["system"],
                  "variables": data["variables"], "usage": {}})
    engine = Engine(modules=ModuleResolver().compiled, budget=turn_budget_from_env())
    try:
        step = engine.start(flow, channel=channel, system=data["system"],
                            variables=js_values(data["variables"]), session_id=session.id,
                            language=data["language"], host=_host(session))
    except ValueError as exc:
        raise ApiError(400, str(exc)) from None
    output = _drive(session, flow, engine, step)
    _purge_old_sessions()
    _serialise_starts_of(user)
    make_room(user)
    db.session.add(session)
    answer = summary(session, flow, output)  # before a later start may evict the session
    db.session.commit()
    return answer


def _serialise_starts_of(user: User) -> None:
    """Make the user's concurrent starts take turns from here to their commit.

    Trimming to the per-user cap counts the sessions already stored, so two starts counting at
    once would both find room. A no-op write to the user's row waits for any other start of
    the same user to commit: a row lock on PostgreSQL, the database's write lock on SQLite.
    The engine has already run, so only the trim and the insert wait.
    """
    users = cast(sa.Table, User.__table__)
    db.session.execute(sa.update(users).where(users.c.id == user.id).values(id=users.c.id))


def load_session(session_id: str, user: User) -> SimulatorSession:
    session = db.session.get(SimulatorSession, session_id)
    if session is None or (session.owner_id != user.id and not user.has_role("admin")):
        raise ApiError(404, "There is no such simulator session (it may have expired).")
    return session


def advance(session: SimulatorSession, event: Event | None, given: dict[str, Any]) -> dict[str, Any]:
    """Run the event; None records the user's request (a queue event) and runs nothing."""
    if session.ended:
        raise ApiError(409, "This simulation has ended; start a new one.", code="ended")
    document = session.document or get_version(session.flow_id, int(session.version)).document
    flow = _compile(document, session.version)
    if event is None:
        session.transcript = [*session.transcript, recorded_request(given, session.transcript)]
        return _saved(session, flow, [])
    engine = Engine(modules=ModuleResolver().compiled, budget=turn_budget_from_env())
    try:
        step = engine.resume(flow, dict(session.state), event, host=_host(session))
    except (UnexpectedEventError, SessionStateError, ValueError) as exc:
        raise ApiError(409, f"The flow cannot take that now: {exc}", code="unexpected_event",
                       details={"waiting_for": session.waiting_for}) from None
    session.transcript = [*session.transcript, recorded_request(given, session.transcript)]
    return _saved(session, flow, _drive(session, flow, engine, step))


def _saved(session: SimulatorSession, flow: CompiledFlow, output: list[dict[str, Any]]
           ) -> dict[str, Any]:
    session.updated_at = utcnow()
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise ApiError(409, "Another request advanced this simulation at the same time; "
                       "reload it.", code="conflict") from None
    return summary(session, flow, output)
