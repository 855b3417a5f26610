"""The cycle every chat action goes through: load, work out the change, save at that version.

If another node saved the session in between, the store refuses the save and the cycle starts
again from the new state, so a session advances exactly once per action whichever node serves
it. The cycle also turns engine steps into session changes and replays retried requests.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from interpreter.compiler import CompiledFlow
from interpreter.engine.effects import AnalyticsEvent
from interpreter.engine.engine import Engine, Step
from interpreter.engine.events import Event
from interpreter.engine.limits import SessionLimits
from interpreter.host import HostServices
from runtime.chat import transcript
from runtime.chat.flows import FlowSource
from runtime.chat.listener import ChatListener
from runtime.chat.turn import Services, Turn, TurnOutcome
from runtime.effects.connectors import BotConnector, CallbackService
from runtime.effects.http import HttpExecutor
from runtime.sessions.errors import DuplicateMessageError, SessionNotFoundError, StaleSessionError
from runtime.sessions.records import ENDED, WITH_AGENT, FlowRef, Message, SessionRecord
from runtime.sessions.store import SessionStore
from runtime.turn_budget import turn_budget_from_env

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ChatTurn:
    """What an action did: the session as saved and the messages it added.

    `duplicate` is True when the action had already been done (a retried request with the
    same client_message_id) or had nothing to do: nothing advanced, and `messages` are the ones
    recorded the first time.
    """

    record: SessionRecord
    messages: list[Message]
    duplicate: bool = False


@dataclass(frozen=True, slots=True)
class Change:
    """A session as it should be saved, with the messages and analytics events to add."""

    record: SessionRecord
    messages: list[Message]
    events: list[AnalyticsEvent] = field(default_factory=list)


Action = Callable[[SessionRecord], "Change | ChatTurn | None"]
"""Given the loaded session: the change to save, a ChatTurn to answer as is, or None."""


@dataclass
class Executors:
    http: HttpExecutor
    bots: BotConnector
    callbacks: CallbackService


class SessionCycle:
    def __init__(self, flows: FlowSource, store: SessionStore, executors: Executors, *,
                 services: HostServices, clock: Callable[[], float], listener: ChatListener,
                 save_attempts: int, limits: SessionLimits | None = None):
        self.flows = flows
        self.store = store
        self.engine = Engine(modules=flows.module, limits=limits, budget=turn_budget_from_env())
        self.executors = executors
        self.services = services
        self.clock = clock
        self.listener = listener
        self.save_attempts = save_attempts

    def services_for(self, ref: FlowRef) -> HostServices:
        """The host services of the environment a session's entry point is bound to: hosts
        that keep Business Controls per environment offer `in_environment(name)`."""
        in_environment = getattr(self.services, "in_environment", None)
        if in_environment is None:
            return self.services
        services: HostServices = in_environment(ref.environment)
        return services

    def run(self, session_id: str, flow: CompiledFlow, step: Step, *,
            with_agent: bool = False, services: HostServices | None = None) -> TurnOutcome:
        """Carry out a step's effects (and the engine steps they lead to). `with_agent`: the
        conversation already is with an agent, so the flow's end closes it."""
        executors = self.executors
        return Turn(Services(self.engine, services or self.services, executors.http, executors.bots,
                             executors.callbacks, self.clock, lambda: self._typing(session_id)),
                    flow, step, with_agent=with_agent).run()

    def created(self, record: SessionRecord, outcome: TurnOutcome) -> ChatTurn:
        saved = self.store.create(record, outcome.messages)
        self._notify(saved.record, saved.messages, outcome.events)
        return ChatTurn(saved.record, saved.messages)

    def advance(self, session_id: str, action: Action, attempts: int | None = None, *,
                client_message_id: str | None = None) -> ChatTurn:
        """Load, act, save; a request whose `client_message_id` is already recorded is a
        retry, answered with what it did the first time instead of acting again."""
        for _ in range(attempts or self.save_attempts):
            if client_message_id is None:
                record = self.store.load(session_id)
            else:
                record, earlier = self.store.load_with_client_message(session_id,
                                                                      client_message_id)
                if earlier is not None:
                    return self._replayed(record, earlier)
            change = action(record)
            if change is None:
                return ChatTurn(record, [], duplicate=True)
            if isinstance(change, ChatTurn):
                return change
            try:
                saved = self.store.save(change.record, change.messages)
            except (StaleSessionError, DuplicateMessageError):
                continue
            self._notify(saved.record, saved.messages, change.events)
            return ChatTurn(saved.record, saved.messages)
        raise StaleSessionError(f"session '{session_id}' kept changing; try again")

    def sweep(self, session_id: str, action: Action) -> bool:
        """One attempt at a background action; a session that cannot be resumed is closed so
        the sweep does not stumble on it forever. True when the session advanced."""
        try:
            return not self.advance(session_id, action, attempts=1).duplicate
        except (StaleSessionError, SessionNotFoundError):
            return False
        except Exception as exc:
            if self.store.health.is_unavailable(exc):
                raise  # the store is away: the session is fine, the sweep tries again later
            log.exception("chat session %s could not be advanced; closing it", session_id)
            note = transcript.note(f"The conversation was closed after an error: {exc}",
                                   self.clock(), "ended", reason="failure")
            try:
                self.store.append(session_id, [note], status=ENDED, now=self.clock())
            except Exception:
                log.exception("chat session %s could not be closed", session_id)
            return False

    def resume(self, record: SessionRecord, event: Event, first: list[Message]) -> Change:
        """The session after the flow has taken `event`, with `first` before its messages."""
        flow = self.flows.compiled(record.flow)
        services = self.services_for(record.flow)
        step = self.engine.resume(flow, record.state, event, services)
        outcome = self.run(record.id, flow, step, with_agent=record.status == WITH_AGENT,
                           services=services)
        first = transcript.SecretMask(flow, [record.state, outcome.state],
                                      self.engine.modules).apply(first)
        changed = replace(record, state=outcome.state, status=outcome.status,
                          waiting=outcome.waiting, timer=outcome.timer, updated_at=self.clock())
        return Change(changed, [*first, *outcome.messages], outcome.events)

    def close(self, record: SessionRecord, event: Event, first: Message) -> Change:
        """The session ended; the flow takes `event` first (finalize) if it is still running."""
        if record.state.get("status") == "ended":
            change = Change(replace(record, updated_at=self.clock()), [first])
        else:
            change = self.resume(record, event, [first])
        closed = replace(change.record, status=ENDED, waiting=None, timer=None)
        return Change(closed, change.messages, change.events)

    def _replayed(self, record: SessionRecord, first: Message) -> ChatTurn:
        """The earlier result of a retried request: the messages saved with its first one."""
        later = self.store.messages_after(record.id, first.seq - 1)
        return ChatTurn(record, [m for m in later if m.version == first.version], duplicate=True)

    def _notify(self, record: SessionRecord, messages: list[Message],
                events: list[AnalyticsEvent]) -> None:
        """Tell the listener; its failure must not fail an action that is already saved."""
        try:
            self.listener.saved(record, messages, events)
        except Exception:
            log.exception("the chat listener failed for session %s", record.id)

    def _typing(self, session_id: str) -> None:
        try:
            self.listener.typing(session_id)
        except Exception:
            log.exception("the chat listener failed for session %s", session_id)
