"""The chat host: what visitors, the agent desk and the timer loop can do to a chat session.

Each action is one pass of the session cycle (`runtime.chat.cycle`): the session is loaded,
the flow takes the visitor's message (or the timer, or the agent's answer) and runs until it
waits again, and the result is saved only if nobody else saved the session meanwhile.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from interpreter.compiler import CompiledFlow
from interpreter.engine.events import Event, Hangup, Input, RouteResult, Timeout
from interpreter.engine.limits import SessionLimits
from interpreter.host import HostServices, StaticHost
from runtime.chat import transcript
from runtime.chat.cycle import Change, ChatTurn, Executors, SessionCycle
from runtime.chat.errors import ChatStateError, SessionClosedError
from runtime.chat.flows import FlowSource, SingleFlow
from runtime.chat.listener import ChatListener
from runtime.effects.connectors import BotConnector, CallbackService, NoBotConnector, NoCallbackService
from runtime.effects.http import HttpExecutor
from runtime.sessions.records import (
    ACTIVE,
    AGENT,
    QUEUED,
    VISITOR,
    WITH_AGENT,
    FlowRef,
    Message,
    SessionRecord,
)
from runtime.sessions.store import SessionStore

MAX_TEXT = 4000
AGENT_HANGUP = "agent_hangup"
SAVE_ATTEMPTS = 4


class ChatHost:
    def __init__(self, flows: FlowSource | CompiledFlow, store: SessionStore, *,
                 http: HttpExecutor | None = None, bots: BotConnector | None = None,
                 callbacks: CallbackService | None = None, services: HostServices | None = None,
                 clock: Callable[[], float] = time.time, listener: ChatListener | None = None,
                 save_attempts: int = SAVE_ATTEMPTS, limits: SessionLimits | None = None):
        self.flows: FlowSource = SingleFlow(flows) if isinstance(flows, CompiledFlow) else flows
        self.store = store
        self.clock = clock
        self.cycle = SessionCycle(
            self.flows, store,
            Executors(http or HttpExecutor(), bots or NoBotConnector(),
                      callbacks or NoCallbackService()),
            services=services or StaticHost(), clock=clock, listener=listener or ChatListener(),
            save_attempts=save_attempts, limits=limits)

    # -- the visitor -------------------------------------------------------------------------

    def start(self, *, flow: FlowRef | None = None, session_id: str | None = None,
              visitor_id: str = "", user_agent: str = "", fields: Mapping[str, Any] | None = None,
              variables: Mapping[str, Any] | None = None, language: str | None = None) -> ChatTurn:
        """Start a session: the flow runs until it first waits for the visitor (or ends)."""
        ref = flow or self.flows.default_ref()
        compiled = self.flows.compiled(ref)
        session_id = session_id or uuid.uuid4().hex
        services = self.cycle.services_for(ref)
        system = {"ANI": visitor_id, "DNIS": ref.entry_point, "UserAgent": user_agent,
                  **(fields or {})}
        step = self.cycle.engine.start(compiled, channel="chat", system=system,
                                       variables=variables, session_id=session_id,
                                       language=language, host=services)
        outcome = self.cycle.run(session_id, compiled, step, services=services)
        now = self.clock()
        record = SessionRecord(
            id=session_id, flow=ref, channel="chat", state=outcome.state, status=outcome.status,
            created_at=now, updated_at=now, waiting=outcome.waiting, timer=outcome.timer,
            meta={"visitor_id": visitor_id, "user_agent": user_agent, "fields": dict(fields or {})})
        return self.cycle.created(record, outcome)

    def send(self, session_id: str, text: str, *, client_message_id: str | None = None) -> ChatTurn:
        """A message the visitor typed."""
        return self._visitor_says(session_id, _clean(text), client_message_id, button=False)

    def choose(self, session_id: str, key: str, *, client_message_id: str | None = None
               ) -> ChatTurn:
        """A button the visitor pressed (a menu option's key); other keys count as text."""
        return self._visitor_says(session_id, _clean(key), client_message_id, button=True)

    def _visitor_says(self, session_id: str, value: str, client_message_id: str | None, *,
                      button: bool) -> ChatTurn:
        def act(record: SessionRecord) -> Change:
            _require_open(record)
            waiting = _waits_for_visitor(record)
            options = (record.waiting or {}).get("options", []) if waiting and button else []
            message = transcript.visitor_message(
                value, self.clock(), secure=_secure(record), client_message_id=client_message_id,
                choice=next((option for option in options if option["key"] == value), None))
            if waiting:
                return self.cycle.resume(record, Input("text", value), [message])
            return Change(replace(record, updated_at=message.ts), [message])

        return self.cycle.advance(session_id, act, client_message_id=client_message_id)

    def end(self, session_id: str, *, by: str = VISITOR) -> ChatTurn:
        """The visitor (or an agent) closes the conversation; finalize runs if it has not.

        An agent who ends a conversation leaves the visitor with the flow: the route block
        hears `agent_hangup` and goes on at its `after_agent` port (a survey, say) or, when
        that is not connected, to finalize, which ends the conversation as before.
        """

        def act(record: SessionRecord) -> Change | ChatTurn:
            if record.ended:
                return ChatTurn(record, [], duplicate=True)
            now = self.clock()
            agent = accepted_by(record)
            if by == AGENT and agent is not None:
                left = transcript.note("The agent closed the conversation.", now, "closed",
                                       by=by, agent=agent)
                return self.cycle.resume(record, RouteResult(AGENT_HANGUP, agent=agent), [left])
            closed = transcript.note(f"The {by} closed the conversation.", now, "closed", by=by)
            return self.cycle.close(record, _closing_event(record, Hangup(by)), closed)

        return self.cycle.advance(session_id, act)

    # -- the agent desk ----------------------------------------------------------------------

    def accept(self, session_id: str, *, agent: str, name: str = "") -> ChatTurn:
        """An agent takes a queued session: the conversation is theirs from now on.

        The flow keeps waiting on its route block and gets the (successful) route result when
        the conversation ends, so its finalize phase runs after the agent is done with it.
        """

        def act(record: SessionRecord) -> Change:
            if record.status != QUEUED:
                raise ChatStateError(f"session '{session_id}' is not waiting for an agent")
            now = self.clock()
            joined = transcript.note(f"{name or agent} joined the conversation.", now,
                                     "agent_joined", agent=agent, name=name or agent)
            waiting = {**(record.waiting or {}), "agent": agent, "agent_name": name or agent,
                       "accepted_at": now}
            return Change(replace(record, status=WITH_AGENT, waiting=waiting, timer=None,
                                  updated_at=now), [joined])

        return self.cycle.advance(session_id, act)

    def complete_route(self, session_id: str, result: RouteResult) -> ChatTurn:
        """The agent desk's answer to a queued session: `success` hands it to the agent."""

        def act(record: SessionRecord) -> Change:
            if record.status != QUEUED:
                raise ChatStateError(f"session '{session_id}' is not waiting for an agent")
            if result.status != "success":
                text = f"Routing ended: {result.status}."
            else:
                text = f"Agent {result.agent} joined the conversation." if result.agent \
                    else "An agent joined the conversation."
            note = transcript.note(text, self.clock(), "route_result", status=result.status,
                                   agent=result.agent)
            return self.cycle.resume(record, result, [note])

        return self.cycle.advance(session_id, act)

    def agent_message(self, session_id: str, text: str, *, agent: str,
                      client_message_id: str | None = None) -> ChatTurn:
        text = _clean(text)

        def act(record: SessionRecord) -> Change:
            if record.status != WITH_AGENT:
                raise ChatStateError(f"session '{session_id}' is not with an agent")
            message = Message(AGENT, "text", text, self.clock(), {"agent": agent},
                              client_message_id=client_message_id)
            return Change(replace(record, updated_at=message.ts), [message])

        return self.cycle.advance(session_id, act, client_message_id=client_message_id)

    # -- reading -----------------------------------------------------------------------------

    def load(self, session_id: str) -> SessionRecord:
        return self.store.load(session_id)

    def messages_after(self, session_id: str, after_seq: int = 0) -> list[Message]:
        return self.store.messages_after(session_id, after_seq)

    # -- sweeps ------------------------------------------------------------------------------

    def fire_due_timers(self, now: float | None = None) -> list[str]:
        """Feed no-input (or route time-out) to sessions whose timer is due; their ids."""
        now = self.clock() if now is None else now
        return [session_id for session_id in self.store.due_timers(now)
                if self.cycle.sweep(session_id, lambda record: self._timer_due(record, now))]

    def expire_idle(self, now: float | None = None) -> list[str]:
        """Close sessions idle longer than the store's idle timeout; finalize runs for them."""
        now = self.clock() if now is None else now
        cutoff = now - self.store.idle_timeout_s
        return [session_id for session_id in self.store.idle_sessions(cutoff)
                if self.cycle.sweep(session_id, lambda record: self._idle(record, now, cutoff))]

    # -- internals ---------------------------------------------------------------------------

    def _timer_due(self, record: SessionRecord, now: float) -> Change | None:
        timer = record.timer
        if timer is None or timer.due_at > now or record.ended:
            return None
        if timer.kind == "route":
            note = transcript.note("No agent answered in time.", now, "timeout", timer="route")
            return self.cycle.resume(record, Timeout("no agent answered in time"), [note])
        note = transcript.note("No reply from the visitor in time.", now, "timeout",
                               timer="noinput")
        return self.cycle.resume(record, Input("noinput"), [note])

    def _idle(self, record: SessionRecord, now: float, cutoff: float) -> Change | None:
        if record.ended or record.updated_at > cutoff:
            return None
        minutes = round(self.store.idle_timeout_s / 60)
        note = transcript.note(f"The conversation was closed after {minutes} minutes without "
                               "activity.", now, "ended", reason="idle")
        return self.cycle.close(record, _closing_event(record, Hangup("idle")), note)


def accepted_by(record: SessionRecord) -> str | None:
    """The agent who accepted the session while its flow still waits for the route result."""
    waiting = record.waiting or {}
    if record.status == WITH_AGENT and waiting.get("for") == "agent" and waiting.get("agent"):
        return str(waiting["agent"])
    return None


def _closing_event(record: SessionRecord, otherwise: Event) -> Event:
    """What the flow hears when the conversation closes: the route's success if an agent had
    it (finalize then runs with the route answered), otherwise `otherwise`."""
    agent = accepted_by(record)
    return RouteResult("success", agent=agent) if agent is not None else otherwise


def _clean(text: str) -> str:
    if not isinstance(text, str) or not text.strip():
        raise ValueError("a message needs some text")
    if len(text) > MAX_TEXT:
        raise ValueError(f"a message is at most {MAX_TEXT} characters")
    return text


def _require_open(record: SessionRecord) -> None:
    if record.ended:
        raise SessionClosedError(f"session '{record.id}' has ended")


def _waits_for_visitor(record: SessionRecord) -> bool:
    return record.status == ACTIVE and (record.waiting or {}).get("for") == "visitor"


def _secure(record: SessionRecord) -> bool:
    return _waits_for_visitor(record) and bool((record.waiting or {}).get("secure"))
