"""The chat host: runs chat sessions of a flow against a session store.

Every action (a visitor message, a button, a timer, an agent's answer) is the same cycle: load
the session, work out the change (usually one engine turn), and save it with the version that
was loaded. If another node saved first, the store refuses and the cycle starts again from the
new state, so a session only ever advances once per action, whichever node serves it.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from interpreter.compiler import CompiledFlow
from interpreter.engine.effects import AnalyticsEvent
from interpreter.engine.engine import Engine
from interpreter.engine.events import Event, Hangup, Input, RouteResult, Timeout
from interpreter.host import HostServices, StaticHost
from runtime.chat import transcript
from runtime.chat.errors import ChatStateError, SessionClosedError
from runtime.chat.flows import FlowSource, SingleFlow
from runtime.chat.listener import ChatListener
from runtime.chat.turn import Services, Turn
from runtime.effects.connectors import BotConnector, CallbackService, NoBotConnector, NoCallbackService
from runtime.effects.http import HttpExecutor
from runtime.sessions.errors import DuplicateMessageError, SessionNotFoundError, StaleSessionError
from runtime.sessions.records import (
    ACTIVE,
    AGENT,
    ENDED,
    QUEUED,
    VISITOR,
    WITH_AGENT,
    FlowRef,
    Message,
    SessionRecord,
)
from runtime.sessions.store import SessionStore

log = logging.getLogger(__name__)
MAX_TEXT = 4000
SAVE_ATTEMPTS = 4


@dataclass(frozen=True, slots=True)
class ChatTurn:
    """What an action did: the session as saved and the messages it added.

    `duplicate` is True when the action had already been done (a retried request with the
    same client_message_id): nothing advanced and `messages` are the ones recorded then.
    """

    record: SessionRecord
    messages: list[Message]
    duplicate: bool = False


@dataclass(frozen=True, slots=True)
class _Change:
    record: SessionRecord
    messages: list[Message]
    events: list[AnalyticsEvent] = field(default_factory=list)


Action = Callable[[SessionRecord], "_Change | ChatTurn | None"]


class ChatHost:
    def __init__(self, flows: FlowSource | CompiledFlow, store: SessionStore, *,
                 http: HttpExecutor | None = None, bots: BotConnector | None = None,
                 callbacks: CallbackService | None = None, services: HostServices | None = None,
                 clock: Callable[[], float] = time.time, listener: ChatListener | None = None,
                 save_attempts: int = SAVE_ATTEMPTS):
        self.flows: FlowSource = SingleFlow(flows) if isinstance(flows, CompiledFlow) else flows
        self.store = store
        self.engine = Engine(modules=self.flows.module)
        self.http = http or HttpExecutor()
        self.bots = bots or NoBotConnector()
        self.callbacks = callbacks or NoCallbackService()
        self.services = services or StaticHost()
        self.clock = clock
        self.listener = listener or ChatListener()
        self.save_attempts = save_attempts

    # -- the visitor -------------------------------------------------------------------------

    def start(self, *, flow: FlowRef | None = None, session_id: str | None = None,
              visitor_id: str = "", user_agent: str = "", fields: Mapping[str, Any] | None = None,
              variables: Mapping[str, Any] | None = None, language: str | None = None) -> ChatTurn:
        """Start a session: the flow runs until it first waits for the visitor (or ends)."""
        ref = flow or self.flows.default_ref()
        compiled = self.flows.compiled(ref)
        session_id = session_id or uuid.uuid4().hex
        system = {"ANI": visitor_id, "DNIS": ref.entry_point, "UserAgent": user_agent,
                  **(fields or {})}
        step = self.engine.start(compiled, channel="chat", system=system, variables=variables,
                                 session_id=session_id, language=language, host=self.services)
        outcome = Turn(self._turn_services(session_id), compiled, step).run()
        now = self.clock()
        record = SessionRecord(
            id=session_id, flow=ref, channel="chat", state=outcome.state, status=outcome.status,
            created_at=now, updated_at=now, waiting=outcome.waiting, timer=outcome.timer,
            meta={"visitor_id": visitor_id, "user_agent": user_agent, "fields": dict(fields or {})})
        saved = self.store.create(record, outcome.messages)
        self.listener.saved(saved.record, saved.messages, outcome.events)
        return ChatTurn(saved.record, saved.messages)

    def send(self, session_id: str, text: str, *, client_message_id: str | None = None) -> ChatTurn:
        """A message the visitor typed."""
        text = _clean(text)

        def act(record: SessionRecord) -> _Change | ChatTurn:
            replay = self._replay(record, client_message_id)
            if replay is not None:
                return replay
            _require_open(record)
            message = transcript.visitor_message(text, self.clock(), secure=_secure(record),
                                                 client_message_id=client_message_id)
            if _waits_for_visitor(record):
                return self._resume(record, Input("text", text), [message])
            return _Change(replace(record, updated_at=message.ts), [message])

        return self._advance(session_id, act)

    def choose(self, session_id: str, key: str, *, client_message_id: str | None = None
               ) -> ChatTurn:
        """A button the visitor pressed (a menu option's key); other keys count as text."""

        def act(record: SessionRecord) -> _Change | ChatTurn:
            replay = self._replay(record, client_message_id)
            if replay is not None:
                return replay
            _require_open(record)
            options = (record.waiting or {}).get("options", []) if _waits_for_visitor(record) \
                else []
            option = next((o for o in options if o["key"] == key), None)
            message = transcript.visitor_message(key, self.clock(), secure=_secure(record),
                                                 client_message_id=client_message_id,
                                                 choice=option)
            if _waits_for_visitor(record):
                return self._resume(record, Input("text", key), [message])
            return _Change(replace(record, updated_at=message.ts), [message])

        return self._advance(session_id, act)

    def end(self, session_id: str, *, by: str = VISITOR) -> ChatTurn:
        """The visitor (or an agent) closes the conversation; finalize runs if it has not."""

        def act(record: SessionRecord) -> _Change | ChatTurn:
            if record.ended:
                return ChatTurn(record, [], duplicate=True)
            now = self.clock()
            closed = transcript.note(f"The {by} closed the conversation.", now, "closed", by=by)
            return self._close(record, Hangup(by), closed)

        return self._advance(session_id, act)

    # -- the agent desk ----------------------------------------------------------------------

    def complete_route(self, session_id: str, result: RouteResult) -> ChatTurn:
        """The agent desk's answer to a queued session: `success` hands it to the agent."""

        def act(record: SessionRecord) -> _Change:
            if record.status != QUEUED:
                raise ChatStateError(f"session '{session_id}' is not waiting for an agent")
            text = (f"Agent {result.agent or ''} joined the conversation.".replace("  ", " ")
                    if result.status == "success" else f"Routing ended: {result.status}.")
            note = transcript.note(text, self.clock(), "route_result", status=result.status,
                                   agent=result.agent)
            return self._resume(record, result, [note])

        return self._advance(session_id, act)

    def agent_message(self, session_id: str, text: str, *, agent: str,
                      client_message_id: str | None = None) -> ChatTurn:
        text = _clean(text)

        def act(record: SessionRecord) -> _Change | ChatTurn:
            replay = self._replay(record, client_message_id)
            if replay is not None:
                return replay
            if record.status != WITH_AGENT:
                raise ChatStateError(f"session '{session_id}' is not with an agent")
            message = Message(AGENT, "text", text, self.clock(), {"agent": agent},
                              client_message_id=client_message_id)
            return _Change(replace(record, updated_at=message.ts), [message])

        return self._advance(session_id, act)

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
                if self._sweep(session_id, lambda record: self._timer_due(record, now))]

    def expire_idle(self, now: float | None = None) -> list[str]:
        """Close sessions idle longer than the store's idle timeout; finalize runs for them."""
        now = self.clock() if now is None else now
        cutoff = now - self.store.idle_timeout_s
        return [session_id for session_id in self.store.idle_sessions(cutoff)
                if self._sweep(session_id, lambda record: self._idle(record, now, cutoff))]

    # -- internals ---------------------------------------------------------------------------

    def _advance(self, session_id: str, action: Action, attempts: int | None = None) -> ChatTurn:
        for _ in range(attempts or self.save_attempts):
            record = self.store.load(session_id)
            change = action(record)
            if change is None:
                return ChatTurn(record, [], duplicate=True)
            if isinstance(change, ChatTurn):
                return change
            try:
                saved = self.store.save(change.record, change.messages)
            except (StaleSessionError, DuplicateMessageError):
                continue
            self.listener.saved(saved.record, saved.messages, change.events)
            return ChatTurn(saved.record, saved.messages)
        raise StaleSessionError(f"session '{session_id}' kept changing; try again")

    def _sweep(self, session_id: str, action: Action) -> bool:
        try:
            return not self._advance(session_id, action, attempts=1).duplicate
        except (StaleSessionError, SessionNotFoundError):
            return False
        except Exception as exc:
            log.exception("chat session %s could not be advanced; closing it", session_id)
            note = transcript.note(f"The conversation was closed after an error: {exc}",
                                   self.clock(), "ended", reason="failure")
            try:
                self.store.append(session_id, [note], status=ENDED, now=self.clock())
            except Exception:
                log.exception("chat session %s could not be closed", session_id)
            return False

    def _resume(self, record: SessionRecord, event: Event, first: list[Message]) -> _Change:
        flow = self.flows.compiled(record.flow)
        step = self.engine.resume(flow, record.state, event, self.services)
        outcome = Turn(self._turn_services(record.id), flow, step).run()
        changed = replace(record, state=outcome.state, status=outcome.status,
                          waiting=outcome.waiting, timer=outcome.timer, updated_at=self.clock())
        return _Change(changed, [*first, *outcome.messages], outcome.events)

    def _close(self, record: SessionRecord, event: Event, first: Message) -> _Change:
        if record.state.get("status") == "ended":
            change = _Change(replace(record, updated_at=self.clock()), [first])
        else:
            change = self._resume(record, event, [first])
        closed = replace(change.record, status=ENDED, waiting=None, timer=None)
        return _Change(closed, change.messages, change.events)

    def _timer_due(self, record: SessionRecord, now: float) -> _Change | None:
        timer = record.timer
        if timer is None or timer.due_at > now or record.ended:
            return None
        if timer.kind == "route":
            note = transcript.note("No agent answered in time.", now, "timeout", timer="route")
            return self._resume(record, Timeout("no agent answered in time"), [note])
        note = transcript.note("No reply from the visitor in time.", now, "timeout",
                               timer="noinput")
        return self._resume(record, Input("noinput"), [note])

    def _idle(self, record: SessionRecord, now: float, cutoff: float) -> _Change | None:
        if record.ended or record.updated_at > cutoff:
            return None
        minutes = round(self.store.idle_timeout_s / 60)
        note = transcript.note(f"The conversation was closed after {minutes} minutes without "
                               "activity.", now, "ended", reason="idle")
        return self._close(record, Hangup("idle"), note)

    def _turn_services(self, session_id: str) -> Services:
        return Services(self.engine, self.services, self.http, self.bots, self.callbacks,
                        self.clock, lambda: self.listener.typing(session_id))

    def _replay(self, record: SessionRecord, client_message_id: str | None) -> ChatTurn | None:
        """The earlier result of a retried request, or None when it is new."""
        if client_message_id is None:
            return None
        first = self.store.find_client_message(record.id, client_message_id)
        if first is None:
            return None
        later = self.store.messages_after(record.id, first.seq - 1)
        turn = [message for message in later if message.version == first.version]
        return ChatTurn(record, turn, duplicate=True)


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
